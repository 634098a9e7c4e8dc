"""The SHACL shapes, tested both ways: a conforming graph, and one violation per constraint."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.validate import validate_triples

PREFIXES = """
@prefix coop: <https://w3id.org/coopkg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/> .
"""

VALID = (
    PREFIXES
    + """
:doc a coop:SourceDocument ; coop:sha256 "%s" ; dcterms:title "Fiche d'exemple" .
:build a coop:BuildActivity ; prov:used :doc ; prov:wasAssociatedWith :builder ;
    prov:endedAtTime "2026-11-22T10:00:00+00:00"^^xsd:dateTime .
:builder a coop:Builder ; rdfs:label "example" ; coop:builderVersion "1.0" .
:fr a coop:Country ; skos:prefLabel "France" ; coop:isoCode "FR" .
:a a coop:Commune ; skos:prefLabel "Ville A" ; coop:country :fr ; coop:inseeCode "79049" .
:b a coop:Commune ; skos:prefLabel "Ville B" .
:prog a coop:Programme ; skos:prefLabel "Programme X" ; coop:startYear "2006"^^xsd:gYear .
:p a coop:Partnership ; coop:firstPartner :a ; coop:secondPartner :b ;
    coop:startYear "1991"^^xsd:gYear ;
    coop:evidence "A et B sont jumelées" ; coop:evidenceStart 0 ; coop:evidenceEnd 20 ;
    prov:wasDerivedFrom :doc .
:f a coop:Funding ; coop:funder :a ; coop:recipient :prog ; coop:amount 1000.0 ;
    coop:currency "EUR" ; coop:year "2007"^^xsd:gYear ;
    coop:evidence "A donne 1000 €" ; coop:evidenceStart 21 ; coop:evidenceEnd 35 ;
    prov:wasDerivedFrom :doc .
:m a coop:Membership ; coop:member :b ; coop:initiative :prog ;
    coop:evidence "B participe" ; coop:evidenceStart 36 ; coop:evidenceEnd 47 ;
    prov:wasDerivedFrom :doc .
:men a coop:Mention ; coop:denotes :a ; coop:surfaceForm "A" ; coop:evidenceStart 0 ;
    coop:evidenceEnd 1 ; prov:wasDerivedFrom :doc .
"""
    % ("0" * 64)
)


def _triples(turtle: str) -> list[ox.Triple]:
    return list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))


def test_valid_graph_conforms() -> None:
    assert validate_triples(_triples(VALID)) == []


BREAKS = {
    "link without evidence": ('coop:evidence "A et B sont jumelées" ;', ""),
    "link not derived from a document": ("prov:wasDerivedFrom :doc .\n:f", ".\n:f"),
    "evidence with an e-mail": ('"B participe"', '"écrire à b.participe@example.org"'),
    "obfuscated e-mail in a label": ('"Ville B"', '"Ville B ville.b[at]example.org"'),
    "partnership with one partner": ("coop:secondPartner :b ;", ""),
    "partner is not an actor": ("coop:secondPartner :b", "coop:secondPartner :prog"),
    "partnership with itself": ("coop:secondPartner :b", "coop:secondPartner :a"),
    "year as plain string": ('"1991"^^xsd:gYear', '"1991"'),
    "amount without currency": ('coop:currency "EUR" ;', ""),
    "currency not ISO 4217": ('"EUR"', '"euros"'),
    "negative amount": ("1000.0", "-5.0"),
    "funding without funder": ("coop:funder :a ;", ""),
    "membership of an actor": ("coop:initiative :prog", "coop:initiative :a"),
    "actor without label": ('skos:prefLabel "Ville B" ', ""),
    "two preferred labels": ('skos:prefLabel "Ville B"', 'skos:prefLabel "Ville B", "B-ville"'),
    "bad INSEE code": ('"79049"', '"7904"'),
    "country without code": ('coop:isoCode "FR"', 'skos:altLabel "FR"'),
    "document hash not sha256": ('"%s"' % ("0" * 64), '"abc"'),
    "document with no build": ("prov:used :doc ;", ""),
    "build without time": (
        'prov:endedAtTime "2026-11-22T10:00:00+00:00"^^xsd:dateTime',
        'rdfs:comment "x"',
    ),
    "builder without version": ('coop:builderVersion "1.0"', 'rdfs:comment "x"'),
    "evidence ending before it starts": ("coop:evidenceEnd 20", "coop:evidenceEnd 0"),
    "mention without surface form": ('coop:surfaceForm "A" ;', ""),
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_violation_is_reported(name: str) -> None:
    old, new = BREAKS[name]
    assert old in VALID, name
    violations = validate_triples(_triples(VALID.replace(old, new, 1)), "g")
    assert violations, f"{name}: no violation reported"
    assert all(str(v).startswith("g: ") for v in violations)
