"""Network analysis of the partner graph: degree, brokers, communities, components, and the
bipartite view French side / partner side.

The input is the multigraph of `kg.network.model.link_graph` (one edge per link and document); the
measures are computed on its simple undirected form, where two entities are adjacent when any
document links them and `weight` counts those links. Louvain communities and sampled betweenness
are seeded, so the same graph always gives the same figures.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

SIDES = {"french", "partner"}
INITIATIVE_KINDS = frozenset({"Programme", "Project", "Event", "Initiative"})

EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_PIVOTS = 150
COLUMNS = (
    "entity",
    "label",
    "kind",
    "country",
    "side",
    "degree",
    "links",
    "betweenness",
    "community",
    "component",
    "side_degree",
    "funding_received_eur",
)


@dataclass
class NetworkReport:
    """One row per entity (`COLUMNS`) and the graph's summary figures."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def by_entity(self) -> dict[str, dict[str, Any]]:
        return {r["entity"]: r for r in self.rows}


def simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, one edge per linked pair, `weight` = number of links; node data kept."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for a, b in graph.edges():
        if a != b:
            w = simple.get_edge_data(a, b, {"weight": 0})["weight"]
            simple.add_edge(a, b, weight=w + 1)
    return simple


def side(data: dict[str, Any]) -> str:
    """`french` (an actor of France), `partner` (an actor of another country) or `none`
    (programmes, projects, events, and actors of unknown country)."""
    country = data.get("country")
    if not country or data.get("kind") in INITIATIVE_KINDS:
        return "none"
    return "french" if country.upper() == "FR" else "partner"


def analyse(graph: nx.MultiDiGraph, seed: int = 42) -> NetworkReport:
    """Every measure for every node, and the summary (components, communities, bipartite)."""
    g = simple_graph(graph)
    communities = _communities(g, seed)
    components = _numbered(nx.connected_components(g))
    betweenness = _betweenness(g, seed)
    side_degree, bipartite_summary = _bipartite(g)
    rows = []
    for node, data in g.nodes(data=True):
        rows.append(
            {
                "entity": node,
                "label": data.get("label", node),
                "kind": data.get("kind"),
                "country": data.get("country"),
                "side": side(data),
                "degree": g.degree(node),
                "links": graph.degree(node),
                "betweenness": round(betweenness[node], 6),
                "community": communities.get(node),
                "component": components.get(node),
                "side_degree": side_degree.get(node),
                "funding_received_eur": round(data.get("funding_received_eur") or 0.0, 2),
            }
        )
    rows.sort(key=lambda r: (-r["betweenness"], -r["degree"], r["label"]))
    summary = _summary(g, graph, communities, components) | bipartite_summary
    return NetworkReport(rows, summary)


def _numbered(groups: Any) -> dict[str, int]:
    """Node -> 1-based group number, largest group first (ties by smallest member)."""
    ordered = sorted((sorted(c) for c in groups), key=lambda c: (-len(c), c[0]))
    return {node: i for i, group in enumerate(ordered, 1) for node in group}


def _communities(g: nx.Graph, seed: int) -> dict[str, int]:
    if g.number_of_edges() == 0:
        return _numbered([{n} for n in g])
    return _numbered(nx.community.louvain_communities(g, weight="weight", seed=seed))


def _betweenness(g: nx.Graph, seed: int) -> dict[str, float]:
    """Brokers: exact betweenness, or estimated from seeded pivots on large graphs."""
    n = g.number_of_nodes()
    k = None if n <= EXACT_BETWEENNESS_LIMIT else BETWEENNESS_PIVOTS
    scores: dict[str, float] = nx.betweenness_centrality(g, k=k, seed=seed, normalized=True)
    return scores


