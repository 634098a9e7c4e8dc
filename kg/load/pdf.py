"""PDF loader (pypdf): the text of every page, pages joined by a blank line.

The title comes from the document information dictionary, else from the first non-empty line.
A truncated or corrupt file and a file without a text layer (a scan) are `UnreadableDocument`.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pypdf
import pypdf.errors

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load.detect import describe_magic, normalise
from kg.load.text import clip_title, first_line_title

PAGE_SEPARATOR = "\n\n"
_PDF_ERRORS = (pypdf.errors.PyPdfError, ValueError, KeyError, TypeError, AttributeError)


_HEADER_WITHIN = 1024  #: a PDF's `%PDF-` header may follow some junk, this far at most
_EOF_WITHIN = 2048  #: and its `%%EOF` marker sits this near its end


def load_pdf(path: str, data: bytes) -> Document:
    """Load a PDF file: its text, and a title."""
    if b"%PDF-" not in data[:_HEADER_WITHIN]:
        what = describe_magic(data)
        raise UnreadableDocument(
            path, f"not a PDF: {what}" if what else "not a PDF (no %PDF header)"
        )
    truncated = b"%%EOF" not in data[-_EOF_WITHIN:]
    try:
        with _quiet_pypdf():
            reader = _open(path, data)
            pages = [page.extract_text() or "" for page in reader.pages]
            meta_title = _metadata_title(reader)
    except _PDF_ERRORS as exc:
        if truncated:
            reason = f"truncated PDF (it stops before its end-of-file marker): {_short(exc)}"
            raise UnreadableDocument(path, reason) from exc
        raise UnreadableDocument(path, f"unreadable PDF: {_short(exc)}") from exc
    text = normalise(PAGE_SEPARATOR.join(page.rstrip() for page in pages))
    if not text.strip():
        raise UnreadableDocument(path, "PDF has no text layer (scanned?)")
    title = meta_title or first_line_title(text)
    return Document(path, text, "application/pdf", title=title)


def _open(path: str, data: bytes) -> pypdf.PdfReader:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise UnreadableDocument(path, "encrypted PDF (a password is needed)")
    return reader


def _metadata_title(reader: pypdf.PdfReader) -> str | None:
    try:
        metadata = reader.metadata
    except _PDF_ERRORS:
        return None
    raw = metadata.title if metadata is not None else None
    return clip_title(str(raw)) if raw else None


def _short(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message[:150]


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's own warnings: a bad file is reported once, by our error."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
