"""The partner network as a networkx graph, the selections `coopkg viz` offers, the HTML page
(self-contained, escaped) and the GraphML/GEXF export, on graphs built by the real pipeline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from conftest import build_store, select

from kg.errors import UnknownQuery
from kg.graph_export import FORMATS, portable_graph, read_network, write_network
from kg.network import link_graph
from kg.normalize import fold
from kg.store import Store
from kg.viz import (
    Filters,
    NotFound,
    PageOptions,
    Selection,
    apply_filters,
    drawn_edge_count,
    ego_network,
    find_nodes,
    query_graph,
    render_page,
    select_graph,
)

ROOT = Path(__file__).resolve().parents[1]
KLOTO = "https://w3id.org/coopkg/id/tg/commune/kloto-1"
BRESSUIRE = "https://w3id.org/coopkg/id/insee/79049"
MEAE = "https://w3id.org/coopkg/id/fr/ministry/meae"


@pytest.fixture(scope="module")
def store(shared: Path):  # type: ignore[no-untyped-def]
    """examples/ and the structured seeds, built by the real pipeline into memory."""
    seeds = [shared / "seeds" / n for n in ("001_99b763d1c09ffb47.txt", "004_907021ef8160d5c3.txt")]
    pipeline, results = build_store([*sorted((ROOT / "examples").iterdir()), *seeds])
    assert all(r.status == "built" for r in results), [r.error for r in results]
    return pipeline.store


@pytest.fixture(scope="module")
def graph(store) -> nx.MultiDiGraph:  # type: ignore[no-untyped-def]
    return link_graph(store)


def _link_rows(store) -> set[tuple]:  # type: ignore[no-untyped-def]
    return {
        (r["kind"], r["source"], r["target"], r["document"], r["amount"], r["year"])
        for r in select(store, "links")
    }


def test_edges_are_the_links_query_rows(store, graph) -> None:  # type: ignore[no-untyped-def]
    edges = {
        (
            d["kind"],
            s,
            t,
            d["document"],
            None if d["amount"] is None else f"{d['amount']:g}",
            None if d["year"] is None else str(d["year"]),
        )
        for s, t, d in graph.edges(data=True)
        if d["kind"] != "location"  # places of events: drawn, but not a `links` row
    }
    assert edges == _link_rows(store)
    located = sum(d["kind"] == "location" for _, _, d in graph.edges(data=True))
    assert graph.number_of_edges() - located == len(select(store, "links"))


def test_drawn_edges_one_per_kind_and_pair(store, graph) -> None:  # type: ignore[no-untyped-def]
    pairs = {(r["kind"], r["source"], r["target"]) for r in select(store, "links")}
    located = {(d["kind"], s, t) for s, t, d in graph.edges(data=True) if d["kind"] == "location"}
    assert drawn_edge_count(graph) == len(pairs) + len(located)


def test_nodes_carry_kind_country_names_and_sources(graph) -> None:  # type: ignore[no-untyped-def]
    kloto = graph.nodes[KLOTO]
    assert (kloto["label"], kloto["kind"], kloto["country"]) == ("Kloto 1", "Commune", "TG")
    assert "Kpalimé" in kloto["names"]
    titles = [graph.graph["documents"][d].get("title", "") for d in kloto["documents"]]
    assert any("Kpalimé" in t for t in titles)
    assert graph.nodes[MEAE]["kind"] == "Ministry"
    assert graph.nodes[MEAE]["funding_given_eur"] > 0


def test_find_nodes_ignores_case_and_accents(graph) -> None:  # type: ignore[no-untyped-def]
    assert find_nodes(graph, "Kpalimé") == find_nodes(graph, "KPALIME") == [KLOTO]
    assert find_nodes(graph, "commune de bressuire (79)") == [BRESSUIRE]
    with pytest.raises(NotFound, match="Kpalimé"):
        find_nodes(graph, "Kpalme")


def test_ego_network_of_kpalime(graph) -> None:  # type: ignore[no-untyped-def]
    ego = ego_network(graph, "Kpalimé", hops=2)
    assert ego.graph["focus"] == [KLOTO]
    labels = {d["label"] for _, d in ego.nodes(data=True)}
    assert {"Bressuire", "Ministère de l'Europe et des Affaires étrangères"} <= labels
    programmes = [n for n in graph[KLOTO] if graph.nodes[n]["kind"] == "Programme"]
    assert programmes
    for programme in programmes:
        members = {s for s, _, d in graph.in_edges(programme, data=True) if d["kind"] == "member"}
        assert members <= set(ego)
    one = ego_network(graph, "Kpalimé", hops=1)
    assert set(one) == {KLOTO, *graph.successors(KLOTO), *graph.predecessors(KLOTO)}


def test_filters_by_link_kind_country_and_year(graph) -> None:  # type: ignore[no-untyped-def]
    funding = apply_filters(graph, Filters(kinds=("FUNDING",)))
    assert {d["kind"] for *_, d in funding.edges(data=True)} == {"funding"}
    communes = apply_filters(graph, Filters(kinds=("commune",)))
    for s, t in communes.edges():
        assert "Commune" in (graph.nodes[s]["kind"], graph.nodes[t]["kind"])
    togo = apply_filters(graph, Filters(countries=("tg",)))
    for s, t in togo.edges():
        assert "TG" in (graph.nodes[s]["country"], graph.nodes[t]["country"])
    recent = apply_filters(graph, Filters(since=1992))
    assert recent.number_of_edges() > 0
    for _, t, d in recent.edges(data=True):
        assert (d["year"] or graph.nodes[t]["start_year"]) >= 1992
    with pytest.raises(UnknownQuery):
        Filters(kinds=("friendship",))


def test_query_graph_links_and_partners_of(store, graph) -> None:  # type: ignore[no-untyped-def]
    links = query_graph(store, graph, "links", {})
    rows = {
        (u, v, k) for u, v, k, d in graph.edges(keys=True, data=True) if d["kind"] != "location"
    }
    assert set(links.edges(keys=True)) == rows
    partners = query_graph(store, graph, "partners_of", {"actor": "BRESSUIRE"})
    assert set(partners) == {BRESSUIRE, KLOTO}
    assert {d["kind"] for *_, d in partners.edges(data=True)} == {"partnership"}


def test_select_graph_focus_survives_filters(store) -> None:  # type: ignore[no-untyped-def]
    chosen = select_graph(
        store, Selection(focus="Kpalimé", hops=1, filters=Filters(kinds=("partnership",)))
    )
    assert set(chosen) == {KLOTO, BRESSUIRE}
    with pytest.raises(NotFound):
        select_graph(store, Selection(focus="Atlantis"))


def test_page_is_self_contained(graph) -> None:  # type: ignore[no-untyped-def]
    html = render_page(graph, PageOptions(title="Réseau"))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html, re.I)
    assert "vis-network" in html and "var network = new vis.Network" in html
    assert "<title>Réseau</title>" in html


def test_page_escapes_document_text(tmp_path: Path) -> None:
    graph = link_graph(xss_store(tmp_path))
    assert any(d["label"].startswith("<img") for _, d in graph.nodes(data=True))
    html = render_page(graph, PageOptions(title="<b>title</b>"))
    assert "<img src=x" not in html and "<script>alert" not in html
    assert "&lt;b&gt;title&lt;/b&gt;" in html
    assert "\\u003cimg src=x onerror=alert" in html


def xss_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store built by the real pipeline from an Atlas fiche whose foreign partner is named
    `<img src=x onerror=alert(1)>` and whose title holds a script element."""
    source = ROOT / "tests/builders/cases/atlas-fiche/synthetic/source.txt"
    text = source.read_text("utf-8")
    text = text.replace("Zogbodomey | Bénin", "<img src=x onerror=alert(1)> | Bénin")
    text = text.replace("Des puits pour", "Des puits <script>alert(2)</script> pour")
    fiche = tmp_path / "fiche_xss.txt"
    fiche.write_text(text, "utf-8")
    pipeline, results = build_store([fiche])
    assert results[0].status == "built", results[0].error
    return pipeline.store


