"""Twin towns listed with their country in brackets, twinning lists after a dash, and long
names that spell their acronym (texts of our own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text
from builders.news.patterns import acronym_definitions, spells
from builders.news.places import country_appositions


def _names(text: str) -> list[str]:
    return [text[f.start : f.end] for f in country_appositions(text)]


def test_a_name_with_its_country_in_brackets_is_a_town() -> None:
    text = (
        "Quatre jumelages : Hackney (Angleterre), Hann. Münden (Allemagne), "
        "Colmenar Viejo (Espagne) et Cap Haïtien (Haïti)."
    )
    assert _names(text) == ["Hackney", "Hann. Münden", "Colmenar Viejo", "Cap Haïtien"]


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
        "réunis à Chisinau à l'initiative de la Conférence des Autorités locales de Moldavie (CALM)"
    )
    [found] = acronym_definitions(text)
    assert text[found.start : found.end] == "Conférence des Autorités locales de Moldavie"
    assert spells("Conférence des Autorités locales de Moldavie", "CALM")
    assert not spells("Chisinau à l'initiative de la Conférence des Autorités", "CALM")


def _links(text: str) -> set[tuple[str, ...]]:
    mentions, statements = extract_text(text)
    name = {m.id: m.name for m in mentions}
    return {(s.kind, *(name[v] for v in s.roles.values())) for s in statements}


@pytest.mark.slow
def test_the_page_owner_is_paired_with_each_town_of_a_twinning_list_after_a_dash() -> None:
    text = (
        "Relations internationales\n\n"
        "La ville de Mirande conjugue développement et solidarité. Elle est engagée depuis 40 "
        "ans au travers de quatre jumelages – Hackney (Angleterre), Hann. Münden (Allemagne), "
        "Colmenar Viejo (Espagne) et Cap Haïtien (Haïti)."
    )
    partners = {x[2] for x in _links(text) if x[0] == "partnership" and x[1] == "Mirande"}
    assert partners == {"Hackney", "Hann. Münden", "Colmenar Viejo", "Cap Haïtien"}


@pytest.mark.slow
def test_a_name_defined_by_its_acronym_is_a_body_and_at_whose_initiative_organises() -> None:
    text = (
        "Une quarantaine d'élus se sont retrouvés les 3 et 4 mai à Chisinau à l'initiative de "
        "l'AFCCRE et de la Conférence des Autorités locales de Moldavie (CALM) pour un "
        "séminaire intitulé « Quelle place pour les collectivités ? »."
    )
    mentions, _ = extract_text(text)
    kinds = {m.name: m.kind for m in mentions}
    assert kinds["Conférence des Autorités locales de Moldavie"] == "Association"
    organisers = {x[1] for x in _links(text) if x[0] == "organiser"}
    assert organisers == {"AFCCRE", "Conférence des Autorités locales de Moldavie"}


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
        "Programme triennal de coopération décentralisée entre la région malgache "
        "d'Atsinanana et les régions françaises de Basse-Normandie et de Haute-Normandie\n\n"
        "Le programme porte sur le développement rural et la formation."
    )
    mentions, _ = extract_text(text)
    places = {m.name: (m.kind, m.country) for m in mentions if m.kind == "Region"}
    assert places == {
        "Atsinanana": ("Region", "MG"),
        "Basse-Normandie": ("Region", "FR"),
        "Haute-Normandie": ("Region", "FR"),
    }
    links = _links(text)
    partners = {frozenset(x[1:]) for x in links if x[0] == "partnership"}
    assert partners == {
        frozenset({"Atsinanana", "Basse-Normandie"}),
        frozenset({"Atsinanana", "Haute-Normandie"}),
    }
    assert {x[1] for x in links if x[0] == "member"} == set(places)


@pytest.mark.slow
def test_the_places_where_a_project_happens_stay_inside_its_name() -> None:
    text = (
        "Projet de création de deux services publics de l'eau dans les communes de Kirané "
        "et Gory\n\nLe projet est porté par la commune de Sèvres."
    )
    links = _links(text)
    assert not any(x[0] == "member" and x[1] in ("Kirané", "Gory") for x in links)


@pytest.mark.slow
def test_a_quoted_event_name_runs_to_its_closing_quote() -> None:
    text = (
        "Des «Journées franco-béninoises de coopération territoriale pour le développement "
        "économique et culturel» ont été tenues à Lyon. Cette rencontre, initiée par "
        "l'association Cités Unies France, a réuni 80 élus."
    )
    mentions, _ = extract_text(text)
    events = [m.name for m in mentions if m.kind == "Event"]
    assert events == [
        "Journées franco-béninoises de coopération territoriale pour le développement "
        "économique et culturel"
    ]


@pytest.mark.slow
def test_a_name_twinned_with_a_town_is_a_town_whatever_the_model_read() -> None:
    text = (
        "Depuis le jumelage entre Le Blanc-Mesnil et Debre Birhan en 1997, la coopération "
        "entre les deux villes n'a cessé de se développer."
    )
    mentions, _ = extract_text(text)
    kinds = {m.name: m.kind for m in mentions}
    assert kinds.get("Debre Birhan") == "Commune"
    assert ("partnership", "Le Blanc-Mesnil", "Debre Birhan") in _links(text)


@pytest.mark.slow
def test_a_funder_gives_to_the_partner_it_funds_for() -> None:
    text = (
        "De même, Bourg-lès-Valence a financé, durant plusieurs années, pour sa "
        "ville-partenaire de Talin, des camions-bennes."
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
