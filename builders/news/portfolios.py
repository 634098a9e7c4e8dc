"""Ministries named by their portfolios: "le ministère des Collectivités territoriales, de
l'Aménagement et du Développement des Territoires" is one name, which the model cuts at the
first comma and whose tail it takes for another organisation. A ministry's name runs on over
each ", de X" / "et de X" whose X is capitalised (a portfolio), and swallows the names found
there.
"""

from __future__ import annotations

import re

from builders.candidates import Cand

_PORTFOLIO = re.compile(
    r"(?:\s*,\s*|\s+et\s+|\s*,\s*et\s+)(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+)"
    r"[A-ZÀ-Ý][\w’'-]*(?:\s+(?:(?:du|des|de|de\s+la|d['’]|l['’]|la|le|et)\s*)?"
    r"(?:[A-ZÀ-Ý][\w’'-]*|[a-zà-ÿ]{4,}(?=\s*(?:,|\s+et\s|\s*\(|$))))*"
)
_HEAD = re.compile(r"^minist[èe]re\b", re.I)
#: the adjectives that end a portfolio ("des Relations extérieures", "des Affaires
#: étrangères", "de l'Economie sociale"), which the model leaves out of the name
_ADJECTIVE = re.compile(
    r"(?:\s+[a-zà-ÿ]{3,}(?:ères?|ales?|aux|elles?|ieures?|iques?|aines?|ées?|ives?))+(?![\w’'-])"
)


def whole_ministries(text: str, cands: list[Cand]) -> list[Cand]:
    """`cands` with each ministry's name run over its listed portfolios."""
    swallowed: set[int] = set()
    ordered = sorted(cands, key=lambda c: c.start)
    for i, c in enumerate(ordered):
        if c.kind != "Ministry" or not _HEAD.match(c.name) or id(c) in swallowed:
            continue
        end = c.end
        if c.name.split()[-1][:1].isupper() and (m := _ADJECTIVE.match(text, end)) is not None:
            end = m.end()
        while (m := _PORTFOLIO.match(text, end)) is not None and "\n" not in m.group():
            end = m.end()
        if end == c.end:
            continue
        for other in ordered[i + 1 :]:
            if other.start >= end:
                break
            if other.end <= end:
                swallowed.add(id(other))
        c.end = end
        c.name = " ".join(text[c.start : end].split())
    return [c for c in cands if id(c) not in swallowed]