@pytest.mark.parametrize("fmt", FORMATS)
def test_graph_export_round_trip(graph, fmt: str) -> None:  # type: ignore[no-untyped-def]
    back = read_network(write_network(graph, fmt), fmt)
    expected = portable_graph(graph)
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(back.edges(keys=True, data=True)) == sorted(expected.edges(keys=True, data=True))
    kloto = back.nodes[KLOTO]
    assert (kloto["kind"], kloto["country"], kloto["side"]) == ("Commune", "TG", "partner")
    funding = [d for *_, d in back.edges(data=True) if d["kind"] == "funding" and "year" in d]
    assert funding and all(isinstance(d["amount"], float) for d in funding)
    assert all(isinstance(d["year"], int) for d in funding)


def _coopkg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("vizstore") / "store"
    done = _coopkg("build", str(ROOT / "examples"), "--store", str(path), cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return path


def test_cli_viz_focus(disk_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "kpalime.html"
    args = ("viz", "--focus", "Kpalimé", "--hops", "2", "-o", str(page), "--store")
    done = _coopkg(*args, str(disk_store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Kloto 1: partners within 2 hops" in page.read_text("utf-8")
    missing = _coopkg("viz", "--focus", "Atlantis", "--store", str(disk_store), cwd=tmp_path)
    assert missing.returncode == 2 and "no entity named 'Atlantis'" in missing.stderr
    bad = _coopkg("viz", "--size", "height", "--store", str(disk_store), cwd=tmp_path)
    assert bad.returncode == 2


def test_cli_viz_query_and_filters(disk_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "q.html"
    args = ("viz", "--query", "partners_of", "--param", "actor=bressuire", "-o", str(page))
    done = _coopkg(*args, "--store", str(disk_store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(2 entities, 1 edges)" in done.stdout
    args = ("viz", "--kind", "funding", "--since", "1992", "--size", "funding", "-o", str(page))
    done = _coopkg(*args, "--store", str(disk_store), cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_cli_stats_network_and_export(disk_store: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "net.csv"
    args = ("stats", "--network", "--csv", str(csv_file), "--store", str(disk_store))
    done = _coopkg(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "betweenness" in done.stdout and "communities" in done.stdout
    lines = csv_file.read_text("utf-8").splitlines()
    assert lines[0].startswith("entity,label,kind,country,side,degree")
    assert any(fold("Kloto 1") in fold(line) for line in lines[1:])
    out = tmp_path / "n.graphml"
    done = _coopkg(
        "export", "--format", "graphml", "-o", str(out), "--store", str(disk_store), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert nx.read_graphml(out).number_of_nodes() > 10


def test_kpalime_page_shows_what_the_prose_adds(shared: Path) -> None:
    """The issue's "done when": Kpalimé with Bressuire, the Programme Concerté and its members,
    the ministry funding and the ProDeG IV workshop (read from a press article)."""
    seeds = ["000_a3d1765cd52f8488.txt", "001_99b763d1c09ffb47.txt", "004_907021ef8160d5c3.txt"]
    pipeline, results = build_store([shared / "seeds" / n for n in seeds])
    assert all(r.status == "built" for r in results), [r.error for r in results]
    graph = link_graph(pipeline.store)
    ego = ego_network(graph, "Kpalimé", hops=2)
    kinds = {d["kind"] for _, d in ego.nodes(data=True)}
    labels = {fold(d["label"]) for _, d in ego.nodes(data=True)}
    assert {"Commune", "Programme", "Event", "Ministry"} <= kinds
    assert {"bressuire", "faitiere des communes du togo"} <= labels
    event = next(n for n, d in ego.nodes(data=True) if d["kind"] == "Event")
    into_event = {
        (graph.nodes[s]["label"], d["kind"]) for s, _, d in ego.in_edges(event, data=True)
    }
    assert ("Faîtière des Communes du Togo", "organiser") in into_event
    assert any(k == "funding" for _, k in into_event)  # GIZ / German cooperation support
    page = render_page(ego, PageOptions(title="Kpalimé"))
    assert "atelier" in page and "Bressuire" in page


def test_edges_carry_confidence_and_rule(store, graph) -> None:  # type: ignore[no-untyped-def]
    for *_, d in graph.edges(data=True):
        assert 0 <= d["confidence"] <= 1 and d["rule"].split(":")[0] in {
            "atlas-fiche",
            "news-text",
            "programme-pairs",
        }
    top = max(d["confidence"] for *_, d in graph.edges(data=True))
    confident = link_graph(store, min_confidence=top)
    assert (
        0
        < confident.number_of_edges()
        == sum(d["confidence"] >= top for *_, d in graph.edges(data=True))
    )
    assert set(confident.edges(keys=True)) <= set(graph.edges(keys=True))


def test_filter_by_min_confidence(graph) -> None:  # type: ignore[no-untyped-def]
    confidences = sorted({d["confidence"] for *_, d in graph.edges(data=True)})
    assert apply_filters(graph, Filters(min_confidence=0)).number_of_edges() == len(graph.edges)
    for threshold in confidences:
        kept = apply_filters(graph, Filters(min_confidence=threshold))
        assert {d["confidence"] for *_, d in kept.edges(data=True)} == {
            c for c in confidences if c >= threshold
        }
    assert apply_filters(graph, Filters(min_confidence=1)).number_of_edges() == 0
    with pytest.raises(UnknownQuery):
        Filters(min_confidence=1.5)


def test_graph_export_carries_confidence(graph) -> None:  # type: ignore[no-untyped-def]
    back = read_network(write_network(graph, "graphml"), "graphml")
    assert all(isinstance(d["confidence"], float) for *_, d in back.edges(data=True))


def _edges_drawn(output: str) -> int:
    m = re.search(r"\((\d+) entities, (\d+) edges\)", output)
    assert m, output
    return int(m.group(2))


def test_cli_viz_and_export_min_confidence(disk_store: Path, tmp_path: Path) -> None:
    page = tmp_path / "c.html"
    base = ("viz", "-o", str(page), "--store", str(disk_store))
    every = _coopkg(*base, cwd=tmp_path)
    assert every.returncode == 0, every.stderr
    store = Store(disk_store, read_only=True)
    confidences = [float(r["confidence"]) for r in select(store, "links")]
    top = max(confidences)
    confident = _coopkg(*base, "--min-confidence", str(top), cwd=tmp_path)
    assert confident.returncode == 0, confident.stderr
    assert 0 < _edges_drawn(confident.stdout) < _edges_drawn(every.stdout)
    assert f"confidence ≥ {top:g}" in page.read_text("utf-8")
    nothing = _coopkg(*base, "--min-confidence", "1", cwd=tmp_path)
    assert "(0 entities, 0 edges) (nothing matches" in nothing.stdout
    assert _coopkg(*base, "--min-confidence", "-0.5", cwd=tmp_path).returncode == 2
    out = tmp_path / "c.gexf"
    args = ("export", "--format", "gexf", "-o", str(out), "--store", str(disk_store))
    done = _coopkg(*args, "--min-confidence", str(top), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    edges = read_network(out.read_bytes(), "gexf").edges(data=True)
    assert len(edges) == sum(c >= top for c in confidences)
    assert all(d["confidence"] >= top for *_, d in edges)


def test_a_commune_known_by_its_chef_lieu_is_drawn_with_both_names(graph) -> None:  # type: ignore[no-untyped-def]
    data = graph.nodes[KLOTO]
    assert data["label"] == "Kloto 1" and data["display_label"] == "Kloto 1 (Kpalimé)"
    assert "Kloto 1 (Kpalimé)" in render_page(graph)


def test_top_by_degree_keeps_the_most_linked_and_the_focus(graph) -> None:  # type: ignore[no-untyped-def]
    from kg.viz import top_by_degree

    assert top_by_degree(graph, graph.number_of_nodes()) is graph
    top = top_by_degree(graph, 3)
    degrees = dict(graph.degree())
    assert top.number_of_nodes() == 3
    assert top.graph["truncated"] == (graph.number_of_nodes(), 3)
    assert min(degrees[n] for n in top) >= max(degrees[n] for n in graph if n not in top)
    assert set(top.edges()) == set(graph.subgraph(top.nodes).edges())
    quiet = min(graph, key=lambda n: (degrees[n], n))
    focused = graph.copy()
    focused.graph["focus"] = [quiet]
    assert quiet in top_by_degree(focused, 3)


def test_cli_viz_above_max_nodes_says_so_and_how_to_narrow(
    disk_store: Path, tmp_path: Path
) -> None:
    from kg.viz import DEFAULT_MAX_NODES

    page = tmp_path / "top.html"
    args = ("viz", "--max-nodes", "4", "-o", str(page), "--store", str(disk_store))
    done = _coopkg(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "(4 entities," in done.stdout
    assert "more than --max-nodes 4: drawing the 4 with the most links" in done.stderr
    assert "--focus NAME" in done.stderr and "the 4 most linked of" in page.read_text("utf-8")
    help_text = _coopkg("viz", "--help", cwd=tmp_path).stdout
    assert str(DEFAULT_MAX_NODES) in help_text
