"""Reading lists of twinned authorities: one pair per line (or several run together).

Two layouts are recognised:

* programme lists: ``- Commune de BRESSUIRE (79)     KPALIME``: the French authority (a name
  prefix recognised by `parse_name`, or a plain name), an optional department number, then the
  partner after the department number, a run of 2+ spaces, a tab or `` – ``;
* directories: ``Aiglemont/Bohicon 10``: French side, ``/``, partner, a page number to drop;
  several entries may run together on one line, and an entry broken by a page break continues
  on the next non-blank line (which then ends with the page number).

A line shaped like a pair is not enough (an agenda's "Session 1 – Retours d'expérience" has the
shape): `find_pairs` keeps the pairs of a list that names authorities, see `accept`. A side
whose opening word is a generic noun of documents ("Session", "Recommandations") or an article
before a common noun ("Le programme X") is never an authority.

A parenthesised place after a name ("Dassa (département des Collines)", "Fougères
(Ille-et-Vilaine)") is no part of the name: it is the side's `place`, a département or region.

Every span points into the original text, so mentions and evidence stay exact.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from kg.names import display_case, parse_name
from kg.normalize import fold
from kg.reference import Reference

#: kinds a listed partner may have (a bare name counts as a Commune)
PARTNER_KINDS = frozenset(
    {"Commune", "LocalAuthority", "Intercommunality", "Department", "Region", "Association"}
)
_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "et", "aux", "au", "lès", "l", "d"}
)
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"[ \t]*(?:[-•*–][ \t]*)?")
_TOC_NUMBER = re.compile(r"(?<![(\d])\b\d{1,3}\b(?![)\d])")
_PAGE = re.compile(r"\s+\d{1,3}\s*$")
_RUN_SPLIT = re.compile(r"\s\d{1,3}(?=\s+\S)")
_CODE_SPLIT = re.compile(r"\(\s*\d[\dAB]?\d?\s*\)(?=[ \t]+\S)")
_GAP = re.compile(r"[ \t]+–[ \t]+|[ \t]{2,}|\t")
_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Z0-9&-]{1,11})\s*\)\s*$")
_BAD_CHARS = re.compile(r"[.,;:!?@«»\"|=<>/\[\]{}*+_]|www|\d{3,}")
_ELISION = re.compile(r"^[dlDL]['’]")
_WORD = re.compile(r"[^\s'’-]+(?:['’][^\s'’-]+)?")
_PLACE = re.compile(r"\s*\(\s*([^()\d]{2,60}?)\s*\)\s*$")
_PLACE_KINDS = frozenset({"Department", "Region"})
#: generic nouns that open the headings and agenda items of documents, never an authority
_GENERIC_WORDS = """
session sessions séance atelier ateliers table module partie chapitre section thème thèmes
axe volet étape phase point annexe introduction conclusion conclusions synthèse
recommandation recommandations retour retours ouverture clôture pause déjeuner dîner
accueil matin matinée après-midi soir soirée jour journée bilan programme projet
présentation débat débats discussion contexte objectif objectifs résultats perspectives
question questions échanges visite visites restitution plénière intervention témoignage
témoignages lundi mardi mercredi jeudi vendredi samedi dimanche note notes contact
sommaire titre objet budget calendrier domaines remarque source page
"""
_GENERIC = frozenset(fold(w) for w in _GENERIC_WORDS.split())
_ARTICLES = frozenset({"le", "la", "les", "l", "un", "une", "des"})
#: a document that announces a list of partnerships
_LIST_CUE = re.compile(
    r"\bpartenariats?\b|\bjumelages?\b|coop[ée]ration\s+d[ée]centralis[ée]e", re.I
)


@dataclass(frozen=True)
class Side:
    """One authority of a pair, as written in the text."""

    start: int
    end: int
    kind: str
    name: str
    code: str | None = None
    acronym: str | None = None
    #: the name was written with an authority prefix ("Commune de", "Conseil régional"...)
    prefixed: bool = False
    #: a parenthesised place after the name: (start, end, kind, name)
    place: tuple[int, int, str, str] | None = None


@dataclass(frozen=True)
class Pair:
    """A listed pair: the entry's span, the French side and the partner."""

    start: int
    end: int
    french: Side
    foreign: Side


