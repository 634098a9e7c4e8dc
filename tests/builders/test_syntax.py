"""Relations by syntax: the roles of a lexicon verb or noun in the parse give funder,
recipient, leader and organiser, in any voice or tense (sentences of our own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text
from builders.news.wholes import parseable


def _links(text: str) -> set[tuple[str, str, str]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    return {
        (s.kind, *(by_id[s.roles[r]] for r in list(s.roles)[:2]))  # type: ignore[misc]
        for s in statements
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "funder"),
    [
        ("Le projet PAGOF est cofinancé par la Région Bretagne.", "Région Bretagne"),
        ("La Région Bretagne a cofinancé le projet PAGOF en 2021.", "Région Bretagne"),
        ("La Région Bretagne cofinancera le projet PAGOF.", "Région Bretagne"),
        ("Grâce au soutien financier de la Région Bretagne, le projet PAGOF a démarré.",
         "Région Bretagne"),
        ("La commune de Vitré s'engage à verser 10 000 euros au projet PAGOF.", "Vitré"),
    ],
)  # fmt: skip
def test_funding_in_any_voice(text: str, funder: str) -> None:
    assert ("funding", funder, "projet PAGOF") in _links(text)


@pytest.mark.slow
def test_conjoined_funders_share_the_role() -> None:
    text = (
        "L'Agence française de développement, la Région Bretagne et le Département du Finistère "
        "financent le projet PAGOF."
    )
    funders = {a for kind, a, b in _links(text) if kind == "funding" and b == "projet PAGOF"}
    assert {"Agence française de développement", "Région Bretagne", "Finistère"} <= funders


@pytest.mark.slow
def test_an_initiative_name_runs_to_the_end_of_its_phrase() -> None:
    text = (
        "Le Programme d’appui au développement municipal, qui bénéficiera à 40 communes, est "
        "financé par l'Union européenne."
    )
    links = _links(text)
    assert ("funding", "Union européenne", "Programme d’appui au développement municipal") in links


def test_parseable_text_keeps_offsets() -> None:
    text = "l’appui d’un « partenaire »"
    assert len(parseable(text)) == len(text) and "’" not in parseable(text)


@pytest.mark.slow
def test_an_unnamed_initiative_is_named_by_its_description_never_by_its_head() -> None:
    text = (
        "Le 3 juin 2025 à Sokodé, un programme destiné à former quinze élus locaux à la gestion "
        "de l'eau a été lancé. Il est soutenu par la Région Bretagne."
    )
    mentions, _ = extract_text(text)
    [programme] = [m for m in mentions if m.kind == "Programme"]
    assert programme.name.startswith("programme destiné à former quinze élus")
    assert "lancé" not in programme.name


@pytest.mark.slow
def test_a_call_for_projects_named_by_its_title_and_piloted_by_its_lead() -> None:
    text = (
        "Région Sud | Appel à projets franco-chilien 2022-2024\n\n"
        "La Région Sud et le ministère chilien de l'Intérieur ouvrent un nouvel appel à projets "
        "en soutien aux partenariats entre collectivités. Il est piloté par la Délégation pour "
        "l'action extérieure des collectivités territoriales."
    )
    leads = {a for kind, a, b in _links(text) if kind == "lead"}
    assert "Délégation pour l'action extérieure des collectivités territoriales" in leads
    names = {m.name for m in extract_text(text)[0] if m.kind == "Programme"}
    assert "Appel à projets franco-chilien 2022-2024" in names


@pytest.mark.slow
def test_an_object_the_parse_hangs_on_the_governing_verb_is_the_infinitive_s() -> None:
    text = (
        "3ème appel à projets franco-malien\n\nLe ministère des Affaires étrangères et "
        "l'Agence de coopération du Mali ont décidé de lancer, pour la troisième année "
        "consécutive, un appel à projets de coopération décentralisée."
    )
    leads = {(a, b) for kind, a, b in _links(text) if kind == "lead"}
    assert ("Agence de coopération du Mali", "3ème appel à projets franco-malien") in leads


@pytest.mark.slow
def test_partners_of_an_event_named_again_by_a_demonstrative_are_not_a_project_s() -> None:
    text = (
        "Le maire de Nantes se rendra à Rabat pour le lancement du projet PAVE. Il ouvrira les "
        "Assises de la coopération franco-marocaine à Fès. Ces Assises sont organisées par "
        "Cités Unies France, en partenariat avec l'Agence française de développement."
    )
    found = _links(text)
    assert ("member", "Agence française de développement", "projet PAVE") not in found
    assert ("organiser", "Cités Unies France", "Assises de la coopération franco-marocaine") in (
        found
    )


@pytest.mark.slow
def test_the_actors_an_initiative_concerns_or_brings_together_are_its_members() -> None:
    text = (
        "Le programme PACTE, financé par l'Union européenne, concerne quatre territoires : "
        "la Guyane, l'Amapa, le Para et le Suriname. Le projet EAU-VIE associe la commune de "
        "Kayes et la ville de Lyon."
    )
    found = _links(text)
    members = {a for kind, a, b in found if kind == "member" and b == "programme PACTE"}
    assert {"Guyane", "Amapa", "Para"} <= members
    assert not {a for kind, a, b in found if kind == "funding"} & members
    assert ("member", "Kayes", "projet EAU-VIE") in found


@pytest.mark.slow
def test_authorities_involved_in_a_project_with_a_partner_are_members_and_partners() -> None:
    text = (
        "La ville de Rennes et la ville de Lyon sont impliquées dans un projet de protection "
        "du patrimoine de Louang Prabang, avec la province de Luang Namtha."
    )
    found = _links(text)
    project = next(b for kind, _, b in found if kind == "member")
    assert project.startswith("projet de protection du patrimoine de Louang Prabang")
    assert {a for kind, a, b in found if kind == "member"} == {"Rennes", "Lyon", "Luang Namtha"}
    assert ("partnership", "Rennes", "Luang Namtha") in found


@pytest.mark.slow
def test_verbs_of_joining_make_their_subjects_or_listed_actors_members() -> None:
    text = (
        "Le programme « Terres d'eau » a été lancé en 2015 par Cités Unies France. La commune "
        "de Figeac a rejoint le programme en 2017. Deux régions se sont intégrées au programme "
        ": Bretagne et Occitanie."
    )
    members = {x[1] for x in _links(text) if x[0] == "member" and x[2] == "Terres d'eau"}
    assert {"Figeac", "Bretagne", "Occitanie"} <= members
