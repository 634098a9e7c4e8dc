"""Partnerships read from the parties of an agreement: "entre" groups after a partnership noun,
the subjects of a signing verb, the agents of a passive one, the objects of a verb whose
subject is an agreement (sentences of our own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text


def _pairs(text: str) -> set[frozenset[str]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    return {
        frozenset(by_id[r] for r in s.roles.values()) for s in statements if s.kind == "partnership"
    }


def _has(pairs: set[frozenset[str]], a: str, b: str) -> bool:
    return any(any(a in n for n in p) and any(b in n for n in p) for p in pairs)


@pytest.mark.slow
def test_repeated_entre_groups_after_a_twinning_noun_are_each_a_pair() -> None:
    pairs = _pairs(
        "On note le jumelage entre Rennes et Sétif dès 1960, entre Grenoble et la ville de "
        "Ouagadougou en 1972, entre Nancy et Kairouan en 1980."
    )
    assert _has(pairs, "Rennes", "Sétif")
    assert _has(pairs, "Grenoble", "Ouagadougou")
    assert _has(pairs, "Nancy", "Kairouan")
    assert not _has(pairs, "Rennes", "Grenoble")
    assert not _has(pairs, "Sétif", "Kairouan")


@pytest.mark.slow
def test_a_cooperation_entre_two_regions_pairs_them() -> None:
    pairs = _pairs(
        "Elle a pris la forme d'une coopération décentralisée entre la Région Bretagne et la "
        "Région de Kayes."
    )
    assert _has(pairs, "Bretagne", "Kayes")


@pytest.mark.slow
def test_the_signatories_of_a_declaration_are_partners_across_the_border() -> None:
    pairs = _pairs(
        "Les villes de Brest, Saint-Brieuc et Odessa ont signé une déclaration commune en 2024."
    )
    assert _has(pairs, "Brest", "Odessa")
    assert not _has(pairs, "Brest", "Saint-Brieuc")


@pytest.mark.slow
def test_an_agreement_binding_two_authorities_and_one_initialled_by_two() -> None:
    pairs = _pairs(
        "L'un des accords engage la mairie de Poitiers et la commune de Jacmel. L'autre, "
        "paraphé par le Conseil départemental de la Creuse et la commune de Léogâne, porte "
        "sur l'eau."
    )
    assert _has(pairs, "Poitiers", "Jacmel")
    assert _has(pairs, "Creuse", "Léogâne")


@pytest.mark.slow
def test_french_authorities_named_together_are_no_partners() -> None:
    pairs = _pairs(
        "La coopération entre la Région Limousin et la Région Aquitaine a précédé leur fusion."
    )
    assert not _has(pairs, "Limousin", "Aquitaine")


@pytest.mark.slow
def test_a_list_of_pairs_after_comme_with_generic_heads_and_elided_articles() -> None:
    pairs = _pairs(
        "D'autres collectivités ont noué des relations, comme le Grand Lyon et la région "
        "Analamanga, l'Auvergne et l'Itasy, la Bretagne et la Région Boeny et bien d'autres."
    )
    assert _has(pairs, "Grand Lyon", "Analamanga")
    assert _has(pairs, "Auvergne", "Itasy")
    assert _has(pairs, "Bretagne", "Boeny")


@pytest.mark.slow
def test_two_authorities_agreeing_on_a_cooperation_are_partners() -> None:
    pairs = _pairs(
        "La région Bretagne et la région haute Matsiatra avaient convenu en 2006 de la "
        "préparation d'une convention de coopération décentralisée."
    )
    assert _has(pairs, "Bretagne", "Matsiatra")


@pytest.mark.slow
def test_partners_in_apposition_after_each_name_of_an_enumeration() -> None:
    pairs = _pairs(
        "La délégation réunissait la municipalité de Saïda, partenaire de la ville de Lorient et "
        "de Brest, la municipalité de Zahlé, partenaire de Vannes, et la municipalité de Batroun "
        "et celle d'Amchit, toutes deux partenaires du Conseil départemental du Finistère."
    )
    assert _has(pairs, "Saïda", "Lorient")
    assert _has(pairs, "Zahlé", "Vannes")
    assert not _has(pairs, "Saïda", "Zahlé")
    assert not _has(pairs, "Lorient", "Brest")


@pytest.mark.slow
def test_gapped_twinnings_after_jumelee_a() -> None:
    pairs = _pairs(
        "La ville de Kolda est jumelée à la commune de Poitiers, Matam à Lorient, Kédougou à "
        "la commune de Vannes dans le Morbihan, Louga à la ville de Niort."
    )
    assert _has(pairs, "Matam", "Lorient")
    assert _has(pairs, "Kédougou", "Vannes")
    assert _has(pairs, "Louga", "Niort")
    assert not _has(pairs, "Kédougou", "Morbihan")


@pytest.mark.slow
def test_a_relative_clause_s_subject_is_its_antecedent() -> None:
    pairs = _pairs(
        "La ville de Tulcea, qui est jumelée avec Niort depuis 1991, accueille un festival."
    )
    assert _has(pairs, "Tulcea", "Niort")


@pytest.mark.slow
def test_a_demonstrative_generic_head_points_back_and_names_no_partner() -> None:
    from builders.news.builder import text_reader
    from builders.news.nlp import analyse
    from builders.news.syntax import demonstrative_head

    doc = analyse(
        text_reader().nlp, "Un jumelage avec cette commune du Val-d'Oise et la commune de Vannes."
    )
    heads = [t for t in doc if t.lemma_ == "commune"]
    assert [demonstrative_head(t) for t in heads] == [True, False]


@pytest.mark.slow
def test_an_agglomeration_named_after_a_french_town_is_french() -> None:
    pairs = _pairs(
        "La ville de Mykolaïv est jumelée avec Narbonne depuis 2022. L'Agglomération du Grand "
        "Narbonne a signé une convention de partenariat avec Narbonne et Mykolaïv."
    )
    assert _has(pairs, "Narbonne", "Mykolaïv")
    assert not any(
        any("Grand Narbonne" in n for n in p) and any(n == "Narbonne" for n in p) for p in pairs
    )


@pytest.mark.slow
def test_an_agreement_concerning_two_towns_past_their_locators() -> None:
    pairs = _pairs(
        "Le premier partenariat concerne la commune de Kintélé, dans le département du Pool, et "
        "la ville de Vierzon, en France, de plus de 25 000 habitants."
    )
    assert _has(pairs, "Kintélé", "Vierzon")
    assert not _has(pairs, "Pool", "Vierzon")


@pytest.mark.slow
def test_an_entre_pair_past_a_locator_after_a_sentence_naming_the_agreement() -> None:
    pairs = _pairs(
        "Le deuxième accord a été paraphé entre Mouyondzi et Charly. Le troisième a été entre la "
        "ville d'Oyo, dans le département de la Cuvette, et Vierzon, une autre ville française."
    )
    assert _has(pairs, "Oyo", "Vierzon")
    assert not _has(pairs, "Cuvette", "Vierzon")
