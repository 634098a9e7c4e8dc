"""Partnerships stated by what one authority does for another, by "partenaire de", and by a
generic head standing for the authority a text is about (sentences of our own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text


def _pairs(text: str) -> set[frozenset[str]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    return {
        frozenset(by_id[r] for r in s.roles.values()) for s in statements if s.kind == "partnership"
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Grenoble accompagne Ouagadougou dans la gestion de ses déchets.",
        "La ville de Grenoble intervient à Ouagadougou pour l'assainissement.",
        "Grenoble agit notamment à Ouagadougou pour les services de l'eau.",
        "Depuis 2015, Grenoble appuie Ouagadougou en matière d'urbanisme.",
    ],
)
def test_an_authority_acting_for_a_foreign_one_cooperates_with_it(text: str) -> None:
    assert frozenset({"Grenoble", "Ouagadougou"}) in _pairs(text)


@pytest.mark.slow
def test_two_french_authorities_working_together_are_no_international_pair() -> None:
    pairs = _pairs("Grenoble accompagne Chambéry dans la gestion de ses déchets.")
    assert frozenset({"Grenoble", "Chambéry"}) not in pairs


@pytest.mark.slow
def test_partenaire_de_pairs_the_subject_with_its_complement() -> None:
    pairs = _pairs("La ville de Grenoble est partenaire de la commune de Ouahigouya depuis 1990.")
    assert any("Ouahigouya" in " ".join(p) and "Grenoble" in " ".join(p) for p in pairs)


@pytest.mark.slow
def test_a_generic_head_stands_for_the_authority_the_text_names_most() -> None:
    text = (
        "La Métropole de Lyon mène une politique internationale active. La Métropole de Lyon "
        "compte plusieurs partenaires. La Métropole a signé un accord de coopération avec "
        "Porto-Novo en 2019."
    )
    pairs = _pairs(text)
    assert any("Porto-Novo" in p and any("Lyon" in n for n in p) for p in pairs)


@pytest.mark.slow
def test_a_generic_head_is_nobody_when_two_authorities_of_its_kind_are_named_alike() -> None:
    text = (
        "La Région Bretagne et la Région Normandie travaillent ensemble. La Région a signé un "
        "accord de coopération avec la province de Hanoï."
    )
    pairs = _pairs(text)
    assert not any(any("Hanoï" in n for n in p) and len(p) == 2 for p in pairs)


@pytest.mark.slow
def test_an_agreement_signed_with_no_signatory_is_the_main_authority_s() -> None:
    text = (
        "La Région Occitanie mène une action internationale. La Région Occitanie soutient ses "
        "partenaires. L'accord le plus récent a été signé en 2021 avec le gouvernorat de Sfax."
    )
    pairs = _pairs(text)
    assert any("Occitanie" in " ".join(p) and "Sfax" in " ".join(p) for p in pairs)


@pytest.mark.slow
def test_a_model_name_cut_at_an_elided_particle_runs_over_the_next_word() -> None:
    mentions, _ = extract_text(
        "La Région Bretagne a signé un accord avec le Gouvernement régional du Kurdistan d'Irak."
    )
    assert any(m.name.endswith("Kurdistan d'Irak") for m in mentions)


@pytest.mark.slow
def test_a_grant_accorded_to_an_authority_is_its_funding() -> None:
    mentions, statements = extract_text(
        "La Région Bretagne a accordé une subvention de 15 000 euros à la commune de Dapaong."
    )
    name = {m.id: m.name for m in mentions}
    fundings = [
        (name[s.roles["funder"]], name[s.roles["recipient"]], s.attrs.get("amount"))
        for s in statements
        if s.kind == "funding"
    ]
    assert fundings == [("Région Bretagne", "Dapaong", "15000")]
