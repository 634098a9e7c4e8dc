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
from kg.resolve import core_name

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


#: what may continue a French place's name written without its hyphens: "Ille et Vilaine",
#: "Aix en Provence", "Seine Saint Denis", "Provence-Alpes-Côte d'Azur" (after a cut one)
_CONTINUED = re.compile(
    r"(?:[ \t]+(?:(?:et|en|sur|sous|lès|les|de|du|des|la|le)[ \t]+|[dl]['’])?|[ \t]*[dl]['’]|-)"
    r"[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*"
)
_PLACE_KINDS = frozenset({"Commune", "LocalAuthority", "Department", "Region"})
#: a name opened by one of these words is a town whatever the index says of its core
_TOWN_WORDS = re.compile(r"^(?:la\s+)?(?:ville|commune|cité|municipalité|mairie)\b", re.I)


def whole_french_places(text: str, cands: list[Cand], reference: Reference) -> list[Cand]:
    """French places written without their hyphens, whole: a place name that the words after
    it continue into the name of one French commune, département or région ("département
    d'Ille" + " et Vilaine", "Aix" + " en Provence") is extended over them, and the names found
    inside the continuation go; and a place typed Commune whose name no commune bears but a
    département or région does ("Grand Est") takes that kind (in place; returns the names
    kept)."""
    gone: set[int] = set()
    found = FoundSpans(cands)
    for c in cands:
        if id(c) in gone or c.kind not in _PLACE_KINDS or c.country not in (None, "FR"):
            continue
        _with_lower_article(text, c, reference)
        end, kind = _continued(text, c, reference)
        if end > c.end:
            inside = [o for o in found.overlapping(c.end, end) if o is not c]
            if all(c.end <= o.start and o.end <= end and o.kind in _PLACE_KINDS for o in inside):
                gone.update(id(o) for o in inside)
                c.name = " ".join((c.name + text[c.end : end]).split())
                c.end = end
                c.kind = kind or c.kind
                continue
        _retype(c, reference)
    return [c for c in cands if id(c) not in gone]


_LOWER_ARTICLE = re.compile(r"(?<![\w'’])(le|la|les)[ \t]+$")


def _with_lower_article(text: str, c: Cand, reference: Reference) -> None:
    """A French commune whose name opens with its article, written with it in lower case
    inside a sentence ("Pointe-Noire avec le Havre", "à la Rochelle"): the article is part of
    the name (in place)."""
    m = _LOWER_ARTICLE.search(text, max(0, c.start - 5), c.start)
    if m is None or c.kind != "Commune":
        return
    whole = f"{m.group(1).capitalize()} {c.name}"
    if reference.unambiguous_commune(whole):
        c.start, c.name = m.start(), text[m.start() : c.end]


def _continued(text: str, c: Cand, reference: Reference) -> tuple[int, str | None]:
    """The end of `c`'s name continued into one French place's name (at most three steps),
    and that place's kind when it is a département or région (else None); `c.end` when none."""
    pos, best, kind = c.end, c.end, None
    for _ in range(3):
        m = _CONTINUED.match(text, pos)
        if m is None:
            break
        pos = m.end()
        name = core_name(text[c.start : pos])
        above = _department_or_region(name, reference)
        if above is not None:
            best, kind = pos, above
        elif reference.unambiguous_commune(name):
            best, kind = pos, None
    return best, kind


def _retype(c: Cand, reference: Reference) -> None:
    if c.kind != "Commune" or _TOWN_WORDS.match(c.name):
        return
    name = core_name(c.name)
    if reference.french_communes(name):
        return
    above = _department_or_region(name, reference)
    if above is not None and " " in name:  # one word ("Nord", "Centre") stays as typed
        c.kind = above


def _department_or_region(name: str, reference: Reference) -> str | None:
    """ "Department" or "Region" when the index gives `name` to one French département or
    région, else None."""
    entry = reference.french_match(name, "Department").entry
    return entry.kind if entry is not None and entry.kind in ("Department", "Region") else None
