"""The one place that writes RDF: a resolved `Extraction` becomes its document's quads.

Shape of a document graph (its name is the document IRI `<base>doc/<sha256 prefix>`):

* the document (`coop:SourceDocument`: title, hash, date/URL when known) and its build
  (`coop:BuildActivity` used the document, associated with the `coop:Builder`, with a time);
* each entity it mentions, typed with its kind, labelled (`skos:prefLabel`, the document's other
  forms as `skos:altLabel`, each with a folded `coop:matchKey`), with its country and codes;
* each mention (`coop:Mention`: the surface form and its character span);
* each statement as a `coop:Link` resource (Partnership, Funding, Membership...) with its
  evidence text and span, derived from the document.

Statement and mention IRIs are derived from their content, so building the same document twice
gives the same triples. Every text is passed through `kg.redact` first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox

from kg.countries import country
from kg.document import Document
from kg.extraction import Extraction, Mention, Statement
from kg.link_kinds import BY_NAME
from kg.normalize import fold, slug
from kg.redact import redact
from kg.resolve import Entity
from kg.vocab import COOP, DCTERMS, DEFAULT_BASE, PROV, RDF, RDFS, SCHEMA, SKOS, XSD

_TYPE = ox.NamedNode(RDF + "type")

_YEARS = {
    "year": "year",
    "start_year": "startYear",
    "end_year": "endYear",
    "convention_year": "conventionYear",
}
_DECIMALS = {
    "amount": "amount",
    "water_law_amount": "waterLawAmount",
    "share": "share",
    "budget": "budget",
}
_DATES = {"date": "date", "end_date": "endDate"}
_STRINGS = {"currency": "currency", "status": "status", "form": "form"}


@dataclass(frozen=True)
class Iris:
    """IRIs below one base."""

    base: str = DEFAULT_BASE

    def document(self, sha256: str) -> str:
        return f"{self.base}doc/{sha256[:16]}"

    def entity(self, key: str) -> str:
        return f"{self.base}id/{key}"

    def country(self, code: str) -> str:
        return self.entity(f"country/{code.lower()}")

    def theme(self, label: str) -> str:
        return self.entity(f"theme/{slug(label)}")

    def builder(self, name: str) -> str:
        return f"{self.base}builder/{slug(name)}"


def document_iri(doc: Document, base: str = DEFAULT_BASE) -> str:
    """The IRI naming `doc` and its graph."""
    return Iris(base).document(doc.sha256)


def emit(
    doc: Document,
    extraction: Extraction,
    entities: dict[str, Entity],
    built_at: datetime,
    base: str = DEFAULT_BASE,
    source_key: str | None = None,
) -> list[ox.Triple]:
    """The triples of `doc`'s graph. `entities` maps mention ids to resolved entities."""
    w = _Writer(Iris(base), doc)
    w.document(extraction, built_at, source_key)
    for e in _unique(entities.values()):
        w.entity(e)
    for m in extraction.mentions:
        w.mention(m, entities[m.id])
    by_id = {s.id: s for s in extraction.statements}
    for s in extraction.statements:
        w.statement(s, entities, by_id)
    return w.triples


def reference_triples(
    entities: Iterable[Entity], graph: str, base: str = DEFAULT_BASE
) -> list[ox.Triple]:
    """The triples of the reference graph: every reference entity with all its names."""
    w = _Writer(Iris(base), Document(path=graph, text="", media_type="text/csv"), graph)
    for e in _unique(entities):
        w.entity(e)
        node = ox.NamedNode(w.iris.entity(e.key))
        for alias in e.aliases:
            if alias != e.label:
                w.label(node, alias, SKOS + "altLabel")
    return w.triples


def _unique(entities: Any) -> Iterator[Entity]:
    seen: set[str] = set()
    for e in entities:
        if e.key not in seen:
            seen.add(e.key)
            yield e


_URL_SAFE = ":/?#@!$&'()*+,;=%~-._"


