"""Network analysis: degree, brokers, communities, components and the bipartite view, on a
graph built from the examples by the real pipeline and on small graphs worked out by hand."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pytest
from conftest import build_store

from kg.network import (
    COLUMNS,
    analyse,
    link_graph,
    projection,
    render_table,
    side,
    simple_graph,
    to_csv,
)

ROOT = Path(__file__).resolve().parents[1]
KLOTO = "https://w3id.org/coopkg/id/tg/commune/kloto-1"
BRESSUIRE = "https://w3id.org/coopkg/id/insee/79049"


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    pipeline, results = build_store(sorted((ROOT / "examples").iterdir()))
    assert all(r.status == "built" for r in results), [r.error for r in results]
    return link_graph(pipeline.store)


def _toy() -> nx.MultiDiGraph:
    """Two French communes sharing a Togolese partner, a third French commune with its own
    partner, and a programme the three Togolese communes belong to."""
    g = nx.MultiDiGraph()
    for node, country in (("f1", "FR"), ("f2", "FR"), ("f3", "FR"), ("t1", "TG"), ("t2", "TG")):
        g.add_node(node, label=node.upper(), kind="Commune", country=country)
    g.add_node("p", label="P", kind="Programme", country=None)
    g.add_node("lone", label="Lone", kind="Commune", country="BJ")
    for i, (a, b, kind) in enumerate(
        [("f1", "t1", "partnership"), ("f2", "t1", "partnership"), ("f3", "t2", "partnership"),
         ("f1", "t1", "partnership"), ("t1", "p", "member"), ("t2", "p", "member")]
    ):  # fmt: skip
        g.add_edge(a, b, key=f"l{i}", kind=kind)
    return g


def test_measures_on_a_graph_worked_by_hand() -> None:
    report = analyse(_toy())
    rows = report.by_entity()
    assert rows["t1"]["degree"] == 3 and rows["t1"]["links"] == 4
    assert rows["f1"]["degree"] == 1 and rows["f1"]["links"] == 2
    assert max(report.rows, key=lambda r: r["betweenness"])["entity"] in {"t1", "p"}
    assert rows["lone"]["component"] == 2 and rows["f1"]["component"] == 1
    assert report.summary["components"] == 2
    assert (rows["f1"]["side"], rows["t1"]["side"], rows["p"]["side"]) == (
        "french",
        "partner",
        "none",
    )
    # f1 and f2 share t1: one edge in the French projection; t1 and t2 share no French partner
    assert rows["f1"]["side_degree"] == 1 and rows["f3"]["side_degree"] == 0
    assert report.summary["French projection edges"] == 1
    assert report.summary["partner projection edges"] == 0


def test_projection_weights_count_shared_partners() -> None:
    g = _toy()
    g.add_edge("f2", "t2", key="extra", kind="partnership")
    french = projection(g, "french")
    assert set(french) == {"f1", "f2", "f3"}
    assert french["f1"]["f2"]["weight"] == 1 and french["f2"]["f3"]["weight"] == 1
    assert not french.has_edge("f1", "f3")
    partner = projection(g, "partner")
    assert {frozenset(e) for e in partner.edges()} == {frozenset(("t1", "t2"))}


def test_empty_sides_and_empty_graph() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", label="A", kind="Commune", country="FR")
    g.add_node("b", label="B", kind="Commune", country="FR")
    g.add_edge("a", "b", key="k", kind="partnership")
    assert analyse(g).summary["partner side"] == 0
    assert analyse(nx.MultiDiGraph()).rows == []


def test_seed_graph_brokers_and_communities(graph: nx.MultiDiGraph) -> None:
    report = analyse(graph)
    top = report.rows[0]
    assert top["kind"] == "Programme"
    assert report.rows == analyse(graph).rows  # seeded: same figures every run
    simple = simple_graph(graph)
    assert report.summary["components"] == nx.number_connected_components(simple)
    assert report.summary["linked pairs"] == simple.number_of_edges()
    rows = report.by_entity()
    assert rows[KLOTO]["degree"] == len(set(simple[KLOTO]))
    assert rows[KLOTO]["community"] == rows[BRESSUIRE]["community"]
    assert report.summary["communities"] == len({r["community"] for r in report.rows})
    assert side(graph.nodes[BRESSUIRE]) == "french"


def test_csv_has_every_entity(graph: nx.MultiDiGraph) -> None:
    report = analyse(graph)
    rows = list(csv.DictReader(io.StringIO(to_csv(report))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["entity"] for r in rows] == [r["entity"] for r in report.rows]
    assert {r["entity"] for r in rows} == set(graph)
    table = render_table(report, top=5)
    assert "5 of" in table and "Kloto 1" in render_table(report, top=None)


def test_every_edge_has_a_confidence_and_a_rule(graph: nx.MultiDiGraph) -> None:
    from kg.calibrate import default_calibration

    table = default_calibration()
    for *_, d in graph.edges(data=True):
        builder, _, rule = d["rule"].partition(":")
        assert d["confidence"] == table.confidence(builder, rule)
