"""Officials standing for their authority: a name apposed to an executive office of a named
authority is a person, and the partnership read through it is the authorities' (texts of our
own; the names are invented or common)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.candidates import Cand
from builders.news import extract_text
from builders.news.officials import office_of, officials


def _kinds(text: str) -> dict[str, str]:
    mentions, _ = extract_text(text)
    return {m.name: m.kind for m in mentions}


def _partnerships(text: str) -> set[frozenset[str]]:
    return {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}


@pytest.mark.slow
def test_signatories_named_with_their_offices_give_the_authorities_partnership() -> None:
    text = (
        "La convention a été signée entre Jean Dupont, président du Conseil départemental de "
        "la Dordogne, et Kossi Agbeko, maire de Kpalimé, le 12 mars 2010."
    )
    kinds = _kinds(text)
    # "Kossi" is also a Burkinabè province and "Agbeko" a word the model alone reads: one person
    assert kinds["Jean Dupont"] == "Person" and kinds["Kossi Agbeko"] == "Person"
    assert "Kossi" not in kinds and "Agbeko" not in kinds
    assert _partnerships(text) == {frozenset({"Conseil départemental de la Dordogne", "Kpalimé"})}


@pytest.mark.slow
def test_mayors_who_sign_stand_for_their_towns() -> None:
    text = (
        "Marie Martin, maire de Bressuire, et Komi Ayi, maire d'Atakpamé, ont signé une "
        "convention de jumelage."
    )
    assert _partnerships(text) == {frozenset({"Bressuire", "Atakpamé"})}
    assert _kinds(text)["Komi Ayi"] == "Person"


@pytest.mark.slow
def test_an_office_written_before_the_name_types_the_name_a_person() -> None:
    kinds = _kinds("Le maire de Kpalimé, Kossi Agbeko, a reçu la délégation de Bressuire.")
    assert kinds.get("Kossi Agbeko") == "Person"
    assert "Kossi" not in kinds


def test_an_office_in_another_clause_or_across_a_coordination_names_no_authority() -> None:
    text = "Paul Durand, maire et président du syndicat, a reçu Lomé."
    cands = [
        Cand(0, 11, "Person", "Paul Durand", source="model"),
        Cand(59, 63, "Commune", "Lomé", source="ref"),
    ]
    out = officials(text, cands)
    assert [c.name for c in out] == ["Paul Durand", "Lomé"]
    assert office_of(out[0]) is None  # "maire et président": no "de" after the office


def test_one_gazetteer_name_before_an_office_is_not_made_a_person() -> None:
    text = "Kpalimé, maire de la ville voisine de Lomé, …"
    cands = [
        Cand(0, 7, "Commune", "Kpalimé", source="ref"),
        Cand(38, 42, "Commune", "Lomé", source="ref"),
    ]
    out = officials(text, cands)
    assert [(c.kind, c.name) for c in out] == [("Commune", "Kpalimé"), ("Commune", "Lomé")]


@pytest.mark.slow
def test_agreements_an_unnamed_delegation_signs_are_the_texts_authority_s() -> None:
    text = (
        "Le maire de la commune de Kpalimé, Kossi Agbeko, était en mission en France. "
        "À Poitiers, la délégation togolaise a conclu une convention, cette fois avec la "
        "Communauté de communes du Haut-Poitou. Le voyage s'est achevé par un partenariat, "
        "scellé avec Paul Durand, maire de Bressuire. Kossi Agbeko a remercié ses hôtes."
    )
    assert _partnerships(text) == {
        frozenset({"Kpalimé", "Communauté de communes du Haut-Poitou"}),
        frozenset({"Kpalimé", "Bressuire"}),
    }


@pytest.mark.slow
def test_an_agreement_a_minister_signs_is_not_the_texts_authority_s() -> None:
    text = (
        "La ville de Kpalimé accueille une délégation. Kpalimé reçoit aussi des élus. "
        "Le ministre a signé une convention avec la Communauté de communes du Haut-Poitou."
    )
    assert _partnerships(text) == set()


@pytest.mark.slow
def test_a_mayor_who_attends_a_forum_in_a_foreign_town_does_not_pair_with_it() -> None:
    text = (
        "Anne Roux, maire de Bressuire, se rendra au Togo et assistera aux Assises de la "
        "coopération à Kpalimé."
    )
    assert _partnerships(text) == set()


@pytest.mark.slow
def test_a_title_before_a_name_makes_a_person_and_a_role_alone_names_no_one() -> None:
    text = (
        "La délégation a été reçue par le Gouverneur Ngobila, en présence de la Vice-Présidente "
        "du Conseil départemental. Le Vice-Président a salué le colonel Rakoto. Le texte est "
        "signé par Anne Roux Présidente."
    )
    kinds = _kinds(text)
    assert kinds.get("Ngobila") == "Person"
    assert kinds.get("Rakoto") == "Person"
    assert kinds.get("Anne Roux") == "Person"
    assert not [n for n in kinds if n.lower().startswith(("vice-pr", "gouverneur"))]
