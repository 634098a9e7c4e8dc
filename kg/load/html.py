"""HTML loader: the main text of the page, found by trafilatura (not by stripping tags).

Navigation, headers, footers, sidebars and comments are left out; title, date and canonical URL
come from trafilatura's metadata when it finds them.
"""

from __future__ import annotations

import re

import trafilatura

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load.detect import check_not_binary, decode, normalise
from kg.load.text import clip_title

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HEAD_BYTES = 4096


def load_html(path: str, data: bytes) -> Document:
    """Load an HTML page: its main text and its title, date and URL."""
    check_not_binary(path, data)
    html, encoding = decode(path, data, declared_charset(data))
    if not html.strip():
        raise UnreadableDocument(path, "no text")
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = normalise(getattr(extracted, "text", None) or "")
    if not text.strip():
        raise UnreadableDocument(path, "no main text found in the HTML page")
    return Document(
        path,
        text,
        "text/html",
        title=clip_title(getattr(extracted, "title", None) or ""),
        date=getattr(extracted, "date", None) or None,
        url=getattr(extracted, "url", None) or None,
        encoding=encoding,
    )


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its top, if any."""
    match = _META_CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None
