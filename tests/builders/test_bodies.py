"""Bodies that act together: a service named in brackets after its ministry shares its role,
a passive verb's agent after a mistagged adverb ("lancé conjointement par"), a ministry's
portfolio with its adjective (sentences of our own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text


def _links(text: str, kind: str) -> set[tuple[str, ...]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    return {tuple(by_id[r] for r in s.roles.values()) for s in statements if s.kind == kind}


def _names(text: str) -> set[str]:
    mentions, _ = extract_text(text)
    return {m.name for m in mentions}


@pytest.mark.slow
def test_a_service_in_brackets_after_its_ministry_leads_with_it() -> None:
    leads = _links(
        "Le Programme d'appui aux communes chiliennes a été lancé en 2019 par le "
        "Ministère de l'Europe et des Affaires étrangères (Délégation pour l'action extérieure "
        "des collectivités territoriales).",
        "lead",
    )
    actors = {a for a, _ in leads}
    assert any("Ministère" in a for a in actors)
    assert any("Délégation" in a for a in actors)


@pytest.mark.slow
def test_an_agent_after_a_mistagged_adverb_still_acts() -> None:
    leads = _links(
        "Le Programme de coopération franco-péruvien a été lancé en mars 2018, conjointement "
        "par le Ministère de l'Europe et des Affaires étrangères et le Ministère péruvien des "
        "Relations extérieures.",
        "lead",
    )
    actors = {a for a, _ in leads}
    assert any("péruvien des Relations extérieures" in a for a in actors), leads
    assert any("Europe" in a for a in actors), leads


@pytest.mark.slow
def test_no_bracketed_twin_for_a_place_in_brackets() -> None:
    leads = _links(
        "Le Programme Eau Solidaire est piloté par l'Agence de l'eau Adour-Garonne (Toulouse).",
        "lead",
    )
    assert all("Toulouse" not in a for a, _ in leads)


@pytest.mark.slow
def test_a_project_title_of_a_whole_sentence_is_one_name() -> None:
    title = (
        "Renforcer l'accès à l'eau potable et à l'assainissement dans les quartiers "
        "périphériques de la commune urbaine de Dosso"
    )
    assert len(title) > 80
    mentions, _ = extract_text(f"Le projet « {title} » est porté par la ville de Lannion.")
    assert (title, "Project") in {(m.name, m.kind) for m in mentions}


@pytest.mark.slow
def test_a_currency_after_a_figure_is_no_town() -> None:
    mentions, _ = extract_text(
        "Un cofinancement de 9 839 340 Francs CFA a été accordé à la commune de Dosso."
    )
    assert "Francs" not in {m.name for m in mentions}


@pytest.mark.slow
def test_what_an_authority_obtains_or_receives_is_funded_by_the_giver() -> None:
    fundings = _links(
        "La commune de Kita a obtenu un financement de la part du Ministère de l'Europe et des "
        "Affaires étrangères en 2015. La ville de Niort a reçu une subvention de l'Agence de "
        "l'eau Loire-Bretagne.",
        "funding",
    )
    assert any("Ministère" in f and r == "Kita" for f, r in fundings), fundings
    assert any("Loire-Bretagne" in f and r == "Niort" for f, r in fundings), fundings
    assert not any(f == "Kita" for f, _ in fundings)


@pytest.mark.slow
def test_bodies_working_alongside_the_organisers_organise_nothing() -> None:
    organisers = _links(
        "La Fédération nationale des communes du Niger et Cités Unies France, en partenariat avec "
        "le ministère nigérien de l'Intérieur et l'Agence française de développement, organisent "
        "les 8 et 9 mars les rencontres de la coopération décentralisée à Niamey.",
        "organiser",
    )
    actors = {a for a, _ in organisers}
    assert not any("Intérieur" in a or "développement" in a for a in actors), organisers


@pytest.mark.slow
def test_an_event_of_the_field_s_series_is_named_in_lower_case() -> None:
    mentions, _ = extract_text(
        "Les élus se retrouveront aux assises franco-chiliennes de la coopération décentralisée "
        "à Valparaiso."
    )
    assert any(m.kind == "Event" and "assises franco-chiliennes" in m.name for m in mentions)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Les deux ministères ont renouvelé le dispositif conjoint triennal de soutien à la "
            "coopération décentralisée franco-marocaine.",
            "dispositif conjoint triennal de soutien à la coopération décentralisée "
            "franco-marocaine",
        ),
        (
            "Le ministère a décidé de lancer un fonds d'appui spécifique à la coopération "
            "décentralisée franco-libanaise.",
            "fonds d'appui spécifique à la coopération décentralisée franco-libanaise",
        ),
    ],
)
def test_a_support_scheme_with_its_adjectives_is_named_in_lower_case(text: str, name: str) -> None:
    mentions, _ = extract_text(text)
    assert name in {m.name for m in mentions}
