"""The bodies a programme document names as funders ("Ministère des Affaires étrangères
(MAE)", "Conseil régional", "l'Union européenne"...), read from their opening word.

A bare "Ministère" or a known acronym is the body defined earlier in the document, when only one
of that kind was; a name with "français(e)" or "France" is in country FR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.names import clean_space, parse_name
from kg.normalize import fold

_BODY_START = re.compile(
    r"\b(?:minist[èe]re|pr[ée]fecture|conseil\s+(?:g[ée]n[ée]ral|r[ée]gional|d[ée]partemental)"
    r"|agence|ambassade|fonds|union\s+europ[ée]enne)\b",
    re.I,
)
_BODY_WORDS = re.compile(
    r"(?:\s+(?:de\s+la|de\s+l['’]|d['’]|du|des|de|la|l['’]|et|pour|en)?\s*"
    r"(?:[A-ZÀ-Ý][\w’'-]*|français|française|général|régional|départemental|étrangères"
    r"|européenne?|extérieures?))*",
)
_BODY_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Z0-9&-]{1,11})\s*\)")
_BARE = frozenset({"conseil general", "conseil regional", "conseil departemental"})
_ADJ = re.compile(r"(?:français|française|France)", re.I)


@dataclass(frozen=True)
class Body:
    """A funding body as the document defines it."""

    name: str
    kind: str
    country: str | None
    acronym: str | None


def bodies(text: str, before: int) -> list[tuple[int, int, Body]]:
    """Bodies the text names before `before` (an acronym's definition included)."""
    found: list[tuple[int, int, Body]] = []
    for m in _BODY_START.finditer(text, 0, before):
        read = _read_body(text, m.start(), len(text), [])
        if read is not None:
            found.append(read)
    return found


def _read_body(
    text: str, start: int, end: int, known: list[tuple[int, int, Body]]
) -> tuple[int, int, Body] | None:
    """The body named from `start` ("Ministère ... (MAE)"); a bare "Ministère" is the one
    ministry named before, if only one was."""
    words = _BODY_WORDS.match(text, _BODY_START.match(text, start).end(), end)  # type: ignore[union-attr]
    name_end = words.end() if words else start
    written = clean_space(text[start:name_end])
    acronym = _BODY_ACRONYM.match(text, name_end, end)
    parsed = parse_name(written)
    if parsed.kind is None:
        return None
    if len(written.split()) == 1 or fold(written) in _BARE:
        same = {fold(b.name): b for _, _, b in known if b.kind == parsed.kind}
        return (start, name_end, next(iter(same.values()))) if len(same) == 1 else None
    country = "FR" if _ADJ.search(written) else None
    name = written[:1].upper() + written[1:]
    body = Body(name, parsed.kind, country, acronym.group(1) if acronym else None)
    return start, (acronym.end() if acronym else name_end), body


def find_funder(
    text: str, span: tuple[int, int], cue: re.Match[str], known: list[tuple[int, int, Body]]
) -> tuple[int, int, Body] | None:
    """The first body named after the cue; else the only body named before it."""
    after = _bodies_in(text, span[0] + cue.end(), span[1], known)
    if after:
        return after[0]
    before = _bodies_in(text, span[0], span[0] + cue.start(), known)
    return before[0] if len({fold(b.name) for _, _, b in before}) == 1 else None


def _bodies_in(
    text: str, pos: int, end: int, known: list[tuple[int, int, Body]]
) -> list[tuple[int, int, Body]]:
    """Bodies named between `pos` and `end`, by name or by a known acronym, in order."""
    found: list[tuple[int, int, Body]] = []
    for m in _BODY_START.finditer(text, pos, end):
        read = _read_body(text, m.start(), end, known)
        found += [read] if read else []
    for body in {b.acronym: b for _, _, b in known if b.acronym}.values():
        pattern = re.compile(rf"\b{re.escape(body.acronym or '')}\b")
        found += [(m.start(), m.end(), body) for m in pattern.finditer(text, pos, end)]
    return sorted(found, key=lambda c: c[0])
