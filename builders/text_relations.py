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

from builders.text_amounts import find_amounts
from builders.text_mentions import Cand
from builders.text_states import SOURCE as STATE
from kg.normalize import fold

PLACES = ("Commune", "LocalAuthority", "Department", "Region", "Intercommunality")
INITIATIVES = ("Programme", "Project")
NOT_ACTORS = ("Country", "Place", "Event", "Programme", "Project", "Person")
_PARTNER_CUE = re.compile(r"jumel|partenari|coop[ée]ration|accord|convention|entente", re.I)
_FUND_CUE = re.compile(
    r"(?:co)?financ[ée]+e?s?\s+(?:en\s+partie\s+)?par|soutenue?s?\s+par|appuy[ée]+e?s?\s+par"
    r"|(?:avec|gr[âa]ce\s+[àa])\s+(?:l['’]appui|le\s+soutien|le\s+concours|l['’]aide|au\s+soutien)"
    r"(?:\s+[\wéè]+){0,4}?\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])"
    r"|(?:financement|subvention|engagement\s+(?:technique\s+et\s+)?financier|dotation)"
    r"[^.;]{0,40}?\s(?:de\s+la|de\s+l['’]|du|des|de|d['’])(?=\s*[A-ZÀ-Ýl])"
    r"|partenaires?\s+financiers?[^:]{0,30}:",
    re.I,
)
_ACTIVE_FUND = re.compile(
    r"\b(?:co)?financ(?:e|ent)\b|\bsoutien(?:t|nent)\b|\bappui(?:e|ent)\b"
    r"|\b(?:a|ont)\s+(?:(?:techniquement|financièrement|et|aussi|également)\s+)*"
    r"(?:soutenu|financé|cofinancé|appuyé)e?s?\b",
    re.I,
)
_ACTIVE_LEAD = re.compile(
    r"\b(?:le|la|les|l['’])\s*(?:pilote|pilotent|coordonne|coordonnent|conduit|conduisent)\b"
    r"|\b(?:pilote|pilotent|coordonne|coordonnent)\s+(?:le|la|ce|cette)\s+"
    r"(?:programme|projet|initiative)\b",
    re.I,
)
#: an object pronoun before the verb ("l'a soutenue", "le pilote"): the thing named before
OBJECT_PRONOUN = re.compile(r"\b(?:l['’]|le|la|les)\s*(?:a\s+|ont\s+)?$", re.I)
_LEAD_CUE = re.compile(
    r"pilot[ée]+e?s?\s+par|impuls[ée]+e?s?(?:\s+[\w]+){0,3}?\s+par|port[ée]+e?s?\s+par"
    r"|coordonn[ée]+e?s?\s+par|mis\s+en\s+(?:œ|oe)uvre\s+par|conduit\s+par|lanc[ée]+e?s?\s+par"
    r"|porteur\s+du\s+projet\s*:|ma[îi]tre\s+d['’]ouvrage\s*:|chef\s+de\s+file",
    re.I,
)
_MEMBER_CUE = re.compile(
    r"en\s+partenariat\s+avec|partenariat\s+avec|avec\s+la\s+participation\s+d[eu]"
    r"|ma[îi]tre\s+d['’]ouvrage\s+d[ée]l[ée]gu[ée](?:\s+et\s+op[ée]rateur)?\s*:"
    r"|partenaires?\s+(?:local|locaux|techniques?)?(?:\s+principal)?\s*:|op[ée]rateur\s*:",
    re.I,
)
_ORGANISER_CUE = re.compile(
    r"organis[ée]+e?s?\s+par|initi[ée]+e?s?\s+par|[àa]\s+l['’]initiative\s+d[eu]", re.I
)
_ACTIVE_ORGANISE = re.compile(r"\ba\s+organis[ée]\b|\borganisent\b|\borganise\b", re.I)
_YEAR = re.compile(r"\b(?:en|pour|depuis|dès)\s+((?:19|20)\d\d)\b")
_INITIATIVE_ANAPHOR = re.compile(
    r"\b(?:ce|le|du|au|cette|l['’])\s*(?:projet|programme|initiative)\b", re.I
)


