"""Exporting the store: the document and reference graphs in an RDF format.

Triple formats (Turtle, N-Triples, JSON-LD) merge the graphs; quad formats (TriG, N-Quads)
keep one named graph per document, so the provenance of every statement travels with it.
The ontology graph is left out unless asked for. Contact details never appear: the emitter
masks them before anything is stored, and `export` checks again before writing.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.errors import CoopkgError
from kg.redact import EMAIL
from kg.store import Store

FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}
SUFFIXES = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "trig": ".trig", "nquads": ".nq"}


def export_graph(store: Store, fmt: str = "turtle", with_ontology: bool = False) -> bytes:
    """Serialise the store's document and reference graphs (and the ontology if asked)."""
    if fmt not in FORMATS:
        raise CoopkgError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    graphs = [g for g in store.graphs() if with_ontology or not g.endswith("/graph/ontology")]
    data = store.dump(FORMATS[fmt], graphs)
    if EMAIL.search(data.decode("utf-8", errors="replace")):
        raise CoopkgError("refusing to export: the graph holds an e-mail address")
    return data
