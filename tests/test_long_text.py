"""A long prose text is read in sections: every section's statements are kept (spans refer to
the whole text), and peak memory hardly grows with the text's length (measured on a 512 kB and a
2 MB text, some ten and forty sections; the 40 MB case is in `make
fuzz`)."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from kg.sections import SECTION_CHARS, sections

PARAGRAPH = (
    "La commune de {town} et la commune de Kpalimé au Togo ont signé une convention de "
    "partenariat en {year}. Le Département des Deux-Sèvres finance à hauteur de {amount} euros "
    "le projet de la commune de {town}, consacré à l'eau potable et à l'assainissement.\n\n"
)
TOWNS = ("Bressuire", "Niort", "Parthenay", "Thouars", "Melle", "Airvault", "Poitiers", "Chinon")


def prose(size: int) -> str:
    """French prose of about `size` bytes, paragraph after paragraph."""
    parts, n, i = [], 0, 0
    while n < size:
        p = PARAGRAPH.format(town=TOWNS[i % len(TOWNS)], year=1990 + i % 30, amount=1000 + i)
        parts.append(p)
        n += len(p.encode("utf-8"))
        i += 1
    return "".join(parts)


def test_sections_cover_the_text_and_cut_at_breaks() -> None:
    text = prose(300_000)
    spans = list(sections(text, SECTION_CHARS))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(spans))
    assert all(0 < e - s <= SECTION_CHARS for s, e in spans)
    assert all(text[s:e].endswith("\n\n") for s, e in spans[:-1])
    unbroken = "x" * 120_001
    assert list(sections(unbroken, 50_000)) == [(0, 50_000), (50_000, 100_000), (100_000, 120_001)]


_MEASURE = """
import resource, sys
from pathlib import Path
from kg.build import Pipeline
from kg.store import Store
[result] = Pipeline.default(Store(sys.argv[2])).build([Path(sys.argv[1])])
assert result.status == "built", result.error
print(result.triples, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _peak(path: Path, store: Path, timeout: float = 1800) -> tuple[int, int]:
    run = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path), str(store)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    triples, kib = run.stdout.split()
    return int(triples), int(kib)


@pytest.mark.slow
def test_peak_memory_is_bounded_on_long_texts(tmp_path: Path) -> None:
    small, large = tmp_path / "one.txt", tmp_path / "four.txt"
    small.write_text(prose(2**19))
    large.write_text(prose(4 * 2**19))
    small_triples, small_peak = _peak(small, tmp_path / "s1")
    large_triples, large_peak = _peak(large, tmp_path / "s4")
    ratio = large_peak / small_peak
    print(
        f"\npeak memory: 512 kB text {small_peak // 1024} MiB ({small_triples} triples), "
        f"2 MB text {large_peak // 1024} MiB ({large_triples} triples): ratio {ratio:.2f}"
    )
    assert large_triples > 3.5 * small_triples  # every section was read
    assert ratio < 2.0  # reading the whole text at once would need several times more


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("COOPKG_FUZZ") != "long", reason="in `make fuzz` only")
def test_peak_memory_on_a_40_mb_text(tmp_path: Path) -> None:
    """The 40 MB case (some 18 minutes of reading on an idle core, far more on a busy machine):
    peak memory against the 1 MB text's."""
    small, huge = tmp_path / "one.txt", tmp_path / "forty.txt"
    small.write_text(prose(2**20))
    huge.write_text(prose(40 * 2**20))
    small_triples, small_peak = _peak(small, tmp_path / "s1")
    huge_triples, huge_peak = _peak(huge, tmp_path / "s40", timeout=4 * 3600)
    print(
        f"\npeak memory: 1 MB text {small_peak // 1024} MiB, 40 MB text {huge_peak // 1024} MiB "
        f"({huge_triples} triples): ratio {huge_peak / small_peak:.2f}"
    )
    assert huge_triples > 35 * small_triples
    assert huge_peak / small_peak < 10  # the parse is per section; the graph itself grows
