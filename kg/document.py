"""The `Document`: what a loader makes of a file, and what every builder reads."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    """A loaded source document.

    `text` is the main text (for CSV: the file decoded as text); `rows` holds the parsed rows
    of tabular formats (list of dicts keyed by header), empty otherwise. Offsets in extractions
    always refer to `text`. A workbook's `sheets` are (name, start, end): where each sheet's
    rows are in `text` (the first one first; `rows` are the first sheet's).
    """

    path: str
    text: str
    media_type: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    rows: tuple[dict[str, str], ...] = field(default=(), repr=False)
    encoding: str = "utf-8"
    sheets: tuple[tuple[str, int, int], ...] = field(default=(), repr=False)

    @property
    def sha256(self) -> str:
        """Content hash of the text: two files with the same text are the same document."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def name(self) -> str:
        """The file name, without folders."""
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]
