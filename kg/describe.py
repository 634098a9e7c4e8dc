"""A VoID + DCAT description of the exported dataset, for data portals (`coopkg describe`).

One resource, typed `void:Dataset` and `dcat:Dataset`, with title and description (English and
French), licence, publisher, issued and modified dates (the first and last `prov:endedAtTime` of
the builds), the counts of the export (`void:triples` is the number of triples of the N-Triples
export, i.e. the distinct triples of every exported graph), one `void:classPartition` per class
(`void:entities`: the distinct subjects of that type) and one `void:propertyPartition` per
property (`void:triples`), example resources, the SPARQL endpoint when one is given, and one
`dcat:Distribution` per export file given (download URL under the base URL, media type, size,
SHA-256). Counts are made from the same quads as the exports (`kg.export.exported_quads`), so
with the same options they describe exactly those files.

Licence: by default the Open Database License 1.0 (`DEFAULT_LICENSE`), because the reference
graph is derived from an ODbL database (Togo's communes, `kg/data/togo_communes.csv`) and the
ODbL asks that a derivative database be shared under it; the description then carries the
attribution the ODbL requires (`dcterms:rights`, `dcterms:source`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kg.errors import CoopkgError
from kg.export import exported_quads, merged_triples
from kg.export_names import STANDARD, split_iri
from kg.export_turtle import turtle
from kg.redact import EMAIL
from kg.store import Store
from kg.vocab import COOP, DCTERMS, DEFAULT_BASE, PROV, RDF, XSD

VOID = STANDARD["void"]
DCAT = STANDARD["dcat"]
SPDX = STANDARD["spdx"]
FOAF_NS = STANDARD["foaf"]
ODBL = "https://opendatacommons.org/licenses/odbl/1-0/"
DEFAULT_LICENSE = ODBL
ONTOLOGY = "https://w3id.org/coopkg/ontology"
TOGO_SOURCE = "https://github.com/Togodevelopers/Api_commune_Togo"
TOGO_RIGHTS = (
    "Contains information from the Base de données des communes préfectures et villes du Togo "
    "(Togodevelopers/Api_commune_Togo), available under the Open Database License (ODbL 1.0, "
    "https://opendatacommons.org/licenses/odbl/1-0/); its contents under the Database Contents "
    "License."
)
TITLE = {
    "en": "coopkg: a knowledge graph of decentralized cooperation",
    "fr": "coopkg : un graphe de connaissances de la coopération décentralisée",
}
DESCRIPTION = {
    "en": "Who works with whom in decentralized cooperation: local authorities, state bodies, "
    "agencies, associations, programmes and projects, and the links read from documents "
    "between them (partnerships, funding, programme membership and lead, events). Every link "
    "keeps the sentence it was read from and its source document (one named graph per "
    "document). Contact details are never included.",
    "fr": "Qui travaille avec qui dans la coopération décentralisée : collectivités, services "
    "de l'État, agences, associations, programmes et projets, et les liens entre eux lus dans "
    "des documents (partenariats, financements, participation et pilotage de programmes, "
    "événements). Chaque lien garde la phrase dont il est tiré et son document source (un "
    "graphe nommé par document). Aucune coordonnée personnelle n'y figure.",
}
KEYWORDS = {
    "en": ("decentralized cooperation", "local authorities", "partnerships", "Togo", "France"),
    "fr": ("coopération décentralisée", "collectivités territoriales", "partenariats", "Togo"),
}
#: IANA media types by file suffix
MEDIA_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".trig": "application/trig",
    ".nq": "application/n-quads",
    ".csv": "text/csv",
    ".json": "application/json",
    ".html": "text/html",
    ".rdf": "application/rdf+xml",
}
RDF_SUFFIXES = (".ttl", ".nt", ".jsonld", ".trig", ".nq", ".rdf")
#: classes whose first resource is given as an example, in this order
EXAMPLE_CLASSES = ("Partnership", "Funding", "Commune", "Programme", "SourceDocument")


@dataclass
class Options:
    """What `describe` says beyond the counts."""

    license: str = DEFAULT_LICENSE
    publisher: str | None = None
    sparql_endpoint: str | None = None
    distributions: Sequence[Path] = field(default_factory=list)
    base_url: str | None = None
    dataset: str = DEFAULT_BASE + "dataset"
    with_ontology: bool = False
    min_confidence: float = 0.0


@dataclass
class Counts:
    """The counts of one export."""

    triples: int
    subjects: int
    objects: int
    entities: int
    classes: dict[str, int]  #: class IRI -> distinct subjects of that type
    properties: dict[str, int]  #: property IRI -> triples
    dates: list[str]  #: every prov:endedAtTime, sorted
    examples: list[str]
    reference: bool  #: the reference graph is part of the export


def count(store: Store, with_ontology: bool = False, min_confidence: float = 0.0) -> Counts:
    """The counts of the export made with these options."""
    quads = exported_quads(store, with_ontology, min_confidence)
    triples = merged_triples(quads)
    typed: dict[str, set[str]] = defaultdict(set)
    properties: dict[str, int] = defaultdict(int)
    dates = set()
    for t in triples:
        properties[t.predicate.value] += 1
        if t.predicate.value == RDF + "type" and isinstance(t.object, ox.NamedNode):
            typed[t.object.value].add(str(t.subject))
        elif t.predicate.value == PROV + "endedAtTime" and isinstance(t.object, ox.Literal):
            dates.add(t.object.value)
    examples = []
    for cls in EXAMPLE_CLASSES:
        named = sorted(s[1:-1] for s in typed.get(COOP[cls], ()) if s.startswith("<"))
        if named:
            examples.append(named[0])
    return Counts(
        triples=len(triples),
        subjects=len({t.subject for t in triples}),
        objects=len({t.object for t in triples}),
        entities=len({t.subject for t in triples if isinstance(t.subject, ox.NamedNode)}),
        classes={c: len(s) for c, s in typed.items()},
        properties=dict(properties),
        dates=sorted(dates),
        examples=examples,
        reference=any(g.endswith("/graph/reference") for g in {_graph(q) for q in quads}),
    )


def _graph(q: ox.Quad) -> str:
    return q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else ""


def describe(store: Store, options: Options | None = None) -> bytes:
    """The VoID + DCAT description, in Turtle."""
    o = options or Options()
    if o.distributions and not o.base_url:
        raise CoopkgError("--distribution needs --base-url (where the files can be downloaded)")
    for value in (o.publisher or "", o.license, o.sparql_endpoint or "", o.base_url or ""):
        if EMAIL.search(value):
            raise CoopkgError("refusing to describe: an option holds an e-mail address")
    c = count(store, o.with_ontology, o.min_confidence)
    d = _Description(_iri(o.dataset, "dataset IRI"))
    ds = d.dataset
    d.add(ds, RDF + "type", d.node(VOID + "Dataset"), d.node(DCAT + "Dataset"))
    for lang, text in TITLE.items():
        d.add(ds, DCTERMS + "title", ox.Literal(text, language=lang))
    for lang, text in DESCRIPTION.items():
        d.add(ds, DCTERMS + "description", ox.Literal(text, language=lang))
    for lang, words in KEYWORDS.items():
        d.add(ds, DCAT + "keyword", *(ox.Literal(w, language=lang) for w in words))
    licence = d.node(_iri(o.license, "--license"))
    d.add(ds, DCTERMS + "license", licence)
    if c.reference:
        d.add(ds, DCTERMS + "rights", ox.Literal(TOGO_RIGHTS, language="en"))
        d.add(ds, DCTERMS + "source", d.node(TOGO_SOURCE))
    if o.publisher:
        d.add(ds, DCTERMS + "publisher", d.agent(o.publisher))
    if c.dates:
        d.add(ds, DCTERMS + "issued", d.datetime(c.dates[0]))
        d.add(ds, DCTERMS + "modified", d.datetime(c.dates[-1]))
    d.add(ds, DCTERMS + "language", d.node("http://id.loc.gov/vocabulary/iso639-1/fr"))
    d.add(ds, DCTERMS + "conformsTo", d.node(ONTOLOGY))
    d.add(ds, VOID + "uriSpace", ox.Literal(DEFAULT_BASE))
    vocabularies = {split_iri(i)[0] for i in (*c.classes, *c.properties)}
    d.add(ds, VOID + "vocabulary", *(d.node(v) for v in sorted(vocabularies)))
    d.add(ds, VOID + "triples", d.integer(c.triples))
    d.add(ds, VOID + "entities", d.integer(c.entities))
    d.add(ds, VOID + "distinctSubjects", d.integer(c.subjects))
    d.add(ds, VOID + "distinctObjects", d.integer(c.objects))
    d.add(ds, VOID + "classes", d.integer(len(c.classes)))
    d.add(ds, VOID + "properties", d.integer(len(c.properties)))
    for cls, n in sorted(c.classes.items()):
        part = d.blank()
        d.add(ds, VOID + "classPartition", part)
        d.add(part, VOID + "class", d.node(cls))
        d.add(part, VOID + "entities", d.integer(n))
    for prop, n in sorted(c.properties.items()):
        part = d.blank()
        d.add(ds, VOID + "propertyPartition", part)
        d.add(part, VOID + "property", d.node(prop))
        d.add(part, VOID + "triples", d.integer(n))
    d.add(ds, VOID + "exampleResource", *(d.node(e) for e in c.examples))
    if o.sparql_endpoint:
        d.add(ds, VOID + "sparqlEndpoint", d.node(_iri(o.sparql_endpoint, "--sparql-endpoint")))
    for path in o.distributions:
        d.distribution(path, o.base_url or "", licence)
    return turtle(d.triples)


def _iri(value: str, what: str) -> str:
    try:
        node = ox.NamedNode(value)
    except ValueError:
        raise CoopkgError(f"{what}: {value!r} is not an IRI") from None
    if ":" not in value:
        raise CoopkgError(f"{what}: {value!r} is not an absolute IRI")
    return node.value


class _Description:
    """The triples of a description."""

    def __init__(self, dataset: str) -> None:
        self.dataset = ox.NamedNode(dataset)
        self.triples: list[ox.Triple] = []

    @staticmethod
    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    @staticmethod
    def blank() -> ox.BlankNode:
        return ox.BlankNode()

    @staticmethod
    def integer(n: int) -> ox.Literal:
        return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))

    @staticmethod
    def datetime(value: str) -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "dateTime"))

    def add(
        self,
        s: ox.NamedNode | ox.BlankNode,
        p: str,
        *objects: ox.NamedNode | ox.BlankNode | ox.Literal,
    ) -> None:
        self.triples.extend(ox.Triple(s, ox.NamedNode(p), o) for o in objects)

    def agent(self, publisher: str) -> ox.NamedNode | ox.BlankNode:
        """The publisher: its IRI when it is one, else an agent with that name."""
        if publisher.startswith(("http://", "https://")):
            return self.node(_iri(publisher, "--publisher"))
        agent = self.blank()
        self.add(agent, RDF + "type", self.node(FOAF_NS + "Agent"))
        self.add(agent, FOAF_NS + "name", ox.Literal(publisher))
        return agent

    def distribution(self, path: Path, base_url: str, licence: ox.NamedNode) -> None:
        if not path.is_file():
            raise CoopkgError(f"{path}: no such file (give the export files to describe)")
        data = path.read_bytes()
        url = self.node(_iri(base_url.rstrip("/") + "/" + quote(path.name), "--base-url"))
        self.add(self.dataset, DCAT + "distribution", url)
        self.add(url, RDF + "type", self.node(DCAT + "Distribution"))
        self.add(url, DCTERMS + "title", ox.Literal(path.name))
        self.add(url, DCAT + "downloadURL", url)
        self.add(url, DCAT + "accessURL", url)
        self.add(url, DCTERMS + "license", licence)
        media = MEDIA_TYPES.get(path.suffix.lower())
        if media:
            iana = self.node(f"https://www.iana.org/assignments/media-types/{media}")
            self.add(url, DCAT + "mediaType", iana)
        nonneg = ox.NamedNode(XSD + "nonNegativeInteger")
        self.add(url, DCAT + "byteSize", ox.Literal(str(len(data)), datatype=nonneg))
        checksum = self.blank()
        self.add(url, SPDX + "checksum", checksum)
        self.add(checksum, RDF + "type", self.node(SPDX + "Checksum"))
        self.add(checksum, SPDX + "algorithm", self.node(SPDX + "checksumAlgorithm_sha256"))
        digest = hashlib.sha256(data).hexdigest()
        self.add(
            checksum,
            SPDX + "checksumValue",
            ox.Literal(digest, datatype=ox.NamedNode(XSD + "hexBinary")),
        )
        if path.suffix.lower() in RDF_SUFFIXES and path.name != "context.jsonld":
            self.add(self.dataset, VOID + "dataDump", url)