@dataclass
class Rel:
    """A statement before it gets mention ids."""

    kind: str
    roles: dict[str, Cand]
    start: int
    end: int
    attrs: dict[str, Any] = field(default_factory=dict)


def in_span(cands: list[Cand], start: int, end: int) -> list[Cand]:
    return [c for c in cands if start <= c.start and c.end <= end]


def is_actor(c: Cand) -> bool:
    return c.kind not in NOT_ACTORS


def _venue(text: str, c: Cand) -> bool:
    return bool(re.search(r"(?:\b[àÀaA]|\bau)\s+$", text[max(0, c.start - 4) : c.start]))


def _qualifier(text: str, prev: Cand | None, c: Cand) -> bool:
    if prev is None or c.kind not in ("Department", "Region", "Country"):
        return False
    gap = text[prev.end : c.start]
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
    if not _PARTNER_CUE.search(text, s, e):
        return []
    found = sides(text, cands)
    pairs = [(a, b) for a, b in pairwise(found) if re.fullmatch(r"\s*/\s*", text[a.end : b.start])]
    if not pairs:
        pairs = _split_pairs(text, s, e, found)
    return [_ordered(a, b) for a, b in pairs if _compatible(a, b)]


def _split_pairs(text: str, s: int, e: int, found: list[Cand]) -> list[tuple[Cand, Cand]]:
    for word in (r"\bentre\s", r"\bavec\s"):
        m = re.compile(word, re.I).search(text, s, e)
        if not m:
            continue
        if word.startswith(r"\bentre"):
            after = [c for c in found if c.start > m.end()]
            if not after:
                continue
            first = after[0]
            et = text.find(" et ", first.end, e)
            others = [c for c in after[1:] if et != -1 and c.start > et]
        else:
            before = [c for c in found if c.end <= m.start()]
            if not before:
                continue
            first, others = before[-1], [c for c in found if c.start > m.end()]
        if others:
            return [(first, o) for o in others]
    return [
        (a, b)
        for a, b in pairwise(found)
        if re.fullmatch(
            r"\s*et\s+(?:de\s+|d['’]|le\s+|la\s+|les\s+|l['’])?\s*", text[a.end : b.start]
        )
    ]


def _after(
    text: str, cue_end: int, e: int, cands: list[Cand], kinds: tuple[str, ...] = ()
) -> list[Cand]:
    """The actors named after a cue, up to the next clause."""
    out = []
    for c in cands:
        if c.start < cue_end or c.start > e:
            continue
        if is_actor(c) or c.kind in kinds or c.source == STATE:
            if (_venue(text, c) and c.kind in PLACES) or parenthetical(text, cands, c):
                continue
            out.append(c)
    return out[:4]


def year_of(text: str, s: int, e: int) -> int | None:
    m = _YEAR.search(text, s, e)
    return int(m.group(1)) if m else None


def amount_near(text: str, s: int, e: int, c: Cand) -> dict[str, str]:
    """The amount written closest to `c` in the sentence, as statement attributes."""
    found = find_amounts(text[s:e])
    if not found:
        return {}
    best = min(found, key=lambda a: abs(s + a.start - c.end))
    return {"amount": best.value, "currency": best.currency}


def anaphor(text: str, s: int, e: int) -> bool:
    return bool(_INITIATIVE_ANAPHOR.search(text, s, e))


CUES = {"fund": _FUND_CUE, "lead": _LEAD_CUE, "member": _MEMBER_CUE, "organise": _ORGANISER_CUE}
ACTIVE = {"fund": _ACTIVE_FUND, "lead": _ACTIVE_LEAD, "organise": _ACTIVE_ORGANISE}