def find_pairs(text: str) -> list[Pair]:
    """Every pair entry of `text` that names authorities (see `accept`), in order."""
    paged = _has_page_numbers(text)
    return accept(text, candidate_pairs(text, paged), paged)


def candidate_pairs(text: str, paged: bool | None = None) -> list[Pair]:
    """Every entry of `text` shaped like a pair, in order."""
    pairs: list[Pair] = []
    paged = _has_page_numbers(text) if paged is None else paged
    for start, end in _chunks(text) if paged else _lines(text):
        for seg_start, seg_end in _segments(text, start, end):
            pair = _parse_entry(text, seg_start, seg_end, paged)
            if pair is not None:
                pairs.append(pair)
    return pairs


def accept(text: str, pairs: list[Pair], paged: bool) -> list[Pair]:
    """The pairs that name authorities.

    * a table of contents (page numbers after each entry): all of them;
    * a list where most pairs are attested (a side written with an authority prefix or a
      department code, or both sides in the reference gazetteer): all its pairs but those
      with a generic side, the bare names following the list's layout;
    * a document announcing partnerships ("partenariats", "jumelages", "coopération
      décentralisée") with at least 3 pairs: the pairs whose sides are strictly name-shaped;
    * otherwise only the attested pairs.
    """
    if paged:
        return pairs
    pairs = [p for p in pairs if not (_generic(p.french) or _generic(p.foreign))]
    attested = [p for p in pairs if _attested(p)]
    if pairs and 2 * len(attested) > len(pairs):
        return pairs
    if _LIST_CUE.search(text):
        strict = [p for p in pairs if p in attested or (_strict(p.french) and _strict(p.foreign))]
        if len(strict) >= 3:
            return strict
    return attested


def _attested(pair: Pair) -> bool:
    sides = (pair.french, pair.foreign)
    if any(s.prefixed or s.code for s in sides):
        return True
    return all(_in_gazetteer(s.name) for s in sides)


@cache
def _reference() -> Reference:
    return Reference.default()


@cache
def _in_gazetteer(name: str) -> bool:
    return bool(_reference().lookup(name))


def _generic(side: Side) -> bool:
    """A bare side opening on a generic noun ("Session 1", "Recommandations"), or on an
    article before a common noun ("Le programme X", "La table ronde")."""
    if side.prefixed:
        return False
    words = [_ELISION.sub("", w) for w in _WORD.findall(side.name)]
    if not words:
        return True
    first = fold(words[0])
    if first in _GENERIC:
        return True
    after = words[1] if len(words) > 1 else ""
    is_article = first in _ARTICLES or re.match(r"^[lL]['’]", side.name)
    return bool(is_article and (not after or after[:1].islower() or fold(after) in _GENERIC))


def _strict(side: Side) -> bool:
    """A bare name of at most four words, every content word capitalised."""
    if side.prefixed or side.code:
        return True
    words = _WORD.findall(side.name)
    return len(words) <= 4 and not any(_is_lower(w) for w in words)


def _lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]


def _has_page_numbers(text: str) -> bool:
    """Whether directory entries end with page numbers (a table of contents): after most
    "/" comes a number before the next "/", and the numbers never go down. Otherwise a
    trailing number is part of the partner's name ("Zio 2", "Agoè-Nyivé 2")."""
    after = text.split("/")[1:]
    pages = [int(m.group()) for part in after if (m := _TOC_NUMBER.search(part))]
    numbered = len(pages) >= 3 and len(pages) >= 0.6 * len(after)
    return numbered and all(x <= y for x, y in itertools.pairwise(pages))


