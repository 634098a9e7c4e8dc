"""The lines of a text with their offsets: what the structure readers walk over."""

from __future__ import annotations


def line_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of every line of `text[start:end]`, its newline left out, blank lines
    included; offsets are in `text`."""
    stop = len(text) if end is None else end
    out, pos = [], start
    for line in text[start:stop].split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out
