"""Tests of the loaders (`kg.load`): real shared documents, encodings, formats and bad files."""

from __future__ import annotations

import os
import random
import unicodedata
from pathlib import Path

import pytest
from conftest import SHARED
from fixtures_pdf import make_pdf

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load import LOADERS, SUPPORTED_SUFFIXES, iter_paths, load

SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
DEVSET = sorted((SHARED / "devset" / "docs").glob("*.txt"))

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Jumelage Kpalimé | Site officiel de la commune</title>
<meta property="article:published_time" content="2024-05-03">
<link rel="canonical" href="https://example.org/actualites/jumelage"></head>
<body>
<header><nav><a href="/">Accueil</a> <a href="/agenda">Agenda</a> <a href="/contact">Contact</a>
</nav></header>
<aside><h3>Articles récents</h3><ul><li><a href="/a">Fête du village de pêcheurs</a></li></ul>
</aside>
<main><article><h1>Un nouveau jumelage pour Kpalimé</h1>
<p>La commune de Kpalimé et une ville de Bretagne ont signé lundi une convention de coopération
décentralisée sur l'eau potable et l'assainissement de trois quartiers de la ville.</p>
<p>Le programme, financé à parts égales par les deux collectivités, prévoit des bornes-fontaines
et la formation de techniciens communaux pendant trois années.</p>
</article></main>
<footer><p>Mentions légales, plan du site, tous droits réservés</p></footer>
</body></html>
"""


def write(path: Path, data: bytes | str) -> Path:
    """Write bytes, or text as UTF-8, to `path` and return it."""
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def assert_unreadable(path: Path, reason_start: str, **kwargs: int) -> UnreadableDocument:
    """`load(path)` raises UnreadableDocument "PATH: reason…", on one line."""
    with pytest.raises(UnreadableDocument) as caught:
        load(path, **kwargs)
    message = str(caught.value)
    assert message.startswith(f"{path}: {reason_start}"), message
    assert "\n" not in message
    assert caught.value.path == str(path)
    return caught.value


# --- the shared documents -----------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS + DEVSET, ids=lambda p: p.name)
def test_every_shared_document_loads(path: Path) -> None:
    doc = load(path)
    assert isinstance(doc, Document)
    assert doc.path == str(path)
    assert doc.media_type == "text/plain"
    assert doc.encoding == "utf-8"
    assert doc.text.strip()
    assert "\r" not in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.title and len(doc.title) <= 200
    assert doc.title in " ".join(doc.text.split())


@pytest.mark.parametrize("path", DEVSET, ids=lambda p: p.name)
def test_devset_source_line_becomes_url(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
    doc = load(path)
    assert doc.url == first_line.removeprefix("source:").strip()
    assert doc.url.startswith("http")
    assert "source:" not in doc.text.split("\n", 1)[0]
    assert doc.url not in doc.text
    assert doc.text[:1].strip(), "the blank line after the source line is removed too"
    assert doc.title == " ".join(doc.text.split("\n", 1)[0].split())[:200].rstrip()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_seeds_have_no_url(path: Path) -> None:
    assert load(path).url is None


def test_same_text_same_hash(tmp_path: Path) -> None:
    seed = SEEDS[0] if SEEDS else pytest.skip("no seeds")
    copy = write(tmp_path / "copy.txt", seed.read_bytes().replace(b"\n", b"\r\n"))
    assert load(copy).sha256 == load(seed).sha256


# --- text: encodings, newlines, titles -----------------------------------------------------

FRENCH = (
    "Atelier de coopération décentralisée à Kpalimé\n"
    "La commune a signé une convention avec ses partenaires français.\n"
)


def test_cp1252_french_text_decodes(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "latin.txt", FRENCH.encode("cp1252")))
    assert "Kpalimé" in doc.text
    assert "coopération" in doc.text
    assert doc.text == FRENCH
    assert doc.encoding == "cp1252"


def test_utf8_bom_crlf_and_nfd_are_normalised(tmp_path: Path) -> None:
    raw = "\ufeff" + unicodedata.normalize("NFD", FRENCH).replace("\n", "\r\n")
    doc = load(write(tmp_path / "bom.txt", raw))
    assert doc.text == FRENCH
    assert doc.encoding == "utf-8-sig"
    assert doc.title == "Atelier de coopération décentralisée à Kpalimé"


def test_utf16_with_bom(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "wide.text", FRENCH.encode("utf-16")))
    assert doc.text == FRENCH
    assert doc.encoding == "utf-16"


def test_title_is_first_non_empty_line_trimmed(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "long.txt", "\n\n   " + "x" * 300 + "  \nsuite\n"))
    assert doc.title == "x" * 200


def test_source_line_then_title(tmp_path: Path) -> None:
    path = write(tmp_path / "src.txt", "source: https://example.org/a?b=1\n\nTitre ici\nCorps.\n")
    doc = load(path)
    assert (doc.url, doc.title, doc.text) == (
        "https://example.org/a?b=1",
        "Titre ici",
        "Titre ici\nCorps.\n",
    )


def test_markdown_title_is_first_heading(tmp_path: Path) -> None:
    text = "source: https://example.org/md\n\nIntro line.\n\n## Jumelage Tsévié ##\n\nTexte.\n"
    doc = load(write(tmp_path / "note.md", text))
    assert doc.media_type == "text/markdown"
    assert doc.title == "Jumelage Tsévié"
    assert doc.url == "https://example.org/md"
    assert doc.text.startswith("Intro line.")


def test_markdown_setext_heading_and_no_heading(tmp_path: Path) -> None:
    assert load(write(tmp_path / "a.markdown", "Bilan 2024\n==========\n\nTexte.\n")).title == (
        "Bilan 2024"
    )
    assert load(write(tmp_path / "b.md", "Pas de titre.\nTexte.\n")).title == "Pas de titre."


# --- HTML ------------------------------------------------------------------------------------


def test_html_main_text_without_boilerplate(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "page.html", ARTICLE_HTML))
    assert doc.media_type == "text/html"
    assert "signé lundi une convention de coopération" in doc.text
    assert "formation de techniciens communaux" in doc.text
    for boilerplate in ("Accueil", "Agenda", "Articles récents", "Fête du village", "Mentions"):
        assert boilerplate not in doc.text
    assert "<" not in doc.text
    assert doc.title == "Un nouveau jumelage pour Kpalimé"
    assert doc.date == "2024-05-03"
    assert doc.url == "https://example.org/actualites/jumelage"


def test_html_declared_latin1_charset(tmp_path: Path) -> None:
    html = ARTICLE_HTML.replace('charset="utf-8"', 'charset="windows-1252"')
    doc = load(write(tmp_path / "old.htm", html.encode("cp1252")))
    assert "coopération" in doc.text
    assert doc.encoding == "cp1252"


def test_html_without_main_text(tmp_path: Path) -> None:
    path = write(
        tmp_path / "blank.html", "<html><head><title>Vide</title></head><body></body></html>"
    )
    assert_unreadable(path, "no text found in the HTML page")


# --- PDF ---------------------------------------------------------------------------------------

PDF_LINES = ["Convention de jumelage Kpalimé", "Signée en 1991 (Tsévié)."]


def test_pdf_text_and_metadata_title(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "doc.pdf", make_pdf(PDF_LINES, title="Fiche partenariat")))
    assert doc.media_type == "application/pdf"
    assert doc.text.split("\n") == PDF_LINES
    assert doc.title == "Fiche partenariat"


def test_pdf_title_falls_back_to_first_line(tmp_path: Path) -> None:
    assert load(write(tmp_path / "doc.pdf", make_pdf(PDF_LINES))).title == PDF_LINES[0]


def test_truncated_pdf(tmp_path: Path) -> None:
    data = make_pdf(PDF_LINES)
    assert_unreadable(write(tmp_path / "cut.pdf", data[: len(data) // 2]), "truncated PDF (")


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    assert_unreadable(write(tmp_path / "scan.pdf", make_pdf([])), "PDF has no text layer")


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    data = random.Random(7).randbytes(4000)
    assert_unreadable(write(tmp_path / "noise.pdf", data), "not a PDF (no %PDF header)")


# --- CSV / TSV -----------------------------------------------------------------------------------


def test_csv_sniffed_semicolons(tmp_path: Path) -> None:
    text = 'commune;pays;année\nKpalimé;TG;1991\n"Tsévié; centre";TG;2015\n'
    doc = load(write(tmp_path / "pairs.csv", text))
    assert doc.media_type == "text/csv"
    assert doc.text == text
    assert doc.rows == (
        {"commune": "Kpalimé", "pays": "TG", "année": "1991"},
        {"commune": "Tsévié; centre", "pays": "TG", "année": "2015"},
    )


def test_csv_doubled_quotes_and_quoted_delimiters(tmp_path: Path) -> None:
    text = 'nom;note\n"Kpalimé; Kloto";"dit ""oui"""\nTsévié;simple\n'
    doc = load(write(tmp_path / "quotes.csv", text))
    assert doc.rows == (
        {"nom": "Kpalimé; Kloto", "note": 'dit "oui"'},
        {"nom": "Tsévié", "note": "simple"},
    )


