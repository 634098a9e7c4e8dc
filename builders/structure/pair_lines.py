"""Directories of twinnings: one pair per line, the two names on either side of a spaced dash
(or slash), each name perhaps followed by what locates it, the line perhaps ending on a date::

    Avion (Pas-de-Calais) – Thorez (région de Donetsk, Est), depuis 1967
    • Ville A / Ville B (1992)

A line is such a pair when, its locators and date set aside, both sides are names: capitalised
words joined by name particles ("Clichy-la-Garenne", "La Seyne-sur-Mer", "Brive–la–Gaillarde"),
no verb, no lower-case word. Lines count when two or more of them make a directory, or one line
stands under a twinning heading. The names are the sides as written, whatever the model made of
them; a side the readers know as a country or a person's name is no partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from builders.candidates import Cand
from builders.structure.pairs import PARTNER_KINDS, PERSON_NAME, Pair

RULE = "pair-line"
_BULLET = re.compile(r"^\s*(?:[-–—•●▪*►·]|\d{1,2}\s*[.)-])?\s*")
#: the separator of the two sides: a dash or slash with spaces around it
_SEP = re.compile(r"\s+[–—-]\s+|\s+/\s+|\s*(?:↔|⇔|⟷|<=>|<->)\s*|\s+=>\s+")
_LOCATOR = re.compile(r"\s*\([^()]*\)")
_DATE = re.compile(
    r"[\s,;:]*(?:\b(?:depuis|en|since|sign[ée]e?\s+en|jumel[ée]e?s?\s+en)\s+)?"
    r"(?:(?:le\s+)?\d{1,2}(?:er)?\s+[a-zéû]+\s+)?(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?"
    r"\s*\.?\s*$",
    re.I,
)
#: words that join the capitalised words of one name
_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "les", "sur", "sous", "en", "lès", "lez", "aux", "au",
     "et", "d", "l", "am", "an", "der", "di", "del", "do", "da", "dos"}
)  # fmt: skip
#: capitalised common nouns that open headings, not names ("Coopération France – Togo")
_HEADING_WORDS = frozenset(
    {"coopération", "jumelage", "jumelages", "partenariat", "partenariats", "programme",
     "projet", "projets", "accord", "accords", "convention", "appel", "fonds", "rencontre",
     "forum", "assises", "villes", "ville", "pays", "liste", "source", "contact", "contacts",
     "date", "année", "thématique", "thème", "collectivité", "collectivités", "par", "photo",
     "crédit", "crédits", "publié", "auteur", "rédaction", "mis", "mise"}
)  # fmt: skip
_WORD = re.compile(r"[^\s]+")
_CUE = re.compile(r"jumel|partenari|coop[ée]ration|villes?\s+(?:s[œo]eurs|amies|partenaires)", re.I)
_MAX_LINE = 160
_MAX_WORDS = 7
_HEADING_LINES = 3


@dataclass
class _Line:
    start: int
    end: int
    sides: tuple[tuple[int, int], tuple[int, int]]


def line_pairs(text: str, cands: list[Cand]) -> tuple[list[Pair], list[Cand]]:
    """The pairs of the text's directory lines, and the names made for their sides."""
    lines = _pair_lines(text)
    if not lines:
        return [], []
    starts = {(c.start, c.end): c for c in cands}
    pairs: list[Pair] = []
    made: list[Cand] = []
    accepted = lines if len(lines) >= 2 else [x for x in lines if _under_cue(text, x)]
    for line in accepted:
        (ls, le), (rs, re_) = line.sides
        a = _side(text, ls, le, cands, starts)
        for s, e in _coordinated(text, rs, re_, starts) or [(rs, re_)]:
            b = _side(text, s, e, cands, starts)
            if a is None or b is None:
                continue
            made += [c for c in (a, b) if c.source == RULE and c not in made]
            pairs.append(Pair(a, b, line.start, line.end, rule=RULE))
    return pairs, made


_AND = re.compile(r"\s*,\s*|\s+et\s+|\s*&\s*")


def _coordinated(
    text: str, s: int, e: int, exact: dict[tuple[int, int], Cand]
) -> list[tuple[int, int]]:
    """The names of a side that coordinates several ("Ile-de-France <=> Kyiv et Chernihiv"):
    the spans between "," / "et" when the readers found each as a name of its own; [] when
    the side is one name ("Ille et Vilaine", "Saint-Pierre et Miquelon")."""
    parts, pos = [], s
    for m in _AND.finditer(text, s, e):
        parts.append((pos, m.start()))
        pos = m.end()
    parts.append((pos, e))
    if len(parts) < 2 or not all(p in exact for p in parts):
        return []
    return parts


#: a list item: a bullet or a number opens the line
_ITEM = re.compile(r"^\s*(?:[-–—•●▪*►·]|\d{1,2}\s*[.)-])\s+")
#: what joins the two partners of an item: "A et B", "A et la ville de B", "A avec B"
_ITEM_JOIN = re.compile(
    r"^\s*(?:et|avec|&)\s+(?:(?:la|le|les|l['’])\s*)?(?:(?:ville|commune|région|province|"
    r"état|etat|municipalité|département|district|inter-?municipalité)\s+(?:de\s+|du\s+|d['’])?)?$",
    re.I,
)


