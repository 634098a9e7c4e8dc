"""Twin towns listed with their country in brackets, twinning lists after a dash, long names
that spell their acronym, project records named by their title, places inside a programme's
title, quoted names, and a few roles the parse gives (texts of our own)."""

from __future__ import annotations

import pytest
from extracted import links as _links

from builders.candidates import Cand
from builders.news import extract_text
from builders.news.patterns import acronym_definitions, spells
from builders.news.places import country_appositions
from builders.structure import headed_pairs


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in country_appositions(text)]


def test_a_name_with_its_country_in_brackets_is_a_town() -> None:
    text = (
        "Trois villes amies : Keighley (Angleterre), Bad Kissingen (Allemagne), St. Marc (Haïti) "
        "et Tomar (Portugal)."
    )
    assert _names(text) == ["Keighley", "Bad Kissingen", "St. Marc", "Tomar"]


@pytest.mark.parametrize(
    "text",
    [
        "le Ministère de la Santé (Togo) et l'Agence de l'eau (France)",  # bodies
        "la Province du Hunan (Chine) et le Judet de Tulcea (Roumanie)",  # designated places
        "Lomé (capitale) et Kara (2019)",  # no country in the brackets
        "le Togo (Afrique de l'Ouest) et l'Afrique (Bénin)",  # a country, a continent
        "l'AFD (France)",  # an acronym
    ],
)
def test_no_body_place_with_its_designator_country_or_acronym_is_taken(text: str) -> None:
    assert _names(text) == []


def test_a_long_name_that_spells_its_acronym_starts_where_the_spelling_starts() -> None:
    text = (
        "un atelier tenu à Tiraspol avec l'appui de l'Association des Maires Ruraux de "
        "Moldavie (AMRM)"
    )
    [found] = acronym_definitions(text)
    assert text[found.start : found.end] == "Association des Maires Ruraux de Moldavie"
    assert spells("Association des Maires Ruraux de Moldavie", "AMRM")
    assert not spells("Tiraspol avec l'appui de l'Association des Maires", "AMRM")


@pytest.mark.slow
def test_the_page_owner_is_paired_with_each_town_of_a_twinning_list_after_a_dash() -> None:
    text = (
        "Relations internationales\n\n"
        "La ville de Mirande s'ouvre au monde. Elle entretient depuis 1970 trois jumelages "
        "– Keighley (Angleterre), Bad Kissingen (Allemagne) et St. Marc (Haïti)."
    )
    partners = {x[2] for x in _links(text) if x[0] == "partnership" and x[1] == "Mirande"}
    assert partners == {"Keighley", "Bad Kissingen", "St. Marc"}


@pytest.mark.slow
def test_a_name_defined_by_its_acronym_is_a_body_and_at_whose_initiative_organises() -> None:
    text = (
        "Des maires se sont réunis en juin à Tiraspol à l'initiative de Cités Unies France "
        "et de l'Association des Maires Ruraux de Moldavie (AMRM) pour un atelier intitulé "
        "« Quelle place pour les villages ? »."
    )
    mentions, _ = extract_text(text)
    kinds = {m.name: m.kind for m in mentions}
    assert kinds["Association des Maires Ruraux de Moldavie"] == "Association"
    organisers = {x[1] for x in _links(text) if x[0] == "organiser"}
    assert organisers == {"Cités Unies France", "Association des Maires Ruraux de Moldavie"}


@pytest.mark.slow
def test_a_project_page_titled_after_its_country_names_its_project_and_its_funders() -> None:
    text = (
        "Niger – accès à l'eau potable dans la vallée du Dallol\n"
        "Dans la vallée du Dallol, les villages font face à de grands enjeux autour de l'eau. "
        "Pour y répondre, l'association Eau Vive Sahel a lancé en 2022 un projet pluriannuel "
        "en partenariat avec l'ONG locale Amane et le soutien de l'Agence de l'eau Seine-Normandie."
    )
    mentions, _ = extract_text(text)
    projects = [m.name for m in mentions if m.kind == "Project"]
    assert projects == ["Niger – accès à l'eau potable dans la vallée du Dallol"]
    links = _links(text)
    assert ("funding", "Agence de l'eau Seine-Normandie", projects[0]) in links
    assert not any(x[0] == "member" and "Seine-Normandie" in x[1] for x in links)


