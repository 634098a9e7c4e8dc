"""The parties of an agreement written as a block: a line "Entre" (or "Entre :"), the first
party, then a line "Et" before each other party, as conventions, charters and protocols set
them out:

    Entre :
    Le Département des Yvelines, collectivité territoriale française, …
    Et :
    La Région de Matam, collectivité territoriale sénégalaise, …

`agreement_parties(text, cands)` pairs the first actor named after each marker line with the
first actor after every other marker of the same block: the agreement binds them all (the
readers after it drop a pair of two French authorities, as for any partnership).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import combinations

from builders.candidates import Cand
from builders.structure.pairs import PARTNER_KINDS, Pair

RULE = "agreement-parties"
#: a marker line: "Entre", "Entre :", "ENTRE LES SOUSSIGNÉS :", "Et", "Et :", "ET"
_OPENING = re.compile(r"^[ \t]*entre(?:[ \t]+les[ \t]+soussign[ée]s)?[ \t]*:?[ \t]*$", re.I | re.M)
_AND = re.compile(r"^[ \t]*et[ \t]*:?[ \t]*$", re.I | re.M)
#: how far a party's first name may be from its marker line, and a block from its opening
_PARTY_REACH = 300
_BLOCK_REACH = 3000


def agreement_parties(text: str, cands: list[Cand]) -> list[Pair]:
    """Partnerships between the parties of each "Entre … Et …" block of `text`."""
    pairs: list[Pair] = []
    ordered = sorted((c for c in cands if c.kind in PARTNER_KINDS), key=lambda c: c.start)
    starts = [c.start for c in ordered]
    for opening in _OPENING.finditer(text):
        markers = [opening.end()]
        for m in _AND.finditer(text, opening.end(), opening.end() + _BLOCK_REACH):
            markers.append(m.end())
        found = (_first_after(ordered, starts, pos) for pos in markers)
        parties = [p for p in found if p is not None]
        parties = list({id(p): p for p in parties}.values())
        end = max((p.end for p in parties), default=opening.end())
        pairs += [Pair(a, b, opening.start(), end, rule=RULE) for a, b in combinations(parties, 2)]
    return pairs


def _first_after(ordered: list[Cand], starts: list[int], pos: int) -> Cand | None:
    """The first actor named within reach after `pos` (the party the marker introduces)."""
    i = bisect_left(starts, pos)
    return ordered[i] if i < len(ordered) and starts[i] < pos + _PARTY_REACH else None
