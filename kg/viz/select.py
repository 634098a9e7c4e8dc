"""Choosing what to draw: filters, the ego network of a named entity, a named query's pairs."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.errors import CoopkgError, UnknownQuery
from kg.network import LINK_KINDS, link_graph, link_year
from kg.normalize import fold
from kg.store import Store
from kg.viz.style import KIND_COLOURS


class NotFound(CoopkgError):
    """No entity of the graph has the given name."""

    exit_code = 2


@dataclass(frozen=True)
class Filters:
    """Which links to keep: every given criterion must hold (an empty one keeps everything).

    `kinds` holds link kinds (`funding`) and entity kinds (`Commune`: one end of the link is one);
    `countries` ISO codes (one end of the link is in one of them); `since` a year (the link's
    year, or its programme's start year, is at least `since`; links with no year are left out);
    `min_confidence` the lowest confidence a link may have (0, the default, keeps every link;
    above it, a link of unknown confidence is left out).
    """

    kinds: Sequence[str] = field(default_factory=tuple)
    countries: Sequence[str] = field(default_factory=tuple)
    since: int | None = None
    min_confidence: float = 0.0

    def __post_init__(self) -> None:
        if not 0 <= self.min_confidence <= 1:
            raise UnknownQuery(f"min confidence {self.min_confidence} is not between 0 and 1")
        known = {k.casefold(): k for k in (*LINK_KINDS, *KIND_COLOURS)}
        unknown = [k for k in self.kinds if k.casefold() not in known]
        if unknown:
            raise UnknownQuery(
                f"unknown kind {', '.join(unknown)} (link kinds: {', '.join(LINK_KINDS)}; "
                f"entity kinds: {', '.join(KIND_COLOURS)})"
            )
        object.__setattr__(self, "kinds", tuple(known[k.casefold()] for k in self.kinds))
        object.__setattr__(self, "countries", tuple(c.upper() for c in self.countries))


def apply_filters(graph: nx.MultiDiGraph, filters: Filters) -> nx.MultiDiGraph:
    """The links passing `filters`, with their ends (the graph is left as it is)."""
    link_kinds = {k for k in filters.kinds if k in LINK_KINDS}
    node_kinds = set(filters.kinds) - link_kinds
    keep = []
    for s, t, key, data in graph.edges(keys=True, data=True):
        ends = (graph.nodes[s], graph.nodes[t])
        if link_kinds and data["kind"] not in link_kinds:
            continue
        if node_kinds and not any(e.get("kind") in node_kinds for e in ends):
            continue
        if filters.countries and not any(e.get("country") in filters.countries for e in ends):
            continue
        if filters.since is not None and (link_year(graph, t, data) or 0) < filters.since:
            continue
        if filters.min_confidence and (data.get("confidence") or 0) < filters.min_confidence:
            continue
        keep.append((s, t, key))
    return graph.edge_subgraph(keep).copy()


def find_nodes(graph: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes one of whose names folds to `fold(name)` (case, accents, punctuation ignored)."""
    wanted = fold(name)
    found = [
        node
        for node, data in graph.nodes(data=True)
        if wanted in {*data.get("match_keys", ()), *map(fold, _names(data))}
    ]
    if not found:
        labels = {fold(n): n for _, d in graph.nodes(data=True) for n in _names(d)}
        close = difflib.get_close_matches(wanted, list(labels), n=5, cutoff=0.6)
        hint = f" (did you mean: {', '.join(labels[c] for c in close)}?)" if close else ""
        raise NotFound(f"no entity named {name!r} in the graph{hint}")
    return sorted(found)


def _names(data: dict[str, Any]) -> list[str]:
    return [data.get("label", ""), *data.get("names", ())]


def ego_network(graph: nx.MultiDiGraph, name: str, hops: int = 1) -> nx.MultiDiGraph:
    """Everything within `hops` links of the entities named `name` (links in any direction)."""
    return around(graph, find_nodes(graph, name), hops)


def around(graph: nx.MultiDiGraph, centres: list[str], hops: int) -> nx.MultiDiGraph:
    """The subgraph of the nodes within `hops` links of `centres`; `graph.graph["focus"]` names
    the centres."""
    undirected = graph.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep |= set(nx.single_source_shortest_path_length(undirected, centre, cutoff=hops))
    sub = graph.subgraph(keep).copy()
    sub.graph["focus"] = list(centres)
    return sub


@dataclass(frozen=True)
class Selection:
    """What `coopkg viz` draws: the whole graph or a named query's pairs, filtered, then
    (with `focus`) only what lies within `hops` links of the entity of that name."""

    focus: str | None = None
    hops: int = 1
    query: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    filters: Filters = field(default_factory=Filters)


def select_graph(store: Store, selection: Selection) -> nx.MultiDiGraph:
    """The graph to draw for `selection` (the store is only read)."""
    graph = link_graph(store)
    if selection.query:
        graph = query_graph(store, graph, selection.query, selection.params)
    centres = find_nodes(graph, selection.focus) if selection.focus else []
    chosen = apply_filters(graph, selection.filters)
    chosen.graph.update(graph.graph)
    chosen.add_nodes_from((c, graph.nodes[c]) for c in centres)
    return around(chosen, centres, selection.hops) if centres else chosen


#: the most entities `coopkg viz` draws unless told otherwise (`--max-nodes`): above a few
#: thousand a browser takes long to open the page and the picture is a blur
DEFAULT_MAX_NODES = 2000


def top_by_degree(graph: nx.MultiDiGraph, limit: int) -> nx.MultiDiGraph:
    """`graph` itself when it has at most `limit` entities; else its `limit` entities with the
    most links (ties by key: the same graph always gives the same page) and the links between
    them, `graph.graph["truncated"]` holding (entities before, entities kept), and the focused
    entities always kept."""
    total = graph.number_of_nodes()
    if total <= limit:
        return graph
    focus = [n for n in graph.graph.get("focus", ()) if n in graph]
    ranked = sorted(graph.degree(), key=lambda nd: (-nd[1], str(nd[0])))
    keep = list(dict.fromkeys([*focus, *(n for n, _ in ranked)]))[: max(limit, len(focus))]
    top = nx.MultiDiGraph(graph.subgraph(keep))
    top.graph.update(graph.graph)
    top.graph["truncated"] = (total, top.number_of_nodes())
    return top


def query_graph(
    store: Store, graph: nx.MultiDiGraph, name: str, params: dict[str, str]
) -> nx.MultiDiGraph:
    """The pairs of entities a named query's rows give, with the links between them.

    A row names two entities in two columns (`links`: source and target), or one entity beside
    a `fold` parameter naming the other (`partners_of`). Each pair is drawn with the links the
    documents state between them (those of the row's document when it has one), or with one
    `related` edge when the store holds none.
    """
    from kg.named_queries import get_query
    from kg.results import Table

    query = get_query(name)
    table = Table.from_solutions(store.select(query.bound(params)))
    anchors = [
        n for p in query.params if p.type == "fold" for n in find_nodes(graph, params[p.name])
    ]
    pairs = [pair for row in table.values() for pair in _row_pairs(row, graph, anchors)]
    return _pairs_graph(graph, pairs)


def _row_pairs(
    row: dict[str, Any], graph: nx.MultiDiGraph, anchors: list[str]
) -> Iterable[tuple[str, str, dict[str, Any]]]:
    ends = [v for k, v in row.items() if k != "document" and isinstance(v, str) and v in graph]
    ends = list(dict.fromkeys(ends))
    others = ends[1:2] if len(ends) >= 2 else [a for a in anchors if a not in ends]
    for other in others if ends else ():
        yield ends[0], other, row


def _pairs_graph(
    graph: nx.MultiDiGraph, pairs: list[tuple[str, str, dict[str, Any]]]
) -> nx.MultiDiGraph:
    sub = nx.MultiDiGraph(**graph.graph)
    for a, b, row in pairs:
        sub.add_node(a, **graph.nodes[a])
        sub.add_node(b, **graph.nodes[b])
        links = _links_between(graph, a, b, row.get("document"))
        for s, t, key, data in links:
            sub.add_edge(s, t, key=key, **data)
        if not links:
            sub.add_edge(a, b, key=f"row:{a}|{b}", **_row_edge(row))
    return sub


def _links_between(graph: nx.MultiDiGraph, a: str, b: str, document: str | None) -> list[Any]:
    found = []
    for s, t in ((a, b), (b, a)):
        for key, data in (graph.get_edge_data(s, t) or {}).items():
            if document is None or data["document"] == document:
                found.append((s, t, key, data))
    return found


def _row_edge(row: dict[str, Any]) -> dict[str, Any]:
    year = row.get("year") or row.get("start_year")
    confidence = row.get("confidence")
    return {
        "kind": "related",
        "year": int(str(year)[:4]) if year else None,
        "end_year": None,
        "amount": None,
        "currency": None,
        "evidence": None,
        "document": row.get("document"),
        "confidence": float(confidence) if confidence is not None else None,
        "rule": row.get("rule"),
    }


def headline(selection: Selection, graph: nx.MultiDiGraph) -> tuple[str, str]:
    """A title and a subtitle saying what the page shows (labels escaped by the template)."""
    focus = graph.graph.get("focus") or []
    if focus:
        labels = ", ".join(graph.nodes[c].get("label", c) for c in focus)
        hops = f"{selection.hops} hop" + ("s" if selection.hops != 1 else "")
        title = f"{labels}: partners within {hops}"
    elif selection.query:
        title = f"Query {selection.query}"
    else:
        title = "Partner network"
    notes = []
    if focus and selection.focus:
        notes.append(f"found as “{selection.focus}”")
    if selection.query and focus:
        notes.append(f"query {selection.query}")
    for name, value in selection.params.items():
        notes.append(f"{name} = {value}")
    f = selection.filters
    if f.kinds:
        notes.append("kinds: " + ", ".join(f.kinds))
    if f.countries:
        notes.append("countries: " + ", ".join(f.countries))
    if f.since is not None:
        notes.append(f"links since {f.since}")
    if f.min_confidence:
        notes.append(f"confidence ≥ {f.min_confidence:g}")
    truncated = graph.graph.get("truncated")
    if truncated:
        notes.append(f"the {truncated[1]:,} most linked of {truncated[0]:,} entities")
    return title, " · ".join(notes)