@pytest.mark.slow
def test_a_press_headline_names_no_project() -> None:
    text = (
        "Mali – la ville de Rennes signe un accord avec Kayes\n"
        "Le maire a présenté le projet aux élus de la commune lors du conseil municipal."
    )
    mentions, _ = extract_text(text)
    assert not any(m.name.startswith("Mali") for m in mentions if m.kind == "Project")


@pytest.mark.slow
def test_a_programme_between_places_names_them_as_its_partners_and_participants() -> None:
    text = (
        "Programme biennal d'échanges ruraux entre la région sénégalaise de Kolda et les "
        "régions françaises de Basse-Normandie et de Haute-Normandie\n\n"
        "Le programme porte sur le maraîchage et la formation."
    )
    mentions, _ = extract_text(text)
    places = {m.name: (m.kind, m.country) for m in mentions if m.kind == "Region"}
    assert places == {
        "Kolda": ("Region", "SN"),
        "Basse-Normandie": ("Region", "FR"),
        "Haute-Normandie": ("Region", "FR"),
    }
    links = _links(text)
    partners = {frozenset(x[1:]) for x in links if x[0] == "partnership"}
    assert partners == {
        frozenset({"Kolda", "Basse-Normandie"}),
        frozenset({"Kolda", "Haute-Normandie"}),
    }
    assert {x[1] for x in links if x[0] == "member"} == set(places)


@pytest.mark.slow
def test_the_places_where_a_project_happens_stay_inside_its_name() -> None:
    text = (
        "Projet d'assainissement et de collecte des déchets dans les communes de Kayes "
        "et Nioro\n\nLe projet est porté par la commune de Sèvres."
    )
    links = _links(text)
    assert not any(x[0] == "member" and x[1] in ("Kayes", "Nioro") for x in links)


@pytest.mark.slow
def test_a_quoted_event_name_runs_to_its_closing_quote() -> None:
    text = (
        "Les «Rencontres franco-togolaises des collectivités pour l'eau, l'assainissement et la "
        "santé publique» se sont tenues à Niort, à l'invitation de Cités Unies France."
    )
    mentions, _ = extract_text(text)
    events = [m.name for m in mentions if m.kind == "Event"]
    assert events == [
        "Rencontres franco-togolaises des collectivités pour l'eau, l'assainissement et la "
        "santé publique"
    ]


@pytest.mark.slow
def test_a_name_twinned_with_a_town_is_a_town_whatever_the_model_read() -> None:
    text = (
        "Le jumelage entre Le Blanc-Mesnil et Debre Birhan, signé il y a trente ans, a permis "
        "de nombreux échanges scolaires."
    )
    mentions, _ = extract_text(text)
    kinds = {m.name: m.kind for m in mentions}
    assert kinds.get("Debre Birhan") == "Commune"
    assert ("partnership", "Le Blanc-Mesnil", "Debre Birhan") in _links(text)


@pytest.mark.slow
def test_a_funder_gives_to_the_partner_it_funds_for() -> None:
    text = (
        "Bourg-lès-Valence a aussi financé, chaque hiver, pour sa ville-partenaire de Talin, "
        "du matériel de chauffage."
    )
    assert ("funding", "Bourg-lès-Valence", "Talin") in _links(text)


@pytest.mark.slow
def test_an_unknown_town_opening_its_sentence_as_its_subject_is_kept() -> None:
    text = "Cherbourg est jumelée avec Tenghory depuis 2010."
    assert ("partnership", "Cherbourg", "Tenghory") in _links(text)


@pytest.mark.slow
def test_a_heading_word_opening_a_line_is_still_no_town() -> None:
    text = "Contexte\n\nLa ville de Melle est jumelée avec Sokodé depuis 1990."
    mentions, _ = extract_text(text)
    assert "Contexte" not in {m.name for m in mentions}


def test_a_partnership_noun_before_three_slashed_names_pairs_the_first_with_each() -> None:
    text = "Il coordonne le programme coopération Limousin/Plateau Central/Oubritenga depuis 2010."
    names = ["Limousin", "Plateau Central", "Oubritenga"]
    cands = [
        Cand(text.index(n), text.index(n) + len(n), "Region", n, source="model") for n in names
    ]
    pairs, _ = headed_pairs(text, cands)
    assert [(p.a.name, p.b.name) for p in pairs] == [
        ("Limousin", "Plateau Central"),
        ("Limousin", "Oubritenga"),
    ]