def _chunks(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, a directory entry broken over a page break joined to its end."""
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.group().strip()]
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        start, end = lines[i]
        if i + 1 < len(lines) and _continues(text[start:end], text[slice(*lines[i + 1])]):
            chunks.append((start, lines[i + 1][1]))
            i += 2
            continue
        chunks.append((start, end))
        i += 1
    return chunks


def _continues(line: str, following: str) -> bool:
    """A directory entry whose partner goes on over the line break: the line's last entry
    has its "/" but no page number, the next line's first entry a page number but no "/"."""
    last = _RUN_SPLIT.split(line)[-1]
    if last.count("/") != 1 or _PAGE.search(last):
        return False
    cut = _RUN_SPLIT.search(following)
    first = following[: cut.end()] if cut else following
    return "/" not in first and bool(_PAGE.search(first)) and len(first.split()) <= 10


def _segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a line holding several directory entries after each page number."""
    chunk = text[start:end]
    if chunk.count("/") < 2:
        return [(start, end)]
    cuts = [0, *(m.end() for m in _RUN_SPLIT.finditer(chunk)), len(chunk)]
    return [(start + a, start + b) for a, b in itertools.pairwise(cuts)]


def _parse_entry(text: str, start: int, end: int, paged: bool = True) -> Pair | None:
    """One entry -> a pair, or None when it is not one."""
    start += _BULLET.match(text, start, end).end() - start  # type: ignore[union-attr]
    end = start + len(text[start:end].rstrip())
    split = _split(text[start:end])
    if split is None:
        return None
    (a0, a1), (b0, b1), directory = split
    if directory and paged:
        page = _PAGE.search(text[start + b0 : start + b1])
        b1 = b0 + page.start() if page else b1
    french = _side(text, start + a0, start + a1, french=True)
    foreign = _side(text, start + b0, start + b1, french=False)
    if french is None or foreign is None:
        return None
    return Pair(start, end, french, foreign)


def _split(entry: str) -> tuple[tuple[int, int], tuple[int, int], bool] | None:
    """Where the two sides of an entry are: ((a_start, a_end), (b_start, b_end), directory)."""
    if "/" in entry:
        if entry.count("/") != 1:
            return None
        cut = entry.index("/")
        return (0, cut), (cut + 1, len(entry)), True
    code = _CODE_SPLIT.search(entry)
    if code:
        return (0, code.end()), (code.end(), len(entry)), False
    gaps = list(_GAP.finditer(entry))
    if len(gaps) != 1:
        return None
    return (0, gaps[0].start()), (gaps[0].end(), len(entry)), False


def _side(text: str, start: int, end: int, *, french: bool) -> Side | None:
    """Read one side of an entry; None when it does not look like an authority's name."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    written = text[start:end]
    acronym = _ACRONYM.search(written)
    bare = written[: acronym.start()] if acronym else written
    found = None if acronym else _place(text, start, start + len(bare))
    place = None
    if found is not None:
        bare = written[: found[0] - start]
        place = found[1:]
    parsed = parse_name(display_case(bare))
    kind = parsed.kind or "Commune"
    if kind not in PARTNER_KINDS or not _name_like(parsed.name, parsed.kind is not None):
        return None
    if parsed.code and not french:
        return None
    return Side(
        start,
        end if place is None else start + len(bare.rstrip()),
        kind,
        parsed.name,
        parsed.code,
        acronym.group(1) if acronym else None,
        prefixed=parsed.kind is not None,
        place=place,
    )


def _place(text: str, start: int, end: int) -> tuple[int, int, int, str, str] | None:
    """A parenthesised département or region closing `start:end`: (where the parenthesis
    opens, place start, place end, kind, name); a bare capitalised name is a département."""
    m = _PLACE.search(text, start, end)
    if m is None or m.end() != end:
        return None
    written = m.group(1)
    parsed = parse_name(display_case(written))
    if parsed.kind is None and _name_like(parsed.name, False) and not _generic_name(written):
        kind = "Department"
    elif parsed.kind in _PLACE_KINDS and _name_like(_ELISION.sub("", parsed.core), False):
        kind = parsed.kind
    else:
        return None
    name = parsed.name[:1].upper() + parsed.name[1:]
    return m.start(), m.start(1), m.end(1), kind, name


def _generic_name(name: str) -> bool:
    return _generic(Side(0, 0, "Commune", name))


def _name_like(name: str, prefixed: bool) -> bool:
    """A short, capitalised name without sentence punctuation."""
    words = _WORD.findall(name)
    if not words or not name[:1].isupper() or _BAD_CHARS.search(name):
        return False
    if words[-1].lower() in _PARTICLES or re.search(r"\d", name.rstrip("0123456789")):
        return False
    lower = [w for w in words[1:] if _is_lower(w)]
    if prefixed:
        return len(words) <= 14 and len(lower) <= 3
    return len(words) <= 5 and len(lower) <= 1


def _is_lower(word: str) -> bool:
    """A content word in lower case ("communes"; not "de" nor "l’Alibori")."""
    bare = _ELISION.sub("", word)
    return bare[:1].islower() and word.lower() not in _PARTICLES
