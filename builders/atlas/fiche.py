"""The Atlas fiche builder: one page of the French "Atlas de la coopération décentralisée".

A fiche describes one partnership between French local authorities and foreign ones: its
title, years, status, themes, the partner tables and a funding table. This builder reads those
fields by their labels (see `builders.atlas.fields`) into:

* a Project (or Programme) mention for the action, named after the title or the «quoted» name
  inside it, with its years and themes;
* mentions of the foreign partners, the French partner authorities, the other partners in
  France, each funder of the funding table (one per row) and the diplomatic post;
* a "partnership" statement per (French, foreign) pair, a "member" statement per partner and a
  "funding" statement per funding row.

Contact blocks (persons, e-mail addresses, phone numbers) are never read. The prose fields
(title sentence, context, history, objectives) are read with the free-text reader
(`builders.atlas.prose`), the tables staying authoritative for what they cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from builders.atlas.fields import (
    CLAIM_KEYS,
    Field,
    Row,
    Span,
    end_date,
    first_value,
    funding_row,
    label_key,
    read_fields,
    table_rows,
    text_value,
    themes,
    year_value,
)
from builders.atlas.prose import add_prose
from kg.countries import country_code
from kg.document import Document
from kg.errors import BuilderError
from kg.extraction import Extraction, Mention
from kg.names import clean_space, parse_name
from kg.normalize import fold

_QUOTED = re.compile(r"«\s*(?P<q>[^»]+?)\s*»|intitul[ée]+\s+[\"“](?P<d>[^\"”]+)[\"”]")
_POST = re.compile(r"[\"“«]\s*(?P<q>[^\"”»]+?)\s*[\"”»]")
_SENTENCE = re.compile(r"\b(?:est|sont|a été|ont été|était)\b|[.!?]$")
_OTHER_FUNDER = re.compile(r"autres?(?: financeurs?)?")


@dataclass
class _Partner:
    """A partner read from a table: its mention, the row it came from and its side."""

    mention: Mention
    row: Row
    side: str  # "french", "foreign" or "other"


@dataclass
class _Reading:
    """The fiche being read: the document, its fields and what was extracted so far."""

    doc: Document
    fields: list[Field]
    ex: Extraction
    project: Mention | None = None
    partners: list[_Partner] = field(default_factory=list)


class AtlasFicheBuilder:
    """Reads a fiche of the Atlas français de la coopération décentralisée."""

    name = "atlas-fiche"
    version = "1.0"
    description = "Atlas de la coopération décentralisée fiche: partners, themes, funding table"

    def claim(self, doc: Document) -> float:
        keys = {label_key(line) for line in doc.text.splitlines() if len(line) < 200}
        if "header" in keys:
            return 0.97
        found = sum(key in keys for key in CLAIM_KEYS)
        return 0.9 if found >= 2 else 0.0

    def build(self, doc: Document) -> Extraction:
        fields = read_fields(doc.text)
        if not any(f.key not in {"header", "context", "prose"} for f in fields):
            raise BuilderError(doc.path, "no Atlas fiche field found")
        reading = _Reading(doc, fields, Extraction(self.name, self.version, title=doc.title))
        reading.ex.url, reading.ex.date = doc.url, doc.date
        reading.project = _add_project(reading)
        title = first_value(fields, "title")
        reading.ex.title = clean_space(title.text) if title else doc.title
        _add_partners(reading)
        _set_project_country(reading)
        _add_post(reading)
        _add_partnerships(reading)
        _add_members(reading)
        _add_funding(reading)
        covered = frozenset(
            kind
            for kind, key in (("funding", "funding"), ("partnership", "foreign"))
            if table_rows(fields, key)
        )
        add_prose(reading.ex, doc, fields, reading.project, covered)
        return reading.ex


# --- mentions --------------------------------------------------------------------------------


def _add_project(r: _Reading) -> Mention | None:
    value = first_value(r.fields, "title")
    if value is None:
        return None
    span = value
    m = _QUOTED.search(value.text)
    if m:
        group = "q" if m.group("q") else "d"
        span = Span(m.group(group), value.start + m.start(group), value.start + m.end(group))
    name = clean_space(span.text)
    kind = "Programme" if fold(name).startswith("programme") else "Project"
    attrs: dict[str, Any] = {
        "start_year": year_value(r.fields, "start_year"),
        "end_year": int(end[:4]) if (end := end_date(r.fields)) else None,
        "themes": themes(r.fields),
    }
    attrs = {k: v for k, v in attrs.items() if v}
    return r.ex.add_mention(span.text, span.start, span.end, kind, name=name, attrs=attrs)


def _set_project_country(r: _Reading) -> None:
    """The project lies in its foreign partners' country when they all share one."""
    countries = {p.mention.country for p in r.partners if p.side == "foreign"}
    if r.project is not None and len(countries) == 1:
        r.project.country = countries.pop()


