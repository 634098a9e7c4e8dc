"""The HTML page: pyvis builds the vis-network nodes, edges and options; the project's own
template (`template.html`) inlines vis-network (pyvis's bundled copy), so the page opens with no
network at all.

Parallel links of one kind between two entities are drawn as one edge whose tooltip lists them
all. Positions are computed here (`kg.viz.layout`), so the page starts with physics off and is
interactive as soon as it is drawn. The vis-network object is the page's global `network`.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from kg.network import analyse
from kg.normalize import fold
from kg.viz.layout import layout
from kg.viz.style import INITIATIVE_KINDS, country_shape, edge_style, kind_colour, legend
from kg.viz.text import edge_text, node_text

SIZES = ("degree", "funding")
LARGE = 1500  # nodes: above this, edges hide while dragging and zooming


@dataclass(frozen=True)
class PageOptions:
    """What the page is called, what sizes the nodes, which nodes are the focus."""

    title: str = "Partner network"
    subtitle: str = ""
    size: str = "degree"
    focus: tuple[str, ...] = field(default_factory=tuple)
    seed: int = 42


def build_network(graph: nx.MultiDiGraph, options: PageOptions) -> Network:
    """A pyvis Network holding the styled, positioned nodes and edges of `graph`."""
    measures = analyse(graph, options.seed).by_entity()
    positions = layout(graph, options.seed)
    net = Network(directed=True, cdn_resources="in_line", height="100%", width="100%")
    drawn = _drawn_edges(graph)
    counts = _link_counts(drawn)
    documents = graph.graph.get("documents", {})
    for node, data in graph.nodes(data=True):
        data = {**data, "link_counts": counts.get(node, {})}
        net.add_node(node, **_node(node, data, measures[node], positions[node], documents, options))
    for i, ((source, target, kind), links) in enumerate(drawn.items()):
        edge = _edge(graph, source, target, kind, links, documents)
        net.add_edge(source, target, id=f"e{i}", **edge)
    _curve_parallel(net.edges)
    net.options = _vis_options(graph.number_of_nodes())
    return net


def _drawn_edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    drawn: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for source, target, data in graph.edges(data=True):
        drawn[(source, target, data["kind"])].append(data)
    return dict(sorted(drawn.items()))


def drawn_edge_count(graph: nx.MultiDiGraph) -> int:
    """How many edges the page draws for `graph` (one per kind and ordered pair)."""
    return len({(s, t, d["kind"]) for s, t, d in graph.edges(data=True)})


def _link_counts(drawn: dict[tuple[str, str, str], list[Any]]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (source, target, kind), links in drawn.items():
        counts[source][kind] += len(links)
        counts[target][kind] += len(links)
    return counts


def _node(
    node: str,
    data: dict[str, Any],
    measures: dict[str, Any],
    position: tuple[float, float],
    documents: dict[str, Any],
    options: PageOptions,
) -> dict[str, Any]:
    kind = data.get("kind", "Entity")
    focus = node in options.focus
    colour = kind_colour(kind)
    return {
        "label": _short(data.get("display_label") or data.get("label", node)),
        "name": data.get("label", node),
        "title": node_text(data, documents, measures),
        "shape": country_shape(data.get("country")),
        "color": {
            "background": colour,
            "border": "#111111" if focus else _darker(colour),
            "highlight": {"background": colour, "border": "#000000"},
        },
        "borderWidth": 5 if focus else 1.5,
        "size": _size(data, measures, options.size) * (1.4 if focus else 1.0),
        "x": position[0],
        "y": position[1],
        "kind": kind,
        "country": data.get("country") or "",
        "search": " | ".join({fold(n) for n in [data.get("label", ""), *data.get("names", [])]}),
        "font": {"size": 16 if focus else 14, "strokeWidth": 4, "strokeColor": "#ffffff"},
        "focus": focus,
        "initiative": kind in INITIATIVE_KINDS,
    }


def _short(label: str, limit: int = 28) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _darker(colour: str) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.65) for c in (r, g, b)))


def _size(data: dict[str, Any], measures: dict[str, Any], by: str) -> float:
    if by == "funding":
        eur = data.get("funding_received_eur") or 0.0
        return 8 + 3.2 * math.log1p(eur / 1000) if eur else 7.0
    return min(8 + 5 * math.sqrt(measures["degree"]), 48)


def _edge(
    graph: nx.MultiDiGraph,
    source: str,
    target: str,
    kind: str,
    links: list[Any],
    documents: dict[str, Any],
) -> dict[str, Any]:
    style = edge_style(kind)
    labels = graph.nodes[source].get("label", source), graph.nodes[target].get("label", target)
    width = style.width
    if kind == "funding":
        eur = sum(link["amount"] or 0 for link in links)
        width = min(1.5 + 1.2 * math.log1p(eur / 5000), 9)
    return {
        "title": edge_text(kind, *labels, links, documents),
        "color": {"color": style.colour, "highlight": "#000000", "opacity": 0.85},
        "dashes": style.dashes,
        "width": width,
        "arrows": {"to": {"enabled": style.arrow, "scaleFactor": 0.6}},
        "kind": kind,
        "links": len(links),
    }


def _curve_parallel(edges: list[dict[str, Any]]) -> None:
    """Edges between the same two nodes bend apart instead of overlapping."""
    seen: dict[frozenset[str], int] = defaultdict(int)
    for edge in edges:
        pair = frozenset((edge["from"], edge["to"]))
        n = seen[pair]
        seen[pair] += 1
        if n:
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.18 * n}


def _vis_options(n: int) -> dict[str, Any]:
    large = n > LARGE
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "navigationButtons": False,
            "keyboard": False,
        },
        "edges": {"smooth": False, "selectionWidth": 2},
        "nodes": {"scaling": {"label": {"drawThreshold": 7}}},
    }


def render_page(graph: nx.MultiDiGraph, options: PageOptions | None = None) -> str:
    """The whole self-contained HTML page for `graph`."""
    options = options or PageOptions()
    if options.size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    net = build_network(graph, options)
    nodes, edges, _, _, _, vis_options = net.get_network_data()
    kinds = {n["kind"] for n in nodes}
    countries = {data.get("country") for _, data in graph.nodes(data=True)}
    template = _environment().from_string(_asset("template.html"))
    return template.render(
        title=options.title,
        subtitle=options.subtitle,
        counts={"nodes": len(nodes), "edges": len(edges), "links": graph.number_of_edges()},
        legend=legend(kinds, countries, {e["kind"] for e in edges}),
        size_by=options.size,
        vis_js=Markup(_script_safe(_vis_asset("vis-network.min.js"))),
        vis_css=Markup(_vis_asset("vis-network.css")),
        data=Markup(_json({"nodes": nodes, "edges": edges, "options": json.loads(vis_options)})),
    )


def write_page(graph: nx.MultiDiGraph, path: Path, options: PageOptions | None = None) -> Path:
    """Write the page to `path` (folders created) and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(graph, options), encoding="utf-8")
    return path


def _environment() -> Environment:
    return Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _asset(name: str) -> str:
    return files("kg.viz").joinpath(name).read_text("utf-8")


def _vis_asset(name: str) -> str:
    import pyvis

    return (Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name).read_text(
        "utf-8"
    )


def _script_safe(js: str) -> str:
    """Script text that cannot close its <script> element early."""
    return js.replace("</script", "<\\/script")


def _json(value: Any) -> str:
    """JSON that is safe inside a <script> element: <, > and & as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def notebook_view(html: str, height: int = 620) -> Any:
    """The page inline in a notebook (an iframe whose `srcdoc` is the escaped page)."""
    import warnings
    from html import escape

    from IPython.display import HTML

    frame = (
        f'<iframe srcdoc="{escape(html, quote=True)}" style="width:100%;height:{height}px;'
        'border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
    )
    with warnings.catch_warnings():  # IPython suggests IFrame, which needs a file or a server
        warnings.simplefilter("ignore", UserWarning)
        return HTML(frame)  # type: ignore[no-untyped-call]