def test_tsv_rows(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "pairs.tsv", "a\tb\n1\t2\n\n3\t4\n"))
    assert doc.rows == ({"a": "1", "b": "2"}, {"a": "3", "b": "4"})


def test_csv_ragged_row_is_left_out_of_the_rows(tmp_path: Path) -> None:
    # the table builder warns about it by line (tests/builders/test_table.py); the file loads
    doc = load(write(tmp_path / "ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n"))
    assert doc.rows == ({"a": "1", "b": "2", "c": "3"}, {"a": "6", "b": "7", "c": "8"})


def test_csv_delimiter_follows_header_when_sniffer_is_misled(tmp_path: Path) -> None:
    text = (
        "collectivité;partenaire;thème\n"
        "Région Bretagne;Région d'Anosy;Accès à l'eau\n"
        "Commune d'Arles;Zio 2;Santé, éducation\n"
        "ligne isolée\n"
    )
    path = write(tmp_path / "atlas.csv", text)
    assert len(load(path).rows) == 2  # the isolated line is not a row of three fields
    doc = load(write(path, text.removesuffix("ligne isolée\n")))
    assert doc.rows[1] == {
        "collectivité": "Commune d'Arles",
        "partenaire": "Zio 2",
        "thème": "Santé, éducation",
    }


def test_csv_unterminated_quote(tmp_path: Path) -> None:
    path = write(tmp_path / "quote.csv", 'a,b\n1,"2\n3,4\n')
    assert_unreadable(path, "malformed CSV: unterminated quote in the record starting on line 2")


