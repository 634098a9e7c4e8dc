"""The summary graph (kg/summary.py): the aggregation queries read it, and they give exactly the
rows of the same queries over the document graphs (tests/direct_queries/) on the development
set and on a generated Atlas table, after every kind of change: documents added, an edited
table rebuilt, a document rebuilt in place, documents removed. After each change the summary is
the one a recomputation from every document gives."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg import summary
from kg.build import Pipeline
from kg.named_queries import get_query
from kg.remove import remove_documents
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
DIRECT = Path(__file__).parent / "direct_queries"
AGGREGATIONS = sorted(p.stem for p in DIRECT.glob("*.rq"))
#: the columns each query orders its rows by (rows tied on them come in any order)
ORDER = {
    "counts": (0,),
    "funding_by_funder": (1, 2),
    "funding_by_recipient": (1, 0, 3),
    "funding_by_year": (0, 1),
    "partnerships_by_country": (2, 0),
    "partnerships_by_theme": (2, 1),
}


def rows(db: ox.Store, text: str) -> list[tuple[str | None, ...]]:
    solutions = db.query(text)
    assert isinstance(solutions, ox.QuerySolutions)
    columns = [v.value for v in solutions.variables]
    return [tuple(None if s[c] is None else str(s[c]) for c in columns) for s in solutions]


def assert_summary_exact(db: ox.Store) -> None:
    for name in AGGREGATIONS:
        direct = rows(db, (DIRECT / f"{name}.rq").read_text(encoding="utf-8"))
        read = rows(db, get_query(name).text)
        assert sorted(read, key=repr) == sorted(direct, key=repr), name  # the same rows
        keys = [[tuple(r[i] for i in ORDER[name]) for r in found] for found in (read, direct)]
        assert keys[0] == keys[1], name  # in the same order
    # and the summary is what a recomputation from every document gives
    kept = set(db.quads_for_pattern(None, None, None, ox.NamedNode(summary.SUMMARY_GRAPH)))
    fresh = ox.Store()
    fresh.extend(q for q in db if q.graph_name != ox.NamedNode(summary.SUMMARY_GRAPH))
    summary.rebuild(fresh)
    assert (
        set(fresh.quads_for_pattern(None, None, None, ox.NamedNode(summary.SUMMARY_GRAPH))) == kept
    )


def test_the_aggregation_queries_read_the_summary() -> None:
    for name in AGGREGATIONS:
        assert summary.SUMMARY_GRAPH in get_query(name).text
        assert summary.SUMMARY_GRAPH not in (DIRECT / f"{name}.rq").read_text(encoding="utf-8")


def _table(path: Path, n: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import scale
    finally:
        sys.path.pop(0)
    return scale.write_table(n, path)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_the_summary_stays_exact_through_builds_rebuilds_and_removals(
    shared: Path, tmp_path: Path
) -> None:
    texts = sorted((shared / "devset" / "docs").iterdir())
    table = tmp_path / "atlas.csv"
    _table(table, 400)
    store = Store(tmp_path / "store")
    pipeline = Pipeline.default(store)

    def build(paths: list[Path], **options: Any) -> None:
        results = pipeline.build(paths, **options)
        assert [r.error for r in results if r.status == "failed"] == []
        assert_summary_exact(store.oxigraph)

    build([table, *texts[:-3]])
    funders = rows(store.oxigraph, get_query("funding_by_funder").text)
    assert len(funders) > 20 and any(r[2] == '"XOF"' for r in funders)
    build(texts[-3:])  # documents added to a store that has some
    # the same table edited: its older graph is replaced (rows dropped, one added, one changed)
    lines = table.read_text(encoding="utf-8").splitlines()
    edited = [lines[0], *lines[1:150], lines[2].replace("2 000", "2 500"), *lines[200:]]
    table.write_text("\n".join(edited) + "\n", encoding="utf-8")
    build([table])
    build(texts[:2], force=True)  # rebuilt in place: same graphs
    copy = tmp_path / "copy.txt"
    shutil.copy(texts[0], copy)  # the same text from a second file: one document, two keys
    build([copy])
    remove_documents(store, [str(texts[0]), str(texts[5])])
    assert_summary_exact(store.oxigraph)
    remove_documents(store, [str(table)])
    assert_summary_exact(store.oxigraph)
    assert rows(store.oxigraph, get_query("counts").text)  # the texts are still counted


def test_a_store_without_summary_gets_one_when_opened_for_writing(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    pipeline = Pipeline.default(store)
    [result] = pipeline.build([ROOT / "examples" / "atlas_bressuire_kpalime.txt"])
    assert result.status == "built"
    db = store.oxigraph
    db.update(f"DROP GRAPH <{summary.SUMMARY_GRAPH}>")  # as an older coopkg left it
    assert rows(db, get_query("counts").text) == []
    del store, pipeline, db
    reopened = Store(tmp_path / "store")
    assert summary.is_current(reopened.oxigraph)
    assert_summary_exact(reopened.oxigraph)
    assert rows(reopened.oxigraph, get_query("counts").text)


def test_a_store_without_summary_opened_to_be_read_answers_the_aggregations(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "store")
    [result] = Pipeline.default(store).build([ROOT / "examples" / "atlas_bressuire_kpalime.txt"])
    assert result.status == "built"
    store.oxigraph.update(f"DROP GRAPH <{summary.SUMMARY_GRAPH}>")  # as an older coopkg left it
    del store
    reader = Store(tmp_path / "store", read_only=True)  # `coopkg query`, `serve`
    assert summary.is_current(reader.oxigraph)
    assert_summary_exact(reader.oxigraph)
    assert rows(reader.oxigraph, get_query("counts").text)


def test_triples_in_any_order_give_the_same_summary(tmp_path: Path) -> None:
    """The tap reads a link's facts as its triples go by, the emitter writing them together;
    triples in another order are read back from the written graph: the same summary."""
    import random

    table = tmp_path / "atlas.csv"
    _table(table, 60)
    store = Store()
    pipeline = Pipeline.default(store)
    [result] = pipeline.build([table])
    assert result.graph is not None
    triples = store.triples(result.graph)
    random.Random(3).shuffle(triples)
    other = Store()
    other.replace_graph(result.graph, triples)
    assert_summary_exact(other.oxigraph)
    assert len(rows(other.oxigraph, get_query("funding_by_funder").text)) > 5
