"""Plain-text and Markdown loaders.

Both decode the bytes (see `detect`), honour the devset convention of a first line
`source: <URL>` (taken as the document's URL and cut from the text with the blank line after
it), and take a title from the text: the first non-empty line, or for Markdown its first heading.
"""

from __future__ import annotations

import re

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load.detect import check_not_binary, decode, normalise

TITLE_MAX = 200

_SOURCE_LINE = re.compile(r"\Asource:[ \t]*(?P<url>\S+)[ \t]*(?:\n|\Z)(?:[ \t]*\n)?", re.I)
_ATX_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*$", re.M)
_SETEXT_HEADING = re.compile(r"^(?P<title>[^\n]*\S[^\n]*)\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)


def read_text(path: str, data: bytes) -> tuple[str, str]:
    """Decode and normalise the bytes of a text format; return (text, encoding)."""
    check_not_binary(path, data)
    text, encoding = decode(path, data)
    text = normalise(text)
    if not text.strip():
        raise UnreadableDocument(path, "no text (whitespace only)")
    return text, encoding


def split_source(text: str) -> tuple[str, str | None]:
    """Cut a leading `source: <URL>` line (and the blank line after it); return (text, url)."""
    match = _SOURCE_LINE.match(text)
    if match is None:
        return text, None
    return text[match.end() :], match.group("url")


def first_line_title(text: str) -> str | None:
    """The first non-empty line, stripped and trimmed to TITLE_MAX characters."""
    for line in text.split("\n"):
        if line.strip():
            return clip_title(line)
    return None


def clip_title(title: str) -> str | None:
    """Collapse whitespace and trim a title to TITLE_MAX characters; None if nothing is left."""
    title = " ".join(title.split())
    return title[:TITLE_MAX].rstrip() or None


def load_text(path: str, data: bytes) -> Document:
    """Load a plain-text file."""
    text, encoding = read_text(path, data)
    text, url = split_source(text)
    if not text.strip():
        raise UnreadableDocument(path, "no text")
    title = first_line_title(text)
    return Document(path, text, "text/plain", title=title, url=url, encoding=encoding)


def load_markdown(path: str, data: bytes) -> Document:
    """Load a Markdown file; the title is its first heading, else its first line."""
    text, encoding = read_text(path, data)
    text, url = split_source(text)
    if not text.strip():
        raise UnreadableDocument(path, "no text")
    title = _first_heading(text) or first_line_title(text)
    return Document(path, text, "text/markdown", title=title, url=url, encoding=encoding)


def _first_heading(text: str) -> str | None:
    matches = [m for m in (_ATX_HEADING.search(text), _SETEXT_HEADING.search(text)) if m]
    if not matches:
        return None
    first = min(matches, key=lambda m: m.start())
    return clip_title(first.group("title"))
