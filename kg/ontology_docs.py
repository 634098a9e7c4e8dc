"""A browsable HTML page of the ontology (`coopkg ontology-docs -o FILE.html`).

pyLODE 3.3.4, the one that installs on Python 3.11, runs the English and French labels of this
ontology together and misplaces classes with a second, external superclass (../shared/STACK.md),
so the page is rendered here from the ontology graph with a Jinja2 template of its own
(`kg/ontology_docs.html`, autoescaped: every text is escaped). It names every class and property
of `ontology/coop.ttl` with its labels in English and in French (each in its own cell, with its
`lang`), its definitions, superclasses and subclasses, domain and range, super-properties,
characteristics and disjoint classes; terms of the reused vocabularies (ORG, FOAF, PROV-O, SKOS,
DCTERMS, schema.org…) link to those vocabularies. The page loads nothing: no script, no font, no
style sheet from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path

import jinja2
import rdflib
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.vocab import COOP_NS, ontology_path

DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
LANGUAGES = ("en", "fr")


@dataclass(frozen=True)
class Vocabulary:
    """A vocabulary the ontology reuses."""

    prefix: str
    namespace: str
    title: str
    spec: str  #: where its documentation is


VOCABULARIES = (
    Vocabulary("org", "http://www.w3.org/ns/org#", "W3C Organization Ontology (ORG)",
               "https://www.w3.org/TR/vocab-org/"),
    Vocabulary("foaf", "http://xmlns.com/foaf/0.1/", "FOAF (Friend of a Friend)",
               "http://xmlns.com/foaf/spec/"),
    Vocabulary("prov", "http://www.w3.org/ns/prov#", "W3C PROV-O: the PROV Ontology",
               "https://www.w3.org/TR/prov-o/"),
    Vocabulary("skos", "http://www.w3.org/2004/02/skos/core#",
               "SKOS Simple Knowledge Organization System", "https://www.w3.org/TR/skos-reference/"),
    Vocabulary("dcterms", "http://purl.org/dc/terms/", "DCMI Metadata Terms (DCTERMS)",
               "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/"),
    Vocabulary("schema", "https://schema.org/", "schema.org", "https://schema.org/docs/schemas.html"),
    Vocabulary("owl", "http://www.w3.org/2002/07/owl#", "OWL 2 Web Ontology Language",
               "https://www.w3.org/TR/owl2-overview/"),
    Vocabulary("rdfs", "http://www.w3.org/2000/01/rdf-schema#", "RDF Schema 1.1",
               "https://www.w3.org/TR/rdf-schema/"),
    Vocabulary("xsd", "http://www.w3.org/2001/XMLSchema#", "XML Schema datatypes",
               "https://www.w3.org/TR/xmlschema11-2/"),
    Vocabulary("vann", "http://purl.org/vocab/vann/", "VANN: vocabulary annotation",
               "https://vocab.org/vann/"),
)  # fmt: skip


@dataclass(frozen=True)
class Ref:
    """A reference to a term: how to name it and where it links."""

    iri: str
    curie: str
    href: str | None
    title: str = ""  #: the English label (or the vocabulary's title)
    external: bool = False
    title_fr: str = ""  #: the French label


@dataclass
class Term:
    """Everything the page says about one class or property."""

    iri: str
    local: str
    kind: str  #: "class", "object property", "datatype property", "concept scheme"
    labels: dict[str, list[str]]
    definitions: dict[str, list[str]]
    facts: list[tuple[str, list[Ref]]] = field(default_factory=list)
    characteristics: list[str] = field(default_factory=list)


@dataclass
class Node:
    """A class in the hierarchy, with its subclasses."""

    ref: Ref
    children: list[Node]


@dataclass
class Page:
    """What the template renders."""

    iri: str
    titles: dict[str, list[str]]
    descriptions: dict[str, list[str]]
    version: str
    license: Ref | None
    namespace: str
    prefix: str
    sections: list[tuple[str, str, list[Term]]]  #: (anchor, title, terms)
    hierarchy: list[Node]
    vocabularies: list[tuple[Vocabulary, list[Ref]]]


SECTIONS = (
    ("classes", "Classes", "class"),
    ("object-properties", "Object properties", "object property"),
    ("datatype-properties", "Datatype properties", "datatype property"),
    ("other", "Concept schemes", "concept scheme"),
)
KINDS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    SKOS.ConceptScheme: "concept scheme",
}


class _Reader:
    """Reads the ontology graph into the page's terms."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.g = graph
        self.by_namespace = {v.namespace: v for v in VOCABULARIES}

    def texts(self, subject: rdflib.term.Node, *predicates: rdflib.URIRef) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        for p in predicates:
            for o in self.g.objects(subject, p):
                if isinstance(o, rdflib.Literal):
                    found.setdefault(o.language or "", []).append(str(o))
        return {lang: sorted(texts) for lang, texts in found.items() if texts or lang in LANGUAGES}

    def ref(self, node: rdflib.term.Node) -> Ref:
        if not isinstance(node, rdflib.URIRef):
            return Ref("", "(anonymous class expression)", None)
        iri = str(node)
        if iri.startswith(COOP_NS):
            local = iri[len(COOP_NS) :]
            labels = self.texts(node, RDFS.label, SKOS.prefLabel)
            en, fr = labels.get("en") or [""], labels.get("fr") or [""]
            return Ref(iri, f"coop:{local}", f"#{local}", en[0], title_fr=fr[0])
        for ns, vocab in self.by_namespace.items():
            if iri.startswith(ns):
                return Ref(iri, f"{vocab.prefix}:{iri[len(ns) :]}", _href(iri), vocab.title, True)
        return Ref(iri, iri, _href(iri), "", True)

    def refs(self, subject: rdflib.term.Node, predicate: rdflib.URIRef) -> list[Ref]:
        return sorted((self.ref(o) for o in self.g.objects(subject, predicate)), key=_order)

    def back(self, obj: rdflib.term.Node, predicate: rdflib.URIRef) -> list[Ref]:
        return sorted((self.ref(s) for s in self.g.subjects(predicate, obj)), key=_order)

    def terms(self) -> list[Term]:
        out = []
        for iri in sorted({s for s in self.g.subjects() if _coop(s)}, key=str):
            types = set(self.g.objects(iri, RDF.type))
            kind = next((k for t, k in KINDS.items() if t in types), None)
            if kind is None:
                continue
            term = Term(
                iri=str(iri),
                local=str(iri)[len(COOP_NS) :],
                kind=kind,
                labels=self.texts(iri, RDFS.label, SKOS.prefLabel),
                definitions=self.texts(iri, SKOS.definition, RDFS.comment),
            )
            if kind == "class":
                disjoint = self.refs(iri, OWL.disjointWith) + self.back(iri, OWL.disjointWith)
                disjoint += self._all_disjoint(iri)
                term.facts = [
                    ("superclasses", self.refs(iri, RDFS.subClassOf)),
                    ("subclasses", self.back(iri, RDFS.subClassOf)),
                    ("close match", self.refs(iri, SKOS.closeMatch)),
                    ("disjoint with", sorted(set(disjoint), key=_order)),
                    ("domain of", self.back(iri, RDFS.domain)),
                    ("range of", self.back(iri, RDFS.range)),
                ]
            elif kind != "concept scheme":
                term.facts = [
                    ("domain", self.refs(iri, RDFS.domain)),
                    ("range", self.refs(iri, RDFS.range)),
                    ("super-properties", self.refs(iri, RDFS.subPropertyOf)),
                    ("sub-properties", self.back(iri, RDFS.subPropertyOf)),
                ]
                if OWL.FunctionalProperty in types:
                    term.characteristics.append("functional")
            else:
                term.facts = [("concepts", self.back(iri, SKOS.inScheme))]
            out.append(term)
        return out

    def _all_disjoint(self, cls: rdflib.term.Node) -> list[Ref]:
        found = []
        for axiom in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            for members in self.g.objects(axiom, OWL.members):
                items = list(Collection(self.g, members))
                if cls in items:
                    found += [self.ref(m) for m in items if m != cls]
        return found

    def hierarchy(self, classes: list[Term]) -> list[Node]:
        iris = {rdflib.URIRef(t.iri) for t in classes}

        def node(c: rdflib.URIRef) -> Node:
            subs = sorted((s for s in self.g.subjects(RDFS.subClassOf, c) if s in iris), key=str)
            return Node(self.ref(c), [node(s) for s in subs])  # type: ignore[arg-type]

        roots = [
            c for c in sorted(iris, key=str) if not set(self.g.objects(c, RDFS.subClassOf)) & iris
        ]
        return [node(c) for c in roots]

    def vocabularies(self) -> list[tuple[Vocabulary, list[Ref]]]:
        used: dict[str, set[str]] = {v.namespace: set() for v in VOCABULARIES}
        for s, _, o in self.g:
            if _coop(s) and isinstance(o, rdflib.URIRef):
                for ns in used:
                    if str(o).startswith(ns):
                        used[ns].add(str(o))
        return [
            (v, sorted((self.ref(rdflib.URIRef(i)) for i in used[v.namespace]), key=_order))
            for v in VOCABULARIES
            if used[v.namespace]
        ]


