"""`coopkg build --jobs N`: documents read in N processes give the same graphs as one process
(everything but the build times), in the same order, failures included."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.build import Pipeline
from kg.store import Store
from kg.vocab import PROV

CASES = Path(__file__).parent / "builders" / "cases" / "table"
DEVSET_DOCS = (
    "26_atlas_douai_dedougou.txt",  # Atlas fiche
    "01_mamoudzou_agoe-nyive2_kloto1_jumelage.txt",  # news text (spaCy)
    "08_pseau_tenkodogo_etaules_chinon_eau.txt",
)


def quads(pipeline: Pipeline) -> set[ox.Quad]:
    """The quads of the store but the build times and the ontology graph (the same file parsed
    twice, with fresh blank nodes)."""
    ended = ox.NamedNode(PROV + "endedAtTime")
    ontology = ox.NamedNode(pipeline.ontology_graph)
    return {q for q in pipeline.store.oxigraph if q.predicate != ended and q.graph_name != ontology}


def test_two_jobs_build_the_same_graphs_as_one(shared: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xyz"
    broken.write_text("a,b\n1,2\n", encoding="utf-8")  # no loader reads it: a failure
    paths = [shared / "devset" / "docs" / d for d in DEVSET_DOCS]
    paths[1:1] = [CASES / "pairs" / "table.csv", broken, CASES / "atlas" / "table.tsv"]
    built = []
    for jobs in (1, 2):
        pipeline = Pipeline.default(Store())
        results = pipeline.build(paths, jobs=jobs)
        built.append((results, quads(pipeline)))
    (one, graph_one), (two, graph_two) = built
    assert [(r.path, r.status, r.triples, r.warning, r.warnings, r.error) for r in one] == [
        (r.path, r.status, r.triples, r.warning, r.warnings, r.error) for r in two
    ]
    assert [r.status for r in one].count("built") == len(paths) - 1
    assert graph_one == graph_two and len(graph_one) > 1000
