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

from builders.candidates import Cand, FoundSpans

#: kinds whose names are phrases a text may repeat in lower case
REPEATED_KINDS = frozenset({"Programme", "Project", "Funder", "Event"})
_MIN_WORDS = 3
SOURCE = "re-mention"


def re_mentions(text: str, cands: list[Cand]) -> list[Cand]:
    """`cands` with every other-case occurrence of a long initiative name added."""
    named: dict[str, Cand] = {}
    for c in cands:
        if c.kind in REPEATED_KINDS and len(c.name.split()) >= _MIN_WORDS:
            named.setdefault(_key(c.name), c)
    if not named:
        return cands
    pattern = re.compile("|".join(_pattern(n) for n in sorted(named, key=len, reverse=True)), re.I)
    found = FoundSpans(cands)
    added, cut = [], set()
    for m in pattern.finditer(text):
        s, e = m.start(), m.end()
        if _inside_word(text, s, e):
            continue
        if found.overlaps(s, e):
            inner = found.overlapping(s, e)
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
