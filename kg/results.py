"""Rendering SELECT results: a terminal table, or the SPARQL 1.1 CSV, TSV and JSON formats."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

FORMATS = ("table", "csv", "tsv", "json")


@dataclass
class Table:
    """A materialised SELECT result: column names and rows of terms (None = unbound)."""

    columns: list[str]
    rows: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]]

    @classmethod
    def from_solutions(cls, solutions: ox.QuerySolutions) -> Table:
        columns = [v.value for v in solutions.variables]
        rows = [[sol[c] for c in columns] for sol in solutions]
        return cls(columns, rows)

    def values(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (strings, ints, Decimals kept as strings)."""
        return [
            {c: (t.value if t is not None else None) for c, t in zip(self.columns, r, strict=True)}
            for r in self.rows
        ]


def render(table: Table, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(_json(table), ensure_ascii=False, indent=1)
    if fmt == "csv":
        return _delimited(table, ",", lambda t: "" if t is None else t.value)
    if fmt == "tsv":
        return _tsv(table)
    return _text_table(table)


def _json(table: Table) -> dict[str, Any]:
    bindings = []
    for row in table.rows:
        b = {c: _json_term(t) for c, t in zip(table.columns, row, strict=True) if t is not None}
        bindings.append(b)
    return {"head": {"vars": table.columns}, "results": {"bindings": bindings}}


def _json_term(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _delimited(table: Table, sep: str, cell: Any) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([cell(t) for t in row])
    return buf.getvalue()


def _tsv(table: Table) -> str:
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in table.rows]
    return "\n".join(lines) + "\n"


def _text_table(table: Table) -> str:
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    rt = RichTable(*table.columns, show_lines=False)
    for row in table.rows:
        rt.add_row(*(Text("" if t is None else t.value) for t in row))
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(rt)
    console.print(f"{len(table.rows)} rows")
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return str(out)
