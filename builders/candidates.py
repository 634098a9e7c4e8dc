"""A name found in a text, before it becomes a `kg.extraction.Mention`."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cand:
    """A name found in the text, before it becomes a `Mention`."""

    start: int
    end: int
    kind: str
    name: str
    country: str | None = None
    ref: str | None = None
    source: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)


#: how far before a span a name overlapping it may start (names are shorter than this)
_LOOKBACK = 400


class FoundSpans:
    """The spans of names already found, asked in logarithmic time whether a span overlaps
    one (the names starting before its end that reach past its start)."""

    def __init__(self, cands: Iterable[Cand]) -> None:
        self.ordered = sorted(cands, key=lambda c: (c.start, c.end))
        self.starts = [c.start for c in self.ordered]
        self.reach: list[int] = []
        top = -1
        for c in self.ordered:
            top = max(top, c.end)
            self.reach.append(top)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, e - 1)
        return i > 0 and self.reach[i - 1] > s

    def overlapping(self, s: int, e: int) -> list[Cand]:
        """The names that overlap `s:e` (a few: names do not nest deeply)."""
        out = []
        for i in range(bisect_right(self.starts, e - 1) - 1, -1, -1):
            c = self.ordered[i]
            if c.end > s:
                out.append(c)
            elif c.start < s - _LOOKBACK:
                break
        return out
