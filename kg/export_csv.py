"""CSV for portals and spreadsheets: the actors and the links of the exported graphs.

`actors` (`coopkg export --format csv-actors`): one row per actor at least one document
mentions: `actor` (IRI), `label` (the reference data's preferred name when it has one), `kind`
(ontology class), `country` (ISO 3166-1 code), `other_names` (every other name the graph knows,
` | `-separated), `codes` (official codes, `scheme=value`), `documents` (how many documents
mention it).

`links` (`--format csv-links`): one row per link resource and document, every kind of
`kg.link_kinds` (partnership, funding, member, lead, organiser, participant, location): `link`
(IRI), `kind`, `source`, `source_label`, `target`, `target_label`, `amount`, `currency`, `year`,
`start_year`, `end_year`, `confidence`, `builder`, `rule`, `evidence`, `document`,
`document_title`.

Rows are sorted, cells are plain text (several values ` | `-separated), RFC 4180 quoting, UTF-8.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

import pyoxigraph as ox

from kg.link_kinds import LINK_KINDS
from kg.normalize import fold
from kg.vocab import COOP, COOP_NS, DCTERMS, PROV, RDF, RDFS, SKOS, ontology_path

ACTOR_COLUMNS = ("actor", "label", "kind", "country", "other_names", "codes", "documents")
LINK_COLUMNS = (
    "link", "kind", "source", "source_label", "target", "target_label", "amount", "currency",
    "year", "start_year", "end_year", "confidence", "builder", "rule", "evidence", "document",
    "document_title",
)  # fmt: skip
#: columns holding IRIs or numbers (every other column is text from the documents)
NOT_TEXT = frozenset(
    {"actor", "link", "source", "target", "document", "documents", "amount", "year"}
    | {"start_year", "end_year", "confidence"}
)
_TYPE = RDF + "type"
_CODES = {"inseeCode": "insee", "departmentCode": "department", "isoCode": "iso3166", "code": ""}


@cache
def actor_classes() -> frozenset[str]:
    """coop:Actor and its subclasses (IRIs), from the ontology."""
    sub: dict[str, set[str]] = defaultdict(set)
    for t in ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE):
        if t.predicate.value == RDFS + "subClassOf" and isinstance(t.object, ox.NamedNode):
            sub[t.object.value].add(t.subject.value)
    found, todo = set(), [COOP.Actor]
    while todo:
        c = todo.pop()
        if c not in found:
            found.add(c)
            todo.extend(sub[c])
    return frozenset(found)


class _Index:
    """The exported quads, by graph and subject."""

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.graphs: dict[str, dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(list))
        )
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode) and isinstance(q.subject, ox.NamedNode):
                obj = q.object
                if isinstance(obj, ox.NamedNode | ox.Literal):
                    self.graphs[q.graph_name.value][q.subject.value][q.predicate.value].append(obj)
        self.documents = sorted(
            g
            for g, about in self.graphs.items()
            if _has(about.get(g, {}), _TYPE, COOP.SourceDocument)
        )

    def values(
        self, subject: str, predicate: str, graphs: Iterable[str] | None = None
    ) -> list[str]:
        """Every value of `predicate` on `subject` in `graphs` (all by default), sorted."""
        found: set[str] = set()
        for g in self.graphs if graphs is None else graphs:
            found.update(o.value for o in self.graphs[g].get(subject, {}).get(predicate, []))
        return sorted(found)

    def label(self, entity: str) -> str:
        """The reference data's preferred label, else the first a document gives."""
        reference = [g for g in self.graphs if g not in self.documents]
        labels = self.values(entity, SKOS + "prefLabel", reference)
        return (labels or self.values(entity, SKOS + "prefLabel") or [""])[0]


def _has(props: dict[str, list[ox.NamedNode | ox.Literal]], predicate: str, value: str) -> bool:
    return any(o.value == value for o in props.get(predicate, []))


def _join(values: Iterable[str]) -> str:
    return " | ".join(values)


def actors(quads: Iterable[ox.Quad]) -> list[list[str]]:
    """The rows of the actors table (without the header)."""
    idx = _Index(quads)
    classes = actor_classes()
    kinds: dict[str, set[str]] = defaultdict(set)
    docs: dict[str, set[str]] = defaultdict(set)
    for d in idx.documents:
        for subject, props in idx.graphs[d].items():
            for t in props.get(_TYPE, []):
                if t.value in classes:
                    kinds[subject].add(t.value[len(COOP_NS) :])
                    docs[subject].add(d)
    rows = []
    for actor in kinds:
        label = idx.label(actor)
        names = {*idx.values(actor, SKOS + "altLabel"), *idx.values(actor, SKOS + "prefLabel")}
        countries = [
            (idx.values(c, COOP.isoCode) or [c.rsplit("/", 1)[-1].upper()])[0]
            for c in idx.values(actor, COOP.country)
        ]
        codes = [
            f"{scheme}={v}" if scheme else v
            for local, scheme in _CODES.items()
            for v in idx.values(actor, COOP[local])
        ]
        rows.append([
            actor, label, _join(sorted(kinds[actor])), _join(sorted(set(countries))),
            _join(sorted(names - {label}, key=lambda n: (fold(n), n))), _join(codes),
            str(len(docs[actor])),
        ])  # fmt: skip
    return sorted(rows, key=lambda r: (fold(r[1]), r[0]))


def links(quads: Iterable[ox.Quad]) -> list[list[str]]:
    """The rows of the links table (without the header)."""
    idx = _Index(quads)
    by_class = {COOP[k.cls]: k for k in LINK_KINDS}
    rows = []
    for d in idx.documents:
        graph = idx.graphs[d]
        title = _join(idx.values(d, DCTERMS + "title", [d]))
        builds = [s for s, p in graph.items() if _has(p, PROV + "used", d)]
        builder = _join(
            sorted({lbl for b in builds for a in idx.values(b, PROV + "wasAssociatedWith", [d])
                    for lbl in idx.values(a, RDFS + "label", [d])})
        )  # fmt: skip
        for link, props in graph.items():
            for t in props.get(_TYPE, []):
                kind = by_class.get(t.value)
                if kind is None:
                    continue
                source, target = (idx.values(link, COOP[p], [d]) for p in kind.properties)

                def cell(local: str, link: str = link, d: str = d) -> str:
                    return _join(idx.values(link, COOP[local], [d]))

                rows.append([
                    link, kind.name, _join(source), _join(idx.label(s) for s in source),
                    _join(target), _join(idx.label(s) for s in target), cell("amount"),
                    cell("currency"), cell("year"), cell("startYear"), cell("endYear"),
                    cell("confidence"), builder, cell("extractionRule"), cell("evidence"), d,
                    title,
                ])  # fmt: skip
    return sorted(rows, key=lambda r: (r[1], fold(r[3]), fold(r[5]), r[8], r[0], r[15]))


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
