"""Reading the fields of an Atlas fiche: labelled blocks of lines, their tables and numbers.

An Atlas fiche (the French "Atlas de la coopération décentralisée") is a sequence of label
lines ("Titre", "Année de début du partenariat", "Financement du partenariat"...) each followed
by its value lines. Tables come either as markdown-ish pipe rows ("a | b |" with "---|"
separator lines) or as whitespace-separated rows. Everything here keeps character offsets into
the document text, so that builders can cite their evidence exactly.

Contact blocks are read as fields of their own and never returned as values; any line that
carries an e-mail address or a phone number is dropped from every field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kg.names import clean_space
from kg.normalize import fold

#: Top-level themes of the Atlas, used to split whitespace rows of the "other themes" table.
ATLAS_THEMES = (
    "Culture et Patrimoine",
    "Economie durable",
    "Education, Social et Recherche",
    "Environnement, Climat et Energie",
    "Politique, humanitaire et coopération transfrontalière",
)

#: (field key, pattern on the folded label line). The first pattern that matches wins.
LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("header", r"atlas francais de la cooperation decentralisee\b.*"),
        ("title", r"titre"),
        ("convention_year", r"annee de (?:premiere )?signature de la convention"),
        ("theme", r"thematique d intervention"),
        ("subtheme", r"sous thematique d intervention"),
        ("subsubtheme", r"sous sous thematique d intervention"),
        ("other_themes", r"autres thematiques mises en oeuvre pour le partenariat"),
        ("start_year", r"annee de debut du partenariat"),
        ("status", r"le partenariat est"),
        ("end_date", r"date de fin du partenariat"),
        ("form", r"votre partenariat prend la forme d une?(?: e)?"),
        ("foreign", r"partenaires etrangers du partenariat"),
        ("french", r"collectivites territoriales partenaires du partenariat"),
        ("others", r"autres partenaires du partenariat en france"),
        ("funding", r"financement du partenariat"),
        ("post", r"contacts dans le poste diplomatique\b.*"),
        ("contacts", r"contacts? dans .*|correspondants? cooperation decentralisee.*"),
        ("contacts", r"conseill(?:er|ere)s? de cooperation.*|volontaires impliques.*"),
        ("context", r"contexte|historique"),
        ("prose", r"objectifs? du partenariat|description detaillee.*"),
    )
)

#: Labels whose presence (as whole lines) marks a fiche even without its header.
CLAIM_KEYS = ("convention_year", "start_year", "foreign", "funding", "theme")

_PRIVATE = re.compile(
    r"@|\[\s*at\s*\]|\(\s*at\s*\)|courriel|e-?mail|t[ée]l[ée]phone|\bt[ée]l\b|\bfax\b"
    r"|\+\d{2,3}[\s.]?\d|\b0\d(?:[\s.-]?\d{2}){4}\b",
    re.IGNORECASE,
)
_JUNK = re.compile(r"pagination\.|^[<>\s]+$")
_SEPARATOR = re.compile(r"^[\s|:]*-{2,}[\s|:-]*$")
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_HEADER_CELL = re.compile(r"nom\b.*|thematique eligible\b.*")
_NUMBER = re.compile(r"\d[\d\s.,]*")


@dataclass(frozen=True)
class Span:
    """A piece of the document text and its offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Field:
    """A label line and the value lines under it (blank, junk and private lines removed)."""

    key: str
    label: Span
    lines: tuple[Span, ...]


@dataclass(frozen=True)
class Row:
    """A table row: the whole line and its non-empty cells (one cell for whitespace rows)."""

    line: Span
    cells: tuple[Span, ...]


def label_key(line: str) -> str | None:
    """The field key of a label line, or None for a value line."""
    folded = fold(line)
    for key, pattern in LABELS:
        if folded and pattern.fullmatch(folded):
            return key
    return None


def iter_lines(text: str) -> list[Span]:
    """Every line of `text`, stripped, with its offsets (blank lines included)."""
    out: list[Span] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        stripped = body.strip()
        out.append(Span(stripped, pos + lead, pos + lead + len(stripped)))
        pos += len(raw)
    return out


def read_fields(text: str) -> list[Field]:
    """The labelled fields of a fiche, in order; lines before the first label are ignored."""
    fields: list[Field] = []
    key: str | None = None
    label: Span | None = None
    lines: list[Span] = []
    for line in iter_lines(text):
        new_key = label_key(line.text)
        if new_key is not None:
            if key is not None and label is not None:
                fields.append(Field(key, label, tuple(lines)))
            key, label, lines = new_key, line, []
        elif line.text and not _JUNK.search(line.text) and not _PRIVATE.search(line.text):
            lines.append(line)
    if key is not None and label is not None:
        fields.append(Field(key, label, tuple(lines)))
    return fields


def blocks(fields: list[Field], key: str) -> list[Field]:
    """The non-empty fields under `key`, a block repeating an earlier one word for word dropped."""
    seen: set[tuple[str, ...]] = set()
    out: list[Field] = []
    for f in fields:
        content = tuple(line.text for line in f.lines)
        if f.key == key and content and content not in seen:
            seen.add(content)
            out.append(f)
    return out


def first_value(fields: list[Field], key: str) -> Span | None:
    """The first value line of the first non-empty field under `key`."""
    found = blocks(fields, key)
    return found[0].lines[0] if found else None


