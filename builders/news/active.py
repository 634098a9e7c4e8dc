"""Statements in the active voice, and those whose cue follows the actors it describes.

* "X finance le projet", "X l'a soutenue", "X le pilote", "X en assure la maîtrise d'ouvrage",
  "X organisera les Journées ...";
* giving verbs ("X a accordé une subvention de 90 000 euros", "X apporte 150 000 euros au
  projet") are funding only when money follows the verb in its clause;
* the subject is the last actor before the verb in its clause; a genitive complement is no
  subject ("La Délégation X du ministère Y a apporté ..." -> X), nor is a body named in a
  phrase of those working alongside ("A et B, en partenariat avec C, organisent ..." -> A
  and B), and the actors coordinated with the subject share its role;
* "A et B sont partenaires du projet", "X y participe": the actors of the clause before the cue.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import TYPE_CHECKING

from builders.candidates import Cand
from builders.news import cues as cues
from builders.news.alongside import ALONGSIDE
from builders.news.relations import (
    ACTIVE,
    INITIATIVES,
    OBJECT_PRONOUN,
    Rel,
    amount_near,
    is_actor,
    year_of,
)

if TYPE_CHECKING:
    from builders.news.statements import Context

_GENITIVE = re.compile(r"^[\s)]*(?:\([^()]{0,20}\)\s*)?(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*$")
#: what joins coordinated subjects: "A et B", "A (ABC), B et C"
_COORDINATED = re.compile(
    r"^\s*(?:\(\s*|\)?\s*(?:\([^()]{1,20}\)\s*)?(?:,|,?\s*et)\s*(?:la\s+|le\s+|les\s+|l['’]\s*)?)$"
)
_ROLES = {
    "fund": ("funding", "funder", "recipient"),
    "lead": ("lead", "lead", "programme"),
    "member": ("member", "member", "programme"),
}


def clause(text: str, s: int, e: int, pos: int) -> tuple[int, int]:
    """The clause of the sentence [s, e) around `pos`: between semicolons."""
    start = text.rfind(";", s, pos)
    end = text.find(";", pos, e)
    return (start + 1 if start != -1 else s), (end if end != -1 else e)


def subject(text: str, here: list[Cand], c_start: int, verb: int) -> Cand | None:
    """The last actor before `verb` in its clause, past genitive complements."""
    before = [c for c in here if c_start <= c.start and c.end <= verb and is_actor(c)]
    if not before:
        return None
    i = len(before) - 1
    while i > 0 and (
        _GENITIVE.match(text[before[i - 1].end : before[i].start])
        or _apposed(text, before[i - 1], before[i], verb)
    ):
        i -= 1
    return before[i]


def _subjects(text: str, here: list[Cand], c_start: int, verb: int) -> list[Cand]:
    """The subject before `verb` (before a phrase of those working alongside it), and the
    actors coordinated with it before it."""
    alongside = [m for m in ALONGSIDE.finditer(text, c_start, verb) if "," in text[m.end() : verb]]
    end = alongside[0].start() if alongside else verb
    subj = subject(text, here, c_start, end)
    if subj is None:
        return []
    out = [subj]
    before = [c for c in here if c_start <= c.start and c.end <= subj.start and is_actor(c)]
    for c in reversed(before):
        if not _COORDINATED.match(text[c.end : out[0].start]):
            break
        out.insert(0, c)
    return out


def _apposed(text: str, head: Cand, c: Cand, verb: int) -> bool:
    """Whether `c` is inside an apposition to `head`: "A, partenaire de B depuis 2008, verb"."""
    gap = text[head.end : c.start]
    return gap.lstrip().startswith(",") and "," in text[c.end : verb] and ";" not in gap


def read_active(
    text: str, s: int, e: int, here: list[Cand], ctx: Context, before: Cand | None
) -> None:
    """Add the active-voice statements of the sentence [s, e) (see the module docstring)."""
    for kind, pattern in ACTIVE.items():
        for m in pattern.finditer(text, s, e):
            c_start, c_end = clause(text, s, e, m.start())
            if kind == "give" and not cues.MONEY.search(text, m.end(), c_end):
                continue
            subjects = _subjects(text, here, c_start, m.start())
            after = [c for c in here if c.start >= m.end()]
            if not subjects:
                continue
            subj = subjects[-1]
            if kind == "organise":
                event = next((c for c in after if c.kind == "Event"), None) or ctx.event
                if event is not None and event.start > m.end() - 200:
                    for a in subjects:
                        roles = {"organiser": a, "event": event}
                        ctx.rels.append(Rel("organiser", roles, s, e))
                continue
            if kind == "member" and ctx.initiative is None:
                continue  # a partner's role: only in a project named before
            target = _active_target(text, m.start(), here, after, ctx, before)
            if target is None or (target.kind == "Event" and kind == "lead"):
                continue
            rel_kind, role, other = _ROLES["fund" if kind == "give" else kind]
            attrs = _money(text, (c_start, c_end), m.start()) if rel_kind == "funding" else {}
            ctx.rels.append(Rel(rel_kind, {role: subj, other: target}, s, e, attrs))


def _money(text: str, span: tuple[int, int], verb: int) -> dict[str, object]:
    attrs: dict[str, object] = dict(amount_near(text, verb, span[1], verb))
    year = year_of(text, *span)
    return attrs | ({"year": year} if year else {})


def _active_target(
    text: str, verb: int, here: list[Cand], after: list[Cand], ctx: Context, before: Cand | None
) -> Cand | None:
    """What an active verb acts on: the thing named before when an object pronoun precedes the
    verb, else the first initiative named after it, else the current initiative."""
    if OBJECT_PRONOUN.search(text, max(0, verb - 12), verb):
        named = [c for c in here if c.end <= verb and c.kind in (*INITIATIVES, "Event")]
        return named[-1] if named else before or ctx.current_initiative()
    return next((c for c in after if c.kind in INITIATIVES), None) or ctx.current_initiative()


def read_trailing(text: str, s: int, e: int, here: list[Cand], ctx: Context) -> None:
    """ "A et B sont partenaires du projet", "X y participe": members of the current initiative."""
    for m in cues.TRAILING_MEMBER.finditer(text, s, e):
        c_start, _ = clause(text, s, e, m.start())
        actors = [c for c in here if c_start <= c.start and c.end <= m.start() and is_actor(c)]
        target = ctx.current_initiative()
        if target is None or not actors:
            continue
        heads = [actors[0]] + [
            b for a, b in pairwise(actors) if not _GENITIVE.match(text[a.end : b.start])
        ]
        for a in heads:
            ctx.rels.append(Rel("member", {"member": a, "programme": target}, s, e))
