"""Every kind of bad file a user can hand `coopkg build` is named on one line with what is wrong
with it, and the good files beside it are still built; no traceback ever."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fixtures_pdf import make_pdf

NOTE = (
    "La commune de Bressuire a signé une convention de partenariat avec la commune de Kpalimé "
    "au Togo."
)


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _bad_files() -> dict[str, tuple[bytes, str]]:
    """name -> (content, the reason its error line must give)."""
    pdf = make_pdf([NOTE])
    rng = random.Random(16)
    return {
        "empty.txt": (b"", "empty file"),
        "blank.md": (b"  \n\t\n   \n", "no text (whitespace only)"),
        "binary.txt": (bytes(range(256)) * 8, "binary content, not text"),
        "archive.txt": (_zip(), "binary content (a ZIP archive"),
        "noise.pdf": (rng.randbytes(6000), "not a PDF (no %PDF header)"),
        "cut.pdf": (pdf[: len(pdf) // 2], "truncated PDF (it stops before its end-of-file marker)"),
        "word.pdf": (_zip(), "not a PDF: a ZIP archive"),
        "quote.csv": (
            b'commune,pays\nBressuire,FR\n"Kpalim\xc3\xa9,TG\nNiort,FR\n',
            "malformed CSV: unterminated quote in the record starting on line 3",
        ),
        "scripts.html": (
            b"<html><head><script>var a = 1;</script><style>p{}</style></head><body>"
            b"<script>document.write('x')</script><noscript></noscript></body></html>",
            "no text found in the HTML page (only markup or scripts)",
        ),
    }


def run_build(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", "build", *args], capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow
def test_each_bad_file_is_named_with_its_reason_and_the_rest_is_built(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "store"
    folder.mkdir()
    bad = _bad_files()
    for name, (data, _) in bad.items():
        (folder / name).write_bytes(data)
    # hostile pages that can be read are read: deep nesting past libxml2's limit, scripts
    deep = "<div>" * 5000 + f"<p>{NOTE}</p>" + "</div>" * 5000
    (folder / "deep.html").write_text(f"<html><body>{deep}</body></html>")
    scripted = NOTE.replace("Kpalimé", "Kpalimé <script>alert(1)</script><b onclick='x()'>")
    (folder / "scripted.html").write_text(
        f"<html><body><script>evil()</script><p>{scripted.replace('Bressuire', 'Niort')}</b></p>"
    )
    (folder / "good.txt").write_text(NOTE.replace("Bressuire", "Parthenay") + "\n")
    (folder / "big.txt").write_text((NOTE + "\n") * 12_000)  # about 1.2 MB
    (folder / "table.ods").write_bytes(_zip())
    run = run_build(str(folder), "--store", str(store), "--max-size", "1")
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    lines = run.stderr.strip().splitlines()
    for name, (_, reason) in bad.items():
        line = next((x for x in lines if x.startswith(f"{folder / name}: ")), None)
        assert line is not None, (name, lines)
        assert line.startswith(f"{folder / name}: {reason}"), line
    big = f"{folder / 'big.txt'}: file too large (1.1 MB, limit 1 MB: see --max-size)"
    assert big in lines
    assert "skipped 1 file of unknown type: table.ods" in lines
    assert len(lines) == len(bad) + 2, lines  # one line per file, nothing else
    for name in ("deep.html", "scripted.html", "good.txt"):
        assert f"built     {folder / name} [news-text," in run.stdout, run.stdout
    assert "3 built or up to date, 10 failed" in run.stdout


def test_a_file_named_that_cannot_be_read_is_an_error(tmp_path: Path) -> None:
    odd = tmp_path / "notes.xyz"
    odd.write_text(NOTE)
    run = run_build(str(odd), str(tmp_path / "missing.txt"), "--store", str(tmp_path / "s"))
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert lines[0] == f"{tmp_path / 'missing.txt'}: no such file or directory"
    assert lines[1].startswith(f"{odd}: unsupported format '.xyz' (supported: ")
    assert len(lines) == 2 and "0 built or up to date, 2 failed" in run.stdout
