"""Authorities named inside an initiative's title ("Programme … entre la région de A et les
communes de B et C"): members of it, and partners across its top-level "et" (texts of our
own)."""

from __future__ import annotations

import pytest
from extracted import links


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
