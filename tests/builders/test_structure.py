"""Structure readers: inline lists of partner pairs, read from the list's shape (sentences of
our own, in the forms real documents use)."""

from __future__ import annotations

import pytest

from builders.news import extract_text


def _pairs(text: str) -> set[frozenset[str]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m for m in mentions}
    return {
        frozenset(by_id[s.roles[r]].name for r in ("a", "b"))
        for s in statements
        if s.kind == "partnership"
    }


def P(a: str, b: str) -> frozenset[str]:
    return frozenset({a, b})


@pytest.mark.slow
def test_pairs_joined_by_et_in_a_list() -> None:
    text = (
        "Les deux pays comptent de nombreux jumelages actifs : Rennes et Sendai, Lyon et "
        "Yokohama, Nantes et Niigata, Bordeaux et le département de la Gironde et bien d'autres."
    )
    found = _pairs(text)
    assert {P("Rennes", "Sendai"), P("Lyon", "Yokohama"), P("Nantes", "Niigata")} <= found
    assert P("Rennes", "Lyon") not in found and P("Rennes", "Yokohama") not in found


@pytest.mark.slow
def test_pairs_with_avec_bare_items_and_shared_partners() -> None:
    text = (
        "Les collectivités les plus engagées sont Toulouse avec Cuzco, Brest avec Valparaiso, "
        "Temuco, et Rennes et Blois avec Arequipa."
    )
    found = _pairs(text)
    expected = {
        P("Toulouse", "Cuzco"),
        P("Brest", "Valparaiso"),
        P("Brest", "Temuco"),
        P("Rennes", "Arequipa"),
        P("Blois", "Arequipa"),
    }
    assert expected <= found
    assert P("Toulouse", "Brest") not in found and P("Toulouse", "Arequipa") not in found


@pytest.mark.slow
def test_two_names_of_one_side_are_no_pair() -> None:
    text = (
        "La commune de Vitré est entrée en partenariat avec la ville de Tsévié et le village "
        "d'Agbélouvé par la signature de deux protocoles de jumelage."
    )
    assert P("Tsévié", "Agbélouvé") not in _pairs(text)
