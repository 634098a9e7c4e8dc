"""Showing an extraction on its text, so a researcher can check it by eye in a terminal."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from kg.extraction import Extraction

#: colour per mention kind family
_STYLES = {
    "Commune": "bold green",
    "Intercommunality": "green",
    "Department": "green",
    "Region": "green",
    "LocalAuthority": "green",
    "Ministry": "bold magenta",
    "StateBody": "magenta",
    "Agency": "magenta",
    "Funder": "magenta",
    "Association": "cyan",
    "Network": "cyan",
    "Programme": "bold yellow",
    "Project": "yellow",
    "Event": "bold blue",
    "Person": "red",
    "Country": "bright_black",
    "Place": "bright_black",
    "Actor": "white",
}


def highlighted(text: str, extraction: Extraction) -> Text:
    """The document text with each mention styled by kind and tagged with its id."""
    out = Text(text)
    for m in extraction.mentions:
        if 0 <= m.start < m.end <= len(text):
            out.stylize(f"{_STYLES.get(m.kind, 'bold')} underline", m.start, m.end)
    return out


def statements_table(extraction: Extraction) -> Table:
    """One row per statement: kind, the names it links, attributes, confidence and rule, and
    evidence span."""
    names = {m.id: f"{m.name} [{m.kind}]" for m in extraction.mentions}
    table = Table("id", "kind", "links", "attrs", "confidence", "evidence", show_lines=True)
    for s in extraction.statements:
        links = "\n".join(f"{role}: {names.get(mid, mid)}" for role, mid in s.roles.items())
        attrs = ", ".join(f"{k}={v}" for k, v in s.attrs.items() if k not in ("themes",))
        confidence = "" if s.confidence is None else f"{s.confidence:.2f}"
        table.add_row(
            s.id,
            s.kind,
            Text(links),
            Text(attrs),
            Text("\n".join(filter(None, [confidence, s.rule]))),
            Text(f"[{s.start}:{s.end}] {s.evidence[:160]}"),
        )
    return table


def legend() -> Text:
    out = Text("kinds: ")
    for kind, style in _STYLES.items():
        out.append(kind, style=style)
        out.append(" ")
    return out


def print_highlighted(text: str, extraction: Extraction, console: Console | None = None) -> None:
    console = console or Console()
    console.print(
        Group(
            legend(),
            Text(""),
            highlighted(text, extraction),
            Text(""),
            statements_table(extraction),
        )
    )
