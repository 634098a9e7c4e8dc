"""Labelled fields of project records and calls for projects: "Financeur(s) : A et B",
"Porteur du projet : C", "Organisateurs : D, E". The label says the link kind, the value names
the actors, and the record's own initiative (or event) is the other end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from builders.candidates import Cand

#: field labels by the link kind they state
_LABELS: dict[str, str] = {
    "funding": r"financeurs?|co-?financeurs?|bailleurs?(?:\s+de\s+fonds)?"
    r"|partenaires?\s+financiers?|financ[ée]\s+par|financement\s*(?:\(s\))?",
    "lead": r"porteurs?(?:\s+du\s+projet)?|ma[îi]tres?\s+d['’]ouvrage|chefs?\s+de\s+file|pilotes?"
    r"|coordinat(?:eur|rice)s?|lanc[ée]\s+par",
    "organiser": r"organisat(?:eur|rice)s?|organis[ée]\s+par|co-?organisat(?:eur|rice)s?",
    "member": r"partenaires?(?:\s+(?:techniques?|locaux|associ[ée]s))?|op[ée]rateurs?"
    r"|b[ée]n[ée]ficiaires?|membres?",
}
_FIELD = re.compile(
    r"^[ \t]*(?:[-•●▪*►]\s*)?(?P<label>"
    + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items())
    + r")(?:\s*\(s\))?\s*:[ \t]*(?P<value>[^\n]+)",
    re.I | re.M,
)
ACTOR_KINDS = frozenset(
    {
        "Commune",
        "LocalAuthority",
        "Department",
        "Region",
        "Intercommunality",
        "StateBody",
        "Ministry",
        "Agency",
        "Funder",
        "Association",
        "Network",
    }
)
RULE = "field"


@dataclass
class Field:
    """One labelled field's link kind and the actors its value names."""

    kind: str
    actors: list[Cand]
    start: int
    end: int


def labelled_fields(text: str, cands: list[Cand]) -> list[Field]:
    """Every labelled field whose value names actors."""
    out = []
    for m in _FIELD.finditer(text):
        kind = next(k for k in _LABELS if m.group(k))
        s, e = m.start("value"), m.end("value")
        actors = [c for c in cands if s <= c.start and c.end <= e and c.kind in ACTOR_KINDS]
        if actors:
            out.append(Field(kind, actors, m.start(), e))
    return out