def _bipartite(g: nx.Graph) -> tuple[dict[str, int], dict[str, Any]]:
    """The French side / partner side graph and its two projections: for each entity, how many
    entities of its own side share a partner with it."""
    french = {n for n, d in g.nodes(data=True) if side(d) == "french"}
    partner = {n for n, d in g.nodes(data=True) if side(d) == "partner"}
    b = nx.Graph()
    b.add_nodes_from(french | partner)
    cross = [(x, y) for x, y in g.edges() if {side(g.nodes[x]), side(g.nodes[y])} == SIDES]
    b.add_edges_from(cross)
    french_proj = _project(b, french)
    partner_proj = _project(b, partner)
    degrees = dict(french_proj.degree()) | dict(partner_proj.degree())
    summary = {
        "french side": len(french),
        "partner side": len(partner),
        "cross-side pairs": b.number_of_edges(),
        "French projection edges": french_proj.number_of_edges(),
        "partner projection edges": partner_proj.number_of_edges(),
    }
    return degrees, summary


def _summary(
    g: nx.Graph, multi: nx.MultiDiGraph, communities: dict[str, int], components: dict[str, int]
) -> dict[str, Any]:
    community_sets: dict[int, set[str]] = {}
    for node, c in communities.items():
        community_sets.setdefault(c, set()).add(node)
    modularity = (
        nx.community.modularity(g, community_sets.values(), weight="weight")
        if g.number_of_edges()
        else 0.0
    )
    sizes = [list(components.values()).count(c) for c in set(components.values())]
    return {
        "entities": g.number_of_nodes(),
        "linked pairs": g.number_of_edges(),
        "links": multi.number_of_edges(),
        "components": len(sizes),
        "largest component": max(sizes, default=0),
        "communities": len(community_sets),
        "modularity": round(modularity, 4),
    }


def projection(graph: nx.MultiDiGraph, which: str = "french") -> nx.Graph:
    """The French (or partner) side projected: two entities of that side are adjacent when they
    share a partner on the other side; `weight` = number of shared partners."""
    g = simple_graph(graph)
    nodes = {n for n, d in g.nodes(data=True) if side(d) == which}
    other = {n for n, d in g.nodes(data=True) if side(d) not in (which, "none")}
    b = g.subgraph(nodes | other).copy()
    b.remove_edges_from([(x, y) for x, y in b.edges() if (x in nodes) == (y in nodes)])
    return _project(b, nodes)


def _project(b: nx.Graph, nodes: set[str]) -> nx.Graph:
    """Nodes of `nodes` adjacent when they share a neighbour outside `nodes` (`weight`: how
    many). Unlike networkx's projection, an empty side is fine."""
    projected = nx.Graph()
    projected.add_nodes_from((n, b.nodes[n]) for n in nodes)
    for hub in set(b) - nodes:
        members = sorted(n for n in b[hub] if n in nodes)
        for i, x in enumerate(members):
            for y in members[i + 1 :]:
                w = projected.get_edge_data(x, y, {"weight": 0})["weight"]
                projected.add_edge(x, y, weight=w + 1)
    return projected


def to_csv(report: NetworkReport) -> str:
    """The per-entity rows as CSV (RFC 4180, header first)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({k: "" if row[k] is None else row[k] for k in COLUMNS})
    return buf.getvalue()


def render_table(report: NetworkReport, top: int | None = 25) -> str:
    """The summary and the `top` entities by betweenness, as a terminal table."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    shown = [c for c in COLUMNS if c != "entity"]
    table = Table(*shown, show_lines=False)
    rows = report.rows if top is None else report.rows[:top]
    for row in rows:
        table.add_row(*(Text("" if row[c] is None else str(row[c])) for c in shown))
    console = Console(file=io.StringIO(), width=200, color_system=None)
    items = list(report.summary.items())
    cut = [k for k, _ in items].index("french side") if "french side" in report.summary else None
    for part in (items[:cut], items[cut:]) if cut else (items,):
        console.print(", ".join(f"{k}: {v}" for k, v in part), soft_wrap=True)
    console.print(table)
    console.print(f"{len(rows)} of {len(report.rows)} entities, by betweenness (brokers first)")
    return str(console.file.getvalue())  # type: ignore[attr-defined]
