"""Places named inside an initiative's title: "Programme triennal de coopération décentralisée
entre la région malgache d'Atsinanana et les régions françaises de Basse-Normandie, de
Rhône-Alpes et de Haute-Normandie".

Names are read without overlaps, so a long title swallows the authorities it names. When a
Programme or Project's own name is a cooperation "entre" places written with their designator
("la région de X", "les communes de A et B"), each is a name of its own and a participant of
the initiative, and the places before and after its "et" are partners (each French
one with each one of another country, the country read from a nationality after the
designator: "la région malgache d'Atsinanana", "les régions françaises de …").
"""

from __future__ import annotations

import re

from builders.candidates import Cand, FoundSpans
from builders.news.mentions import designate, designated_kind
from builders.news.places import DESIGNATOR, designated_places
from builders.news.relations import INITIATIVES, PLACES, Rel
from kg.countries import demonym_code

#: how long a title must be to hold names of its own
_MIN_TITLE = 30
_BETWEEN = re.compile(r"\bentre\s", re.I)
_AND = re.compile(r"\s+et\s+(?:les?\s+|la\s+|l['’])?", re.I)
#: the nationality written after a designator, just before the name: "région malgache d'"
_NATIONALITY = re.compile(r"\b([a-zà-ÿ]{4,})\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*$")
RULE = "title-places"
#: a designator word, the last one before a name giving its kind ("les régions … de A, de B")
_DESIGNATOR_WORD = re.compile(rf"\b(?:{DESIGNATOR.pattern})", re.I)


def nested_places(text: str, cands: list[Cand]) -> tuple[list[Cand], list[Rel]]:
    """The places inside the initiatives' titles of `cands`, and their links: each place a
    member of its initiative, the two sides of an "entre … et …" partners."""
    added: list[Cand] = []
    rels: list[Rel] = []
    found = FoundSpans(cands)
    for title in cands:
        if title.kind not in INITIATIVES or title.end - title.start < _MIN_TITLE:
            continue
        between = _BETWEEN.search(text, title.start, title.end)
        if between is None:
            continue  # the places of "un projet d'eau dans les communes de A et B" are where
        places = _places(text, title)
        named = [c for c in _inside(found, title) if c.kind in PLACES]
        if not places and not named:
            continue
        added += places
        rels += [
            Rel("member", {"member": p, "programme": title}, title.start, title.end, rule=RULE)
            for p in places
        ]
        everyone = sorted([*places, *named], key=lambda c: c.start)
        rels += [
            Rel("partnership", {"a": a, "b": b}, title.start, title.end, rule=RULE)
            for a, b in _partners(text, title, between.end(), everyone)
        ]
    return added, rels


def _inside(found: FoundSpans, title: Cand) -> list[Cand]:
    """The names the readers found within a title ("… entre 4 communes (A, B, C et D) et …")."""
    return [
        c
        for c in found.overlapping(title.start, title.end)
        if c is not title and title.start <= c.start and c.end <= title.end
    ]


def _places(text: str, title: Cand) -> list[Cand]:
    out = []
    for f in designated_places(text[title.start : title.end]):
        start, end = title.start + f.start, title.start + f.end
        c = Cand(start, end, "Place", text[start:end], source="title-place")
        nationality = _NATIONALITY.search(text, max(title.start, start - 60), start)
        if nationality:
            c.country = demonym_code(nationality.group(1))
        out.append(c)
    designate(text, out)
    for c in out:
        words = _DESIGNATOR_WORD.findall(text, title.start, c.start)
        if words:  # "les régions françaises de A, de B": the last designator before the name
            c.kind = designated_kind(words[-1], c.kind)
        c.country = c.country or _shared_country(out, c)  # a plural designator's nationality
    return out


def _shared_country(places: list[Cand], c: Cand) -> str | None:
    before = [p for p in places if p.start < c.start and p.country]
    return before[-1].country if before and before[-1].kind == c.kind else None


def _partners(text: str, title: Cand, between: int, places: list[Cand]) -> list[tuple[Cand, Cand]]:
    """The places before and after the "et" that follows `between` (where "entre" ends)."""
    after = [p for p in places if p.start >= between]
    if not after:
        return []
    conjunction = _top_level_and(text, title, after[0].end)
    if conjunction is None:
        return []
    left = [p for p in after if p.end <= conjunction.start()]
    right = [p for p in after if p.start >= conjunction.end()]
    pairs = [(a, b) for a in left for b in right]
    return [(a, b) for a, b in pairs if _two_countries(a, b)]


def _top_level_and(text: str, title: Cand, start: int) -> re.Match[str] | None:
    """The first "et" of the title after `start` outside brackets: "entre 4 communes (A, B et
    C) et les communes de D" joins its two sides at the second."""
    for m in _AND.finditer(text, start, title.end):
        opened = text.count("(", title.start, m.start()) - text.count(")", title.start, m.start())
        if opened <= 0:
            return m
    return None


def _two_countries(a: Cand, b: Cand) -> bool:
    return not (a.country and b.country and a.country == b.country)
