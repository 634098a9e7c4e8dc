"""IRIs of the vocabularies coopkg writes, checked against `ontology/coop.ttl`.

`COOP.Partnership` gives the IRI string of a term the ontology defines; a misspelled term
(`COOP.Partnrship`) raises AttributeError, so no module can emit a property the ontology lacks.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

import pyoxigraph as ox

COOP_NS = "https://w3id.org/coopkg/ontology#"
DEFAULT_BASE = "https://w3id.org/coopkg/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"

PREFIXES: dict[str, str] = {
    "coop": COOP_NS,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "schema": SCHEMA,
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


def ontology_path() -> str:
    """Path of the packaged OWL ontology."""
    return str(files("kg.ontology").joinpath("coop.ttl"))


def shapes_path() -> str:
    """Path of the packaged SHACL shapes."""
    return str(files("kg.ontology").joinpath("shapes.ttl"))


@cache
def defined_terms() -> frozenset[str]:
    """Local names of every term the ontology defines in the coop: namespace."""
    data = files("kg.ontology").joinpath("coop.ttl").read_bytes()
    terms = set()
    for triple in ox.parse(data, format=ox.RdfFormat.TURTLE):
        s = triple.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(COOP_NS):
            terms.add(s.value[len(COOP_NS) :])
    return frozenset(terms)


class _Coop:
    """The coop: namespace, closed over the ontology's terms."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("_") or name not in defined_terms():
            raise AttributeError(f"coop:{name} is not defined in ontology/coop.ttl")
        iri = COOP_NS + name
        setattr(self, name, iri)  # found once: the next lookups are plain attributes
        return iri

    def __getitem__(self, name: str) -> str:
        found: str = getattr(self, name)
        return found


COOP = _Coop()
