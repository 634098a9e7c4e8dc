"""Bodies named in brackets after an actor share its role.

Official texts name a ministry with the service that acts for it in brackets, or an agency
with its acronym and then its own agency: "lancé par le Ministère des Affaires étrangères
(Délégation pour l'action extérieure des collectivités territoriales)", "le ministère (MEAE/
DAECT) et le ministère de l'Intérieur ont lancé", "le Ministère des Relations extérieures (SRE)
(Agence de coopération internationale)". The bracketed body funds, leads or organises with the
actor it is attached to: each such statement gets a twin with that body in the actor's place.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from builders.candidates import Cand
from builders.news.relations import ACTOR_ROLE, BODIES, Rel

#: what stands between an actor and a body in brackets after it: an opening bracket, maybe
#: after one short bracketed acronym, maybe after other short names and a slash ("(MEAE/")
_OPENING = re.compile(r"\s*(?:\([^()\n]{1,20}\)\s*)?\(\s*(?:[^()/\n]{1,20}/\s*)?")
#: how far after the actor a bracketed body may start
_REACH = 45


def bracketed_bodies(text: str, cands: list[Cand], rels: list[Rel]) -> list[Rel]:
    """The twins of `rels` whose actor is followed by a bracketed body (in the text's order;
    one lookup per statement: linear)."""
    ordered = sorted((c for c in cands if c.kind in BODIES), key=lambda c: c.start)
    starts = [c.start for c in ordered]
    out: list[Rel] = []
    for r in rels:
        role = ACTOR_ROLE.get(r.kind)
        actor = r.roles.get(role or "")
        if role is None or actor is None or actor.kind not in BODIES:
            continue
        i = bisect_left(starts, actor.end)
        while i < len(ordered) and ordered[i].start <= actor.end + _REACH:
            body = ordered[i]
            i += 1
            gap = _OPENING.fullmatch(text, actor.end, body.start)
            if gap is None or body.name == actor.name or text[body.end : body.end + 1] not in ")/":
                continue
            roles = {**r.roles, role: body}
            out.append(Rel(r.kind, roles, r.start, r.end, dict(r.attrs), f"{r.rule}+bracketed"))
            break
    return out
