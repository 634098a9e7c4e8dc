"""The records of a table document, each with its line and its span in the document text.

The loader keeps the rows as dicts only; the table builder needs where each row is, to give
every statement its row as evidence (`PATH:LINE` in warnings, the row's text and offsets in the
graph). CSV is re-read with the loader's dialect, TSV and XLSX (which the loader renders as
tab-separated text) as tab-separated. One pass, linear in the text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from kg.document import Document
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


def records(doc: Document) -> Iterator[Record]:
    """The non-blank records of `doc`'s text, header included, in order."""
    starts = [0]
    for line in doc.text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    reader = csv.reader(io.StringIO(doc.text, newline=""), _dialect(doc))
    first = 1
    for cells in reader:
        last = reader.line_num
        if any(c.strip() for c in cells):
            end = starts[min(last, len(starts) - 1)] - 1
            while end > starts[first - 1] and doc.text[end - 1] in "\r\n":
                end -= 1
            yield Record(first, starts[first - 1], max(end, starts[first - 1] + 1), cells)
        first = last + 1


def header_line(doc: Document) -> list[str]:
    """The cells of the first non-blank record (what a shipped mapping is claimed by)."""
    return next((r.cells for r in records(doc)), [])
