"""Blocks of a project sheet whose heading says what the lines under it are.

"Financement :", "Plan de financement", "Bailleurs de fonds :", "Partenaires financiers :" on a
line of their own, then one funder a line, usually with its amount ("– Agence X (AX) :
250 000 €"): each line naming an actor gives a funding of the sheet's initiative, with the
line's amount. A line naming no actor ("Fonds propres : 10 000 €") gives nothing. The block
ends at a blank line or at a line that is a field of its own ("Contexte", "Durée : ...").

An event's organisers set out the same way, under "Organisé par", "Organisées par" or
"Organisateurs :" on a line of its own: every actor of each following line organises the event
the text is about (a flattened PDF may put two on a line, and blank lines between them); the
block ends at a line that names no actor.
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from builders.news.amounts import find_amounts
from builders.news.relations import Rel, is_actor
from builders.structure.lines import line_spans

_FUNDING_HEAD = re.compile(
    r"^[ \t]*(?:plan\s+de\s+)?(?:co-?)?financements?(?:\s+(?:du|de\s+l['’])\s*projet)?"
    r"|^[ \t]*bailleurs(?:\s+de\s+fonds)?|^[ \t]*partenaires\s+financiers",
    re.I,
)
_ITEM = re.compile(r"^[ \t]*[-–—•●▪*►]\s*")


def _heading(line: str) -> bool:
    m = _FUNDING_HEAD.match(line)
    return m is not None and not line[m.end() :].strip(" \t:")


def funding_blocks(text: str, cands: list[Cand], target: Cand | None) -> list[Rel]:
    """Funding statements of the funding blocks of `text` (see the module docstring)."""
    if target is None:
        return []
    rels, inside = [], False
    for start, end in line_spans(text):
        line = text[start:end]
        if _heading(line):
            inside = True
            continue
        if not inside:
            continue
        if not line.strip() or (not _ITEM.match(line) and line.rstrip().endswith(":")):
            inside = False
            continue
        actor = next((c for c in cands if start <= c.start < end and is_actor(c)), None)
        if actor is not None:
            rels.append(Rel("funding", {"funder": actor, "recipient": target}, start, end))
            amounts = find_amounts(line)
            if len(amounts) == 1:
                rels[-1].attrs = {"amount": amounts[0].value, "currency": amounts[0].currency}
    return rels


_ORGANISER_HEAD = re.compile(
    r"^[ \t]*(?:(?:co-?)?organis[ée]+e?s?\s+par|organisateurs?|co-?organisateurs?)[ \t]*:?[ \t]*$",
    re.I,
)
#: how many lines an organisers' block may run over (blank lines included)
_ORGANISER_LINES = 12


def organiser_blocks(text: str, cands: list[Cand], event: Cand | None) -> list[Rel]:
    """Organiser statements of the organisers' blocks of `text` (see the module docstring)."""
    if event is None:
        return []
    rels: list[Rel] = []
    lines = line_spans(text)
    for i, (start, end) in enumerate(lines):
        if not _ORGANISER_HEAD.match(text[start:end]):
            continue
        for s, e in lines[i + 1 : i + 1 + _ORGANISER_LINES]:
            if not text[s:e].strip():
                continue
            here = [c for c in cands if s <= c.start < e]
            if not here:
                break
            actors = [c for c in here if is_actor(c) and c is not event]
            rels += [Rel("organiser", {"organiser": a, "event": event}, s, e) for a in actors]
    return rels
