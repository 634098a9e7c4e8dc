"""Directory lines of twinnings, initiatives named again in lower case, ministries named by
their portfolios, verbs the model mistags, and headings kept out of the sentence below them
(texts of our own, in the shapes real pages use)."""

from __future__ import annotations

import pytest

from builders.candidates import Cand
from builders.news import extract_text
from builders.news.lexicon import verb_lemma
from builders.news.portfolios import whole_ministries
from builders.news.remention import re_mentions
from builders.structure import item_pairs, line_pairs


def _links(text: str) -> set[tuple[str, frozenset[str]]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    return {(s.kind, frozenset(by_id[r] for r in s.roles.values())) for s in statements}


def P(a: str, b: str) -> tuple[str, frozenset[str]]:
    return ("partnership", frozenset({a, b}))


DIRECTORY = (
    "Les villes jumelées de la région\n"
    "Voici la liste des jumelages en cours.\n"
    "Arbois (Jura) – Vylkove (région d'Odessa, Sud), depuis 1991\n"
    "Saint-Pierre-des-Corps (Indre-et-Loire) – Kolomyia (Ouest), 2003\n"
    "La Roche-sur-Yon – Drohobytch\n"
    "Les deux villes échangent des classes chaque printemps.\n"
    "Montereau–Fault–Yonne (Seine-et-Marne) – Ternopil depuis 1998.\n"
)


def test_directory_lines_pair_their_two_sides_whatever_the_model_found() -> None:
    pairs, made = line_pairs(DIRECTORY, [])
    found = {frozenset((p.a.name, p.b.name)) for p in pairs}
    assert found == {
        frozenset({"Arbois", "Vylkove"}),
        frozenset({"Saint-Pierre-des-Corps", "Kolomyia"}),
        frozenset({"La Roche-sur-Yon", "Drohobytch"}),
        frozenset({"Montereau–Fault–Yonne", "Ternopil"}),
    }
    assert all(p.rule == "pair-line" for p in pairs) and len(made) == 8
    assert {c.name for c in made} >= {"Arbois", "Ternopil"}  # locators and dates left out


@pytest.mark.parametrize(
    "line",
    [
        "Coopération France – Togo",  # a heading
        "Ville française – ville partenaire",  # column headers
        "Lyon – la ville a signé en 1990",  # a sentence after the dash
        "Rennes – Sendai – Brno",  # three names: not one pair
    ],
)
def test_lines_that_are_not_one_pair_of_names_give_nothing(line: str) -> None:
    text = f"Jumelages\n{line}\nArbois – Vylkove\n"
    pairs, _ = line_pairs(text, [])
    assert {frozenset((p.a.name, p.b.name)) for p in pairs} <= {frozenset({"Arbois", "Vylkove"})}


def test_a_lone_pair_line_counts_only_under_a_twinning_heading() -> None:
    assert line_pairs("Nos jumelages\nArbois – Vylkove\n", [])[0]
    assert not line_pairs("Résultats du match\nArbois – Vylkove\n", [])[0]


def test_a_side_the_readers_know_as_a_country_is_no_partner() -> None:
    text = "Jumelages\nArbois – Ukraine\nDole – Vylkove\n"
    country = Cand(text.index("Ukraine"), text.index("Ukraine") + 7, "Country", "Ukraine")
    pairs, _ = line_pairs(text, [country])
    assert [(p.a.name, p.b.name) for p in pairs] == [("Dole", "Vylkove")]


@pytest.mark.slow
def test_directory_pairs_reach_the_extraction_and_replace_the_model_s_pairing() -> None:
    links = _links(DIRECTORY)
    assert {P("Arbois", "Vylkove"), P("La Roche-sur-Yon", "Drohobytch")} <= links
    assert P("Arbois", "Kolomyia") not in links


def test_a_long_initiative_name_is_found_again_in_lower_case_and_completes_a_cut_one() -> None:
    text = (
        "Fonds de soutien aux villes riveraines\n"
        "Le ministère lance un fonds de soutien aux villes riveraines. "
        "Le Fonds de soutien aux villes est doté de 10 000 euros."
    )
    title = Cand(0, 38, "Funder", "Fonds de soutien aux villes riveraines")
    cut_at = text.index("Fonds de soutien aux villes est")
    cut = Cand(cut_at, cut_at + 27, "Funder", "Fonds de soutien aux villes")
    out = re_mentions(text, [title, cut])
    assert [(c.start, c.name) for c in out if c.source == "re-mention"] == [
        (text.index("fonds de soutien"), "Fonds de soutien aux villes riveraines")
    ]
    assert cut in out  # "… aux villes est doté": not the whole name, so the cut name stays


def test_short_names_are_never_looked_for_again() -> None:
    text = "Projet Eau\nLe projet eau est lancé."
    assert re_mentions(text, [Cand(0, 10, "Project", "Projet Eau")]) == [
        Cand(0, 10, "Project", "Projet Eau")
    ]


def test_a_ministry_name_runs_over_its_portfolios() -> None:
    text = (
        "le ministère sénégalais des Collectivités territoriales, de l'Aménagement et du "
        "Développement des Territoires lance un appel."
    )
    head = Cand(3, 55, "Ministry", text[3:55])
    tail_at = text.index("Aménagement")
    tail = Cand(tail_at, text.index(" lance"), "Association", text[tail_at : text.index(" lance")])
    out = whole_ministries(text, [head, tail])
    assert [c.name for c in out] == [text[3 : text.index(" lance")]]


def test_forms_of_lexicon_verbs_are_known_whatever_the_model_lemma() -> None:
    assert verb_lemma("lanc", "lance") == "lancer"
    assert verb_lemma("financer", "financent") == "financer"
    assert verb_lemma("manger", "mange") == "manger"  # not a lexicon verb: left as it is


@pytest.mark.slow
def test_a_mistagged_verb_still_states_its_lead() -> None:
    text = (
        "Programme de soutien aux jeunes élus du Sahel\n\n"
        "Le ministère des Affaires étrangères et européennes lance un programme de soutien aux "
        "jeunes élus du Sahel qui bénéficie d'une enveloppe de 200 000 euros."
    )
    links = _links(text)
    assert (
        "lead",
        frozenset({"ministère des Affaires étrangères et européennes",
                   "Programme de soutien aux jeunes élus du Sahel"}),
    ) in links  # fmt: skip


@pytest.mark.slow
def test_a_subject_the_parse_lost_is_the_actors_before_the_verb() -> None:
    text = (
        "Dans le cadre du Programme Horizon Sahel, la Région Occitanie (Direction des relations "
        "internationales – DRI) et la Région de Kayes (Direction du développement – DDR) "
        "lancent un nouvel appel à projets."
    )
    leads = {frozenset(e) for k, e in _links(text) if k == "lead"}
    assert frozenset({"Région Occitanie", "Programme Horizon Sahel"}) in leads
    assert any("Kayes" in " ".join(e) and "Programme Horizon Sahel" in e for e in leads)
    assert not any(any("Direction" in n for n in e) and len(e) == 1 for e in leads)


def test_list_items_each_joining_two_partners_make_a_list_of_pairs() -> None:
    text = (
        "Je souhaite saluer les coopérations :\n"
        "- entre Rennes et Sendai sur la culture ;\n"
        "- gestion du littoral pour Brest et l'Etat de Veracruz ;\n"
        "- enfin, tourisme pour Lourdes et Zapopan.\n"
    )
    names = ["Rennes", "Sendai", "Brest", "Veracruz", "Lourdes", "Zapopan"]
    cands = [Cand(text.index(n), text.index(n) + len(n), "Commune", n) for n in names]
    found = {frozenset((p.a.name, p.b.name)) for p in item_pairs(text, cands)}
    assert found == {
        frozenset({"Rennes", "Sendai"}),
        frozenset({"Brest", "Veracruz"}),
        frozenset({"Lourdes", "Zapopan"}),
    }
    one = text.split("\n")[0] + "\n" + text.split("\n")[1] + "\n"
    assert item_pairs(one, [c for c in cands if c.end <= len(one)]) == []  # one item: no list


@pytest.mark.slow
def test_agreements_named_by_their_compounds_pair_each_compound() -> None:
    text = (
        "Plusieurs villes ont signé des accords Sfax-Grenoble, Sousse-Maine-et-Loire et "
        "Bizerte-Seine-Saint-Denis."
    )
    links = _links(text)
    assert P("Sfax", "Grenoble") in links
    assert P("Sousse", "Maine-et-Loire") in links
    assert P("Bizerte", "Seine-Saint-Denis") in links


@pytest.mark.slow
def test_several_towns_joined_by_hyphens_each_pair_with_the_partner() -> None:
    text = (
        "Les accords signés par les collectivités (Paris/Montréal, Angers-St Nazaire-Nantes/"
        "Ville de Québec, Brest/Rimouski) sont nombreux."
    )
    links = _links(text)
    assert {P("Paris", "Montréal"), P("Brest", "Rimouski")} <= links
    partners = {n for k, pair in links if k == "partnership" for n in pair if "Québec" not in n}
    assert {"Angers", "Nantes"} <= partners
    assert not any("Angers-St" in n for k, pair in links for n in pair)


@pytest.mark.slow
def test_a_lone_dash_pair_whose_guessed_name_the_text_names_elsewhere() -> None:
    text = (
        "- 1. Le projet « Progresser vers les Objectifs du Développement Durable dans les villages "
        "de Dankoriba » - Lannion / Dankoriba\n"
        "Cette initiative, portée par la commune de Lannion (région Bretagne) en partenariat avec "
        "la commune rurale de Dankoriba (région de Dosso), développera le maraîchage."
    )
    mentions, statements = extract_text(text)
    names = {m.id: m.name for m in mentions}
    pairs = {
        frozenset(names[r] for r in s.roles.values()) for s in statements if s.kind == "partnership"
    }
    assert frozenset({"Lannion", "Dankoriba"}) in pairs
