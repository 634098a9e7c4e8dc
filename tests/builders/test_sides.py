"""Partnerships whose text names its two sides ("entre A et B d'une part et C d'autre part"),
authorities named by a designator the readers did not know ("la commune d'arrondissement de
X"), and French communes whose article is written in lower case (texts of our own)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.news import extract_text


def _partnerships(text: str) -> set[frozenset[str]]:
    return {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}


@pytest.mark.slow
def test_an_agreement_between_two_named_sides_pairs_each_party_with_each_of_the_other() -> None:
    text = (
        "Dans le cadre de la coopération entre la ville de Vertou et Rezé d'une part et "
        "Koupéla, Pouytenga et Gounghin d'autre part, une mission a eu lieu."
    )
    assert _partnerships(text) == {
        frozenset({a, b}) for a in ("Vertou", "Rezé") for b in ("Koupéla", "Pouytenga", "Gounghin")
    }


@pytest.mark.slow
def test_a_district_commune_is_a_commune_with_its_numeral() -> None:
    text = (
        "La ville de Bressuire a signé une convention avec la commune d'arrondissement de "
        "Douala IV."
    )
    mentions, _ = extract_text(text)
    assert ("Commune", "Douala IV") in {(m.kind, m.name) for m in mentions}
    assert _partnerships(text) == {frozenset({"Bressuire", "Douala IV"})}


@pytest.mark.slow
def test_a_commune_whose_article_is_written_in_lower_case_keeps_it() -> None:
    text = "La ville de Kribi coopère depuis 2010 avec le Havre."
    mentions, _ = extract_text(text)
    names = {m.name for m in mentions}
    assert "le Havre" in names and "Havre" not in names
    assert _partnerships(text) == {frozenset({"Kribi", "le Havre"})}


@pytest.mark.slow
def test_a_partnership_sentence_naming_one_side_pairs_it_with_the_texts_authority() -> None:
    text = (
        "La ville de Vertou a fêté ses jumelages. Le maire de Vertou a reçu les délégations. "
        "Les jumelages ont été concrétisés en 1981 pour Schwaigern et en 2001 pour Koupéla."
    )
    assert _partnerships(text) == {
        frozenset({"Vertou", "Schwaigern"}),
        frozenset({"Vertou", "Koupéla"}),
    }


@pytest.mark.slow
def test_places_that_locate_or_date_are_not_paired_with_the_texts_authority() -> None:
    text = (
        "La ville de Vertou prépare ses rencontres. Vertou accueille des élus.\n"
        "Koupéla, le 3 mai 2024\n"
        "Une coopération est née à Koudougou, chef-lieu de la province du Boulkiemdé, "
        "dans le sud du Sahel."
    )
    assert _partnerships(text) == set()
