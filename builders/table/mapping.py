"""Mappings: which column of a table gives what, read from a TOML file.

A mapping names the columns (matched by their folded header: case, accents and punctuation
ignored) that give the French authority, the foreign partner, the partnership and its
fundings. Every column it names is required unless listed in `optional`. A shipped mapping is
named by its file name in `builders/table/mappings/` ("pairs", "atlas"); any other is a path.

    [table]
    name = "pairs"
    description = "One row per funding of a partnership"
    optional = ["code_insee"]      # columns that may be missing from the header
    header_row = 1                 # the header's line (XLSX: row); rows before it are skipped
    sheet = "Partenariats"         # XLSX: the sheet read, by name or position (default: 1st)

    [french]                       # the French authority: name (required), insee, kind
    name = "collectivite_francaise"
    insee = "code_insee"
    default_kind = "Commune"       # a column `kind = "..."` may give it per row

    [foreign]                      # the foreign partner: name (required), country, kind
    name = "collectivite_partenaire"
    country = "pays"
    default_country = "TG"         # when no column gives it
    default_kind = "Commune"

    [partnership]                  # all optional: title, themes, years, status
    title = "intitule"
    themes = "thematiques"
    theme_separators = ";,|"
    start_year = "annee_debut"     # "1991" or "1991-1993" (then it gives the end year too)
    end_year = "annee_fin"
    status = "statut"
    convention_year = "..."        # the year the agreement was signed

    [[funding]]                    # one table per funder column group of a row
    funder = "financeur"
    amount = "montant"
    currency = "devise"
    default_currency = "EUR"       # when neither the amount nor a column states one
    year = "annee_financement"
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from kg.errors import BuilderError
from kg.extraction import KINDS
from kg.normalize import fold

_SIDES = {"french": ("name", "insee", "kind"), "foreign": ("name", "country", "kind")}
_PARTNERSHIP = ("title", "themes", "start_year", "end_year", "convention_year", "status")
_FUNDING = ("funder", "amount", "currency", "year")


@dataclass(frozen=True)
class Side:
    """Where one partner of a row is read: its columns (role -> header) and defaults."""

    columns: dict[str, str]
    default_kind: str
    default_country: str | None = None


@dataclass(frozen=True)
class FundingColumns:
    """The columns of one funding of a row."""

    columns: dict[str, str]
    default_currency: str | None = "EUR"


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping (see the module's documentation for the file format)."""

    name: str
    description: str
    french: Side
    foreign: Side
    partnership: dict[str, str] = field(default_factory=dict)
    fundings: tuple[FundingColumns, ...] = ()
    optional: frozenset[str] = frozenset()
    header_row: int = 1
    sheet: str | int | None = None  #: a workbook's sheet, by name or 1-based position
    theme_separators: str = ";|"
    source: str = ""

    def digest(self) -> str:
        """A hash of everything the mapping says, the same in every process (its `optional`
        set is sorted: a set's order changes from one process to the next)."""
        data = dataclasses.asdict(self)
        data["optional"] = sorted(self.optional)
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def columns(self) -> list[str]:
        """Every header the mapping names, in the order of the file."""
        named = [*self.french.columns.values(), *self.foreign.columns.values()]
        named += list(self.partnership.values())
        for f in self.fundings:
            named += list(f.columns.values())
        return list(dict.fromkeys(named))

    def required(self) -> list[str]:
        return [c for c in self.columns() if fold(c) not in self.optional]

    def missing(self, header: list[str]) -> list[str]:
        """The required columns `header` lacks."""
        have = {fold(h) for h in header}
        return [c for c in self.required() if fold(c) not in have]


def shipped() -> list[str]:
    """The names of the mappings shipped with coopkg."""
    folder = files("builders.table").joinpath("mappings")
    names = (p.name for p in folder.iterdir())
    return sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml"))


