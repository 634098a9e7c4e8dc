"""`coopkg remove PATH|DOCUMENT_IRI`: a document's graph leaves the store in one transaction,
with its mentions and links, and the command says what it removed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import Store
from kg.validate import validate_store

NOTE = (
    "La commune de {town} a signé une convention de partenariat avec la commune de Kpalimé au "
    "Togo ; le Département des Deux-Sèvres finance à hauteur de 15 000 euros le projet de la "
    "commune de {town}.\n"
)


def _coopkg(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, timeout=600
    )


def _docs(store: Path) -> dict[str, int]:
    s = Store(store, read_only=True)
    try:
        return {g: len(s.triples(g)) for g in s.graphs() if "/doc/" in g}
    finally:
        del s


@pytest.mark.slow
def test_remove_by_path_and_by_iri(tmp_path: Path) -> None:
    folder, store = tmp_path / "docs", tmp_path / "store"
    folder.mkdir()
    for town in ("Bressuire", "Niort", "Parthenay"):
        (folder / f"{town}.txt").write_text(NOTE.format(town=town))
    assert _coopkg("build", folder, "--store", store).returncode == 0
    before = _docs(store)
    assert len(before) == 3

    by_path = _coopkg("remove", folder / "Niort.txt", "--store", store)
    assert by_path.returncode == 0, by_path.stderr
    (line,) = [x for x in by_path.stdout.splitlines() if x.startswith("removed https://")]
    graph = line.split()[1]
    assert graph in before and f"{before[graph]} triples" in line
    assert "links" in line and "mentions" in line and " 0 links" not in line
    after = _docs(store)
    assert set(after) == set(before) - {graph}
    s = Store(store, read_only=True)
    rows = s.select(
        "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?s), STR(?g))) }",
        {},
    )
    assert all(not r["s"].value.startswith(graph) for r in rows)  # its mentions and links too
    assert validate_store(s).violations == []
    del s

    other = sorted(after)[0]
    by_iri = _coopkg("remove", other, "--store", store)
    assert by_iri.returncode == 0 and f"removed {other}" in by_iri.stdout
    assert set(_docs(store)) == set(after) - {other}

    missing = _coopkg("remove", "https://w3id.org/coopkg/doc/ffffffffffffffff", "--store", store)
    assert missing.returncode == 1
    assert "no such document in the store" in missing.stderr
    assert len(_docs(store)) == 1

    # rebuilding brings them back, once each
    assert _coopkg("build", folder, "--store", store).returncode == 0
    assert _docs(store) == before
