"""Every graph `coopkg build` writes conforms to the shapes and stays consistent with the
ontology: all seeds, all development documents and the example corpus, built together."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_store

from kg.export import export_graph
from kg.load import iter_paths
from kg.reason import check_consistency
from kg.validate import validate_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def everything(shared: Path):  # type: ignore[no-untyped-def]
    paths = iter_paths([ROOT / "examples", shared / "seeds", shared / "devset" / "docs"])
    pipeline, results = build_store(paths)
    failed = [r.error for r in results if r.status != "built"]
    assert not failed, failed
    return pipeline.store


@pytest.mark.slow
def test_every_built_graph_conforms(everything) -> None:  # type: ignore[no-untyped-def]
    report = validate_store(everything)
    assert report.graphs >= 20
    assert report.conforms, "\n".join(map(str, report.violations[:30]))


@pytest.mark.slow
def test_everything_is_consistent_with_the_ontology(everything) -> None:  # type: ignore[no-untyped-def]
    graphs = [g for g in everything.graphs() if "/doc/" in g]
    check_consistency(t for g in graphs for t in everything.triples(g))


@pytest.mark.slow
def test_no_contact_detail_reaches_an_export(everything) -> None:  # type: ignore[no-untyped-def]
    text = export_graph(everything, "nquads").decode("utf-8")
    for needle in ("@cites-unies-france", "@yahoo", "[at]", "@diplomatie", "@ancb", "@gmail"):
        assert needle not in text