def _looks_like_name(text: str) -> bool:
    return 1 < len(text) <= 150 and not _SENTENCE.search(text)


def _add_actor(r: _Reading, span: Span, default: str, country: str | None) -> Mention:
    parsed = parse_name(span.text)
    attrs = {"department": parsed.code} if parsed.code else {}
    kind = parsed.kind or default
    return r.ex.add_mention(
        span.text, span.start, span.end, kind, name=parsed.name, country=country, attrs=attrs
    )


def _add_partners(r: _Reading) -> None:
    for row in table_rows(r.fields, "foreign"):
        name, country = _foreign_cells(row)
        if _looks_like_name(name.text):
            m = _add_actor(r, name, "Commune", country)
            r.partners.append(_Partner(m, row, "foreign"))
    for side, key, default in (("french", "french", "Commune"), ("other", "others", "Actor")):
        for row in table_rows(r.fields, key):
            if _looks_like_name(row.cells[0].text):
                m = _add_actor(r, row.cells[0], default, "FR")
                r.partners.append(_Partner(m, row, side))


def _foreign_cells(row: Row) -> tuple[Span, str | None]:
    """The name and country code of a foreign partner row ("Kpalime | Togo" or "Kpalime Togo")."""
    if len(row.cells) > 1:
        return row.cells[0], country_code(row.cells[1].text)
    words = row.line.text.split()
    for n in range(min(4, len(words) - 1), 0, -1):
        code = country_code(" ".join(words[-n:]))
        if code:
            name = " ".join(words[:-n])
            start = row.line.start
            return Span(row.line.text[: len(name)], start, start + len(name)), code
    return row.line, None


def _add_post(r: _Reading) -> None:
    for f in r.fields:
        m = _POST.search(f.label.text) if f.key == "post" else None
        if m:
            start = f.label.start + m.start("q")
            text = m.group("q")
            r.ex.add_mention(text, start, start + len(text), "Agency", name=text, country="FR")
            return


# --- statements ------------------------------------------------------------------------------


def _partnership_attrs(r: _Reading) -> dict[str, Any]:
    title = first_value(r.fields, "title")
    attrs: dict[str, Any] = {
        "title": clean_space(title.text) if title else None,
        "convention_year": year_value(r.fields, "convention_year"),
        "start_year": year_value(r.fields, "start_year"),
        "status": text_value(r.fields, "status"),
        "end_date": end_date(r.fields),
        "themes": themes(r.fields),
        "form": text_value(r.fields, "form"),
        "project": r.project.id if r.project else None,
    }
    return {k: v for k, v in attrs.items() if v}


def _add_partnerships(r: _Reading) -> None:
    french = [p for p in r.partners if p.side == "french"]
    foreign = [p for p in r.partners if p.side == "foreign"]
    attrs = _partnership_attrs(r)
    for a in french:
        for b in foreign:
            line = b.row.line
            roles = {"a": a.mention.id, "b": b.mention.id}
            r.ex.add_statement("partnership", roles, line.start, line.end, line.text, **attrs)


def _add_members(r: _Reading) -> None:
    if r.project is None:
        return
    for p in r.partners:
        line = p.row.line
        roles = {"member": p.mention.id, "programme": r.project.id}
        r.ex.add_statement("member", roles, line.start, line.end, line.text)


def _add_funding(r: _Reading) -> None:
    if r.project is None:
        return
    for row in table_rows(r.fields, "funding"):
        fr = funding_row(row)
        if fr is None or not _looks_like_name(fr.funder.text):
            continue
        if _OTHER_FUNDER.fullmatch(fold(fr.funder.text)):
            continue  # "Autre(s)": funders the fiche does not name, no actor of the graph
        funder = _add_funder(r, fr.funder)
        attrs: dict[str, Any] = {"amount": fr.amount, "currency": "EUR"}
        attrs |= {"year": fr.year} if fr.year is not None else {}
        attrs |= {"water_law_amount": fr.water_law_amount} if fr.water_law_amount else {}
        roles = {"funder": funder.id, "recipient": r.project.id}
        r.ex.add_statement("funding", roles, row.line.start, row.line.end, row.line.text, **attrs)


def _add_funder(r: _Reading, span: Span) -> Mention:
    """A funder mention at `span`: like the partner of the same name, else read from its name."""
    text, key = span.text, fold(span.text)
    for p in r.partners:
        if key in {fold(p.mention.text), fold(p.mention.name)}:
            m = p.mention
            return r.ex.add_mention(
                text,
                span.start,
                span.end,
                m.kind,
                name=m.name,
                country=m.country,
                attrs=dict(m.attrs),
            )
    parsed = parse_name(text)
    country = (
        "FR" if parsed.kind in {"Ministry", "Region", "Department", "StateBody", "Agency"} else None
    )
    return _add_actor(r, span, "Actor", country)