def test_csv_without_header(tmp_path: Path) -> None:
    assert_unreadable(write(tmp_path / "nohead.csv", ",\n1,2\n"), "malformed CSV: no header")


def test_csv_duplicate_column(tmp_path: Path) -> None:
    assert_unreadable(write(tmp_path / "dup.csv", "a,a\n1,2\n"), "malformed CSV: duplicate")


# --- bad files: one line, "PATH: reason" ------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    assert_unreadable(write(tmp_path / "empty.txt", b""), "empty file")


def test_whitespace_only(tmp_path: Path) -> None:
    assert_unreadable(write(tmp_path / "blank.md", " \n\t\n"), "no text")


def test_source_line_only(tmp_path: Path) -> None:
    assert_unreadable(write(tmp_path / "only.txt", "source: https://x.org\n\n"), "no text")


def test_binary_file_named_txt(tmp_path: Path) -> None:
    data = random.Random(1).randbytes(2048) + b"\x00\x00"
    assert_unreadable(write(tmp_path / "binary.txt", data), "binary content, not text")


def test_control_characters_without_nul(tmp_path: Path) -> None:
    data = bytes(range(1, 9)) * 50 + b"some text"
    assert_unreadable(write(tmp_path / "ctrl.csv", data), "binary content, not text")


def test_unknown_suffix(tmp_path: Path) -> None:
    error = assert_unreadable(write(tmp_path / "sheet.xyz", "a"), "unsupported format '.xyz'")
    supported = ".csv, .htm, .html, .markdown, .md, .pdf, .text, .tsv, .txt, .xlsx"
    assert f"(supported: {supported})" in str(error)


def test_file_too_large(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "Kpalimé\n" * 40_000)
    assert_unreadable(
        path, "file too large (0.34 MB, limit 0.095 MB: see --max-size)", max_bytes=100_000
    )
    assert load(path, max_bytes=1_000_000).title == "Kpalimé"


def test_missing_path(tmp_path: Path) -> None:
    assert_unreadable(tmp_path / "nowhere.txt", "no such file or directory")


def test_directory(tmp_path: Path) -> None:
    assert_unreadable(tmp_path, "is a directory")


def test_unexpected_errors_are_wrapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(path: str, data: bytes) -> Document:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(LOADERS, ".txt", broken)
    assert_unreadable(write(tmp_path / "a.txt", "x"), "cannot read: boom second line")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_permission_denied(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.txt", "secret")
    path.chmod(0)
    assert_unreadable(path, "cannot read: Permission denied")


# --- iter_paths --------------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    texts = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".pdf"}
    expected = texts | {".csv", ".tsv", ".xlsx"}
    assert expected == SUPPORTED_SUFFIXES


def test_iter_paths_expands_folders(tmp_path: Path) -> None:
    for name in ["b.txt", "a.md", "sub/deep/c.PDF", "sub/d.csv", "notes.docx", ".hidden.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / name, "x")
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".git" / "e.txt", "x")
    explicit = write(tmp_path / "notes.docx", "x")
    found = iter_paths([tmp_path, explicit, tmp_path / "b.txt"])
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == ["a.md", "b.txt", "sub/d.csv", "sub/deep/c.PDF", "notes.docx"]


def test_iter_paths_missing(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match=r"nowhere: no such file or directory$"):
        iter_paths([tmp_path / "nowhere"])