def load_mapping(name_or_path: str) -> Mapping:
    """The shipped mapping of that name, else the mapping file at that path."""
    if name_or_path in shipped():
        resource = files("builders.table").joinpath("mappings", f"{name_or_path}.toml")
        return parse_mapping(resource.read_text(encoding="utf-8"), name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        known = ", ".join(shipped())
        raise BuilderError(name_or_path, f"no such mapping (shipped: {known}; or a .toml file)")
    return parse_mapping(path.read_text(encoding="utf-8"), str(path))


def parse_mapping(text: str, source: str) -> Mapping:
    """Parse and check a mapping's TOML text; `source` names it in errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BuilderError(source, f"invalid mapping TOML: {exc}") from exc
    return _Parser(source).mapping(data)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, reason: str) -> BuilderError:
        return BuilderError(self.source, f"invalid mapping: {reason}")

    def table(self, data: dict[str, Any], key: str, required: bool = True) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict) or (required and not value):
            raise self.fail(f"[{key}] must be a table")
        return value

    def columns(self, data: dict[str, Any], where: str, allowed: tuple[str, ...]) -> dict[str, str]:
        out: dict[str, str] = {}
        for role in allowed:
            if role in data:
                if not isinstance(data[role], str) or not data[role].strip():
                    raise self.fail(f"{where}.{role} must be a column name")
                out[role] = data[role].strip()
        return out

    def unknown(self, data: dict[str, Any], where: str, known: set[str]) -> None:
        extra = sorted(set(data) - known)
        if extra:
            raise self.fail(f"unknown key {where}.{extra[0]}")

    def side(self, data: dict[str, Any], key: str) -> Side:
        section = self.table(data, key)
        roles = _SIDES[key]
        self.unknown(section, key, {*roles, "default_kind", "default_country"})
        columns = self.columns(section, key, roles)
        if "name" not in columns:
            raise self.fail(f"{key}.name (the column of the {key} partner's name) is required")
        kind = section.get("default_kind", "Commune")
        if kind not in KINDS:
            raise self.fail(f"{key}.default_kind {kind!r} is not a kind of the ontology")
        default_country = section.get("default_country", "FR" if key == "french" else None)
        return Side(columns, kind, default_country)

    def funding(self, section: Any, i: int) -> FundingColumns:
        where = f"funding[{i}]"
        if not isinstance(section, dict):
            raise self.fail(f"{where} must be a table")
        self.unknown(section, where, {*_FUNDING, "default_currency"})
        columns = self.columns(section, where, _FUNDING)
        if "funder" not in columns:
            raise self.fail(f"{where}.funder (the column of the funder's name) is required")
        default = section.get("default_currency", "EUR")
        return FundingColumns(columns, str(default) if default else None)

    def mapping(self, data: dict[str, Any]) -> Mapping:
        self.unknown(data, "mapping", {"table", "french", "foreign", "partnership", "funding"})
        meta = self.table(data, "table", required=False)
        self.unknown(meta, "table", {"name", "description", "optional", "header_row", "sheet"})
        partnership = self.table(data, "partnership", required=False)
        self.unknown(partnership, "partnership", {*_PARTNERSHIP, "theme_separators"})
        fundings = data.get("funding", [])
        if not isinstance(fundings, list):
            raise self.fail("funding must be an array of tables ([[funding]])")
        optional = meta.get("optional", [])
        header_row = meta.get("header_row", 1)
        if not isinstance(header_row, int) or header_row < 1:
            raise self.fail("table.header_row must be a line number from 1")
        sheet = meta.get("sheet")
        if sheet is not None and not (
            (isinstance(sheet, str) and sheet.strip())
            or (isinstance(sheet, int) and not isinstance(sheet, bool) and sheet >= 1)
        ):
            raise self.fail("table.sheet must be a sheet's name or its position from 1")
        if not isinstance(optional, list) or not all(isinstance(o, str) for o in optional):
            raise self.fail("table.optional must be a list of column names")
        return Mapping(
            name=str(meta.get("name", Path(self.source).stem)),
            description=str(meta.get("description", "")),
            french=self.side(data, "french"),
            foreign=self.side(data, "foreign"),
            partnership=self.columns(partnership, "partnership", _PARTNERSHIP),
            fundings=tuple(self.funding(f, i) for i, f in enumerate(fundings)),
            optional=frozenset(fold(o) for o in optional),
            header_row=header_row,
            sheet=sheet,
            theme_separators=str(partnership.get("theme_separators", ";|")),
            source=self.source,
        )
