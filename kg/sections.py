"""Long prose read in sections: memory stays bounded whatever the length of the text.

A builder that reads prose sentence by sentence (the news reader: a spaCy parse of the whole
text would take about 1 GB per 100,000 characters, and spaCy refuses texts over a million) is
given a long text in sections of at most `SECTION_CHARS` characters, cut at a paragraph break
(else a line break, else a sentence end, else anywhere); what it reads in each is shifted back
to the document's offsets and merged into one `Extraction`. Only the parse of one section is in
memory at a time. Texts up to `SECTION_CHARS` are read whole, as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from kg.document import Document
from kg.extraction import Extraction

SECTION_CHARS = 50_000
_BREAKS = ("\n\n", "\n", ". ")


def sections(text: str, size: int = SECTION_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) spans covering `text`, each at most `size` characters, cut at the last
    break before the limit (a paragraph, a line, a sentence) found in its second half."""
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            for brk in _BREAKS:
                cut = text.rfind(brk, start + size // 2, end)
                if cut != -1:
                    end = cut + len(brk)
                    break
        yield start, end
        start = end


def read_in_sections(
    doc: Document, read: Callable[[Document], Extraction], size: int = SECTION_CHARS
) -> Extraction:
    """`read(doc)`, section by section when the text is longer than `size`; one Extraction
    whose spans refer to the whole text."""
    if len(doc.text) <= size:
        return read(doc)
    merged: Extraction | None = None
    for start, end in sections(doc.text, size):
        part = read(dataclasses.replace(doc, text=doc.text[start:end]))
        if merged is None:
            merged = Extraction(
                part.builder, part.builder_version, title=part.title, date=part.date, url=part.url
            )
        _shift_into(merged, part, start)
    assert merged is not None  # a text longer than `size` has at least one section
    return merged


def _shift_into(merged: Extraction, part: Extraction, offset: int) -> None:
    """Add `part`'s mentions and statements to `merged`, their spans moved by `offset` and
    their ids renumbered after `merged`'s."""
    ids: dict[str, str] = {}
    for m in part.mentions:
        ids[m.id] = f"m{len(merged.mentions) + 1}"
        merged.mentions.append(
            dataclasses.replace(m, id=ids[m.id], start=m.start + offset, end=m.end + offset)
        )
    for s in part.statements:
        merged.statements.append(
            dataclasses.replace(
                s,
                id=f"s{len(merged.statements) + 1}",
                roles={role: ids[mid] for role, mid in s.roles.items()},
                start=s.start + offset,
                end=s.end + offset,
            )
        )
