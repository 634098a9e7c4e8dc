"""French towns the model missed: a capitalised name that the index of French communes gives
to one commune only, and that is no ordinary word ("Grenoble accompagne …", where the model,
at the start of a sentence, reads "Grenoble" as a common noun).

The index decides alone only for such names: a name borne by several communes, or an ordinary
word ("Orange", "Rue", "Bar"), still needs the cue the resolver asks for, so nothing here turns a
word into a town. A name already found (of any kind) is never looked at again.
"""

from __future__ import annotations

import re

from builders.candidates import Cand, FoundSpans
from kg.reference import Reference

#: capitalised words joined by hyphens or name particles: "Saint-Jean-le-Blanc", "Aix en Provence"
_NAME = re.compile(
    r"(?<![\w’'-])[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*"
    r"(?:\s+(?:(?:sur|sous|en|lès|les|de|du|des|la|le)\s+)?[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*){0,3}"
)
SOURCE = "gazetteer"
_AFTER_FIGURE = re.compile(r"\d\s?$")
_MIN_LENGTH = 4


def french_towns(text: str, cands: list[Cand], reference: Reference) -> list[Cand]:
    """`cands` with each missed name of one French commune added (kind Commune, country FR)."""
    found_spans = FoundSpans(cands)
    added = []
    for m in _NAME.finditer(text):
        if _AFTER_FIGURE.search(text, max(0, m.start() - 3), m.start()):
            continue  # "9 839 340 Francs CFA": a unit after a figure is no town
        found = _longest_commune(text, m.start(), m.group(), reference)
        if found is None:
            continue
        s, e = found
        if found_spans.overlaps(s, e):
            continue  # inside or across a name already found
        entry = reference.french_commune(text[s:e])
        added.append(Cand(s, e, "Commune", text[s:e], "FR", entry.id if entry else None, SOURCE))
    if not added:
        return cands
    return sorted([*cands, *added], key=lambda c: (c.start, -c.end))


def _longest_commune(
    text: str, start: int, written: str, reference: Reference
) -> tuple[int, int] | None:
    """The longest run of the match's leading words that names one French commune."""
    words = list(re.finditer(r"\S+", written))
    for n in range(len(words), 0, -1):
        end = words[n - 1].end()
        name = written[:end]
        if len(name) < _MIN_LENGTH or name.split()[-1].lower() in _PARTICLES:
            continue
        if reference.unambiguous_commune(name):
            return start, start + end
    return None


_PARTICLES = frozenset({"sur", "sous", "en", "lès", "les", "de", "du", "des", "la", "le"})
