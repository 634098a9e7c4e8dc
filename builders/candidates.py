"""A name found in a text, before it becomes a `kg.extraction.Mention`."""

from __future__ import annotations

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