def _url_node(url: str) -> ox.NamedNode | None:
    """The document's URL as an IRI, percent-encoding what IRIs forbid (`[`, `]`, spaces...);
    None when it still is no IRI."""
    try:
        return ox.NamedNode(quote(url.strip(), safe=_URL_SAFE))
    except ValueError:
        return None


def _lit(value: Any, datatype: str | None = None) -> ox.Literal:
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(datatype))
    return ox.Literal(redact(str(value)))


def _decimal(value: Any) -> ox.Literal | None:
    try:
        d = Decimal(str(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return ox.Literal(format(d.normalize(), "f"), datatype=ox.NamedNode(XSD + "decimal"))


def _year(value: Any) -> ox.Literal | None:
    text = str(value).strip()
    return _lit(f"{int(text):04d}", XSD + "gYear") if text.isdigit() else None


class _Writer:
    """Accumulates the triples of one document graph."""

    def __init__(self, iris: Iris, doc: Document, graph: str | None = None) -> None:
        self.iris = iris
        self.doc = doc
        self.doc_node = ox.NamedNode(graph or iris.document(doc.sha256))
        self.triples: list[ox.Triple] = []
        self._seen: set[ox.Triple] = set()

    def add(self, s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal | None) -> None:
        if o is None:
            return
        t = ox.Triple(s, ox.NamedNode(p), o)
        if t not in self._seen:
            self._seen.add(t)
            self.triples.append(t)

    def local(self, fragment: str) -> ox.NamedNode:
        return ox.NamedNode(f"{self.doc_node.value}#{fragment}")

    def document(self, ex: Extraction, built_at: datetime, source_key: str | None) -> None:
        d, doc = self.doc_node, self.doc
        self.add(d, RDF + "type", ox.NamedNode(COOP.SourceDocument))
        self.add(d, COOP.sha256, _lit(doc.sha256))
        title = ex.title or doc.title or doc.name
        self.add(d, DCTERMS + "title", _lit(title))
        self.add(d, DCTERMS + "format", _lit(doc.media_type))
        if ex.date or doc.date:
            self.add(d, DCTERMS + "date", _lit(ex.date or doc.date))
        if ex.url or doc.url:
            self.add(d, SCHEMA + "url", _url_node(str(ex.url or doc.url)))
        if source_key:
            self.add(d, COOP.sourceKey, _lit(source_key))
        build, builder = self.local("build"), ox.NamedNode(self.iris.builder(ex.builder))
        self.add(build, RDF + "type", ox.NamedNode(COOP.BuildActivity))
        self.add(build, PROV + "used", d)
        self.add(build, PROV + "wasAssociatedWith", builder)
        self.add(build, PROV + "endedAtTime", _lit(built_at.isoformat(), XSD + "dateTime"))
        self.add(builder, RDF + "type", ox.NamedNode(COOP.Builder))
        self.add(builder, RDFS + "label", _lit(ex.builder))
        self.add(builder, COOP.builderVersion, _lit(ex.builder_version))

    def entity(self, e: Entity) -> None:
        node = ox.NamedNode(self.iris.entity(e.key))
        self.add(node, RDF + "type", ox.NamedNode(COOP[e.kind]))
        self.label(node, e.label, SKOS + "prefLabel")
        if e.country:
            self.country(node, e.country)
        for scheme, value in e.codes:
            prop = {
                "insee": COOP.inseeCode,
                "department": COOP.departmentCode,
                "iso3166-2": COOP.isoCode,
            }.get(scheme)
            self.add(node, prop or COOP.code, _lit(value if prop else f"{scheme}={value}"))

    def country(self, node: ox.NamedNode, code: str) -> None:
        c_node = ox.NamedNode(self.iris.country(code))
        self.add(node, COOP.country, c_node)
        self.add(c_node, RDF + "type", ox.NamedNode(COOP.Country))
        c = country(code)
        self.label(c_node, c.name_fr if c else code.upper(), SKOS + "prefLabel")
        self.add(c_node, COOP.isoCode, _lit(code.upper()))

    def label(self, node: ox.NamedNode, text: str, prop: str) -> None:
        text = " ".join(redact(text).split())
        if text:
            self.add(node, prop, ox.Literal(text))
            self.add(node, COOP.matchKey, ox.Literal(fold(text)))

    def mention(self, m: Mention, e: Entity) -> None:
        node = ox.NamedNode(self.iris.entity(e.key))
        for form in {m.text, m.name, m.attrs.get("acronym") or ""}:
            if form and " ".join(form.split()) != e.label:
                self.label(node, form, SKOS + "altLabel")
        self.facts(node, m.attrs)
        mn = self.local(f"m{m.start}-{m.end}")
        self.add(mn, RDF + "type", ox.NamedNode(COOP.Mention))
        self.add(mn, COOP.denotes, node)
        self.add(mn, COOP.surfaceForm, _lit(m.text))
        self.add(mn, COOP.evidenceStart, _lit(m.start, XSD + "integer"))
        self.add(mn, COOP.evidenceEnd, _lit(m.end, XSD + "integer"))
        self.add(mn, PROV + "wasDerivedFrom", self.doc_node)

    def facts(self, node: ox.NamedNode, attrs: dict[str, Any]) -> None:
        for key, value in attrs.items():
            if value in (None, "", []):
                continue
            if key in _YEARS:
                self.add(node, COOP[_YEARS[key]], _year(value))
            elif key in _DECIMALS:
                self.add(node, COOP[_DECIMALS[key]], _decimal(value))
            elif key in _DATES:
                self.add(node, COOP[_DATES[key]], _lit(value, XSD + "date"))
            elif key in _STRINGS:
                self.add(node, COOP[_STRINGS[key]], _lit(value))
            elif key == "title":
                self.add(node, DCTERMS + "title", _lit(value))
            elif key == "themes":
                for theme in value:
                    self.theme(node, theme)

    def theme(self, node: ox.NamedNode, label: str) -> None:
        t = ox.NamedNode(self.iris.theme(label))
        self.add(node, COOP.theme, t)
        self.add(t, RDF + "type", ox.NamedNode(COOP.Theme))
        self.add(t, SKOS + "prefLabel", _lit(label))
        self.add(t, SKOS + "inScheme", ox.NamedNode(COOP.themes))

    def statement(
        self, s: Statement, entities: dict[str, Entity], statements: dict[str, Statement]
    ) -> None:
        kind = BY_NAME[s.kind]
        node = self.local(_statement_id(s, entities))
        self.add(node, RDF + "type", ox.NamedNode(COOP[kind.cls]))
        for prop, role in zip(kind.properties, kind.roles, strict=True):
            self.add(node, COOP[prop], ox.NamedNode(self.iris.entity(entities[s.roles[role]].key)))
        self.add(node, COOP.evidence, _lit(s.evidence))
        self.add(node, COOP.evidenceStart, _lit(s.start, XSD + "integer"))
        self.add(node, COOP.evidenceEnd, _lit(s.end, XSD + "integer"))
        self.add(node, PROV + "wasDerivedFrom", self.doc_node)
        self.facts(node, s.attrs)
        if s.attrs.get("project") in entities:
            self.add(
                node, COOP.project, ox.NamedNode(self.iris.entity(entities[s.attrs["project"]].key))
            )
        target = s.attrs.get("partnership")
        if target:
            supported = statements.get(target)
            if supported is not None:
                self.add(node, COOP.supports, self.local(_statement_id(supported, entities)))


def _statement_id(s: Statement, entities: dict[str, Entity]) -> str:
    parts = [s.kind, str(s.start), str(s.end)]
    parts += [f"{r}={entities[m].key}" for r, m in sorted(s.roles.items())]
    parts += [f"{k}={s.attrs[k]}" for k in sorted(s.attrs) if k not in ("project", "partnership")]
    digest = hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]
    return f"{s.kind}-{digest}"
