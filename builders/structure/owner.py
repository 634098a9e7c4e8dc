"""Partners listed by the authority a page belongs to: a town's "villes jumelées" page. The
French side is the page's owner, named in its title lines with a twinning word ("Villes jumelées
avec la ville de Brive"), and never written beside each partner:

    Seuls quatre jumelages sont actifs : Sikasso au Mali, Guimarães au Portugal et Lauf en
    Allemagne.

`owner_pairs(text, cands)` finds the owner, then every list of twinnings introduced by a colon,
and pairs the owner with each place of the list that is not French (a country after a place
only locates it).
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from builders.structure.lines import line_spans
from builders.structure.pairs import PARTNER_KINDS, Pair

_TITLE_CUE = re.compile(r"\bjumel|\bvilles?\s+(?:partenaires|s[œo]eurs|amies)\b", re.I)
_LIST = re.compile(
    r"\b(?:jumelages?|jumel[ée]e?s?|villes?\s+(?:partenaires|s[œo]eurs|jumelles)"
    r"|accords?\s+de\s+coop[ée]ration)\b"
    r"[^.:;\n]{0,80}(?::|\s[–—]|\s-\s)\s*"
    # the items run to the sentence's end; an abbreviating point inside a name is no end
    r"(?P<items>(?:[^.;\n]|\.(?=[ \t]+[A-ZÀ-Ý][^\s.]*[ \t]*\())+)",
    re.I,
)
_TITLE_LINES = 4
RULE = "page-owner"


#: the page's authority written as a bare capitalised noun: "la Région vise", "le Département"
_SELF = re.compile(
    r"\b(?:[Ll]a|[Ll]e|[Ll]['’])\s*(R[ée]gion|D[ée]partement|Ville|M[ée]tropole)\s+(?![A-ZÀ-Ý])"
)
_SELF_KINDS = {"r": "Region", "d": "Department", "v": "Commune", "m": "Intercommunality"}


def owner(text: str, cands: list[Cand]) -> Cand | None:
    """The authority the page belongs to: the first authority its title lines name, when they
    speak of twinning; else, when the page calls itself "la Région" (or "le Département"…),
    the French authority of that kind it names most."""
    head = _title_end(text)
    if not _TITLE_CUE.search(text, 0, head):
        return _self_named(text, cands)
    return _first_french(cands, 0, head)


def owner_pairs(text: str, cands: list[Cand]) -> list[Pair]:
    """The owner paired with each foreign place of each twinning list of the page."""
    own = owner(text, cands)
    pairs: list[Pair] = []
    for m in _LIST.finditer(text):
        s, e = m.start("items"), m.end("items")
        # "Les villes partenaires de Dijon :" names the list's own authority
        lead = _first_french(cands, m.start(), s)
        o = lead or (own if own is not None and m.start() >= own.end else None)
        if o is None:
            continue
        if "\n" in text[m.start() : s]:  # the list's lines follow the colon's line
            e = _list_end(text, s)
        listed = [c for c in cands if s <= c.start and c.end <= e and c.kind in PARTNER_KINDS]
        pairs += [
            Pair(o, c, m.start(), e, rule=RULE)
            for c in listed
            if c.country not in (None, "FR") and not _same(c, o)
        ]
    return pairs


def _first_french(cands: list[Cand], s: int, e: int) -> Cand | None:
    """The first French (or unlocated) authority named within `s:e`: a page's title lines, a
    list's lead-in ("villes jumelles de Brive :")."""
    return next(
        (
            c
            for c in cands
            if s <= c.start and c.end <= e and c.kind in PARTNER_KINDS and c.country in (None, "FR")
        ),
        None,
    )


#: a line of a list: a bullet or a number opens it, or it is a short line of names
_ITEM_LINE = re.compile(
    r"^[ \t]*(?:[-–—•●▪*►·]|\d{1,2}\s*[.)-])\s*\S|^[ \t]*[A-ZÀ-Ý][^\n.:]{0,80}$"
)
_MAX_LIST_LINES = 40


def _list_end(text: str, start: int) -> int:
    """The end of the list whose first line starts at `start`: the lines that are items, up to
    the first that is not (blank lines between items are skipped)."""
    end = start
    for s, e in line_spans(text, start)[:_MAX_LIST_LINES]:
        line = text[s:e]
        if line.strip():
            if not _ITEM_LINE.match(line):
                break
            end = e
    return end


def _self_named(text: str, cands: list[Cand]) -> Cand | None:
    m = _SELF.search(text)
    if m is None:
        return None
    kind = _SELF_KINDS[m.group(1)[0].lower()]
    french = [c for c in cands if c.kind == kind and c.country in (None, "FR")]
    if not french:
        return None
    counts: dict[str, int] = {}
    for c in french:
        counts[c.ref or c.name] = counts.get(c.ref or c.name, 0) + 1
    top = max(counts, key=lambda k: counts[k])
    return next(c for c in french if (c.ref or c.name) == top)


def _same(a: Cand, b: Cand) -> bool:
    return (a.ref is not None and a.ref == b.ref) or a.name == b.name


def _title_end(text: str) -> int:
    """Where the page's first few non-empty lines end (its source line left out)."""
    seen, pos = 0, 0
    for line in text.split("\n"):
        pos += len(line) + 1
        if line.strip() and not line.startswith("source:"):
            seen += 1
            if seen >= _TITLE_LINES:
                break
    return pos
