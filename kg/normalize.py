"""Name normalisation shared by the resolver, the builders and the queries' parameters."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    """ "Kpalimé" -> "Kpalime" (NFKD, combining marks dropped)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """The matching key of a name: accents, case, punctuation and spacing ignored.

    "Issy-les-Moulineaux", "ISSY LES MOULINEAUX" and "issy les  moulineaux" all give
    "issy les moulineaux"; "Ministère de l'Europe" gives "ministere de l europe".
    """
    text = strip_accents(text).casefold().replace("œ", "oe").replace("æ", "ae")
    return _NON_WORD.sub(" ", text).strip()


def slug(text: str) -> str:
    """An IRI-safe path segment: "Kloto 1" -> "kloto-1"."""
    return fold(text).replace(" ", "-") or "x"