def _coop(node: rdflib.term.Node) -> bool:
    return isinstance(node, rdflib.URIRef) and str(node).startswith(COOP_NS)


def _order(ref: Ref) -> tuple[bool, str]:
    return (ref.external, ref.curie.lower())


def _href(iri: str) -> str | None:
    return iri if iri.startswith(("http://", "https://")) else None


def page(path: str | Path | None = None) -> Page:
    """The page's content, read from the ontology at `path` (default: the packaged one)."""
    g = rdflib.Graph().parse(str(path or ontology_path()), format="turtle")
    r = _Reader(g)
    onto = next(iter(g.subjects(RDF.type, OWL.Ontology)), None)
    if onto is None:
        raise ValueError("no owl:Ontology in the ontology file")
    terms = r.terms()
    licence = next(iter(g.objects(onto, DCTERMS.license)), None)
    return Page(
        iri=str(onto),
        titles=r.texts(onto, DCTERMS.title, RDFS.label),
        descriptions=r.texts(onto, DCTERMS.description, RDFS.comment),
        version=str(next(iter(g.objects(onto, OWL.versionInfo)), "")),
        license=r.ref(licence) if licence is not None else None,
        namespace=str(next(iter(g.objects(onto, VANN.preferredNamespaceUri)), COOP_NS)),
        prefix=str(next(iter(g.objects(onto, VANN.preferredNamespacePrefix)), "coop")),
        sections=[
            (anchor, title, [t for t in terms if t.kind == kind])
            for anchor, title, kind in SECTIONS
            if any(t.kind == kind for t in terms)
        ],
        hierarchy=r.hierarchy([t for t in terms if t.kind == "class"]),
        vocabularies=r.vocabularies(),
    )


def render(path: str | Path | None = None) -> str:
    """The HTML page of the ontology."""
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    template = env.from_string(files("kg").joinpath("ontology_docs.html").read_text("utf-8"))
    return template.render(page=page(path), languages=LANGUAGES)


def write(output: Path, path: str | Path | None = None) -> Page:
    """Write the page to `output`; returns what it holds."""
    output.write_text(render(path), encoding="utf-8")
    return page(path)
