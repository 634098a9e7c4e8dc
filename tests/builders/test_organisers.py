"""Events named by their edition, co-organisers, objects of verbs the model mistags, and the
French-French pairs that decentralised cooperation never states (texts of our own)."""

from __future__ import annotations

import pytest
from extracted import links as _links

from builders.news import extract_text


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["Premières", "7° ", "3e "])
def test_an_event_word_after_its_edition_names_an_event(edition: str) -> None:
    text = (
        f"Lors des {edition.strip()} assises de la coopération franco-chilienne, organisées par "
        "Cités Unies France à Lille, les élus ont débattu."
    )
    mentions, _ = extract_text(text)
    events = [m.name for m in mentions if m.kind == "Event"]
    assert any(n.endswith("assises de la coopération franco-chilienne") for n in events)


@pytest.mark.slow
def test_a_partner_of_the_organiser_co_organises_the_event() -> None:
    text = (
        "Dijon organise, en partenariat avec Cités Unies France, les 3 et 4 mai 2024 les "
        "Premières rencontres de la coopération franco-mongole."
    )
    organisers = {x[1] for x in _links(text) if x[0] == "organiser"}
    assert {"Dijon", "Cités Unies France"} <= organisers


@pytest.mark.slow
def test_two_french_towns_are_never_paired() -> None:
    text = "Les villes de Nantes et de Lyon ont signé un accord de coopération avec Fès."
    pairs = {frozenset(x[1:]) for x in _links(text) if x[0] == "partnership"}
    assert frozenset({"Nantes", "Lyon"}) not in pairs


@pytest.mark.slow
def test_members_listed_in_parentheses_take_part_in_the_project() -> None:
    text = (
        "Projet concerté Eau pour tous (PEPT) au Niger\n"
        "Cinq collectivités de Bretagne (Ville de Rennes, Ville de Brest, Lorient "
        "Agglomération, Conseil départemental du Finistère) travaillent avec leurs partenaires "
        "nigériens (communes rurales de Dankassari, de Dogondoutchi et de Matankari)."
    )
    members = {
        x[1] for x in _links(text) if x[0] == "member" and x[2] == "Projet concerté Eau pour tous"
    }
    assert {"Rennes", "Brest", "Dankassari", "Matankari"} <= members
    pairs = {frozenset(x[1:]) for x in _links(text) if x[0] == "partnership"}
    assert not pairs  # four with three: the text does not say who pairs with whom


@pytest.mark.slow
def test_support_for_an_event_is_no_funding_unless_money_is_named() -> None:
    base = "Les Premières rencontres franco-chiliennes se sont tenues à Lille, {}."
    plain = _links(base.format("avec le soutien de la Région Hauts-de-France"))
    assert not any(x[0] == "funding" for x in plain)
    paid = _links(base.format("grâce à l'appui financier de la Région Hauts-de-France"))
    assert any(x[0] == "funding" and "Hauts-de-France" in x[1] for x in paid)


@pytest.mark.slow
def test_an_event_keeps_every_ordinal_and_no_language_tag() -> None:
    text = (
        "8èmes rencontres de la coopération franco-coréenne [ko]\n\n"
        "Les Huitièmes Rencontres franco-coréennes se sont tenues à Busan en 2022."
    )
    mentions, _ = extract_text(text)
    events = {m.name for m in mentions if m.kind == "Event"}
    assert not any("[ko]" in n for n in events)
    assert any(n.startswith("Huitièmes Rencontres") for n in events)


@pytest.mark.slow
def test_associations_named_after_a_lower_case_head_hold_their_congress() -> None:
    text = (
        "Les associations Lyon-Canton et Canton-Lyon ont tenu leur 12e congrès commun du 3 au "
        "5 mai à Nantes, à l'Hôtel de Région de Nantes. Le témoignage des maires de Saumur et "
        "La Roche-sur-Yon, qui fêtent leurs vingt ans de jumelage, a suivi. Il tient compte "
        "du congrès des communes du Grand Est."
    )
    mentions, _ = extract_text(text)
    kinds = {m.name: m.kind for m in mentions}
    assert kinds.get("Lyon-Canton") == kinds.get("Canton-Lyon") == "Association"
    assert kinds.get("La Roche-sur-Yon") == "Commune"
    assert kinds.get("Nantes") == "Commune"
    found = _links(text)
    assert ("organiser", "Lyon-Canton", "12e congrès commun") in found
    assert ("organiser", "Canton-Lyon", "12e congrès commun") in found
    assert {x for x in found if x[0] == "organiser"} <= {
        ("organiser", "Lyon-Canton", "12e congrès commun"),
        ("organiser", "Canton-Lyon", "12e congrès commun"),
    }


@pytest.mark.slow
def test_an_organisers_block_of_a_flattened_title_page() -> None:
    text = (
        "COMPTE-RENDU\n\nDES 3EMES ASSISES DE LA COOPERATION DECENTRALISEE FRANCO-CHILIENNE\n\n"
        "Tenues sous le patronage du Président\n\nLes 4 et 5 mai 2015, Santiago\n\n"
        "Organisées par\n\n"
        "le Comité des Maires Chiliens l’Ambassade de France au Chili\n\n"
        "Cités Unies France le Ministère des Affaires étrangères (France)\n\n"
        "Page 2 : sommaire\n"
    )
    event = "3EMES ASSISES DE LA COOPERATION DECENTRALISEE FRANCO-CHILIENNE"
    organisers = {x[1] for x in _links(text) if x[0] == "organiser" and x[2] == event}
    assert organisers == {
        "Comité des Maires Chiliens",
        "Ambassade de France au Chili",
        "Cités Unies France",
        "Ministère des Affaires étrangères",
    }


@pytest.mark.slow
def test_an_event_name_runs_over_a_modifier_the_parse_calls_a_verb() -> None:
    mentions, _ = extract_text(
        "A l’invitation de la Ville de Metz, le 3e Forum franco-britannique des maires et élus "
        "locaux s’est tenu du 4 au 5 mai."
    )
    events = {m.name for m in mentions if m.kind == "Event"}
    assert events == {"3e Forum franco-britannique des maires et élus locaux"}
