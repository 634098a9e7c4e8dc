"""Normalising the values of table cells: amounts, currencies, years, countries and statuses.

Each function takes a cell as written and gives its normal form, or raises `BadValue` with a
short reason (the builder turns it into a `PATH:LINE: reason` warning and skips the row):

* `amount("19 300 €")` -> ("19300", "EUR"); `amount("10 millions de FCFA")` -> ("10000000",
  "XOF"); `amount("1,5 M€")` -> ("1500000", "EUR"); a bare number has no currency (None);
* `currency("francs CFA")` -> "XOF";
* `years("1991-1993")` -> (1991, 1993); `years("2004")` -> (2004, None);
* `country("Burkina Faso")` -> "BF" (names, forms and codes of `kg.countries`);
* `status("En cours")` -> "en cours", "Terminé" / "achevé" / "clos" -> "terminé", "En projet"
  -> "en projet"; an unknown word is kept as written (folded spacing).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kg.countries import country_code
from kg.names import clean_space
from kg.normalize import fold


class BadValue(ValueError):
    """A cell whose value cannot be read; the message says why, in a few words."""


_NUMBER = re.compile(r"\d[\d\s\u00a0\u202f.,']*")
_SCALES = (
    (re.compile(r"\b(?:milliards?|mds?)\b"), 10**9),
    (re.compile(r"\b(?:millions?|mio|m)\b"), 10**6),
    (re.compile(r"\b(?:mille|k)\b"), 10**3),
)
#: folded currency words and codes -> ISO 4217
_CURRENCIES = {
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "xof": "XOF",
    "fcfa": "XOF",
    "f cfa": "XOF",
    "cfa": "XOF",
    "franc cfa": "XOF",
    "francs cfa": "XOF",
    "xaf": "XAF",
    "mga": "MGA",
    "ariary": "MGA",
    "mad": "MAD",
    "dh": "MAD",
    "dirham": "MAD",
    "dirhams": "MAD",
    "tnd": "TND",
    "dinar": "TND",
    "dinars": "TND",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
}
_CURRENCY_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted((re.escape(k) for k in _CURRENCIES), key=len, reverse=True)) + r")\b"
)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_STATUSES = {
    "en cours": "en cours",
    "actif": "en cours",
    "active": "en cours",
    "ongoing": "en cours",
    "en activite": "en cours",
    "termine": "terminé",
    "terminee": "terminé",
    "acheve": "terminé",
    "achevee": "terminé",
    "clos": "terminé",
    "close": "terminé",
    "cloture": "terminé",
    "fini": "terminé",
    "inactif": "terminé",
    "ended": "terminé",
    "en projet": "en projet",
    "envisage": "en projet",
    "prevu": "en projet",
    "planned": "en projet",
    "en sommeil": "en sommeil",
    "suspendu": "en sommeil",
}


def currency(text: str) -> str:
    """The ISO 4217 code of a currency as written ("€", "FCFA", "euros", "XOF")."""
    if "€" in text:
        return "EUR"
    key = fold(text)
    found = _CURRENCIES.get(key) or _CURRENCIES.get(key.removesuffix("s"))
    if found is None:
        m = _CURRENCY_WORDS.search(key)
        if m is None:
            raise BadValue(f"unknown currency {clean_space(text)!r}")
        found = _CURRENCIES[m.group(0)]
    return found


def _number(digits: str) -> Decimal:
    """ "19 300" -> 19300, "19.300" -> 19300, "1,5" -> 1.5, "19 300,50" -> 19300.50."""
    text = re.sub(r"[\s\u00a0\u202f']", "", digits).rstrip(".,")
    if "," in text and "." in text:  # "1.234,5" or "1,234.5": the last one is the decimal mark
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        other = "." if decimal_mark == "," else ","
        text = text.replace(other, "").replace(decimal_mark, ".")
    elif "," in text:
        text = text.replace(",", ".")
    if text.count(".") > 1 or re.search(r"\.\d{3}$", text):  # thousands separators
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise BadValue(f"amount {digits!r} is not a number") from exc


def amount(text: str) -> tuple[str, str | None]:
    """(the amount as a decimal string, its currency or None) of a written amount."""
    written = clean_space(text)
    m = _NUMBER.search(written)
    if m is None:
        raise BadValue(f"amount {written!r} has no number")
    value = _number(m.group(0))
    rest = fold(written[m.end() :])
    for pattern, factor in _SCALES:
        if pattern.match(rest) or pattern.match(rest.replace("€", "").strip()):
            value *= factor
            rest = pattern.sub("", rest, count=1).strip()
            break
    unit = written[m.end() :]
    code = currency(unit) if ("€" in unit or _CURRENCY_WORDS.search(fold(unit))) else None
    if value < 0:
        raise BadValue(f"amount {written!r} is negative")
    return format(value.normalize(), "f"), code


def years(text: str) -> tuple[int | None, int | None]:
    """(first year, last year) of "1991", "1991-1993", "de 1991 à 1993", "2004/2006"; a date
    "12/03/2004" gives its year."""
    found = [int(y) for y in _YEAR.findall(text)]
    if not found:
        if clean_space(text):
            raise BadValue(f"no year in {clean_space(text)!r}")
        return None, None
    if len(found) == 1:
        return found[0], None
    first, last = found[0], found[-1]
    if last < first:
        raise BadValue(f"years {clean_space(text)!r} end before they start")
    return first, last


def year(text: str) -> int | None:
    """The one year of a cell ("2004", "12/03/2004"), None when empty."""
    return years(text)[0]


def country(text: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country name, form or code."""
    code = country_code(clean_space(text))
    if code is None:
        raise BadValue(f"unknown country {clean_space(text)!r}")
    return code


def status(text: str) -> str:
    """The normal form of a partnership status word."""
    written = clean_space(text)
    return _STATUSES.get(fold(written), written.lower())


def split_list(text: str, separators: str) -> list[str]:
    """The non-empty items of a cell listing several values ("Eau; Santé")."""
    pattern = "[" + re.escape(separators) + "]"
    return [clean_space(p) for p in re.split(pattern, text) if clean_space(p)]
