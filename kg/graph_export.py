"""The partner network for Gephi and other graph tools: GraphML or GEXF.

One node per entity (id: its IRI) with label, kind, country, side (french / partner / none),
years, budget, funding received and given in euros, other names and source documents; one edge
per link and document (key and `link` attribute: the link IRI) with kind, year, amount,
currency, evidence, document and the document's title. Attributes are scalars (lists joined
with " | ", unknown values left out), so networkx reads the file back to the same graph.
"""

from __future__ import annotations

import io
from typing import Any

import networkx as nx

from kg.errors import CoopkgError
from kg.network import side

FORMATS = ("graphml", "gexf")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf"}


def portable_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`graph` with scalar attributes only (what GraphML and GEXF can hold)."""
    documents = graph.graph.get("documents", {})
    out = nx.MultiDiGraph(name="coopkg partner network")
    for node, data in graph.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k not in ("names", "documents", "match_keys")}
        attrs["side"] = side(data)
        attrs["names"] = " | ".join(data.get("names", []))
        attrs["documents"] = " | ".join(_title(documents, d) for d in data.get("documents", []))
        out.add_node(node, **_scalars(attrs))
    for source, target, key, data in graph.edges(keys=True, data=True):
        attrs = dict(data, link=key, document_title=_title(documents, data.get("document")))
        out.add_edge(source, target, key=key, **_scalars(attrs))
    return out


def _title(documents: dict[str, dict[str, str]], iri: str | None) -> str:
    if not iri:
        return ""
    return documents.get(iri, {}).get("title") or iri


def _scalars(attrs: dict[str, Any]) -> dict[str, str | int | float]:
    """Unknown values and empty texts left out; numbers kept as int or float."""
    out: dict[str, str | int | float] = {}
    for key, value in attrs.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = int(value)
        out[key] = value if isinstance(value, int | float | str) else str(value)
    return out


def write_network(graph: nx.MultiDiGraph, fmt: str) -> bytes:
    """The graph serialised as GraphML or GEXF (UTF-8 XML)."""
    if fmt not in FORMATS:
        raise CoopkgError(f"unknown graph format {fmt!r} (known: {', '.join(FORMATS)})")
    buf = io.BytesIO()
    portable = portable_graph(graph)
    if fmt == "graphml":
        nx.write_graphml(portable, buf, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(portable, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def read_network(data: bytes, fmt: str) -> nx.MultiDiGraph:
    """Read back what `write_network` wrote: edges keyed by their `link` attribute."""
    buf = io.BytesIO(data)
    if fmt == "graphml":
        return nx.read_graphml(buf, force_multigraph=True)
    raw = nx.read_gexf(buf)
    graph = nx.MultiDiGraph(**raw.graph)
    graph.add_nodes_from(raw.nodes(data=True))
    for source, target, attrs in raw.edges(data=True):
        attrs = {k: v for k, v in attrs.items() if k != "id"}
        graph.add_edge(source, target, key=attrs.get("link"), **attrs)
    return graph
