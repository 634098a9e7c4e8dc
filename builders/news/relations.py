"""Statements read from sentences: partnerships, funding and support, lead, membership,
event organisers and places, and enumerated beneficiaries.

Each rule reads one sentence (or list item) and the names found in it; a statement keeps the
sentence as its evidence. "le projet", "cette rencontre" and the like refer to the initiative
or event the text last named (or, before any, the first it names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from builders.candidates import Cand
from builders.news import cues as cues
from builders.news.amounts import find_amounts
from builders.news.states import SOURCE as STATE
from kg.normalize import fold

PLACES = ("Commune", "LocalAuthority", "Department", "Region", "Intercommunality")
INITIATIVES = ("Programme", "Project")
NOT_ACTORS = ("Country", "Place", "Event", "Programme", "Project", "Person")
#: kinds of organisations (bodies that act for others: a service for its ministry)
BODIES = frozenset({"Agency", "Ministry", "StateBody", "Funder", "Association", "Network"})
#: the acting role of the link kinds that have one (who funds, leads, organises)
ACTOR_ROLE = {"funding": "funder", "lead": "lead", "organiser": "organiser"}
_PARTNER_CUE = re.compile(
    r"jumel|partenari|coop[ée]ration|coop[èée]r|accord|convention|entente|\b(?:unit|lie|relie)\b"
    r"|feuilles?\s+de\s+route|lettres?\s+d['’]intention"
    r"|\bli[ée]+e?s?\s+(?:depuis\s+\d{4}\s+)?(?:à|avec)\s"
    r"|\b(?:liens|relations|[ée]changes|amiti[ée])\b[^.;]{0,40}?\bentre\s",
    re.I,
)
#: an object pronoun before the verb ("l'a soutenue", "le pilote"): the thing named before
OBJECT_PRONOUN = re.compile(r"\b(?:l['’]|le|la|les)\s*(?:a\s+|ont\s+)?$", re.I)
_YEAR = re.compile(r"\b(?:en|pour|depuis|dès)\s+((?:19|20)\d\d)\b")
_INITIATIVE_ANAPHOR = re.compile(
    r"\b(?:ce|le|du|au|cette|l['’])\s*(?:projet|programme|initiative)\b", re.I
)


_LOCATING = re.compile(r"^\s*(?:\(|,?\s*dans\s+(?:le|la|les|l['’])\s*$)")
#: "le partenariat qui unit A à B", "la convention qui lie A et B"
_BINDS = re.compile(r"\b(?:unit|unissent|lie|lient|relie|relient)\s", re.I)
#: "B, partenaire de A depuis 2008", "A, jumelée avec B", "B, liée à A depuis 2012"
_APPOSED = re.compile(
    r"^\s*,?\s*(?:est\s+|sont\s+)?(?:partenaires?|jumel[ée]+e?s?|li[ée]+e?s?)"
    r"(?:\s+depuis\s+\d{4})?\s+(?:de|du|avec|à|au)\s+(?:la\s+|l['’]\s*|le\s+)?$",
    re.I,
)
_OPENING_PARTICIPLE = re.compile(
    r"(?:Jumel[ée]+e?s?|Li[ée]+e?s?|Partenaires?)(?:\s+depuis\s+\d{4})?\s+(?:avec|à|de|d['’])\s",
)
#: "liée à B", "jumelée depuis 1990 à B", "unie au B": a partner, not a venue
_BOUND_TO = re.compile(r"\b(?:li|jumel|uni|associ)[ée]+e?s?\s+(?:depuis\s+\d{4}\s+)?(?:à|au)\s+$")
_SUBJECT_GAP = re.compile(r",\s*(?:la\s+|le\s+|l['’]\s*|les\s+)?$")
#: what opens another role inside a cue's clause
_OTHER_ROLE = re.compile(r"\bpartenaires?\b|\bavec\s+(?:le\s+concours|la\s+participation)", re.I)
_PROJECT_PARTNER = re.compile(r"\ben\s+partenariat\s+avec\b", re.I)


@dataclass
class Rel:
    """A statement before it gets mention ids."""

    kind: str
    roles: dict[str, Cand]
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)
    #: the reader or rule that read it (its confidence is calibrated per rule)
    rule: str = ""


def tagged(rels: list[Rel], rule: str) -> list[Rel]:
    """`rels`, each named `rule` unless a rule already named it."""
    for r in rels:
        r.rule = r.rule or rule
    return rels


def in_span(cands: list[Cand], start: int, end: int) -> list[Cand]:
    return [c for c in cands if start <= c.start and c.end <= end]


def is_actor(c: Cand) -> bool:
    return c.kind not in NOT_ACTORS


def _venue(text: str, c: Cand) -> bool:
    before = text[max(0, c.start - 40) : c.start]
    return bool(re.search(r"(?:\b[àÀaA]|\bau)\s+$", before[-4:])) and not _BOUND_TO.search(before)


def _qualifier(text: str, prev: Cand | None, c: Cand) -> bool:
    """Whether `c` only locates the place before it: "A (Morbihan)", "A, dans le Morbihan"."""
    if prev is None:
        return False
    gap = text[prev.end : c.start]
    if prev.kind in PLACES and _LOCATING.match(gap):
        return True
    if c.kind not in ("Department", "Region", "Country"):
        return False
    return bool(re.match(r"^\s*(?:\(|[-–]|,\s*$|,?\s*(?:dans|en|au)\s)", gap)) and len(gap) < 30


def parenthetical(text: str, cands: list[Cand], c: Cand) -> bool:
    """Whether `c` is inside a parenthesis that qualifies the name just before it:
    "la région A (chef-lieu X)", "la ville de B (Département – Pays)"."""
    opening = text.rfind("(", max(0, c.start - 80), c.start)
    if opening == -1 or ")" in text[opening : c.start]:
        return False
    return any(p.end <= opening and not text[p.end : opening].strip() for p in cands)


def sides(text: str, cands: list[Cand]) -> list[Cand]:
    """The local authorities of a sentence that may be partners (no venue, no qualifier)."""
    out, prev = [], None
    for c in cands:
        if c.kind not in PLACES or _venue(text, c) or _qualifier(text, prev, c):
            pass
        elif not parenthetical(text, cands, c):
            out.append(c)
        prev = c
    return out


def _compatible(a: Cand, b: Cand) -> bool:
    if fold(a.name) == fold(b.name):
        return False
    return not (a.country and b.country and a.country == b.country)


def _ordered(a: Cand, b: Cand) -> tuple[Cand, Cand]:
    return (b, a) if b.country == "FR" and a.country != "FR" else (a, b)


def partnerships(text: str, s: int, e: int, cands: list[Cand]) -> list[tuple[Cand, Cand]]:
    """Partner pairs a sentence states (slash pairs, "entre A et B", "A ... avec B", "A et B")."""
    found = sides(text, cands)
    pairs = [(a, b) for a, b in pairwise(found) if _APPOSED.match(text[a.end : b.start])]
    pairs += _coordinated_after(text, found, pairs)  # "A est jumelée avec B, C et D"
    if pairs or not _PARTNER_CUE.search(text, s, e) or _project_partners(text, s, e, cands):
        return [_ordered(a, b) for a, b in pairs if _compatible(a, b)]
    pairs = [(a, b) for a, b in pairwise(found) if re.fullmatch(r"\s*/\s*", text[a.end : b.start])]
    pairs = pairs or _bound(text, s, e, found) or _participle(text, s, e, cands)
    pairs = pairs or _counted(text, s, e, found, cands)
    if not pairs:
        pairs = _split_pairs(text, s, e, found)
    return [_ordered(a, b) for a, b in pairs if _compatible(a, b)]


_COORDINATION = re.compile(
    r"\s*(?:,|,?\s+et)\s+(?:(?:la\s+|l['’]\s*|le\s+)?(?:ville|commune)\s+d[e'’]\s*)?$"
)


def _coordinated_after(
    text: str, found: list[Cand], pairs: list[tuple[Cand, Cand]]
) -> list[tuple[Cand, Cand]]:
    """The names coordinated after an apposed pair's second side pair with its first side:
    "A est jumelée avec B, C et D" pairs A with B, C and D (the list ends at a word that
    coordinates nothing)."""
    out: list[tuple[Cand, Cand]] = []
    position = {id(c): i for i, c in enumerate(found)}
    for a, b in pairs:
        last = b
        for c in found[position[id(b)] + 1 :]:
            if not _COORDINATION.match(text[last.end : c.start]):
                break
            out.append((a, c))
            last = c
    return out


#: "entre A et 3 villes de X (B, C, D)": a counted plural whose items the brackets list
_COUNTED = re.compile(
    r"\bentre\s[^.;()]{1,80}?\bet\s+(?:les\s+)?(?:\d{1,2}|deux|trois|quatre|cinq|six|sept|huit"
    r"|neuf|dix)\s+(?:villes|communes|r[ée]gions|collectivit[ée]s|municipalit[ée]s|provinces"
    r"|d[ée]partements)\b[^.;()]{0,80}\((?P<items>[^()]{3,200})\)",
    re.I,
)


def _counted(
    text: str, s: int, e: int, found: list[Cand], cands: list[Cand]
) -> list[tuple[Cand, Cand]]:
    """ "la coopération entre A et 3 villes de X (B, C, D)": A with each of B, C and D."""
    m = _COUNTED.search(text, s, e)
    first = next((c for c in found if m and c.start >= m.start()), None)
    if m is None or first is None:
        return []
    items = [c for c in cands if c.kind in PLACES and m.start("items") <= c.start < m.end("items")]
    return [(first, c) for c in items if c is not first]


def _project_partners(text: str, s: int, e: int, cands: list[Cand]) -> bool:
    """ "Porté par A, en partenariat avec B, le projet ...": B is a partner of the project."""
    if not _PROJECT_PARTNER.search(text, s, e) or re.search(r"jumel", text[s:e], re.I):
        return False
    return anaphor(text, s, e) or any(c.kind in INITIATIVES for c in cands)


def _participle(text: str, s: int, e: int, cands: list[Cand]) -> list[tuple[Cand, Cand]]:
    """ "Jumelée depuis 1987 avec A, chef-lieu de ..., la ville de B ...": A, and the place
    that opens a phrase after a comma (the sentence's subject)."""
    m = _OPENING_PARTICIPLE.match(text, s)
    places = [c for c in cands if c.kind in PLACES and c.start >= (m.end() if m else e)]
    if not places:
        return []
    subject = next((c for c in places[1:] if _SUBJECT_GAP.search(text, s, c.start)), None)
    return [(places[0], subject)] if subject and _compatible(places[0], subject) else []


def _bound(text: str, s: int, e: int, found: list[Cand]) -> list[tuple[Cand, Cand]]:
    """ "qui unit A à B", "qui lie A et B": the first two sides after the verb."""
    m = _BINDS.search(text, s, e)
    after = [c for c in found if m and c.start >= m.end()]
    if len(after) < 2 or not re.fullmatch(
        r"\s*(?:à|a|avec|et)\s+(?:la\s+|l['’]\s*|le\s+|les\s+)?",
        text[after[0].end : after[1].start],
    ):
        return []
    return [(after[0], after[1])]


#: a cleft: "c'est avec A et B que X a noué des partenariats"
_CLEFT = re.compile(r"\bc['’]est\s+avec\s+[^.;]+?\squ(?:e\s|['’])", re.I)


def _split_pairs(text: str, s: int, e: int, found: list[Cand]) -> list[tuple[Cand, Cand]]:
    cleft = _CLEFT.search(text, s, e)
    if cleft:  # the partners stand between "c'est avec" and "que", the subject after it
        inside = [c for c in found if cleft.start() < c.start and c.end <= cleft.end()]
        subject = next((c for c in found if c.start >= cleft.end()), None)
        if inside and subject is not None:
            return [(subject, c) for c in inside]
    m = re.compile(r"\bentre\s", re.I).search(text, s, e)
    after = [c for c in found if m and c.start >= m.end()]
    if m and after:
        first = after[0]
        et = text.find(" et ", first.end, e)
        others = _coordinated(text, [c for c in after[1:] if et != -1 and c.start > et])
        if others:
            return [(first, o) for o in others]
    # each "avec" in turn: an opening "signé avec X en 1994, A a ... avec B" names no side
    # before its "avec", the next one does
    for m in re.compile(r"\bavec\s", re.I).finditer(text, s, e):
        before = [c for c in found if c.end <= m.start()]
        others = [c for c in found if c.start >= m.end()]
        if before and others:
            return [(before[-1], o) for o in others]
    return [
        (a, b)
        for a, b in pairwise(found)
        if re.fullmatch(
            r"\s*et\s+(?:de\s+|d['’]|le\s+|la\s+|les\s+|l['’])?\s*", text[a.end : b.start]
        )
    ]


_JOINED = re.compile(r"\s*(?:,|;|et|,\s*et)\s*(?:de\s+|d['’]|le\s+|la\s+|les\s+|l['’])?\s*")


def _coordinated(text: str, found: list[Cand]) -> list[Cand]:
    """The first of `found` and those joined to it by commas or "et" (not an apposition)."""
    out = found[:1]
    for c in found[1:]:
        if not _JOINED.fullmatch(text[out[-1].end : c.start]):
            break
        out.append(c)
    return out


_MOST_ACTORS = 12


def actors_after(
    text: str, cue_end: int, e: int, cands: list[Cand], kinds: tuple[str, ...] = ()
) -> list[Cand]:
    """The actors named after a cue, up to the next clause (a dozen at most: co-organisers of
    a binational meeting are often six)."""
    out: list[Cand] = []
    for c in cands:
        if c.start < cue_end or c.start > e:
            continue
        if _OTHER_ROLE.search(text, out[-1].end if out else cue_end, c.start):
            break  # "financé par A, avec d'autres partenaires (B, C)": B, C are no funders
        if is_actor(c) or c.kind in kinds or c.source == STATE:
            if (_venue(text, c) and c.kind in PLACES) or parenthetical(text, cands, c):
                continue
            if _BOUND_TO.search(text, max(0, c.start - 40), c.start):
                continue  # "financé par A, liée à B": B is A's partner, not a co-funder
            out.append(c)
    return out[:_MOST_ACTORS]


def year_of(text: str, s: int, e: int) -> int | None:
    m = _YEAR.search(text, s, e)
    return int(m.group(1)) if m else None


def amount_near(text: str, s: int, e: int, pos: int) -> dict[str, str]:
    """The amount written in [s, e) closest to `pos`, as statement attributes."""
    found = find_amounts(text[s:e])
    if not found:
        return {}
    best = min(found, key=lambda a: abs(s + a.start - pos))
    return {"amount": best.value, "currency": best.currency}


def anaphor(text: str, s: int, e: int) -> bool:
    return bool(_INITIATIVE_ANAPHOR.search(text, s, e))


CUES = {
    "fund": cues.FUND,
    "lead": cues.LEAD,
    "member": cues.MEMBER,
    "weak": cues.WEAK_MEMBER,
    "organise": cues.ORGANISER,
}
ACTIVE = {
    "fund": cues.ACTIVE_FUND,
    "give": cues.GIVE,
    "lead": cues.ACTIVE_LEAD,
    "member": cues.ACTIVE_MEMBER,
    "organise": cues.ACTIVE_ORGANISE,
}
