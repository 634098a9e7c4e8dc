"""The XLSX loader: every sheet of a workbook becomes tab-separated text, one after another.

The text is the sheets written as TSV, the first sheet first (what evidence offsets refer to,
and what the table builder reads line by line); `Document.sheets` says where each sheet is in
it, so that a mapping may name another sheet (`[table] sheet = "..."`). Within a sheet, line N
is the sheet's row N (empty rows are kept as empty lines, trailing ones dropped), so a mapping's
`header_row` and the `PATH:LINE` of a warning are the spreadsheet's row numbers. `rows` are the
first sheet's records keyed by its header on row 1, as for CSV. Formulas give their cached
values; whole numbers lose their ".0"; dates are written as ISO dates; trailing empty columns
are dropped.
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


def _tsv(rows: list[list[str]]) -> str:
    """Rows as tab-separated text, one line per row up to the last non-empty one."""
    width = max((max((i + 1 for i, c in enumerate(r) if c), default=0) for r in rows), default=0)
    while rows and not any(rows[-1]):
        rows.pop()
    out = io.StringIO()
    writer = csv.writer(out, csv.excel_tab, lineterminator="\n")
    for row in rows:
        cells = (row + [""] * width)[:width]
        if any(cells):
            writer.writerow(cells)
        else:
            out.write("\n")
    return out.getvalue()


def sheets(data: bytes) -> list[tuple[str, str]]:
    """(name, tab-separated text) of every worksheet of the workbook `data`, in order."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return [
            (ws.title, _tsv([[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]))
            for ws in book.worksheets
        ]
    finally:
        book.close()


def sheet_text(data: bytes) -> str:
    """The first sheet of the workbook `data` as tab-separated text."""
    found = sheets(data)
    return found[0][1] if found else ""


def load_xlsx(path: str, data: bytes) -> Document:
    """Load an XLSX workbook: every sheet, the first one's records as `rows`."""
    try:
        found = sheets(data)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument(path, f"not a readable XLSX workbook ({exc})") from exc
    if not any(text.strip() for _, text in found):
        raise UnreadableDocument(path, "every sheet is empty" if found else "no sheet")
    spans, start = [], 0
    for name, text in found:
        spans.append((name, start, start + len(text)))
        start += len(text)
    text = "".join(t for _, t in found)
    first = found[0][1]
    try:  # a mapping may read another sheet: the first one's header need not be good
        rows = parse_rows(path, first, csv.excel_tab) if first.strip() else ()
    except UnreadableDocument:
        rows = ()
    return Document(path, text, MEDIA_TYPE, rows=rows, sheets=tuple(spans))
