"""Named initiatives written again in running text, in another case or with other spaces: a
record titled "Fonds de soutien à la coopération X" goes on "le ministère lance un fonds de
soutien à la coopération X". Each such occurrence becomes a mention of the named initiative, so
the statements read around it (who launches, funds or joins it) reach the initiative.

Only names of three words or more are looked for (a short name written in lower case is a
common phrase, not a mention). A name already found inside such an occurrence was cut short
("Dispositif conjoint d'appui à la coopération" before "… franco-sénégalaise"): the whole name
replaces it; an occurrence that overlaps a longer or crossing name is left alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from builders.candidates import Cand

#: kinds whose names are phrases a text may repeat in lower case
REPEATED_KINDS = frozenset({"Programme", "Project", "Funder", "Event"})
_MIN_WORDS = 3
SOURCE = "re-mention"
#: how far before a match a name overlapping it may start (names are shorter than this)
_LOOKBACK = 400


def re_mentions(text: str, cands: list[Cand]) -> list[Cand]:
    """`cands` with every other-case occurrence of a long initiative name added."""
    named: dict[str, Cand] = {}
    for c in cands:
        if c.kind in REPEATED_KINDS and len(c.name.split()) >= _MIN_WORDS:
            named.setdefault(_key(c.name), c)
    if not named:
        return cands
    pattern = re.compile("|".join(_pattern(n) for n in sorted(named, key=len, reverse=True)), re.I)
    ordered = sorted(cands, key=lambda c: (c.start, c.end))
    starts = [c.start for c in ordered]
    reach = _running_max([c.end for c in ordered])
    added, cut = [], set()
    for m in pattern.finditer(text):
        s, e = m.start(), m.end()
        if _inside_word(text, s, e):
            continue
        if _overlaps(starts, reach, s, e):
            inner = _overlapping(ordered, starts, s, e)
            if not all(s <= c.start and c.end <= e and c.end - c.start < e - s for c in inner):
                continue
            cut |= {id(c) for c in inner}  # a name cut short ("Dispositif X" of "Dispositif X Y")
        c = named[_key(m.group())]
        added.append(Cand(s, e, c.kind, c.name, c.country, c.ref, SOURCE))
    if not added:
        return cands
    kept = [c for c in cands if id(c) not in cut]
    return sorted([*kept, *added], key=lambda c: (c.start, -c.end))


def _key(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def _pattern(key: str) -> str:
    words = [re.escape(w).replace("'", "['’]") for w in key.split()]
    return r"\s+".join(words)


def _inside_word(text: str, s: int, e: int) -> bool:
    return (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum())


def _running_max(ends: list[int]) -> list[int]:
    out, top = [], -1
    for e in ends:
        top = max(top, e)
        out.append(top)
    return out


def _overlapping(ordered: list[Cand], starts: list[int], s: int, e: int) -> list[Cand]:
    """The names starting before `e` that end after `s` (a few: names do not nest deeply)."""
    out = []
    for i in range(bisect_right(starts, e - 1) - 1, -1, -1):
        c = ordered[i]
        if c.end > s:
            out.append(c)
        elif c.start < s - _LOOKBACK:
            break
    return out


def _overlaps(starts: list[int], reach: list[int], s: int, e: int) -> bool:
    """Whether `s:e` overlaps a found name: the names starting before `e` reach past `s`."""
    i = bisect_right(starts, e - 1)
    return i > 0 and reach[i - 1] > s
