"""Countries: ISO 3166-1 alpha-2 codes from French and English names, forms and demonyms.

The table is `kg/data/countries.csv` (code, French name, English name, other forms,
demonym stems): add a row to teach coopkg a new country, no code change needed.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from kg.normalize import fold


@dataclass(frozen=True)
class Country:
    code: str
    name_fr: str
    name_en: str
    forms: tuple[str, ...]
    demonyms: tuple[str, ...]


@cache
def countries() -> tuple[Country, ...]:
    text = files("kg.data").joinpath("countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return tuple(
        Country(
            r["code"],
            r["name_fr"],
            r["name_en"],
            tuple(f for f in r["forms"].split("|") if f),
            tuple(d for d in r["demonyms"].split("|") if d),
        )
        for r in rows
    )


@cache
def _by_name() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for c in countries():
        for name in (c.code, c.name_fr, c.name_en, *c.forms):
            table.setdefault(fold(name), c)
    return table


def country_code(name: str) -> str | None:
    """ "Togo", "TOGO", "République togolaise", "tg" -> "TG"; unknown -> None."""
    c = _by_name().get(fold(name))
    return c.code if c else None


def country(code: str) -> Country | None:
    """The country of an ISO alpha-2 code."""
    for c in countries():
        if c.code == code.upper():
            return c
    return None


def demonym_code(word: str) -> str | None:
    """The country of an adjective or demonym: "togolaise", "franco-béninois" (last part),
    "Malien" -> "TG", "BJ", "ML"."""
    key = fold(word.split("-")[-1])
    for c in countries():
        for stem in c.demonyms:
            if key.startswith(fold(stem)):
                return c.code
    return None
