"""Projects named without a head word, and the partner block of a project sheet.

* `title_project`: a project sheet (a page with a "Partenaires" block or a "Porteur du
  projet :" field; a press headline is no project name) whose first line is a nominal title
  ("Amélioration de l'accès à l'eau dans la commune de X", "Construction d'un marché à Y")
  names its project;
* `prose_projects`: "le projet d'extension du réseau d'eau de X" — a definite "projet de",
  nouns and adjectives, closed by a proper name;
* `partner_block`: the lines under a "Partenaires" heading, one partner a line, each written
  with the town of its seat after it ("Association Z Lyon"): the seat is no mention.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from builders.candidates import Cand
from builders.news.patterns import continue_name
from kg.normalize import fold

_SHEET = re.compile(r"^[ \t]*partenaires[ \t]*:?[ \t]*$|porteur\s+du\s+projet\s*:", re.I | re.M)
_FIRST_LINE = re.compile(r"\A\s*(?P<line>[^\n]+)")
_NOMINAL = re.compile(r"^(?:\w+(?:tion|ment|age|ure|sion)|appui|acces|soutien)$")
_PROSE = re.compile(r"\b(?:le|du|au)\s+(?P<head>projet)\s+(?=d['’]|de\s)", re.I)
_NOMINAL_POS = ("NOUN", "ADJ", "ADP", "DET", "PUNCT")
_SMALL = frozenset(["d'", "d’", "l'", "l’", "de", "du", "des", "la", "le", "les", "à", "au", "et"])
_BLOCK = re.compile(r"^[ \t]*Partenaires[ \t]*:?[ \t]*\n", re.M)
_FIELD = re.compile(r"^\S[^\n]*:")
_MAX_ITEMS = 15


def title_project(text: str) -> Cand | None:
    """The project a project sheet's nominal title line names, or None."""
    m = _FIRST_LINE.match(text)
    if m is None or not _SHEET.search(text):
        return None
    line = m.group("line").rstrip()
    words = line.split()
    if not 4 <= len(words) <= 30 or line.endswith((".", ":", "!", "?")):
        return None
    if not words[0][:1].isupper() or not _NOMINAL.match(fold(words[0])):
        return None
    start = m.start("line")
    return Cand(start, start + len(line), "Project", line, source="title")


def prose_projects(text: str, sdoc: Doc) -> list[Cand]:
    """Definite "projet de …" names closed by a proper name (see the module docstring)."""
    out = []
    for m in _PROSE.finditer(text):
        span = sdoc.char_span(m.end(), min(len(text), m.end() + 120), alignment_mode="contract")
        proper = next((t for t in span or () if t.text[:1].isupper()), None)
        if proper is None or "\n" in text[m.end() : proper.idx]:
            continue
        between = [t for t in span if t.idx < proper.idx]  # type: ignore[union-attr]
        if len(between) < 2 or any(
            t.pos_ not in _NOMINAL_POS and t.lower_ not in _SMALL for t in between
        ):
            continue
        if any(t.text in ",;:()" for t in between):
            continue
        end = continue_name(text, proper.idx, limit=3, place=True)
        name = text[m.start("head") : end]
        out.append(Cand(m.start("head"), end, "Project", name, source="prose"))
    return out


def partner_block(text: str) -> list[tuple[int, int]]:
    """(start, end) of each partner line under a "Partenaires" heading."""
    out: list[tuple[int, int]] = []
    for m in _BLOCK.finditer(text):
        pos = m.end()
        for line in text[m.end() :].split("\n")[: 2 * _MAX_ITEMS]:
            start, pos = pos, pos + len(line) + 1
            if _FIELD.match(line):
                break
            if line.strip():
                lead = len(line) - len(line.lstrip())
                out.append((start + lead, start + len(line.rstrip())))
    return out


def _partner(text: str, start: int, end: int, cands: list[Cand]) -> tuple[Cand, int]:
    """The partner a line names, and where its seat (the line's last word) starts."""
    seat = text.rfind(" ", start, end) + 1 if " " in text[start:end] else end
    named = next((c for c in cands if c.start <= start < c.end), None)
    if named is not None:
        return named, max(seat, named.end)
    name = text[start:seat].strip() or text[start:end]
    return Cand(start, start + len(name), "Association", name, source="sheet"), seat


def sheet_partners(text: str, cands: list[Cand]) -> tuple[list[Cand], list[Cand]]:
    """The candidates without the seats of a partner block, and the partners it lists."""
    partners, seats = [], []
    for start, end in partner_block(text):
        partner, seat = _partner(text, start, end, cands)
        partners.append(partner)
        seats.append((seat, end))
    kept = [c for c in cands if not any(s <= c.start < e for s, e in seats)]
    kept += [p for p in partners if p not in kept]
    return sorted(kept, key=lambda c: c.start), partners
