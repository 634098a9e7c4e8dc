"""Contact details never leave a build: e-mail addresses and phone numbers are masked in every
text the emitter writes (evidence, labels, titles), and the exports, the push and the server's
pages check that none is left (`EMAIL.search`, `PHONE.search`)."""

from __future__ import annotations

import re
from collections.abc import Callable

EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\[at\]|\(at\)|\{at\}|\s+at\s+)\s*[\w-]+(?:\s*(?:\.|\[dot\]|\(dot\))\s*[\w-]+)+",
    re.IGNORECASE,
)
_GROUPS = r"(?:[\s.-]?(?:\(0\)[\s.-]?)?\(?\d{1,4}\)?){2,5}"
#: international numbers (+228 90 12 34 56, (+228) 22 21 00 00, 00 228 90 12 34 56,
#: +1 (202) 555-0143) and French-style ones (05 49 12 34 56 / 05.49.12.34.56)
_NUMBER = re.compile(
    r"(?<![\w+])(?:(?:\(\s?)?(?:\+|00)\s?\d{1,3}(?:\s?\))?" + _GROUPS + r"|0\d(?:[\s.-]?\d{2}){4})"
    r"(?!\w)"
)
#: a number after a phone label (Tél. : 90 12 34 56, Fax (standard) 22 21 00 00)
_LABELLED = re.compile(
    r"(?P<label>\b(?:t[ée]l(?:[ée]phone)?|phone|fax|mobile|portable|gsm|cellulaire|whatsapp)"
    r"\b\.?\s*(?:\([^)\n]{0,20}\)\s*)?[:.]?\s*)"
    r"(?P<number>\+?\(?\d[\d\s().-]{4,22}\d)(?!\w)",
    re.IGNORECASE,
)
#: a second number after a first one (… 25 30 66 77 / 70 12 34 56, … ou 90 11 22 33)
_CONTINUED = re.compile(r"\s*(?:/|ou|or|,)\s*(?P<number>\d{2}(?:[\s.-]?\d{2}){3,4})(?!\w)")
#: what every e-mail address has, and every phone number (six digits with only separators
#: between them): a text without either is left as it is, unscanned
_MAY_MAIL = re.compile(r"@|[\[({]at[\])}]|\sat\s", re.IGNORECASE)
_MAY_PHONE = re.compile(r"\d(?:[\s().-]*\d){5}")
_MIN_DIGITS = 8  #: fewer digits is no phone number (an amount such as +2 000 000 has 7)
MASK_EMAIL = "[courriel masqué]"
MASK_PHONE = "[téléphone masqué]"


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


class _Phones:
    """Phone numbers, bare or after a label, with at least `_MIN_DIGITS` digits. Has the two
    methods of a compiled pattern that callers use: `search` and `sub`."""

    def _spans(self, text: str) -> list[tuple[int, int]]:
        return self.scan(text) if _MAY_PHONE.search(text) is not None else []

    def scan(self, text: str) -> list[tuple[int, int]]:
        """The spans of the phone numbers in `text`, merged (every pattern run, unscreened)."""
        found = [
            m.span("number") for m in _LABELLED.finditer(text) if _digits(m.group("number")) >= 6
        ]
        found += [m.span() for m in _NUMBER.finditer(text) if _digits(m.group()) >= _MIN_DIGITS]
        found += [
            (m.start("number"), m.end("number"))
            for start, end in list(found)
            if (m := _CONTINUED.match(text, end)) is not None
        ]
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def search(self, text: str) -> tuple[int, int] | None:
        """The span of the first phone number in `text`, None when there is none."""
        spans = self._spans(text)
        return spans[0] if spans else None

    def sub(self, mask: str | Callable[[str], str], text: str) -> str:
        """`text` with each phone number replaced by `mask`."""
        out, last = [], 0
        for start, end in self._spans(text):
            out.append(text[last:start])
            out.append(mask if isinstance(mask, str) else mask(text[start:end]))
            last = end
        out.append(text[last:])
        return "".join(out)


PHONE = _Phones()


def redact(text: str) -> str:
    """`text` with e-mail addresses (plain or written `name[at]host`) and phone numbers masked."""
    if _MAY_MAIL.search(text) is not None:
        text = EMAIL.sub(MASK_EMAIL, text)
    return PHONE.sub(MASK_PHONE, text)
