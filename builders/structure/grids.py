"""Tables written with cell separators (the "|" rows of a web table turned into text, or
tab-separated rows): the header says what each column holds, whatever the table is about.

    Projet | Collectivité française | Lieu de réalisation | Montant | Cofinancement de l'Ambassade |
    1 | Eybens | Brital | Réhabilitation | 64.039 € |

A column is read by the words of its header:

* the French side: "collectivité française", "ville française", "partenaire français"…;
* the partner: "collectivité partenaire", "collectivité étrangère", "lieu de réalisation",
  "ville jumelée", "collectivité malienne" (any "collectivité" qualified otherwise than French);
* an amount: "montant", "subvention", "cofinancement", "financement", "budget"; when the header
  names who pays ("Cofinancement de l'Ambassade"), that is the row's funder;
* a funder: "financeur", "bailleur"; a year: "année", "date".

`grids(text)` returns each table's rows as cell spans by role; the reader turns them into
names and links. Nothing depends on the document or country: only on the header's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from builders.structure.lines import line_spans
from kg.normalize import fold

_SEP = re.compile(r"\s*(?:\||\t)\s*")
_RULER = re.compile(r"^[\s|:\-–—]*$")
_FRENCH = re.compile(
    r"\b(?:collectivit[ée]s?|villes?|communes?|partenaires?|d[ée]partements?"
    r"|r[ée]gions?)\s+fran[cç]ais|\bc[oô]t[ée]\s+fran[cç]ais|\bfrance\b"
)
_PARTNER = re.compile(
    r"\b(?:collectivit[ée]s?|villes?|communes?|municipalit[ée]s?)\s+"
    r"(?:partenaires?|[ée]trang[èe]res?|jumel[ée]es?|(?!fran[cç]ais)[a-zà-ÿ]+(?:aise|aine|ienne|ane|oise|ote|ale|ine|que)s?)\b"
    r"|\blieu\s+de\s+r[ée]alisation\b|\bpartenaires?\s+(?:local|locaux|[ée]tranger)|^partenaires?$"
    r"|\bville\s+jumel",
    re.I,
)
_AMOUNT = re.compile(
    r"\b(?:montant|subvention|cofinancement|co-financement|financement|budget"
    r"|contribution|aide|dotation)\b",
    re.I,
)
_PAYER = re.compile(r"\b(?:de|du|des)\s+(?:la\s+|l['’]\s*|le\s+)?(?P<payer>[A-ZÀ-Ý][^|]*)$")
_FUNDER = re.compile(r"\b(?:financeurs?|bailleurs?)\b", re.I)
_YEAR = re.compile(r"\b(?:ann[ée]e|date)\b", re.I)
_MIN_ROWS = 1
_MONEY = re.compile(r"\d[\d\s.,]*\s*(?:€|euros?\b|eur\b|fcfa\b|k€|m€)", re.I)
_FIGURE = re.compile(r"^[\d\s.,]+(?:€|euros?|eur|fcfa)?$", re.I)


@dataclass
class Cell:
    start: int
    end: int

    def text(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass
class Row:
    """One row's cells by role (spans in the text), with the row's span."""

    start: int
    end: int
    french: Cell | None = None
    partner: Cell | None = None
    amount: Cell | None = None
    funder: Cell | None = None
    year: Cell | None = None


@dataclass
class Grid:
    """A table: its rows, and the payer its amount column's header names (a span)."""

    header: tuple[int, int]
    rows: list[Row] = field(default_factory=list)
    payer: Cell | None = None


def grids(text: str) -> list[Grid]:
    """Every separated table of `text` whose header names a French side or a partner column."""
    lines = line_spans(text)
    out: list[Grid] = []
    i = 0
    while i < len(lines):
        s, e = lines[i]
        cells = _cells(text, s, e)
        roles = _roles(text, cells) if len(cells) >= 2 else None
        if roles is None or ("french" not in roles and "partner" not in roles):
            i += 1
            continue
        grid = Grid((s, e))
        payer = roles.pop("payer", None)
        grid.payer = payer if isinstance(payer, Cell) else None
        j = i + 1
        while j < len(lines):
            rs, re_ = lines[j]
            if _RULER.match(text[rs:re_]) and text[rs:re_].strip():
                j += 1  # the "---|---" line under a header
                continue
            row_cells = _cells(text, rs, re_)
            if len(row_cells) < 2:
                break
            row = Row(rs, re_)
            for role, index in roles.items():
                if isinstance(index, int) and index < len(row_cells):
                    cell = row_cells[index]
                    if cell.end > cell.start:
                        setattr(row, role, cell)
            if "amount" in roles and (
                row.amount is None or not _MONEY.search(row.amount.text(text))
            ):
                # a row with a cell missing: its amount is the cell written as money
                row.amount = next((c for c in row_cells if _MONEY.search(c.text(text))), None)
            grid.rows.append(row)
            j += 1
        if len(grid.rows) >= _MIN_ROWS:
            out.append(grid)
        i = j
    return out


def _cells(text: str, s: int, e: int) -> list[Cell]:
    """The cells of a line (a leading or trailing separator opens or closes the row)."""
    line = text[s:e]
    if "|" not in line and "\t" not in line:
        return []
    out, pos = [], 0
    for m in _SEP.finditer(line):
        out.append(Cell(s + pos, s + m.start()))
        pos = m.end()
    out.append(Cell(s + pos, s + len(line.rstrip())))
    if out and out[0].end == out[0].start and line.lstrip()[:1] in "|":
        out = out[1:]
    if out and out[-1].end <= out[-1].start:
        out = out[:-1]
    return out


def _roles(text: str, cells: list[Cell]) -> dict[str, int | Cell] | None:
    roles: dict[str, int | Cell] = {}
    for i, cell in enumerate(cells):
        head = " ".join(cell.text(text).split())
        low = fold(head)
        if _FIGURE.match(head):
            return None  # a header has no figures: this is a row
        if "french" not in roles and _FRENCH.search(low):
            roles["french"] = i
        elif "partner" not in roles and _PARTNER.search(head):
            roles["partner"] = i
        elif "amount" not in roles and _AMOUNT.search(head):
            roles["amount"] = i
            payer = _PAYER.search(head)
            if payer is not None:
                roles["payer"] = Cell(cell.start + payer.start("payer"), cell.end)
        elif "funder" not in roles and _FUNDER.search(head):
            roles["funder"] = i
        elif "year" not in roles and _YEAR.search(head):
            roles["year"] = i
    return roles
