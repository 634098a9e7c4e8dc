"""Calls for projects (sentences of our own): named by the two countries they join, run by
the state bodies said to fund them, answered by the authorities said to fund within them."""

from __future__ import annotations

import pytest

from builders.candidates import Cand
from builders.news import extract_text
from builders.news.calls import call_roles
from builders.news.initiatives import initiatives
from builders.news.relations import Rel


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pour sa troisième édition, l'appel à projets conjoint France-Chili retient six projets.",
         "appel à projets conjoint France-Chili"),
        ("Le ministère a lancé l'appel à projets franco-chilien 2014 en mars.",
         "appel à projets franco-chilien 2014"),
        ("Le ministère ouvre cette année un nouvel appel à projets de soutien à la coopération "
         "décentralisée à l'attention des communes chiliennes.",
         "appel à projets de soutien à la coopération décentralisée"),
    ],
)  # fmt: skip
def test_a_call_is_named_by_its_countries_or_its_purpose(text: str, name: str) -> None:
    assert name in {c.name for c in initiatives(text)}


@pytest.mark.slow
def test_a_binational_call_keeps_its_qualifier() -> None:
    text = "Pour sa troisième édition, l'appel à projets conjoint France-Chili retient six projets."
    mentions, _ = extract_text(text)
    assert "appel à projets conjoint France-Chili" in {m.name for m in mentions}


def _cand(name: str, kind: str) -> Cand:
    return Cand(0, len(name), kind, name)


def test_a_state_body_runs_the_call_an_authority_answers_it() -> None:
    call = _cand("appel à projets franco-chilien 2014", "Programme")
    ministry = _cand("ministère des Affaires étrangères", "Ministry")
    town = _cand("Cahors", "Commune")
    project = _cand("projet Eau vive", "Project")
    rels = [
        Rel("funding", {"funder": ministry, "recipient": call}, 0, 10),
        Rel("funding", {"funder": town, "recipient": call}, 0, 10),
        Rel("funding", {"funder": ministry, "recipient": project}, 0, 10),
    ]
    read = [(r.kind, *(c.name for c in r.roles.values())) for r in call_roles(rels)]
    assert read == [
        ("lead", "ministère des Affaires étrangères", call.name),
        ("member", "Cahors", call.name),
        ("funding", "ministère des Affaires étrangères", "projet Eau vive"),
    ]
