"""The table builder (`table`): partnerships and fundings from the rows of a CSV, TSV or XLSX
table, read through a mapping (`builders.table.mapping`).

Each row names a French authority and a foreign partner; rows with the same two partners and
the same title are one partnership (a "partnership" statement, its evidence the first row that
states it), and each funder of a row is a "funding" statement whose evidence is that row: the
funder funds the foreign partner's side of the partnership it `supports` (the French partner
when the funder is the foreign partner itself). Every name gets one mention per distinct
written form and code, not one per cell, so a commune named in 200 rows is one mention, and
the graph holds about a dozen triples per statement whatever the size of the table.

A row that cannot be read (no partner name, an unknown country, an amount that is no number)
is skipped with a warning `PATH:LINE: reason` in `Extraction.warnings`; the rest is built. A
table whose header lacks a required column of the mapping is refused, naming the column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

from builders.table.mapping import FundingColumns, Mapping, Side, load_mapping, shipped
from builders.table.rows import TABLE_TYPES, Record, header_line, records, sheet_span
from builders.table.values import BadValue, amount, country, currency, split_list, status, years
from kg.document import Document
from kg.errors import BuilderError
from kg.extraction import KINDS, Extraction, Mention, Statement
from kg.load.tabular import width_warning
from kg.names import ParsedName, clean_space
from kg.names import parse_name as _parse_name
from kg.normalize import fold as _fold

#: the confidence of a link a row states in dedicated columns (no tabular document is in the
#: development set the calibration table is measured on)
ROW_CONFIDENCE = 0.9
#: the most warnings kept in the extraction; the count of the others is the last one
MAX_WARNINGS = 200
#: rows read before a part of the extraction is handed over (`TableBuilder.build_parts`)
PART_ROWS = 10_000

_FRENCH_FUNDER_KINDS = {"Ministry", "Region", "Department", "StateBody", "Agency"}

_T = TypeVar("_T")


def _memo(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """`fn` remembered per written form: a table repeats its names and values row after row."""
    return lru_cache(maxsize=1 << 16)(fn)


fold: Callable[[str], str] = _memo(_fold)
parse_name: Callable[[str], ParsedName] = _memo(_parse_name)
_country = _memo(country)
_years = _memo(years)
_status = _memo(status)
_amount = _memo(amount)
_currency = _memo(currency)
_clean = _memo(clean_space)

#: a partner as a row gives it: (written name, kind, country code, mention attributes)
_Actor = tuple[str, str, str | None, dict[str, Any]]


class TableBuilder:
    """Reads a table of partnerships and fundings through a mapping (shipped or a file); with no
    mapping, the first shipped mapping whose required columns the header holds."""

    name = "table"
    description = "CSV, TSV or XLSX table of partnerships and fundings, read through a mapping"

    def __init__(self, mapping: str | Mapping | None = None) -> None:
        self.mapping = load_mapping(mapping) if isinstance(mapping, str) else mapping
        self.version = "1.0"
        if self.mapping is not None:
            self.version = f"1.0+{self.mapping.name}.{self.mapping.digest()[:8]}"
        self._shipped: list[Mapping] | None = None

    def shipped_mappings(self) -> list[Mapping]:
        if self._shipped is None:
            self._shipped = [load_mapping(name) for name in shipped()]
        return self._shipped

    def claim(self, doc: Document) -> float:
        if doc.media_type not in TABLE_TYPES:
            return 0.0
        if self.mapping is not None:
            return 0.95
        header = header_line(doc)
        return 0.95 if any(not m.missing(header) for m in self.shipped_mappings()) else 0.0

    def mapping_for(self, doc: Document, header: list[str]) -> Mapping:
        if self.mapping is not None:
            return self.mapping
        for m in self.shipped_mappings():
            if not m.missing(header):
                return m
        names = ", ".join(m.name for m in self.shipped_mappings())
        raise BuilderError(doc.path, f"no shipped mapping fits the header ({names}); use --mapping")

    def build(self, doc: Document) -> Extraction:
        parts = self.build_parts(doc)
        whole = next(parts)
        for part in parts:
            whole.mentions += part.mentions
            whole.statements += part.statements
            whole.warnings += part.warnings
        return whole

    def build_parts(self, doc: Document, rows_per_part: int = PART_ROWS) -> Iterator[Extraction]:
        """`build`'s extraction in parts of `rows_per_part` rows, handed over as the rows are
        read (see `builders.base.BuildsInParts`); a table the mapping cannot read is refused
        here, before the first part."""
        if doc.media_type not in TABLE_TYPES:
            raise BuilderError(doc.path, f"not a table ({doc.media_type})")
        rows = records(doc, sheet_span(doc, self.mapping.sheet if self.mapping else None))
        header: Record | None = None
        for rec in rows:
            if rec.line >= (self.mapping.header_row if self.mapping else 1):
                header = rec
                break
        if header is None:
            raise BuilderError(doc.path, "no header row")
        mapping = self.mapping_for(doc, header.cells)
        missing = mapping.missing(header.cells)
        if missing:
            named = ", ".join(repr(c) for c in missing)
            raise BuilderError(
                doc.path, f"mapping {mapping.name}: missing required column(s) {named}"
            )
        reading = _Reading(doc, mapping, _index(header.cells), Extraction(self.name, self.version))
        reading.ex.title = doc.title or doc.name
        return reading.parts(rows, len(header.cells), rows_per_part)


def _index(header: list[str]) -> dict[str, int]:
    """folded column name -> its position (the first, when two fold alike)."""
    out: dict[str, int] = {}
    for i, name in enumerate(header):
        out.setdefault(fold(name), i)
    return out


@dataclass
class _Reading:
    """One table being read: mentions by written form, partnerships by pair and title."""

    doc: Document
    mapping: Mapping
    columns: dict[str, int]
    ex: Extraction
    skipped: int = 0
    mentions: dict[tuple[object, ...], Mention] = field(default_factory=dict)
    partnerships: dict[tuple[object, ...], str] = field(default_factory=dict)  #: -> its id

    def parts(self, rows: Iterator[Record], width: int, rows_per_part: int) -> Iterator[Extraction]:
        """Read the rows after the header, handing the extraction over every `rows_per_part`
        rows (ids go on from part to part)."""
        read = statements = 0
        for rec in rows:
            if len(rec.cells) != width:
                self.skip(width_warning(self.doc.path, rec.line, len(rec.cells), width))
                continue
            try:
                self.row(rec)
            except BadValue as exc:
                self.warn(rec.line, str(exc))
            read += 1
            if read % rows_per_part == 0:
                statements += len(self.ex.statements)
                yield self.ex
                self.ex = self.ex.next_part()
        if self.skipped > MAX_WARNINGS:
            self.ex.warnings.append(
                f"{self.doc.path}: {self.skipped - MAX_WARNINGS} more rows skipped"
            )
        if not statements + len(self.ex.statements):
            raise BuilderError(
                self.doc.path, f"no row could be read through mapping {self.mapping.name}"
            )
        yield self.ex

    def warn(self, line: int, reason: str) -> None:
        self.skip(f"{self.doc.path}:{line}: {reason}")

    def skip(self, warning: str) -> None:
        self.skipped += 1
        if self.skipped <= MAX_WARNINGS:
            self.ex.warnings.append(warning)

    def cell(self, rec: Record, column: str | None) -> str:
        if column is None:
            return ""
        i = self.columns.get(column)
        if i is None:
            i = self.columns[column] = self.columns.get(fold(column), -1)
        return _clean(rec.cells[i]) if 0 <= i < len(rec.cells) else ""

    def row(self, rec: Record) -> None:
        """Read one row; every value is read before anything is added, so that a bad row
        leaves no trace."""
        french = self.partner(rec, self.mapping.french, "french")
        foreign = self.partner(rec, self.mapping.foreign, "foreign")
        if french is None or foreign is None:
            side = "French authority" if french is None else "foreign partner"
            raise BadValue(f"no {side} name")
        fundings = [f for f in (self.funding(rec, cols) for cols in self.mapping.fundings) if f]
        attrs = self.partnership_attrs(rec)
        a, b = self.mention(rec, *french), self.mention(rec, *foreign)
        key = (a.id, b.id, fold(attrs.get("title", "")))
        link = self.partnerships.get(key)
        if link is None:
            link = self.statement("partnership", {"a": a.id, "b": b.id}, rec, attrs).id
            self.partnerships[key] = link
        for funder_text, funding in fundings:
            funder = self.funder(rec, funder_text, a, b)
            recipient = a if funder is b else b
            funding["partnership"] = link
            roles = {"funder": funder.id, "recipient": recipient.id}
            self.statement("funding", roles, rec, funding)

    def statement(
        self, kind: str, roles: dict[str, str], rec: Record, attrs: dict[str, Any]
    ) -> Statement:
        evidence = self.doc.text[rec.start : rec.end]
        return self.ex.add_statement(
            kind, roles, rec.start, rec.end, evidence, confidence=ROW_CONFIDENCE, **attrs
        )

    def mention(
        self, rec: Record, text: str, kind: str, country: str | None, attrs: dict[str, Any]
    ) -> Mention:
        """The one mention of this written form, kind and country in the table (of this INSEE
        code, whatever its spelling, when the row gives one)."""
        key: tuple[object, ...] = (fold(text), kind, country, attrs.get("department"))
        if attrs.get("insee"):
            key = ("insee", attrs["insee"])
        found = self.mentions.get(key)
        if found is None:
            parsed = parse_name(text)
            offset = self.doc.text.find(text, rec.start, rec.end)
            start = offset if offset >= 0 else rec.start
            end = start + len(text) if offset >= 0 else rec.end
            found = self.ex.add_mention(
                text, start, end, kind, name=parsed.name or text, country=country, attrs=attrs
            )
            self.mentions[key] = found
        return found

    def partner(self, rec: Record, side: Side, which: str) -> _Actor | None:
        """(written name, kind, country, attributes) of one partner of the row; None when the
        row leaves its name empty."""
        text = self.cell(rec, side.columns["name"])
        if not text:
            return None
        parsed = parse_name(text)
        kind = self.kind(rec, side, parsed.kind)
        written_country = self.cell(rec, side.columns.get("country"))
        code = _country(written_country) if written_country else side.default_country
        if which == "foreign" and code == "FR":
            raise BadValue(f"the foreign partner {text!r} is in France")
        attrs: dict[str, Any] = {"department": parsed.code} if parsed.code else {}
        insee = self.cell(rec, side.columns.get("insee")).upper()
        if insee:
            if len(insee) == 4 and insee.isdigit():
                insee = "0" + insee  # a spreadsheet dropped the leading zero
            if len(insee) != 5:
                raise BadValue(f"INSEE code {insee!r} is not 5 characters")
            attrs["insee"] = insee
        return text, kind, code, attrs

    def kind(self, rec: Record, side: Side, parsed: str | None) -> str:
        written = self.cell(rec, side.columns.get("kind"))
        if written:
            for k in KINDS:
                if fold(k) == fold(written):
                    return k
            raise BadValue(f"unknown kind {written!r}")
        return parsed or side.default_kind

    def partnership_attrs(self, rec: Record) -> dict[str, Any]:
        cols = self.mapping.partnership
        start, end = _years(self.cell(rec, cols.get("start_year")))
        last = _years(self.cell(rec, cols.get("end_year")))[0] or end
        if start and last and last < start:
            raise BadValue(f"the partnership ends ({last}) before it starts ({start})")
        written_status = self.cell(rec, cols.get("status"))
        attrs: dict[str, Any] = {
            "title": self.cell(rec, cols.get("title")),
            "start_year": start,
            "end_year": last,
            "convention_year": _years(self.cell(rec, cols.get("convention_year")))[0],
            "status": _status(written_status) if written_status else None,
            "themes": split_list(self.cell(rec, cols.get("themes")), self.mapping.theme_separators),
        }
        return {k: v for k, v in attrs.items() if v}

    def funding(self, rec: Record, cols: FundingColumns) -> tuple[str, dict[str, Any]] | None:
        """(the funder as written, the funding's attributes), None when the row names none."""
        funder = self.cell(rec, cols.columns["funder"])
        written = self.cell(rec, cols.columns.get("amount"))
        if not funder:
            if written:
                raise BadValue(f"an amount ({written!r}) with no funder")
            return None
        attrs: dict[str, Any] = {}
        stated = self.cell(rec, cols.columns.get("currency"))
        code = _currency(stated) if stated else None
        if written:
            attrs["amount"], in_amount = _amount(written)
            if code and in_amount and code != in_amount:
                raise BadValue(f"amount {written!r} is not in {stated!r}")
            code = code or in_amount or cols.default_currency
        if code and written:
            attrs["currency"] = code
        year = _years(self.cell(rec, cols.columns.get("year")))[0]
        if year:
            attrs["year"] = year
        return funder, attrs

    def funder(self, rec: Record, text: str, french: Mention, foreign: Mention) -> Mention:
        """The funder: the row's partner when it has that name, else an actor of its name."""
        for partner in (french, foreign):
            if fold(text) in (fold(partner.text), fold(partner.name)):
                return partner
        parsed = parse_name(text)
        code = "FR" if parsed.kind in _FRENCH_FUNDER_KINDS else None
        attrs: dict[str, Any] = {"department": parsed.code} if parsed.code else {}
        return self.mention(rec, text, parsed.kind or "Actor", code, attrs)
