"""Byte-stable serialisations: N-Triples, N-Quads, Turtle and TriG written in sorted order.

Two exports of one graph are identical: statements are sorted (subjects, then predicates with
`rdf:type` first, then objects), and blank nodes get labels computed from what surrounds them
(`canonical_blank_nodes`), not the labels of one store. Turtle and TriG use the prefixes of
`kg.export_names` (never an escaped local name), write a blank node that one statement points at
inline (`[ … ]`, lists as `( … )`), and an unreferenced one as a `[ … ] .` statement.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.export_names import Names
from kg.vocab import RDF, XSD

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Subject = ox.NamedNode | ox.BlankNode | ox.Triple
_XSD_STRING = XSD + "string"
_XSD_INTEGER, _XSD_DECIMAL = XSD + "integer", XSD + "decimal"
_INTEGER, _DECIMAL = re.compile(r"[+-]?[0-9]+"), re.compile(r"[+-]?[0-9]*\.[0-9]+")
_FIRST, _REST, _NIL, _TYPE = RDF + "first", RDF + "rest", RDF + "nil", RDF + "type"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def quote(text: str) -> str:
    """A string as a Turtle / N-Triples quoted string."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def nt(term: Term | ox.DefaultGraph) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{quote(term.value)}@{term.language}"
        dt = term.datatype.value
        return quote(term.value) if dt == _XSD_STRING else f"{quote(term.value)}^^<{dt}>"
    if isinstance(term, ox.Triple):
        return str(term)
    return ""


# ---------------------------------------------------------------------------------------------
# blank nodes


def canonical_blank_nodes(quads: Sequence[ox.Quad]) -> list[ox.Quad]:
    """`quads` with every blank node relabelled from its surroundings (colour refinement over
    its incoming and outgoing statements), so that the labels do not depend on the store."""
    out: dict[ox.BlankNode, list[tuple[str, Term, str]]] = defaultdict(list)
    inc: dict[ox.BlankNode, list[tuple[Term, str, str]]] = defaultdict(list)
    for q in quads:
        g = nt(q.graph_name)
        if isinstance(q.subject, ox.BlankNode):
            out[q.subject].append((q.predicate.value, q.object, g))
        if isinstance(q.object, ox.BlankNode):
            inc[q.object].append((q.subject, q.predicate.value, g))
    nodes = sorted(set(out) | set(inc), key=lambda b: b.value)
    if not nodes:
        return list(quads)
    colour = dict.fromkeys(nodes, "")

    def key(t: Term) -> str:
        return f"_:{colour[t]}" if isinstance(t, ox.BlankNode) else nt(t)

    distinct = 1
    for _ in range(len(nodes)):
        refined = {}
        for b in nodes:
            sig = sorted(f"> {p} {key(o)} {g}" for p, o, g in out[b])
            sig += sorted(f"< {key(s)} {p} {g}" for s, p, g in inc[b])
            refined[b] = hashlib.sha1("\n".join([colour[b], *sig]).encode()).hexdigest()
        colour = refined
        if len(set(colour.values())) == distinct:
            break
        distinct = len(set(colour.values()))
    labels: dict[ox.BlankNode, ox.BlankNode] = {}
    count: dict[str, int] = defaultdict(int)
    for b in sorted(nodes, key=lambda b: (colour[b], b.value)):
        c = colour[b][:16]
        count[c] += 1
        labels[b] = ox.BlankNode(f"b{c}" if count[c] == 1 else f"b{c}x{count[c]}")

    def relabel(t: Term) -> Term:
        return labels[t] if isinstance(t, ox.BlankNode) else t

    return [
        ox.Quad(relabel(q.subject), q.predicate, relabel(q.object), q.graph_name)  # type: ignore[arg-type]
        for q in quads
    ]


# ---------------------------------------------------------------------------------------------
# line formats


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Sorted N-Triples, one distinct triple per line."""
    lines = {f"{nt(t.subject)} {nt(t.predicate)} {nt(t.object)} .\n" for t in triples}
    return "".join(sorted(lines)).encode("utf-8")


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads grouped by graph (graphs sorted), the lines of each graph sorted."""
    lines = {(nt(q.graph_name), f"{nt(q.subject)} {nt(q.predicate)} {nt(q.object)}") for q in quads}
    return "".join(f"{line} {g} .\n" if g else f"{line} .\n" for g, line in sorted(lines)).encode(
        "utf-8"
    )


# ---------------------------------------------------------------------------------------------
# Turtle and TriG


def turtle(triples: Iterable[ox.Triple], names: Names | None = None) -> bytes:
    """Sorted Turtle with prefixed names."""
    triples = list(triples)
    names = names or Names(_iris(triples))
    body = _Graph(triples, names, set()).statements("")
    return _document(names, body)


def trig(quads: Iterable[ox.Quad], names: Names | None = None) -> bytes:
    """Sorted TriG: one block per named graph (graphs sorted), the default graph first."""
    quads = list(quads)
    names = names or Names(_iris(quads))
    by_graph: dict[str, tuple[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Triple]]]
    by_graph = {}
    for q in quads:
        entry = by_graph.setdefault(nt(q.graph_name), (q.graph_name, []))
        entry[1].append(ox.Triple(q.subject, q.predicate, q.object))
    shared = _shared_blank_nodes(quads)
    blocks = []
    for key in sorted(by_graph):
        graph_name, triples = by_graph[key]
        graph = _Graph(triples, names, shared)
        if isinstance(graph_name, ox.DefaultGraph):
            blocks.append(graph.statements(""))
        else:
            label = graph.term(graph_name)
            blocks.append(f"{label} {{\n{graph.statements('    ')}}}\n")
    return _document(names, "\n".join(blocks))


