"""Exporting the store: the document and reference graphs in an RDF format.

Triple formats (Turtle, N-Triples, JSON-LD) merge the graphs; quad formats (TriG, N-Quads)
keep one named graph per document, so the provenance of every statement travels with it.
The ontology graph is left out unless asked for. With `min_confidence`, the links less
confident than that (their resources: every triple about them or pointing at them) are left out;
the entities and mentions stay. Contact details never appear: the emitter masks them before
anything is stored, and `export` checks again before writing.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import CoopkgError
from kg.link_kinds import LINK_KINDS
from kg.redact import EMAIL
from kg.store import Store
from kg.vocab import COOP

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
SUFFIXES = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}


def export_graph(
    store: Store, fmt: str = "turtle", with_ontology: bool = False, min_confidence: float = 0.0
) -> bytes:
    """Serialise the store's document and reference graphs (and the ontology if asked), without
    the links less confident than `min_confidence` (0: every link)."""
    if fmt not in FORMATS:
        raise CoopkgError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if not 0 <= min_confidence <= 1:
        raise CoopkgError(f"min confidence {min_confidence} is not between 0 and 1")
    graphs = [g for g in store.graphs() if with_ontology or not g.endswith("/graph/ontology")]
    if min_confidence:
        store = _without_links_below(store, graphs, min_confidence)
    data = store.dump(FORMATS[fmt], graphs)
    if EMAIL.search(data.decode("utf-8", errors="replace")):
        raise CoopkgError("refusing to export: the graph holds an e-mail address")
    return data


_LOW_LINKS = f"""SELECT DISTINCT ?link WHERE {{
  GRAPH ?g {{
    VALUES ?class {{ {" ".join(f"<{COOP[k.cls]}>" for k in LINK_KINDS)} }}
    ?link a ?class .
    OPTIONAL {{ ?link <{COOP.confidence}> ?confidence }}
  }}
  FILTER (COALESCE(?confidence, 0) < ?min_confidence)
}}"""


def _without_links_below(store: Store, graphs: list[str], min_confidence: float) -> Store:
    """An in-memory copy of `graphs` without the link resources below `min_confidence` (a link
    of unknown confidence counts as 0)."""
    threshold = ox.Literal(float(min_confidence))  # an xsd:double, compared as a number
    low = {r["link"] for r in store.select(_LOW_LINKS, {"min_confidence": threshold})}
    kept = Store()
    kept.oxigraph.extend(
        q
        for g in graphs
        for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))
        if q.subject not in low and q.object not in low
    )
    return kept
