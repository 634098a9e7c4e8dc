"""Byte-level helpers shared by the text loaders: binary sniffing, decoding, normalisation.

Decoding tries UTF-8 first (with or without a byte-order mark), then UTF-16 when a BOM says so,
then an encoding the document declares (HTML `<meta charset>`), then charset-normalizer. Among
the equally plausible guesses of charset-normalizer, Windows-1252 wins: the corpus is mostly
French, and short French texts in cp1252 are otherwise often taken for cp1250 or cp1257.
"""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from kg.errors import UnreadableDocument

_SNIFF_BYTES = 64 * 1024
_CONTROL_SHARE_LIMIT = 0.05
_ALLOWED_CONTROLS = frozenset(b"\t\n\r\f\v")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WESTERN = "cp1252"
_CHAOS_TOLERANCE = 0.01


def check_not_binary(path: str, data: bytes) -> None:
    """Raise if `data` looks like binary content rather than text (NUL bytes, many controls)."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _ALLOWED_CONTROLS)
    if b"\x00" in head or controls > _CONTROL_SHARE_LIMIT * max(len(head), 1):
        raise UnreadableDocument(path, "binary content, not text")


def decode(path: str, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` to text; return the text and the name of the encoding used."""
    for attempt in (_decode_utf, lambda raw: _decode_declared(raw, declared), _decode_guess):
        result = attempt(data)
        if result is not None:
            return result
    raise UnreadableDocument(path, "cannot decode text (not UTF-8, and no encoding fits)")


def normalise(text: str) -> str:
    """Normalise newlines to "\\n" and Unicode to NFC, and drop a leading byte-order mark."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode_utf(data: bytes) -> tuple[str, str] | None:
    if data.startswith(_UTF16_BOMS):
        return _try(data, "utf-16")
    if data.startswith(codecs.BOM_UTF8):
        return _try(data, "utf-8-sig")
    return _try(data, "utf-8")


def _decode_declared(data: bytes, declared: str | None) -> tuple[str, str] | None:
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    return _try(data, name)


def _decode_guess(data: bytes) -> tuple[str, str] | None:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        plausible = match.chaos <= best.chaos + _CHAOS_TOLERANCE
        if plausible and _WESTERN in match.could_be_from_charset:
            return _try(data, _WESTERN)
    return str(best), best.encoding


def _try(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None
