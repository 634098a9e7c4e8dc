"""Places named with their designator: a designator inside a reference name gives its kind, and
a "région du X" is not the French commune X (texts of our own)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.news import extract_text


def _kinds(text: str) -> dict[str, str]:
    mentions, _ = extract_text(text)
    return {m.name: m.kind for m in mentions}


@pytest.mark.slow
def test_a_region_known_with_its_lower_case_designator_is_a_region() -> None:
    kinds = _kinds("La région Auvergne-Rhône-Alpes soutient la commune de Dapaong.")
    assert [k for n, k in kinds.items() if "Auvergne" in n] == ["Region"]


@pytest.mark.slow
def test_a_foreign_region_named_like_a_french_commune_is_still_a_partner() -> None:
    # Maule is a commune of the Yvelines, but "la région du Maule" is no commune: it is the
    # foreign side of the cooperation the demonstrative "celle" stands for
    text = (
        "Parmi les coopérations actives, on peut citer celle qui unit, depuis 2011, la région "
        "Normandie et la région du Maule, dans le domaine de la santé."
    )
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    assert any("Maule" in " ".join(p) and any("Normandie" in n for n in p) for p in pairs)


@pytest.mark.slow
def test_a_compound_region_written_with_spaces_for_some_hyphens_is_found() -> None:
    # the reference tables write them "Nord-Pas-de-Calais" and "Rhône-Alpes"
    mentions, _ = extract_text(
        "Trois Régions y participent : Nord-Pas de Calais, Provence Alpes Côte d’Azur et Rhône "
        "Alpes, avec 14 Parcs naturels régionaux."
    )
    found = {m.name: m.country for m in mentions}
    assert found.get("Nord-Pas de Calais") == "FR"
    assert found.get("Rhône Alpes") == "FR"


@pytest.mark.slow
def test_a_quoted_initiative_name_ends_at_its_closing_quote() -> None:
    kinds = _kinds("Le programme « Eau Pour Tous » a été lancé en 2010 par Cités Unies France.")
    assert kinds.get("Eau Pour Tous") == "Programme"
