"""Amounts of money in French prose, with their currency.

"50 000 €", "88 624 €", "167.700 €", "10 millions de FCFA", "396 600 000 FCFA",
"1,5 million d'euros", "2 milliards de francs CFA", "40 millions d'ariary", "300 000 dirhams"
-> (value as a decimal string, ISO 4217 code: "EUR", "XOF", "MGA", "MAD", "TND").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_NUMBER = r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = r"(?:\s+(?P<scale>millions?|milliards?|mille|k)\b)?"
_CURRENCY = (
    r"(?P<cur>€|euros?\b|EUR\b|F\s?CFA\b|francs?\s+CFA\b|XOF\b|CFA\b|FCFA\b"
    r"|ariary\b|MGA\b|dirhams?\b|MAD\b|DH\b|dinars?\b|TND\b)"
)
_AMOUNT = re.compile(
    rf"(?<![\d,.])(?P<num>{_NUMBER}){_SCALE}\s*(?:d['’]\s*|de\s+)?{_CURRENCY}",
    re.IGNORECASE,
)
_SCALES = {"mille": 1000, "k": 1000, "million": 10**6, "milliard": 10**9}


@dataclass(frozen=True)
class Amount:
    """An amount found in a text."""

    start: int
    end: int
    value: str  # a decimal string: "50000", "1500000"
    currency: str  # "EUR" or "XOF"


_CODES = {"ar": "MGA", "mg": "MGA", "di": "MAD", "ma": "MAD", "dh": "MAD", "tn": "TND"}


def _currency(word: str) -> str:
    low = word.lower()
    if word == "€" or low.startswith("eur"):
        return "EUR"
    if low.startswith("dinar"):
        return "TND"
    return _CODES.get(low[:2], "XOF")


def _value(number: str, scale: str | None) -> str:
    digits = re.sub(r"[ \u00a0\u202f.]", "", number).replace(",", ".")
    value = Decimal(digits)
    if scale:
        value *= _SCALES[scale.lower().rstrip("s")]
    return format(value.normalize(), "f")


def find_amounts(text: str) -> list[Amount]:
    """Every amount of `text` with a currency, in order."""
    return [
        Amount(m.start(), m.end(), _value(m.group("num"), m.group("scale")), _currency(m["cur"]))
        for m in _AMOUNT.finditer(text)
    ]


def parse_amount(text: str) -> tuple[str, str] | None:
    """(value, currency) of the first amount of `text`, or None."""
    found = find_amounts(text)
    return (found[0].value, found[0].currency) if found else None