def _document(names: Names, body: str) -> bytes:
    head = names.declarations()
    return (head + ("\n" if head and body else "") + body).encode("utf-8")


def _iris(statements: Iterable[ox.Triple | ox.Quad]) -> set[str]:
    found = set()
    for s in statements:
        terms: list[object] = [s.subject, s.predicate, s.object]
        if isinstance(s, ox.Quad):
            terms.append(s.graph_name)
        for t in terms:
            if isinstance(t, ox.NamedNode):
                found.add(t.value)
            elif isinstance(t, ox.Literal):
                found.add(t.datatype.value)
    return found


def _shared_blank_nodes(quads: Sequence[ox.Quad]) -> set[ox.BlankNode]:
    """Blank nodes that occur in more than one graph: always written by label."""
    graphs: dict[ox.BlankNode, set[str]] = defaultdict(set)
    for q in quads:
        for t in (q.subject, q.object):
            if isinstance(t, ox.BlankNode):
                graphs[t].add(nt(q.graph_name))
    return {b for b, gs in graphs.items() if len(gs) > 1}


class _Graph:
    """The statements of one graph, rendered."""

    def __init__(
        self, triples: Sequence[ox.Triple], names: Names, labelled: set[ox.BlankNode]
    ) -> None:
        self.names = names
        self.about: dict[Subject, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        refs: dict[ox.BlankNode, int] = defaultdict(int)
        for t in set(triples):
            self.about[t.subject][t.predicate.value].append(t.object)
            if isinstance(t.object, ox.BlankNode):
                refs[t.object] += 1
        blanks = {t for t in self.about if isinstance(t, ox.BlankNode)} | set(refs)
        #: blank nodes written inline where their one reference is
        self.inline = {b for b in blanks if refs[b] == 1 and b not in labelled}
        #: blank nodes no statement points at: written as `[ … ] .`
        self.anonymous = {b for b in blanks if refs[b] == 0 and b not in labelled}
        self._done: set[ox.BlankNode] = set()

    def statements(self, indent: str) -> str:
        """Every statement of the graph, sorted; blank nodes caught in a cycle get labels."""
        while True:
            self._done = set()
            named = sorted(
                (s for s in self.about if s not in self.inline and s not in self.anonymous),
                key=lambda s: (isinstance(s, ox.BlankNode), nt(s)),
            )
            blocks = [f"{indent}{self.term(s)} {self._properties(s, indent)} .\n" for s in named]
            anonymous = sorted(
                f"{indent}{self._blank(b, indent)} .\n" for b in self.anonymous if b in self.about
            )
            stranded = sorted(self.inline - self._done, key=lambda b: b.value)
            if not stranded:
                return "".join(blocks + anonymous)
            self.inline.discard(stranded[0])  # a cycle of blank nodes: label one and retry

    def term(self, t: Term | ox.DefaultGraph) -> str:
        if isinstance(t, ox.NamedNode):
            return self.names.qname(t.value) or f"<{t.value}>"
        if isinstance(t, ox.Literal) and not t.language:
            dt = t.datatype.value
            if dt == _XSD_INTEGER and _INTEGER.fullmatch(t.value):
                return t.value
            if dt == _XSD_DECIMAL and _DECIMAL.fullmatch(t.value):
                return t.value
            if dt != _XSD_STRING:
                return f"{quote(t.value)}^^{self.names.qname(dt) or f'<{dt}>'}"
        return nt(t)

    def _properties(self, s: Subject, indent: str) -> str:
        props = self.about[s]
        order = sorted(props, key=lambda p: (p != _TYPE, p))
        parts = []
        for p in order:
            verb = "a" if p == _TYPE else self.term(ox.NamedNode(p))
            objects = sorted(self._object(o, indent + "    ") for o in props[p])
            parts.append(f"{verb} {' , '.join(objects)}")
        return f" ;\n{indent}    ".join(parts)

    def _object(self, o: Term, indent: str) -> str:
        if isinstance(o, ox.BlankNode) and o in self.inline:
            items = self._list(o)
            if items is not None:
                return "( " + " ".join(items) + " )"
            return self._blank(o, indent)
        return self.term(o)

    def _blank(self, b: ox.BlankNode, indent: str) -> str:
        self._done.add(b)
        if not self.about.get(b):
            return "[]"
        return f"[\n{indent}    {self._properties(b, indent)}\n{indent}]"

    def _list(self, head: ox.BlankNode) -> list[str] | None:
        """The items of a well-formed RDF list starting at `head`, or None."""
        items, node, seen = [], head, []
        while True:
            props = self.about.get(node) if isinstance(node, ox.BlankNode) else None
            if (
                not props
                or set(props) != {_FIRST, _REST}
                or len(props[_FIRST]) != 1
                or len(props[_REST]) != 1
                or (node is not head and node not in self.inline)
                or node in seen
            ):
                return None
            seen.append(node)
            first, rest = props[_FIRST][0], props[_REST][0]
            if isinstance(first, ox.BlankNode) and first in self.inline and first in seen:
                return None
            items.append(self._object(first, "    "))
            if isinstance(rest, ox.NamedNode) and rest.value == _NIL:
                self._done.update(seen)
                return items
            node = rest  # type: ignore[assignment]
