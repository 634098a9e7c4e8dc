"""CSV and TSV loaders: `rows` holds one dict per record, keyed by the header.

The dialect of a CSV file is sniffed (comma, semicolon, tab or pipe); a TSV file is read as
tab-separated. A missing or faulty header or an unterminated quote makes the file
`UnreadableDocument`; a row whose field count differs from the header's is left out of `rows`
(the table builder, which reads the records itself, warns about it by line: `width_warning`).
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load.text import read_text

if TYPE_CHECKING:
    from _csv import Reader

_SNIFF_CHARS = 64 * 1024
_DELIMITERS = ",;\t|"
_QUOTED = re.compile(r'"[^"]*"')

Row = dict[str, str]


def load_csv(path: str, data: bytes) -> Document:
    """Load a CSV file with a sniffed dialect."""
    text, encoding = read_text(path, data)
    rows = parse_rows(path, text, sniff_dialect(text))
    return Document(path, text, "text/csv", rows=rows, encoding=encoding)


def load_tsv(path: str, data: bytes) -> Document:
    """Load a tab-separated file."""
    text, encoding = read_text(path, data)
    rows = parse_rows(path, text, csv.excel_tab)
    return Document(path, text, "text/tab-separated-values", rows=rows, encoding=encoding)


def sniff_dialect(text: str) -> type[csv.Dialect]:
    """The dialect of a CSV text: sniffed, then checked against the header line.

    csv.Sniffer is easily misled (apostrophes taken for quotes, a stray comma in a value): the
    delimiter is the one the header line uses most, and the sniffed quote character and spacing
    are kept only when the sniffer agrees on that delimiter. Doubled quotes are always allowed.
    """
    first = next((line for line in text.split("\n") if line.strip()), "")
    header = _QUOTED.sub("", first)
    delimiter = max(_DELIMITERS, key=header.count) if any(d in header for d in _DELIMITERS) else ","
    settings: dict[str, object] = {"delimiter": delimiter}
    try:
        sniffed = csv.Sniffer().sniff(text[:_SNIFF_CHARS], delimiters=_DELIMITERS)
    except csv.Error:
        sniffed = None
    if sniffed is not None and sniffed.delimiter == delimiter:
        settings.update(quotechar=sniffed.quotechar, skipinitialspace=sniffed.skipinitialspace)
    return type("SniffedDialect", (csv.excel,), settings)


def parse_rows(path: str, text: str, dialect: type[csv.Dialect]) -> tuple[Row, ...]:
    """Parse `text` into dicts keyed by its header row, checking every row's width."""
    records = _records(path, csv.reader(io.StringIO(text, newline=""), dialect, strict=True))
    if not records:
        raise UnreadableDocument(path, _malformed("no header"))
    (_, header), body = records[0], records[1:]
    _check_header(path, header)
    names = [name.strip() for name in header]
    return tuple(dict(zip(names, f, strict=True)) for _, f in body if len(f) == len(header))


def width_warning(path: str, line: int, fields: int, header: int) -> str:
    """The warning of a row whose width is not the header's: `PATH:LINE: reason`."""
    return f"{path}:{line}: {fields} fields, header has {header}; row skipped"


def _records(path: str, reader: Reader) -> list[tuple[int, list[str]]]:
    """The non-blank records with the line each starts on."""
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for fields in reader:
            if fields:
                records.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise UnreadableDocument(path, _malformed(_describe(exc, start))) from exc
    return records


def _describe(exc: csv.Error, line: int) -> str:
    if "unexpected end of data" in str(exc):
        return f"unterminated quote in the record starting on line {line}"
    return f"line {line}: {exc}"


def _check_header(path: str, header: list[str]) -> None:
    names = [name.strip() for name in header]
    if not all(names):
        raise UnreadableDocument(path, _malformed("no header (empty column name in line 1)"))
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise UnreadableDocument(path, _malformed(f"duplicate column {duplicates[0]!r} in header"))


def _malformed(detail: str) -> str:
    return f"malformed CSV: {detail}"
