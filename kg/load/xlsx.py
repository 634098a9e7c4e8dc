"""The XLSX loader: the first sheet of a workbook becomes a tab-separated text and its rows.

The text is the sheet written as TSV (what evidence offsets refer to, and what the table builder
reads line by line); `rows` are its records keyed by the header on row 1, as for CSV. Formulas
give their cached values; whole numbers lose their ".0"; dates are written as ISO dates;
trailing empty columns and rows are dropped.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from typing import Any

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load.tabular import parse_rows

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def sheet_text(data: bytes) -> str:
    """The first sheet of the workbook `data` as tab-separated text."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    out = io.StringIO()
    writer = csv.writer(out, csv.excel_tab, lineterminator="\n")
    for row in rows:
        cells = (row + [""] * width)[:width]
        if any(cells):
            writer.writerow(cells)
    return out.getvalue()


def load_xlsx(path: str, data: bytes) -> Document:
    """Load the first sheet of an XLSX workbook."""
    try:
        text = sheet_text(data)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(path, f"not a readable XLSX workbook ({exc})") from exc
    if not text.strip():
        raise UnreadableDocument(path, "the first sheet is empty")
    rows = parse_rows(path, text, csv.excel_tab)
    return Document(path, text, MEDIA_TYPE, rows=rows)
