"""The ontology: consistent under HermiT, inconsistency caught, and every term used exists."""

from __future__ import annotations

import re
from importlib.resources import files

import pyoxigraph as ox
import pytest

from kg.errors import InvalidGraph
from kg.reason import check_consistency
from kg.vocab import COOP, COOP_NS, defined_terms

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _typed(iri: str, *classes: str) -> list[ox.Triple]:
    return [ox.Triple(ox.NamedNode(iri), RDF_TYPE, ox.NamedNode(COOP_NS + c)) for c in classes]


def test_ontology_is_consistent() -> None:
    check_consistency()


def test_sample_data_is_consistent() -> None:
    data = _typed("https://example.org/bressuire", "Commune") + _typed(
        "https://example.org/p", "Partnership"
    )
    data.append(
        ox.Triple(
            ox.NamedNode("https://example.org/p"),
            ox.NamedNode(COOP.firstPartner),
            ox.NamedNode("https://example.org/bressuire"),
        )
    )
    check_consistency(data)


@pytest.mark.parametrize(
    "classes",
    [
        ("Person", "Commune"),
        ("Commune", "Region"),
        ("Partnership", "Funding"),
        ("Programme", "Agency"),
    ],
)
def test_inconsistent_graph_is_caught(classes: tuple[str, str]) -> None:
    with pytest.raises(InvalidGraph):
        check_consistency(_typed("https://example.org/x", *classes))


def test_property_domain_clash_is_caught() -> None:
    """A partner link from a Funding makes it a Partnership too: disjoint, inconsistent."""
    data = _typed("https://example.org/f", "Funding")
    data.append(
        ox.Triple(
            ox.NamedNode("https://example.org/f"),
            ox.NamedNode(COOP.firstPartner),
            ox.NamedNode("https://example.org/a"),
        )
    )
    with pytest.raises(InvalidGraph):
        check_consistency(data)


def test_misspelled_term_raises() -> None:
    assert COOP.Partnership == COOP_NS + "Partnership"
    with pytest.raises(AttributeError):
        _ = COOP.Partnrship


def _used_terms(text: str) -> set[str]:
    return set(re.findall(r"\bcoop:([A-Za-z]\w*)", text))


def test_queries_and_shapes_use_only_defined_terms() -> None:
    texts = [p.read_text("utf-8") for p in files("kg.queries").iterdir() if p.name.endswith(".rq")]
    texts.append(files("kg.ontology").joinpath("shapes.ttl").read_text("utf-8"))
    used = set().union(*(_used_terms(t) for t in texts))
    assert used and used <= defined_terms(), used - defined_terms()


def test_every_class_and_property_is_labelled() -> None:
    data = files("kg.ontology").joinpath("coop.ttl").read_bytes()
    labelled = {
        t.subject.value
        for t in ox.parse(data, format=ox.RdfFormat.TURTLE)
        if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"
    }
    for term in defined_terms() - {"themes"}:
        assert COOP_NS + term in labelled, term


@pytest.mark.parametrize("term", ["confidence", "extractionRule"])
def test_confidence_terms_are_labelled_and_defined_in_english_and_french(term: str) -> None:
    data = files("kg.ontology").joinpath("coop.ttl").read_bytes()
    about = [t for t in ox.parse(data, format=ox.RdfFormat.TURTLE) if t.subject.value == COOP[term]]
    for prop in ("http://www.w3.org/2000/01/rdf-schema#label", SKOS_DEFINITION):
        languages = {t.object.language for t in about if t.predicate.value == prop}  # type: ignore[union-attr]
        assert languages == {"en", "fr"}, (term, prop)
    domains = {t.object.value for t in about if t.predicate.value.endswith("#domain")}
    assert domains == {COOP.Link}


SKOS_DEFINITION = "http://www.w3.org/2004/02/skos/core#definition"
