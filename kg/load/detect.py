"""Byte-level helpers shared by the text loaders: binary sniffing, decoding, normalisation.

Decoding tries UTF-8 first (with or without a byte-order mark), then UTF-16 when a BOM says so
or when, without one, every other byte is a NUL (Latin text in UTF-16), then an encoding the
document declares (HTML `<meta charset>`), then charset-normalizer. Among the equally
plausible guesses of charset-normalizer, Windows-1252 wins: the corpus is mostly French, and
short French texts in cp1252 are otherwise often taken for cp1250 or cp1257.
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
_UTF16_NULS = 0.4  #: share of NUL bytes on one side of the pairs that marks UTF-16 without BOM


#: how common binary formats begin, and what to call them in an error
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (an Office or OpenDocument file?)"),
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program"),
)


def describe_magic(data: bytes) -> str | None:
    """What kind of binary file `data` is by its first bytes, when it is a common one."""
    return next((what for magic, what in MAGIC if data.startswith(magic)), None)


def check_not_binary(path: str, data: bytes) -> None:
    """Raise if `data` looks like binary content rather than text (NUL bytes, many controls)."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS) or utf16_without_bom(head):
        return
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _ALLOWED_CONTROLS)
    if b"\x00" in head or controls > _CONTROL_SHARE_LIMIT * max(len(head), 1):
        what = describe_magic(head)
        raise UnreadableDocument(
            path, f"binary content ({what}), not text" if what else "binary content, not text"
        )


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


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" when `data` looks like UTF-16 text without a byte-order mark:
    most bytes on one side of each pair NUL and almost none on the other, and it decodes to text
    without control characters. None otherwise."""
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) >= _UTF16_NULS * len(zeros) and others.count(0) <= len(others) // 50:
            try:
                text = head[: len(head) - len(head) % 2].decode(encoding)
            except UnicodeDecodeError:
                continue
            controls = sum(1 for c in text if ord(c) < 0x20 and c not in "\t\n\r\f\v")
            if controls <= _CONTROL_SHARE_LIMIT * len(text):
                return encoding
    return None


def _decode_utf(data: bytes) -> tuple[str, str] | None:
    if data.startswith(_UTF16_BOMS):
        return _try(data, "utf-16")
    bare = utf16_without_bom(data)
    if bare:
        return _try(data, bare)
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
