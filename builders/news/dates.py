"""French dates in prose: "le mercredi 27 août 2025", "16 Mai 2023", "le 2 mars", "1er juin".

`find_dates` returns every date with its span; a date written without its year takes the
`default_year` (the article's year, see `context_year`) when one is given, else it stays
partial (`iso` is None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.normalize import strip_accents

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
_DAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
_MONTH = r"(?:janv(?:ier)?|f[ée]v(?:rier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?)"  # noqa: E501
_DATE = re.compile(
    rf"\b(?:{_DAYS}\s+)?(?P<day>[0-3]?\d)(?:er)?\s+(?P<month>{_MONTH})\.?"
    rf"(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
#: "mars 4, 2026" (dates of web page headers)
_HEADER_DATE = re.compile(rf"\b{_MONTH}\s+[0-3]?\d,\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text: its span, and the ISO date when the year is known."""

    start: int
    end: int
    day: int
    month: int
    year: int | None

    @property
    def iso(self) -> str | None:
        if self.year is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def month_number(word: str) -> int | None:
    """ "août", "Aout", "sept" -> 8, 8, 9; unknown -> None."""
    key = strip_accents(word).lower().rstrip(".")
    for name, number in MONTHS.items():
        if name.startswith(key) and len(key) >= 3:
            return number
    return None


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every day-month(-year) date of `text`, in order."""
    out = []
    for m in _DATE.finditer(text):
        day, month = int(m.group("day")), month_number(m.group("month"))
        if month is None or not 1 <= day <= 31:
            continue
        year = int(m.group("year")) if m.group("year") else default_year
        out.append(DateMatch(m.start(), m.end(), day, month, year))
    return out


def parse_date(text: str, default_year: int | None = None) -> str | None:
    """The ISO form of the first date of `text` ("le mercredi 27 août 2025" -> "2025-08-27")."""
    found = find_dates(text, default_year)
    return found[0].iso if found else None


def context_year(text: str, doc_date: str | None = None) -> int | None:
    """The year an undated "le 2 mars" refers to: the document's date, else the first full
    date of the text (a page header), else None."""
    if doc_date and _YEAR.search(doc_date):
        return int(_YEAR.search(doc_date).group(1))  # type: ignore[union-attr]
    header = _HEADER_DATE.search(text)
    if header:
        return int(header.group(1))
    dated = [d for d in find_dates(text) if d.year is not None]
    return dated[0].year if dated else None
