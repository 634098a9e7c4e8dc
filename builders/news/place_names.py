"""Place names that swallowed a word: the model reads "Grenoble appuie Ouagadougou" as one
name. A place's name is capitalised words joined by particles ("Saint-Jean-le-Blanc", "Aix en
Provence", "La Roche-sur-Yon"); a lower-case word that is no particle ends it, and the
capitalised words after it are a name of their own.
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from builders.news.relations import PLACES

_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "les", "l", "d", "sur", "sous", "en", "lès", "lez", "aux",
     "au", "et", "à", "y", "el", "al", "di", "da", "do", "dos", "del", "van", "von", "der"}
)  # fmt: skip
_WORD = re.compile(r"[^\s]+")
SOURCE = "split"


def split_swallowed(text: str, cands: list[Cand]) -> list[Cand]:
    """`cands` with each model place name cut at a lower-case word that is no particle: the
    capitalised parts on either side become names of their own."""
    out: list[Cand] = []
    for c in cands:
        if c.kind == "Person" and c.source == "model" and _FOREIGN_AND.search(c.name):
            out += _coordinated_people(text, c)
            continue
        if c.kind in PLACES and c.source == "model":
            _elided_end(text, c)
        if c.kind not in PLACES or c.source != "model":
            out.append(c)
            continue
        parts = _parts(text, c.start, c.end)
        if len(parts) == 1 and parts[0] == (c.start, c.end):
            out.append(c)
            continue
        for i, (s, e) in enumerate(parts):
            name = " ".join(text[s:e].split())
            out.append(Cand(s, e, c.kind, name, c.country if i == 0 else None, None, SOURCE))
    return out


#: "and" in the languages of partner towns, between two capitalised words: "Yves Juhel e
#: Alberto Biancheri", "Mentone e Sanremo" are two names the model read as one
_FOREIGN_AND = re.compile(r"(?<=\w) (?:e|und|and|i|och|en) (?=[A-ZÀ-Ý])")


def _coordinated_people(text: str, c: Cand) -> list[Cand]:
    """A person's name that coordinates two names: a person each when it has two words or
    more, a town when it has one."""
    out, start = [], c.start
    for m in [*_FOREIGN_AND.finditer(text, c.start, c.end), None]:
        end = m.start() if m else c.end
        name = " ".join(text[start:end].split())
        if name[:1].isupper():
            kind = "Person" if len(name.split()) >= 2 else "Commune"
            out.append(Cand(start, end, kind, name, None, None, SOURCE))
        start = m.end() if m else c.end
    return out


def _parts(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The name's parts: cut at each lower-case word that is no particle and stands right
    between two capitalised words ("Grenoble appuie Ouagadougou"); an adjective that leads a
    complement stays ("District autonome d'Abidjan", "Communauté urbaine de Nouakchott")."""
    words = [(m.start(), m.end(), m.group().strip(",;")) for m in _WORD.finditer(text, s, e)]
    cuts = [
        i
        for i in range(1, len(words) - 1)
        if words[i][2][:1].islower()
        and words[i][2].lower() not in _PARTICLES
        and words[i - 1][2][:1].isupper()
        and words[i + 1][2][:1].isupper()
    ]
    if not cuts:
        return [(s, e)]
    parts, first = [], 0
    for i in cuts:
        parts.append((words[first][0], words[i - 1][1]))
        first = i + 1
    parts.append((words[first][0], words[-1][1]))
    return parts


#: a name cut after an elided particle: "Gouvernement régional du Kurdistan d'" + "Irak"
_ELIDED_END = re.compile(r"\s*\b[dl]['’]$", re.I)
_NEXT_WORD = re.compile(r"\s*[A-ZÀ-Ý][\w’'-]*")


def _elided_end(text: str, c: Cand) -> None:
    """Run a name that ends on "d'" over the capitalised word that follows (in place)."""
    end = c.end
    if text[end : end + 1] in ("'", "’") and re.search(r"\b[dlDL]$", text[c.start : end]):
        end += 1  # the model left the apostrophe out: "… du Kurdistan d" + "'Irak"
    elif not _ELIDED_END.search(text, c.start, end):
        return
    m = _NEXT_WORD.match(text, end)
    if m is not None:
        c.end = m.end()
        c.name = " ".join(text[c.start : c.end].split())