def split_cells(line: Span) -> tuple[Span, ...]:
    """The non-empty cells of a pipe row (image placeholders dropped), or the whole line."""
    if "|" not in line.text:
        return (line,)
    cells: list[Span] = []
    pos = line.start
    for part in line.text.split("|"):
        stripped = part.strip()
        if stripped and not _IMAGE.match(stripped):
            offset = pos + len(part) - len(part.lstrip())
            cells.append(Span(stripped, offset, offset + len(stripped)))
        pos += len(part) + 1
    return tuple(cells)


def table_rows(fields: list[Field], key: str) -> list[Row]:
    """The data rows of the table fields under `key`: header and separator lines removed."""
    rows: list[Row] = []
    for f in blocks(fields, key):
        lines = f.lines
        for i, line in enumerate(lines):
            if _SEPARATOR.match(line.text):
                continue
            followed_by_sep = i + 1 < len(lines) and _SEPARATOR.match(lines[i + 1].text)
            cells = split_cells(line)
            if followed_by_sep or not cells or _HEADER_CELL.fullmatch(fold(cells[0].text)):
                continue
            rows.append(Row(line, cells))
    return rows


def parse_amount(text: str) -> str | None:
    """A written amount as a plain decimal string: "19 300", "19.300" -> "19300";
    "19300,50" -> "19300.5"; "1.234,5" -> "1234.5". None when `text` is no number."""
    raw = re.sub(r"[\s\u00a0\u202f€]|EUR|euros?", "", text, flags=re.IGNORECASE)
    if not re.fullmatch(r"\d[\d.,]*", raw):
        return None
    if "," in raw and "." in raw:
        thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
        raw = raw.replace(thousands, "").replace(",", ".")
    elif raw.count(",") > 1 or raw.count(".") > 1:
        raw = raw.replace(",", "").replace(".", "")
    elif "." in raw and re.fullmatch(r"\d{1,3}\.\d{3}", raw):
        raw = raw.replace(".", "")
    else:
        raw = raw.replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return None
    whole, _, frac = f"{value:f}".partition(".")
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def group_numbers(text: str) -> list[str]:
    """Whitespace-separated numbers, thousands groups rejoined: "19 300 0 1991" ->
    ["19 300", "0", "1991"]."""
    groups: list[list[str]] = []
    for token in text.split():
        last = groups[-1] if groups else None
        if (
            last
            and re.fullmatch(r"\d{3}(?:,\d+)?", token)
            and re.fullmatch(r"[1-9]\d{0,2}", last[0])
        ):
            last.append(token)
        else:
            groups.append([token])
    return [" ".join(g) for g in groups]


def is_year(number: str) -> bool:
    return re.fullmatch(r"(19[5-9]\d|20\d\d)", number) is not None


@dataclass(frozen=True)
class FundingRow:
    """One row of the funding table: who, how much, how much under the 1% water law, when."""

    row: Row
    funder: Span
    amount: str | None
    water_law_amount: str | None
    year: int | None


def funding_row(row: Row) -> FundingRow | None:
    """Read a funding row. Atlas pipe rows drop their empty cells, so columns are read by
    meaning: the first number is the amount, a trailing year-like number the year, a non-zero
    number in between the 1%-water-law amount."""
    if len(row.cells) > 1:
        funder, numbers = row.cells[0], [c.text for c in row.cells[1:]]
    else:
        m = re.match(r"(.*?\D)\s+(\d[\d\s.,]*)$", row.line.text)
        if not m:
            return None
        start = row.line.start
        funder = Span(m.group(1).strip(), start, start + len(m.group(1).strip()))
        numbers = group_numbers(m.group(2))
    amounts = [a for a in (parse_amount(n) for n in numbers) if a is not None]
    if not funder.text or not amounts:
        return None
    year = int(amounts[-1]) if len(amounts) > 1 and is_year(amounts[-1]) else None
    middle = amounts[1:-1] if year is not None else amounts[1:]
    water = next((a for a in middle if Decimal(a) != 0), None)
    return FundingRow(row, funder, amounts[0], water, year)


def year_value(fields: list[Field], key: str) -> int | None:
    value = first_value(fields, key)
    m = re.search(r"\b(1[89]\d\d|20\d\d)\b", value.text) if value else None
    return int(m.group(1)) if m else None


def end_date(fields: list[Field]) -> str | None:
    value = first_value(fields, "end_date")
    m = re.search(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", value.text) if value else None
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def text_value(fields: list[Field], key: str) -> str | None:
    value = first_value(fields, key)
    return clean_space(value.text) if value else None


def themes(fields: list[Field]) -> list[str]:
    """The theme, sub-theme and sub-sub-theme values and the "other themes" rows, deduplicated."""
    found = [v for k in ("theme", "subtheme", "subsubtheme") if (v := text_value(fields, k))]
    known = (*ATLAS_THEMES, *found)
    for row in table_rows(fields, "other_themes"):
        cells = [c.text for c in row.cells]
        if len(cells) == 1:
            cells = split_theme_row(cells[0], known)
        found.extend(c for c in cells if not re.fullmatch(r"[\d\s]*", c))
    unique: dict[str, str] = {}
    for theme in (clean_space(t) for t in found):
        if theme:
            unique.setdefault(fold(theme), theme)
    return list(unique.values())


def split_theme_row(text: str, known: tuple[str, ...]) -> list[str]:
    """Split a whitespace row "Theme Sub-theme 2" on a known theme that starts it."""
    text = re.sub(r"\s+\d+$", "", text.strip())
    for theme in sorted(known, key=len, reverse=True):
        if fold(text).startswith(fold(theme) + " "):
            return [text[: len(theme)], text[len(theme) :].strip()]
    return [text]
