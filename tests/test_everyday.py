"""A folder of everyday files, as a new user would hand it over: short French notes in every
usual encoding and a short HTML page are built (their partnership and grant reach the graph),
a text in another language and a text where nothing is found are recorded with a warning, a
broken CSV is named with its CSV error, a file of unknown type is listed as skipped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import Store

NOTE = (
    "La commune de {town} a signé une convention de partenariat avec la commune de Kpalimé au "
    "Togo ; le Département des Deux-Sèvres finance à hauteur de 15 000 euros le projet de la "
    "commune de {town}."
)
#: file name -> (town named in it, encoding, byte-order mark)
NOTES = {
    "note.txt": ("Bressuire", "utf-8", b""),
    "note-bom.txt": ("Niort", "utf-8", b"\xef\xbb\xbf"),
    "note-latin1.txt": ("Parthenay", "latin-1", b""),
    "note-cp1252.md": ("Thouars", "cp1252", b""),
    "note-utf16.txt": ("Melle", "utf-16", b""),  # Python writes the BOM
    "note-utf16le.txt": ("Airvault", "utf-16-le", b""),  # no BOM
    "note-utf16be.txt": ("Mauléon", "utf-16-be", b""),  # no BOM
}
PAGE = (
    "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Coopération</title>"
    "</head><body><article><p>{note}</p></article></body></html>"
)


def run_coopkg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=600
    )


def _everyday_folder(folder: Path) -> dict[str, str]:
    """Write the folder; the town of each document that states a partnership and a grant."""
    folder.mkdir()
    towns = {}
    for name, (town, encoding, bom) in NOTES.items():
        (folder / name).write_bytes(bom + (NOTE.format(town=town) + "\n").encode(encoding))
        towns[name] = town
    (folder / "page.html").write_text(PAGE.format(note=NOTE.format(town="Poitiers")))
    towns["page.html"] = "Poitiers"
    (folder / "english.txt").write_text(
        "The town of Bressuire signed a partnership agreement with the town of Kpalime in "
        "Togo, and the county funds their drinking water project with 15,000 euros.\n"
    )
    (folder / "rien.txt").write_text(
        "Il a fait beau toute la semaine, et nous sommes allés à la mer.\n"
    )
    (folder / "liste.csv").write_text('nom,ville\n"Bressuire,Kpalimé\nNiort,Atakpamé\n')
    (folder / "photo.xyz").write_bytes(b"\x89PNG\r\n")
    return towns


@pytest.mark.slow
def test_the_everyday_folder_is_built(tmp_path: Path) -> None:
    folder, store = tmp_path / "collected", tmp_path / "store"
    towns = _everyday_folder(folder)
    run = run_coopkg("build", str(folder), "--store", str(store))
    assert run.returncode == 1, run.stderr  # the broken CSV could not be read
    errors = run.stderr.strip().splitlines()
    assert "Traceback" not in run.stderr
    assert f"{folder / 'liste.csv'}: malformed CSV: unterminated quote" in run.stderr
    assert "line 2" in next(line for line in errors if "liste.csv" in line)
    assert "skipped 1 file of unknown type: photo.xyz" in errors
    assert any(line.startswith(f"{folder / 'english.txt'}: not read") for line in errors)
    assert f"{folder / 'rien.txt'}: no actors or links found" in errors
    assert len(errors) == 4, errors  # one line each, nothing else
    for name in towns:
        assert f"built     {folder / name} [news-text," in run.stdout, run.stdout
    assert "10 built or up to date (2 with warnings), 1 failed" in run.stdout

    s = Store(store, read_only=True)
    rows = s.select(
        """PREFIX coop: <https://w3id.org/coopkg/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?town ?kind ?amount ?funder WHERE { GRAPH ?g {
          ?g a coop:SourceDocument .
          { ?l a coop:Partnership ; coop:firstPartner|coop:secondPartner ?e . BIND("p" AS ?kind)
            ?e skos:prefLabel ?town }
          UNION
          { ?l a coop:Funding ; coop:amount ?amount ; coop:funder ?f . ?f skos:prefLabel ?funder .
            BIND("f" AS ?kind) BIND("" AS ?town) }
        } }"""
    )
    found = [(r["kind"].value, r["town"].value, r["amount"], r["funder"]) for r in rows]
    partnered = {town for kind, town, *_ in found if kind == "p"}
    assert set(towns.values()) <= partnered, partnered
    grants = [(str(a.value), f.value) for kind, _, a, f in found if kind == "f"]
    assert len(grants) == len(towns), grants  # one grant per note and for the page
    assert {a for a, _ in grants} == {"15000"}
    assert all("Deux-Sèvres" in f for _, f in grants)
    graphs = [g for g in s.graphs() if "/doc/" in g]
    assert len(graphs) == len(towns) + 2  # the English text and the empty-handed one recorded
    del s
    check = run_coopkg("validate", "--store", str(store))
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.slow
def test_exit_code_is_0_when_every_document_was_read(tmp_path: Path) -> None:
    folder, store = tmp_path / "notes", tmp_path / "store"
    folder.mkdir()
    (folder / "a.txt").write_text(NOTE.format(town="Bressuire") + "\n")
    (folder / "other.txt").write_text("Una nota breve escrita en español, sin nada que leer.\n")
    run = run_coopkg("build", str(folder), "--store", str(store))
    assert run.returncode == 0, run.stderr
    assert "not read" in run.stderr and "2 built or up to date (1 with warnings), 0 failed" in (
        run.stdout
    )
    again = run_coopkg("build", str(folder), "--store", str(store))
    assert again.returncode == 0 and again.stdout.count("unchanged") == 2