def item_pairs(text: str, cands: list[Cand]) -> list[Pair]:
    """Pairs of list items that each join two partners ("- urbanisme pour A et l'État de B ;"):
    two such items or more in a row make a list of pairs; one alone is any coordination."""
    ordered = sorted((c for c in cands if c.kind in PARTNER_KINDS), key=lambda c: c.start)
    found: list[list[Pair]] = [[]]
    pos = 0
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        pair = _item_pair(text, start, start + len(raw), ordered) if _ITEM.match(raw) else None
        if pair is None:
            found.append([])
        else:
            found[-1].append(pair)
    return [p for run in found if len(run) >= 2 for p in run]


def _item_pair(text: str, s: int, e: int, ordered: list[Cand]) -> Pair | None:
    here = [c for c in ordered if s <= c.start and c.end <= e]
    joined = [
        (a, b)
        for a, b in pairwise(here)
        if _ITEM_JOIN.match(text[a.end : b.start]) and not PERSON_NAME.match(a.name)
    ]
    if len(joined) != 1:
        return None
    a, b = joined[0]
    return Pair(a, b, s, e, rule="pair-item")


def _pair_lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, pos = pos, pos + len(raw) + 1
        if len(raw.strip()) > _MAX_LINE or not raw.strip():
            continue
        line = _read(text, start, start + len(raw))
        if line is not None:
            out.append(line)
    return out


def _read(text: str, s: int, e: int) -> _Line | None:
    body = text[s:e]
    lead = _BULLET.match(body)
    b0 = lead.end() if lead else 0
    masked = _LOCATOR.sub(lambda m: " " * len(m.group()), body)  # keep offsets
    date = _DATE.search(masked, b0)
    b1 = date.start() if date else len(masked.rstrip(" .;,"))
    seps = list(_SEP.finditer(masked, b0, b1))
    if len(seps) != 1:
        return None
    sep = seps[0]
    left = _name_span(masked, b0, sep.start())
    right = _name_span(masked, sep.end(), b1)
    if left is None or right is None:
        return None
    return _Line(s, e, ((s + left[0], s + left[1]), (s + right[0], s + right[1])))


def _name_span(masked: str, s: int, e: int) -> tuple[int, int] | None:
    """The span of the name in `s:e` (locators masked), or None when it is not one name."""
    piece = masked[s:e]
    words = [(m.start(), m.end()) for m in _WORD.finditer(piece)]
    if not words or len(words) > _MAX_WORDS:
        return None
    texts = [piece[a:b].strip(",;") for a, b in words]
    if not texts[0][:1].isupper() or texts[0].lower() in _HEADING_WORDS:
        return None
    for w in texts:
        base = re.split(r"['’]", w)[-1] if re.match(r"^[dlDL]['’]", w) else w
        if any(ch.isdigit() for ch in w) or not base:
            return None
        if not base[:1].isupper() and w.lower() not in _PARTICLES:
            return None
    if texts[-1].lower() in _PARTICLES:
        return None
    a, b = words[0][0], words[-1][1]
    while b > a and piece[b - 1] in ",;":
        b -= 1
    return s + a, s + b


def _under_cue(text: str, line: _Line) -> bool:
    """Whether a lone pair line speaks of twinning, or stands under lines that do."""
    head = text.rfind("\n", 0, max(0, line.start - 1))
    for _ in range(_HEADING_LINES - 1):
        if head <= 0:
            break
        head = text.rfind("\n", 0, head)
    return bool(_CUE.search(text, max(0, head), line.end))


def _side(
    text: str, s: int, e: int, cands: list[Cand], exact: dict[tuple[int, int], Cand]
) -> Cand | None:
    """The partner written at `s:e`: the readers' name when it covers exactly that span, else
    a new name of the side's whole text, typed by the reader's name inside it if any."""
    found = exact.get((s, e))
    inside = [c for c in cands if s <= c.start and c.end <= e]
    if PERSON_NAME.match(" ".join(text[s:e].split())):
        return None
    alone = found or (inside[0] if len(inside) == 1 else None)
    if alone is not None and alone.kind == "Country":
        return None  # a country is the setting of a pair, never one of its partners
    if found is not None:
        if found.kind in ("Person", "Place"):
            found.kind = "Commune"  # a name the model took for a person is a listed town
        return found if found.kind in PARTNER_KINDS else None
    kinds = [c.kind for c in inside if c.kind in PARTNER_KINDS]
    kind = kinds[0] if kinds else "Commune"
    ref = next((c.ref for c in inside if c.kind in PARTNER_KINDS and c.ref), None)
    country = next((c.country for c in inside if c.country), None)
    return Cand(s, e, kind, " ".join(text[s:e].split()), country, ref, RULE)
