"""Names opened by a head word (`builders.news.patterns.designated_names`): a nationality after
the head is part of the name, and "Centre" heads a body but not a region (sentences of our
own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text
from builders.news.patterns import acronym_definitions, designated_names


def _names(text: str) -> set[tuple[str, str]]:
    return {(f.kind, text[f.start : f.end]) for f in designated_names(text)}


def test_a_nationality_after_the_head_word_stays_in_the_name() -> None:
    text = "Une délégation de la communauté de communes géorgienne de Telavi est venue."
    assert ("Intercommunality", "communauté de communes géorgienne de Telavi") in _names(text)


def test_centre_heads_a_body() -> None:
    text = "Le Centre coréen des collectivités locales KLAF Paris a tenu sa réunion."
    assert ("Agency", "Centre coréen des collectivités locales KLAF Paris") in _names(text)
    text = "Une session avec le Centre de Formation des Élus Locaux, à Lyon."
    assert ("Agency", "Centre de Formation des Élus Locaux") in _names(text)


@pytest.mark.parametrize(
    "text",
    ["la Province du Centre Est et le Centre-Ouest", "la région Centre et le Centre-Val de Loire"],
)
def test_centre_as_a_region_heads_nothing(text: str) -> None:
    assert not _names(text)


@pytest.mark.slow
def test_a_body_headed_by_centre_organises_the_meetings() -> None:
    text = (
        "Le maire a pris part aux 5e Rencontres de la coopération décentralisée "
        "franco-coréenne. Cette année encore, Cités Unies France et le Centre coréen des "
        "collectivités locales KLAF Paris organisent ces rencontres à Busan."
    )
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    organisers = {by_id[s.roles["organiser"]] for s in statements if s.kind == "organiser"}
    assert "Centre coréen des collectivités locales KLAF Paris" in organisers


@pytest.mark.slow
def test_a_place_with_and_without_its_nationality_is_one_place() -> None:
    text = (
        "Annecy et la communauté de communes géorgienne de Telavi ont signé une "
        "convention. La Communauté de communes de Telavi compte vingt villages."
    )
    mentions, _ = extract_text(text)
    names = {m.name for m in mentions if "Telavi" in m.name}
    assert len(names) == 1


def test_a_nationality_after_a_portfolio_stays_in_the_name() -> None:
    text = "Le ministère de l’Intérieur tunisien et la Région Bretagne ont signé."
    assert ("Ministry", "ministère de l’Intérieur tunisien") in _names(text)


@pytest.mark.slow
def test_an_edition_of_a_support_scheme_is_named_and_led() -> None:
    text = (
        "Le ministère ghanéen des Collectivités locales et la Délégation pour l'action "
        "extérieure des collectivités territoriales pilotent depuis 2020 un deuxième dispositif "
        "conjoint de soutien à la coopération décentralisée franco-ghanéenne."
    )
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    scheme = "dispositif conjoint de soutien à la coopération décentralisée franco-ghanéenne"
    leads = {by_id[s.roles["lead"]] for s in statements if s.kind == "lead"}
    assert scheme in by_id.values()
    assert "Délégation pour l'action extérieure des collectivités territoriales" in leads


def test_a_head_word_in_lower_case_opens_a_defined_name() -> None:
    text = "La Ville et le syndicat des eaux de la vallée du Loing (SEVL) ont financé le projet."
    found = {(text[f.start : f.end], f.acronym) for f in acronym_definitions(text)}
    assert ("syndicat des eaux de la vallée du Loing", "SEVL") in found


@pytest.mark.slow
def test_a_merged_region_is_one_name_not_its_former_parts() -> None:
    text = "Le Québec a signé une feuille de route avec la Région Auvergne-Rhône-Alpes en 2018."
    mentions, _ = extract_text(text)
    names = {m.name for m in mentions}
    assert not {"Auvergne", "Rhône-Alpes"} & names
    assert any("Auvergne-Rhône-Alpes" in n for n in names)
