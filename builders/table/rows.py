"""The records of a table document, each with its line and its span in the document text.

The loader keeps the rows as dicts only; the table builder needs where each row is, to give
every statement its row as evidence (`PATH:LINE` in warnings, the row's text and offsets in the
graph). CSV is re-read with the loader's dialect, TSV and XLSX (which the loader renders as
tab-separated text, one sheet after another) as tab-separated. A workbook's sheet is read on
its own: its lines are numbered from its first row. One pass, linear in the text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from kg.document import Document
from kg.errors import BuilderError
from kg.load.tabular import sniff_dialect

#: media types whose text is a table this module reads
TABLE_TYPES = frozenset(
    {
        "text/csv",
        "text/tab-separated-values",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)


@dataclass(frozen=True)
class Record:
    """One row of the table: its first line (1-based), its span in the text and its cells."""

    line: int
    start: int
    end: int
    cells: list[str]


def _dialect(doc: Document) -> type[csv.Dialect]:
    return sniff_dialect(doc.text) if doc.media_type == "text/csv" else csv.excel_tab


def sheet_span(doc: Document, sheet: str | int | None) -> tuple[int, int]:
    """Where the sheet `sheet` (a name, or a 1-based position; None: the first) is in the text
    of `doc`; the whole text for a CSV or TSV file. An unknown sheet is a `BuilderError`."""
    if not doc.sheets:
        if sheet not in (None, 1):
            raise BuilderError(doc.path, f"no sheet {sheet!r}: not a workbook")
        return 0, len(doc.text)
    if sheet is None:
        sheet = 1
    if isinstance(sheet, int):
        if 1 <= sheet <= len(doc.sheets):
            return doc.sheets[sheet - 1][1:]
    else:
        for name, start, end in doc.sheets:
            if name == sheet or name.strip().casefold() == sheet.strip().casefold():
                return start, end
    names = ", ".join(repr(name) for name, _, _ in doc.sheets)
    raise BuilderError(doc.path, f"no sheet {sheet!r} in the workbook (sheets: {names})")


def records(doc: Document, span: tuple[int, int] | None = None) -> Iterator[Record]:
    """The non-blank records of `doc`'s text (or of its part `span`), header included, in
    order; lines are numbered from the span's first line, offsets are in the whole text."""
    begin, stop = span or (0, len(doc.text))
    text = doc.text[begin:stop]
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(doc))
    first = 1
    for cells in reader:
        last = reader.line_num
        if any(c.strip() for c in cells):
            end = starts[min(last, len(starts) - 1)] - 1
            while end > starts[first - 1] and text[end - 1] in "\r\n":
                end -= 1
            start = starts[first - 1]
            yield Record(first, begin + start, begin + max(end, start + 1), cells)
        first = last + 1


def header_line(doc: Document) -> list[str]:
    """The cells of the first non-blank record (what a shipped mapping is claimed by)."""
    return next((r.cells for r in records(doc, sheet_span(doc, None))), [])
