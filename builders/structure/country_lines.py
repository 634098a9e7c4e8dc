"""Partners listed one a line after their country, as reports and contents pages set them out:

    Bénin – Groupement intercommunal du Mono ............ 10
    Congo – Département de la Cuvette ................... 13
    Mali – Cercle de Kadiolo

Each line opens with a country's name (a bullet or a symbol may stand before it), a dash, then
the partner authority of that country, then dots and a page number or nothing. Two lines of
that shape or more make a list; `country_lines(text, cands)` returns the partner each line
names (the reader pairs them with the authority the text is about: the lines never name it).
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from builders.structure.lines import line_spans
from builders.structure.pairs import PARTNER_KINDS
from kg.countries import country_code

#: "� Bénin – ", "- Liban - ", "• Mali — ": a country, then a dash
_LINE = re.compile(r"[^\w\n]{0,4}(?P<country>[A-ZÀ-Ý][\w'’ -]{1,30}?)\s+[–—-]\s+(?=[\w])")
RULE = "country-lines"


def country_lines(text: str, cands: list[Cand]) -> list[Cand]:
    """The partner of each country line of every list of two lines or more in `text`."""
    found: list[Cand] = []
    for start, end in line_spans(text):
        m = _LINE.match(text, start, end)
        if m is None or country_code(m.group("country").strip()) is None:
            continue
        partner = next(
            (c for c in cands if m.end() <= c.start < end and c.kind in PARTNER_KINDS), None
        )
        if partner is not None and partner.start - m.end() <= 4:
            found.append(partner)
    return found if len(found) >= 2 else []
