"""Tables with cell separators: the header's words say which column is the French side, the
partner, the amount and who pays (tables of our own, in the shapes web pages give)."""

from __future__ import annotations

import pytest

from builders.news import extract_text
from builders.structure import grids

TABLE = (
    "Programme de soutien aux villes du fleuve (Agence de l'eau Loire-Bretagne)\n"
    "L'Agence de l'eau Loire-Bretagne a retenu cinq projets en 2021.\n"
    "Projets retenus :\n"
    "N° | Collectivité française | Collectivité malienne | Objet | Subvention de l'Agence |\n"
    "---|---|---|---|---|\n"
    "1 | Angers | Bamako | Assainissement | 45.000 € |\n"
    "2 | Conseil départemental de Maine-et-Loire | Ségou, Kayes | Puits | 12.500 € |\n"
    "3 | Nantes | Tombouctou | Bornes fontaines | |\n"
)


def test_header_words_give_each_column_its_role() -> None:
    (grid,) = grids(TABLE)
    assert grid.payer is not None and grid.payer.text(TABLE) == "Agence"
    rows = [
        (r.french and r.french.text(TABLE), r.partner and r.partner.text(TABLE),
         r.amount and r.amount.text(TABLE))
        for r in grid.rows
    ]  # fmt: skip
    assert rows == [
        ("Angers", "Bamako", "45.000 €"),
        ("Conseil départemental de Maine-et-Loire", "Ségou, Kayes", "12.500 €"),
        ("Nantes", "Tombouctou", None),
    ]


def test_a_table_without_a_side_or_partner_column_is_no_grid() -> None:
    text = "Thème | Sous-thème | Priorité |\n---|---|---|\nEau | Assainissement | 1 |\n"
    assert grids(text) == []


def test_a_row_with_a_cell_missing_keeps_its_amount() -> None:
    text = (
        "Collectivité française | Lieu de réalisation | Nature | Montant |\n"
        "Lyon | Bobo-Dioulasso | 8.000 € | |\n"
    )
    (grid,) = grids(text)
    assert grid.rows[0].amount is not None and grid.rows[0].amount.text(text) == "8.000 €"


@pytest.mark.slow
def test_rows_give_partnerships_fundings_by_the_header_payer_and_membership() -> None:
    mentions, statements = extract_text(TABLE)
    name = {m.id: m.name for m in mentions}
    links = {(s.kind, *(name[v] for v in s.roles.values())) for s in statements}
    pairs = {frozenset(x[1:]) for x in links if x[0] == "partnership"}
    assert {frozenset({"Angers", "Bamako"}), frozenset({"Nantes", "Tombouctou"})} <= pairs
    assert any("Maine-et-Loire" in " ".join(p) and "Kayes" in p for p in pairs)
    fundings = {
        (name[s.roles["funder"]], name[s.roles["recipient"]], s.attrs.get("amount"))
        for s in statements
        if s.kind == "funding"
    }
    assert ("Agence de l'eau Loire-Bretagne", "Angers", "45000") in fundings
    assert not any(r == "Nantes" for _, r, _ in fundings)  # no amount, no funding
    programme = "Programme de soutien aux villes du fleuve"
    assert ("member", "Angers", programme) in links
