"""States named by their adjective: "l'État français", "les gouvernements togolais et
allemand", "des Etats malien, français et vietnamien" name the countries France, Togo,
Germany, Mali and Vietnam, which may then fund or support what the sentence names."""

from __future__ import annotations

import re

from builders.candidates import Cand
from kg.countries import country, demonym_code

_ADJ = r"[a-zéèêëïîç-]+"
_STATES = re.compile(
    rf"\b(?:[EÉ]tats?|[Gg]ouvernements?)\s+(?P<adjs>{_ADJ}(?:\s*,\s*{_ADJ})*(?:\s+et\s+{_ADJ})?)"
)
_SPLIT = re.compile(r"\s*,\s*|\s+et\s+")
SOURCE = "state"


def states(text: str) -> list[Cand]:
    """One Country candidate per demonym of a state or government (see the module docstring)."""
    out = []
    for m in _STATES.finditer(text):
        pos = m.start("adjs")
        for word in _SPLIT.split(m.group("adjs")):
            start = text.index(word, pos)
            pos = start + len(word)
            code = demonym_code(word)
            found = country(code) if code else None
            if found is None:
                break
            name = found.name_fr
            out.append(Cand(start, pos, "Country", name, code, f"country/{code.lower()}", SOURCE))  # type: ignore[union-attr]
    return out
