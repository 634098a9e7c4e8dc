"""Partners listed one a line after their country, as a report's contents page sets them out
(a text of our own, with the symbol a PDF extraction leaves for a bullet)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.candidates import Cand
from builders.structure.country_lines import country_lines

REPORT = (
    "Politique départementale de coopération internationale\n"
    "Le Conseil départemental de la Drôme, acteur engagé\n\n"
    "Sommaire\n"
    "La coopération décentralisée ................ 7\n"
    "\ufffd Bénin – Commune de Dassa-Zoumé .......... 10\n"
    "\ufffd Mali – Cercle de Bougouni ............... 13\n"
    "\ufffd Sénégal – Région de Kolda\n\n"
    "Le Conseil départemental de la Drôme soutient ses partenaires.\n"
)


def _cand(text: str, name: str, kind: str) -> Cand:
    start = text.index(name)
    return Cand(start, start + len(name), kind, name)


def test_each_country_line_names_its_partner_and_one_line_is_no_list() -> None:
    cands = [
        _cand(REPORT, "Commune de Dassa-Zoumé", "Commune"),
        _cand(REPORT, "Cercle de Bougouni", "LocalAuthority"),
        _cand(REPORT, "Région de Kolda", "Region"),
    ]
    assert [c.name for c in country_lines(REPORT, cands)] == [
        "Commune de Dassa-Zoumé",
        "Cercle de Bougouni",
        "Région de Kolda",
    ]
    one = "\ufffd Bénin – Commune de Dassa-Zoumé\nLa suite.\n"
    assert country_lines(one, [_cand(one, "Commune de Dassa-Zoumé", "Commune")]) == []
    dash = "Lyon – Commune de Dassa-Zoumé\nParis – Cercle de Bougouni\n"
    cands = [
        _cand(dash, "Commune de Dassa-Zoumé", "Commune"),
        _cand(dash, "Cercle de Bougouni", "LocalAuthority"),
    ]
    assert country_lines(dash, cands) == []  # no country opens these lines


@pytest.mark.slow
def test_the_listed_partners_pair_with_the_authority_the_report_is_about() -> None:
    pairs = {frozenset(x[1:]) for x in links(REPORT) if x[0] == "partnership"}
    home = "Conseil départemental de la Drôme"
    assert {p - {home} for p in pairs if home in p} >= {
        frozenset({"Dassa-Zoumé"}),
        frozenset({"Bougouni"}),
        frozenset({"Kolda"}),
    }
