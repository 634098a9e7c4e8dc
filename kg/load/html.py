"""HTML loader: the main text of the page, found by trafilatura (not by stripping tags).

Navigation, headers, footers, sidebars and comments are left out; title, date and canonical URL
come from trafilatura's metadata when it finds them. A page trafilatura (lxml) cannot read, nested
deeper than libxml2's limit for one, is read by `page_text` instead: its text outside scripts,
styles and the head, by the standard library's streaming parser.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
        raise UnreadableDocument(path, "no text (whitespace only)")
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = normalise(getattr(extracted, "text", None) or "")
    title = getattr(extracted, "title", None) or ""
    if not text.strip():
        text, title = page_text(html)
    if not text.strip():
        raise UnreadableDocument(path, "no text found in the HTML page (only markup or scripts)")
    return Document(
        path,
        text,
        "text/html",
        title=clip_title(title),
        date=getattr(extracted, "date", None) or None,
        url=getattr(extracted, "url", None) or None,
        encoding=encoding,
    )


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag near its top, if any."""
    match = _META_CHARSET.search(data[:_HEAD_BYTES])
    return match.group(1).decode("ascii") if match else None


_SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCKS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "td",
        "th",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
    ]
)
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.skip = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _SKIPPED:
            self.skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif not self.skip:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, str]:
    """(text, title) of an HTML page: every text outside scripts, styles and the head, with a
    line break at each block; for pages lxml cannot read (nested too deep)."""
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return normalise(text), " ".join("".join(parser.title).split())
