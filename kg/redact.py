"""Contact details never leave a build: e-mail addresses and phone numbers are masked in every
text the emitter writes (evidence, labels, titles)."""

from __future__ import annotations

import re

EMAIL = re.compile(
    r"[\w.+-]+\s*(?:@|\[at\]|\(at\)|\{at\}|\s+at\s+)\s*[\w-]+(?:\s*(?:\.|\[dot\]|\(dot\))\s*[\w-]+)+",
    re.IGNORECASE,
)
# international numbers (+228 90 12 34 56) and French-style ones (05 49 12 34 56 / 05.49.12.34.56)
PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(0\)[\s.-]?)?\d{1,3}(?:[\s.-]?\d{2,3}){3,4}"
    r"|0\d(?:[\s.-]?\d{2}){4})(?!\d)"
)
MASK_EMAIL = "[courriel masqué]"
MASK_PHONE = "[téléphone masqué]"


def redact(text: str) -> str:
    """`text` with e-mail addresses (plain or written `name[at]host`) and phone numbers masked."""
    return PHONE.sub(MASK_PHONE, EMAIL.sub(MASK_EMAIL, text))
