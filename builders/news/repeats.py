"""Places named again: a town the text has named (by the reference, a designator or the model)
is that town wherever its name recurs, even where the model read nothing ("le jumelage entre
Tozeur et X, ... la commune de Tozeur": the first "Tozeur" is a mention too).

An occurrence counts only as a whole name: not inside another name already found, not joined
by a hyphen ("A-B" comités), not followed by another capitalised word ("Pays de A Agglomération"
is read elsewhere) nor preceded by "de" after a capitalised word.
"""

from __future__ import annotations

import re
from dataclasses import replace

from builders.candidates import Cand

_PLACES = ("Commune", "LocalAuthority")
_AFTER = re.compile(r"[\w’'-]|\s+[A-ZÀ-Ý]|\s*\(")
_BEFORE = re.compile(r"(?:[\w’'-]|[A-ZÀ-Ý][\w’'-]*\s+(?:de|du|des|d['’])\s*)$")


def _free(text: str, start: int, end: int, cands: list[Cand]) -> bool:
    if any(c.start < end and start < c.end for c in cands):
        return False
    return not _AFTER.match(text, end) and not _BEFORE.search(text, max(0, start - 40), start)


def repeated_places(text: str, cands: list[Cand]) -> list[Cand]:
    """`cands` with the other occurrences of their town names, in text order."""
    places = {c.name: c for c in cands if c.kind in _PLACES and len(c.name) >= 3}
    extra: list[Cand] = []
    for name, c in places.items():
        for m in re.finditer(re.escape(name), text):
            if _free(text, m.start(), m.end(), cands + extra):
                extra.append(replace(c, start=m.start(), end=m.end(), attrs={}, source="repeat"))
    return sorted(cands + extra, key=lambda c: c.start)
