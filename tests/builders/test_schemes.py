"""Calls for projects and support schemes: titles in capitals, schemes named in lower case by
what they support, ministries qualified by a nationality, bylines that are no pair (texts of our
own, in the shapes embassy and ministry pages use)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.candidates import Cand
from builders.news import extract_text
from builders.news.initiatives import initiatives
from builders.news.patterns import designated_names
from builders.structure import line_pairs

CALL = (
    "APPEL A PROJETS EN SOUTIEN A LA COOPERATION DECENTRALISEE FRANCO-GHANEENNE 2025\n\n"
    "Le ministère français de l'Europe et des Affaires étrangères et le ministère ghanéen des "
    "Collectivités locales ouvrent un appel à projets. Cet appel s'inscrit dans le dispositif "
    "conjoint de soutien à la coopération décentralisée franco-ghanéenne, créé en 2019. Ce "
    "dispositif est piloté par la Délégation pour l'action extérieure des collectivités "
    "territoriales et par l'Ambassade de France au Ghana.\n"
)


def test_a_title_in_capitals_names_the_call_as_written() -> None:
    names = {c.name for c in initiatives(CALL) if c.source == "title"}
    assert names == {
        "APPEL A PROJETS EN SOUTIEN A LA COOPERATION DECENTRALISEE FRANCO-GHANEENNE 2025"
    }


def test_a_support_scheme_in_lower_case_is_named_to_the_end_of_what_it_supports() -> None:
    schemes = [c for c in initiatives(CALL) if c.source == "scheme"]
    assert [(c.kind, c.name) for c in schemes] == [
        (
            "Programme",
            "dispositif conjoint de soutien à la coopération décentralisée franco-ghanéenne",
        )
    ]


def test_a_ministry_qualified_by_a_nationality_keeps_its_portfolio() -> None:
    found = {CALL[f.start : f.end] for f in designated_names(CALL) if f.kind == "Ministry"}
    assert "ministère ghanéen des Collectivités locales" in found


@pytest.mark.slow
def test_the_scheme_s_pilots_lead_it_and_the_ministries_lead_the_call() -> None:
    mentions, statements = extract_text(CALL)
    name = {m.id: m.name for m in mentions}
    leads = {
        (name[s.roles["lead"]], name[s.roles["programme"]]) for s in statements if s.kind == "lead"
    }
    scheme = "dispositif conjoint de soutien à la coopération décentralisée franco-ghanéenne"
    assert ("Ambassade de France au Ghana", scheme) in leads
    assert any(lead.startswith("ministère ghanéen") for lead, _ in leads)


def test_a_byline_is_no_pair() -> None:
    text = "Appel à projets\nPar Marie-Claire DUPONT - Conseil régional de Bretagne\n"
    person = Cand(text.index("Marie"), text.index(" -"), "Person", "Marie-Claire DUPONT")
    assert line_pairs(text, [person])[0] == []


#: a scheme named in quotes, its head in lower case; piloted in two parts, each with its "par";
#: funded by a giving verb and by "participer à hauteur de" an amount (a text of our own)
QUOTED_SCHEME = (
    "La Région Occitanie et le ministère ghanéen des Collectivités locales ouvrent un appel à "
    "projets portant sur le « deuxième dispositif conjoint triennal 2025-2027 en soutien aux "
    "collectivités ghanéennes et françaises ». Prévu pour trois ans, ce dispositif est piloté "
    "conjointement, d'une part, par la Délégation pour l'action extérieure des collectivités "
    "territoriales et, d'autre part, par l'Ambassade du Ghana en France. En termes de "
    "financement, la Région Occitanie, à travers sa direction, dote ce dispositif de 400.000 "
    "euros pour trois ans. Le ministère ghanéen des Collectivités locales participera à "
    "hauteur de 90.000 euros pour la même période.\n"
)
_SCHEME_NAME = (
    "deuxième dispositif conjoint triennal 2025-2027 en soutien aux collectivités ghanéennes "
    "et françaises"
)


def test_a_quoted_name_opening_with_an_initiative_noun_is_that_initiative() -> None:
    quoted = {(c.kind, c.name) for c in initiatives(QUOTED_SCHEME) if c.source == "quote"}
    assert quoted == {("Programme", _SCHEME_NAME)}
    assert not [c for c in initiatives("Il a dit « Un projet pour rien ». ") if c.kind != "Project"]


@pytest.mark.slow
def test_a_scheme_piloted_in_two_parts_and_funded_by_giving_verbs() -> None:
    found = links(QUOTED_SCHEME)
    leads = {x[1] for x in found if x[0] == "lead" and x[2] == _SCHEME_NAME}
    assert {
        "Délégation pour l'action extérieure des collectivités territoriales",
        "Ambassade du Ghana en France",
    } <= leads
    funders = {x[1] for x in found if x[0] == "funding" and x[2] == _SCHEME_NAME}
    assert funders == {"Région Occitanie", "ministère ghanéen des Collectivités locales"}


@pytest.mark.slow
def test_facilities_foreign_coordinations_and_participles_end_names() -> None:
    text = (
        "Cinq projets financés par la Facilité de financement des collectivités françaises en "
        "2016. Les maires Yves Juhel e Alberto Biancheri ont signé. Les élus participant aux "
        "3es Ateliers franco-chiliens de la coopération décentralisée à formuler des "
        "recommandations. Il faut déployer un programme de recherche-action associant "
        "AgroParisTech et des universités locales."
    )
    mentions, _ = extract_text(text)
    kinds = {m.name: m.kind for m in mentions}
    facility, _ = extract_text("Le projet est financé par la Facilité d’Appui aux Territoires.")
    expected = {("Facilité d’Appui aux Territoires", "Programme")}
    assert {(m.name, m.kind) for m in facility} == expected
    assert kinds.get("Yves Juhel") == kinds.get("Alberto Biancheri") == "Person"
    assert "3es Ateliers franco-chiliens de la coopération décentralisée" in kinds
    assert not [n for n in kinds if "associant" in n]
