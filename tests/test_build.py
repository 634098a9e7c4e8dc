"""The build pipeline: idempotent rebuilds, bad input beside good, atomic replacement."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
from conftest import SEEDS_STRUCTURED, build_store

from builders.registry import Registry
from kg.build import Pipeline
from kg.document import Document
from kg.extraction import Extraction
from kg.store import Store

ENDED = "http://www.w3.org/ns/prov#endedAtTime"


def _all(store: Store) -> set[ox.Quad]:
    return set(store.oxigraph)


def test_building_twice_leaves_the_same_triples(shared: Path) -> None:
    paths = [shared / "seeds" / n for n in SEEDS_STRUCTURED]
    pipeline, _ = build_store(paths)
    before = _all(pipeline.store)
    results = pipeline.build(paths)
    assert [r.status for r in results] == ["unchanged", "unchanged"]
    assert _all(pipeline.store) == before


def test_forced_rebuild_replaces_never_duplicates(shared: Path) -> None:
    paths = [shared / "seeds" / n for n in SEEDS_STRUCTURED]
    pipeline, _ = build_store(paths)
    before = _all(pipeline.store)
    results = pipeline.build(paths, force=True)
    assert [r.status for r in results] == ["built", "built"]
    after = _all(pipeline.store)
    assert len(after) == len(before)
    differing = {q.predicate.value for q in before ^ after}
    assert differing <= {ENDED}  # only the build time may change


def test_edited_file_replaces_its_older_graph(tmp_path: Path, shared: Path) -> None:
    src = tmp_path / "fiche.txt"
    shutil.copy(shared / "seeds" / SEEDS_STRUCTURED[1], src)
    pipeline, _ = build_store([src])
    first = [g for g in pipeline.store.graphs() if "/doc/" in g]
    src.write_text(src.read_text(encoding="utf-8").replace("22600", "22700"), encoding="utf-8")
    pipeline.build([src])
    second = [g for g in pipeline.store.graphs() if "/doc/" in g]
    assert len(first) == len(second) == 1 and first != second


def test_bad_files_beside_good_ones(tmp_path: Path, shared: Path) -> None:
    good = tmp_path / "good.txt"
    shutil.copy(shared / "seeds" / SEEDS_STRUCTURED[1], good)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    from kg.load import iter_paths

    pipeline, results = build_store(iter_paths([tmp_path]))
    status = {Path(r.path).name: r for r in results}
    assert status["good.txt"].status == "built"
    for bad in ("empty.txt", "binary.txt", "truncated.pdf"):
        assert status[bad].status == "failed"
        assert status[bad].error.startswith(str(tmp_path / bad) + ": ")
        assert "\n" not in status[bad].error
    assert len([g for g in pipeline.store.graphs() if "/doc/" in g]) == 1


class _Exploding:
    name, version, description = "exploding", "1", "fails after claiming"

    def claim(self, doc: Document) -> float:
        return 1.0

    def build(self, doc: Document) -> Extraction:
        raise RuntimeError("boom")


def test_failed_rebuild_keeps_the_previous_graph(shared: Path) -> None:
    path = shared / "seeds" / SEEDS_STRUCTURED[1]
    pipeline, _ = build_store([path])
    before = _all(pipeline.store)
    registry = Registry({"exploding": _Exploding})
    broken = Pipeline(pipeline.store, registry, pipeline.resolver)
    [result] = broken.build([path], builder="exploding", force=True)
    assert result.status == "failed" and "builder exploding failed" in result.error
    assert _all(pipeline.store) == before


def test_replace_graph_replaces_the_whole_graph() -> None:
    store = Store()
    g = "https://example.org/g"
    t = ox.Triple(
        ox.NamedNode("https://example.org/s"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal("o"),
    )
    store.replace_graph(g, [t])
    bad = ox.Triple(
        ox.NamedNode("https://example.org/s"),
        ox.NamedNode("https://example.org/p"),
        ox.Literal("x", datatype=ox.NamedNode("https://example.org/dt")),
    )
    store.replace_graph(g, [bad, t])
    assert len(store.triples(g)) == 2
    store.replace_graph(g, [t])
    assert store.triples(g) == [t]


def test_store_on_disk_survives_reopening(tmp_path: Path, shared: Path) -> None:
    path = shared / "seeds" / SEEDS_STRUCTURED[1]
    store = Store(tmp_path / "st")
    Pipeline.default(store).build([path])
    n = len(store)
    del store
    reopened = Store(tmp_path / "st", read_only=True)
    assert len(reopened) == n > 100


def test_every_built_link_carries_a_confidence(shared: Path) -> None:
    """Nothing is dropped at build time: every link is stored, each with its confidence."""
    from conftest import select

    pipeline, _ = build_store([shared / "seeds" / n for n in SEEDS_STRUCTURED])
    q = """PREFIX coop: <https://w3id.org/coopkg/ontology#>
    SELECT ?link ?c WHERE {
      GRAPH ?g { ?link coop:evidence ?e . OPTIONAL { ?link coop:confidence ?c } }
    }"""
    rows = list(pipeline.store.query(q))
    assert rows and all(r["c"] is not None and 0 <= float(r["c"].value) <= 1 for r in rows)
    assert len(select(pipeline.store, "links")) == len(
        select(pipeline.store, "links", min_confidence="0")
    )
