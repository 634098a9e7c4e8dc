"""Tables of partner pairs flattened by PDF extraction: the cells of a row run together with no
separator, a long name wraps over two lines, and a town with several partners spans rows.

    Collectivité française   Collectivité partenaire   Pays   Année
    Bressuire Kloto 1 Togo 1991
    Issy-les-
    Moulineaux Dapaong Togo 1990
    Bamako Mali 1994                 <- the row above's French town has a second partner

`table_pairs(text, is_french)` finds a header line naming the columns, joins the rows under it
(a line ending with a hyphen continues on the next one), cuts rows after their year or country
cell, and splits each row's names with the gazetteer: the French side is the longest run of
words at the row's start (or end) that `is_french` knows; the rest is the partner. A row with
no French side is one more partner of the row above (a row span).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from builders.structure.lines import line_spans
from kg.countries import country_code
from kg.reference import Reference

#: words of a pair table's header line
_COLUMN_WORDS = frozenset(
    {
        "collectivité",
        "collectivités",
        "commune",
        "communes",
        "ville",
        "villes",
        "française",
        "françaises",
        "français",
        "partenaire",
        "partenaires",
        "étrangère",
        "étrangères",
        "pays",
        "année",
        "date",
        "département",
        "région",
        "jumelage",
        "jumelée",
        "jumelées",
        "depuis",
        "signature",
    }
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"\S+")
_PROSE = re.compile(r"\b(?:est|sont|a|ont|était|sera|dans|pour|avec|qui|que)\b")
_MAX_NAME_WORDS = 6
RULE = "pair-table"


@dataclass
class TablePair:
    """One pair of a table: the spans of the French side and of the partner, the partner's
    country code when the row names it, and the row's year and span."""

    french: tuple[int, int]
    partner: tuple[int, int]
    country: str | None
    year: int | None
    start: int
    end: int


def french_name(reference: Reference) -> Callable[[str], bool]:
    """A predicate: whether a name may be a French authority's, by `reference` (a shared name
    counts: a table's French column is the cue)."""

    def known(name: str) -> bool:
        key = " ".join(name.replace("-\n", "-").split())
        if reference.french_communes(key) or reference.lookup(key, country="FR"):
            return True
        return any(reference.french_match(key, kind).entry for kind in ("Department", "Region"))

    return known


def table_pairs(text: str, is_french: Callable[[str], bool]) -> list[TablePair]:
    """The pairs of every flattened pair table in `text`."""
    out: list[TablePair] = []
    for header in _headers(text):
        out += _read_table(text, header, is_french)
    return out


def _headers(text: str) -> list[tuple[int, bool, bool]]:
    """(end of the header line, has a year column, has a country column) of each header."""
    found = []
    for m in re.finditer(r"[^\n]+", text):
        words = [w.lower().strip(":()|") for w in m.group().split()]
        columns = [w for w in words if w in _COLUMN_WORDS]
        if len(columns) >= 3 and len(columns) >= 0.6 * len(words) and len(words) <= 14:
            found.append((m.end(), "année" in words or "date" in words, "pays" in words))
    return found


def _rows(text: str, start: int, by_year: bool) -> list[list[tuple[int, int]]]:
    """The rows under a header, each as the spans of its words (wrapped names joined)."""
    rows: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for s, e in _lines(text, start):
        piece = text[s:e].strip()
        if not piece:
            if current or rows:
                break  # a blank line ends the table
            continue
        if len(piece.split()) > 14 or (_PROSE.search(piece) and len(piece.split()) > 8):
            break  # prose again
        current += _words(text, s, e, current)
        if not by_year or _YEAR.search(piece):
            rows.append(current)
            current = []
    if current:
        rows.append(current)
    return rows


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    out = line_spans(text, start)
    return out[1:] if text[start : start + 1] == "\n" else out


def _words(text: str, s: int, e: int, before: list[tuple[int, int]]) -> list[tuple[int, int]]:
    words = [(s + m.start(), s + m.end()) for m in _WORD.finditer(text[s:e])]
    if before and words and text[before[-1][1] - 1] == "-":
        first = words.pop(0)  # "Issy-les-" + "Moulineaux": one word
        before[-1] = (before[-1][0], first[1])
    return words


def _read_table(
    text: str, header: tuple[int, bool, bool], is_french: Callable[[str], bool]
) -> list[TablePair]:
    end, by_year, _ = header
    pairs: list[TablePair] = []
    last_french: tuple[int, int] | None = None
    for row in _rows(text, end, by_year):
        words, year, country = _cells(text, row)
        if not words:
            continue
        split = _split(text, words, is_french)
        if split is not None:
            french, partner = split
            last_french = french
        elif last_french is not None and len(words) <= _MAX_NAME_WORDS:
            french, partner = last_french, (words[0][0], words[-1][1])  # a row span
        else:
            continue
        pairs.append(TablePair(french, partner, country, year, row[0][0], row[-1][1]))
    return pairs


def _cells(
    text: str, row: list[tuple[int, int]]
) -> tuple[list[tuple[int, int]], int | None, str | None]:
    """The row's name words, without its trailing year and country cells."""
    words = list(row)
    year = None
    country = None
    while words:
        last = text[words[-1][0] : words[-1][1]].strip("(),;")
        if _YEAR.fullmatch(last):
            year = int(last)
            words.pop()
            continue
        code = _country_at_end(text, words)
        if code is None:
            break
        country, n = code
        del words[-n:]
    return words, year, country


def _country_at_end(text: str, words: list[tuple[int, int]]) -> tuple[str, int] | None:
    for n in (3, 2, 1):
        if len(words) > n:
            name = text[words[-n][0] : words[-1][1]]
            code = country_code(name)
            if code is not None:
                return code, n
    return None


def _split(
    text: str, words: list[tuple[int, int]], is_french: Callable[[str], bool]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(French side, partner) of a row: the longest known French name at its start, else at
    its end, with at least one word left for the partner."""
    n = len(words)
    for k in range(min(n - 1, _MAX_NAME_WORDS), 0, -1):
        head = (words[0][0], words[k - 1][1])
        if is_french(text[head[0] : head[1]]):
            return head, (words[k][0], words[-1][1])
    for k in range(min(n - 1, _MAX_NAME_WORDS), 0, -1):
        tail = (words[n - k][0], words[-1][1])
        if is_french(text[tail[0] : tail[1]]):
            return tail, (words[0][0], words[n - k - 1][1])
    return None
