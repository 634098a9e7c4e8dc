"""Exporting the store for linked-data portals: RDF in five syntaxes, and CSV tables.

Triple formats (Turtle, N-Triples, JSON-LD) merge the graphs; quad formats (TriG, N-Quads) keep
one named graph per document, so the provenance of every statement travels with it. The ontology
graph is left out unless asked for. With `min_confidence`, the links less confident than that
(their resources: every triple about them or pointing at them) are left out; the entities and
mentions stay.

Every export is byte-stable: two exports of one graph are identical (statements sorted, blank
nodes labelled from their surroundings, `kg.export_turtle`). Turtle and TriG name coopkg's own IRI
families with prefixes of their own (`doc:`, `doc_<hash>:`, `tg_commune:`, `insee:`…,
`kg.export_names`), never with an escaped local name. JSON-LD is compacted with the context of
`kg.export_jsonld`, inline. `csv-actors` and `csv-links` are the tables of `kg.export_csv`.

Contact details never appear: the emitter masks them before anything is stored, and `export`
checks again before writing (an e-mail address anywhere, a phone number in any text).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import CoopkgError
from kg.export_csv import ACTOR_COLUMNS, LINK_COLUMNS, NOT_TEXT, actors, links, to_csv
from kg.export_jsonld import jsonld
from kg.export_turtle import canonical_blank_nodes, nquads, ntriples, trig, turtle
from kg.link_kinds import LINK_KINDS
from kg.redact import EMAIL, PHONE
from kg.store import Store
from kg.vocab import COOP

if TYPE_CHECKING:
    import networkx as nx

RDF_FORMATS = ("turtle", "nt", "jsonld", "trig", "nquads")
TABLE_FORMATS = ("csv-actors", "csv-links")
FORMATS = RDF_FORMATS + TABLE_FORMATS
QUAD_FORMATS = ("trig", "nquads")
SUFFIXES = {
    "turtle": ".ttl",
    "nt": ".nt",
    "jsonld": ".jsonld",
    "trig": ".trig",
    "nquads": ".nq",
    "csv-actors": ".csv",
    "csv-links": ".csv",
}
MEDIA_TYPES = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "trig": "application/trig",
    "nquads": "application/n-quads",
    "csv-actors": "text/csv",
    "csv-links": "text/csv",
}


def export_graph(
    store: Store, fmt: str = "turtle", with_ontology: bool = False, min_confidence: float = 0.0
) -> bytes:
    """Serialise the store's document and reference graphs (and the ontology if asked), without
    the links less confident than `min_confidence` (0: every link)."""
    if fmt not in FORMATS:
        raise CoopkgError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return serialize(exported_quads(store, with_ontology, min_confidence), fmt)


def exported_quads(
    store: Store, with_ontology: bool = False, min_confidence: float = 0.0
) -> list[ox.Quad]:
    """The quads every export is made of: the document and reference graphs (and the ontology
    if asked), without the links below `min_confidence`, blank nodes labelled canonically."""
    if not 0 <= min_confidence <= 1:
        raise CoopkgError(f"min confidence {min_confidence} is not between 0 and 1")
    graphs = [g for g in store.graphs() if with_ontology or not g.endswith("/graph/ontology")]
    low = _links_below(store, min_confidence) if min_confidence else set()
    quads = [
        q
        for g in graphs
        for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(g))
        if q.subject not in low and q.object not in low
    ]
    return canonical_blank_nodes(quads)


def merged_triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The distinct triples of `quads`, whatever their graph: what the triple formats hold."""
    return list({ox.Triple(q.subject, q.predicate, q.object) for q in quads})


def serialize(quads: list[ox.Quad], fmt: str) -> bytes:
    """`quads` in `fmt`, after checking that no contact detail is in them."""
    _check_literals(quads)
    if fmt in TABLE_FORMATS:
        columns, rows = (
            (ACTOR_COLUMNS, actors(quads)) if fmt == "csv-actors" else (LINK_COLUMNS, links(quads))
        )
        for row in rows:
            for column, cell in zip(columns, row, strict=True):
                if column not in NOT_TEXT:
                    _check_text(cell)
        data = to_csv(columns, rows)
    elif fmt == "trig":
        data = trig(quads)
    elif fmt == "nquads":
        data = nquads(quads)
    elif fmt == "turtle":
        data = turtle(merged_triples(quads))
    elif fmt == "nt":
        data = ntriples(merged_triples(quads))
    elif fmt == "jsonld":
        data = jsonld(merged_triples(quads))
    else:
        raise CoopkgError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    if EMAIL.search(data.decode("utf-8", errors="replace")):
        raise CoopkgError("refusing to export: the graph holds an e-mail address")
    return data


#: string literals that are codes, not text (hashes): never taken for a phone number
_CODES = frozenset({COOP.sha256, COOP.sourceKey})


def check_no_contacts(triples: Iterable[ox.Triple | ox.Quad], verb: str = "export") -> None:
    """Raise unless no text literal of `triples` holds an e-mail address or a phone number
    (the guard of every export and of the push)."""
    for t in triples:
        o = t.object
        if t.predicate.value in _CODES or not isinstance(o, ox.Literal):
            continue
        if o.language or o.datatype.value.endswith("#string"):
            _check_text(o.value, verb)


def check_network(graph: nx.MultiDiGraph) -> None:
    """Raise unless no text attribute of the partner network's nodes and edges holds an e-mail
    address or a phone number (the guard of the GraphML and GEXF exports)."""
    items = [*graph.nodes(data=True), *((s, t, d) for s, t, d in graph.edges(data=True))]
    for item in items:
        for value in _texts(item[-1]):
            _check_text(value)


def _texts(data: dict[str, object]) -> Iterator[str]:
    for value in data.values():
        values = value if isinstance(value, list | tuple | set) else [value]
        for v in values:
            if isinstance(v, str) and not v.startswith(("http://", "https://", "urn:")):
                yield v


def _check_literals(quads: list[ox.Quad]) -> None:
    check_no_contacts(quads)


def _check_text(text: str, verb: str = "export") -> None:
    if EMAIL.search(text):
        raise CoopkgError(f"refusing to {verb}: the graph holds an e-mail address")
    if PHONE.search(text):
        raise CoopkgError(f"refusing to {verb}: the graph holds a phone number")


_LOW_LINKS = f"""SELECT DISTINCT ?link WHERE {{
  GRAPH ?g {{
    VALUES ?class {{ {" ".join(f"<{COOP[k.cls]}>" for k in LINK_KINDS)} }}
    ?link a ?class .
    OPTIONAL {{ ?link <{COOP.confidence}> ?confidence }}
  }}
  FILTER (COALESCE(?confidence, 0) < ?min_confidence)
}}"""


def _links_below(store: Store, min_confidence: float) -> set[ox.NamedNode | ox.BlankNode]:
    """The link resources below `min_confidence` (a link of unknown confidence counts as 0)."""
    threshold = ox.Literal(float(min_confidence))  # an xsd:double, compared as a number
    return {r["link"] for r in store.select(_LOW_LINKS, {"min_confidence": threshold})}
