"""Authorities named inside an initiative's title ("Programme … entre la région de A et les
communes de B et C"): members of it, and partners across its top-level "et" (texts of our
own)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.news import extract_text


@pytest.mark.slow
def test_a_bracketed_list_in_a_title_pairs_each_town_with_the_other_side() -> None:
    text = (
        "Titre\nProgramme concerté de coopération entre 3 communes normandes (Ifs, Colombelles "
        "et Bayeux) et les communes du canton de Kornaka au Niger (PCCN)\n"
    )
    found = links(text)
    pairs = {frozenset(x[1:]) for x in found if x[0] == "partnership"}
    assert pairs == {frozenset({town, "Kornaka"}) for town in ("Ifs", "Colombelles", "Bayeux")}
    # the bracket's "et" joins the towns of one side; the title stays whole
    members = {x[1] for x in found if x[0] == "member" and x[2].startswith("Programme concerté")}
    assert {"Ifs", "Colombelles", "Bayeux", "Kornaka"} <= members


@pytest.mark.slow
def test_a_title_with_one_side_only_pairs_nothing() -> None:
    text = (
        "Titre\nProgramme d'appui aux communes normandes (Ifs, Colombelles et Bayeux) pour "
        "l'eau potable\n"
    )
    assert not {x for x in links(text) if x[0] == "partnership"}


@pytest.mark.slow
def test_a_lower_case_programme_named_by_what_it_does_is_one_programme() -> None:
    text = (
        "OBJET : conventions entre les partenaires du programme de coopération en faveur de "
        "l'accès à l'eau potable dans 9\ncommunes du Burkina Faso. Le programme est piloté par "
        "la commune de Saintes."
    )
    found = links(text)
    name = (
        "programme de coopération en faveur de l'accès à l'eau potable dans 9 communes du "
        "Burkina Faso"
    )
    assert ("lead", "Saintes", name) in found


@pytest.mark.slow
def test_a_lower_case_programme_stops_at_the_end_of_its_sentence() -> None:
    mentions, _ = extract_text(
        "Il présente le programme d'appui aux communes. Lors de sa visite, il salue Rennes."
    )
    assert not any("Lors" in m.name for m in mentions)
