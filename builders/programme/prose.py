"""The prose of a programme document or a directory (introduction, history, the notes under
each entry), read with the free-text reader of `builders.news` and merged into the extraction.

What is read: every part of the text that is not a listed pair, the programme's title, the
budget sentence, a heading or the ``source:`` line; a line giving contact details (an
address, a telephone number) is not read at all: nothing of it, not even the contact
person's name, reaches the graph.

The lists stay authoritative for what they state:

* partnerships: a prose partnership is dropped when it repeats a listed pair (the two names
  folded, either order) or when one of its sides is a listed member (the list says whom that
  member is twinned with); partnerships between actors the lists do not name are kept;
* funding and lead: a prose statement read from a sentence the structured reader already read
  (a co-funding, a "chef de file" sentence) is dropped, and so is any prose statement that
  repeats a structured one (same kind, same names folded);
* everything else the prose states is kept: entities, funding, lead, membership, events.

A prose mention of the listed programme by a shorter name ("le Programme Concerté") or by its
acronym takes the title's name, so the programme stays one entity.
"""

from __future__ import annotations

import re

from builders.programme.title import CONTACT
from kg.document import Document
from kg.extraction import Extraction, Mention, Statement
from kg.normalize import fold

_SOURCE = re.compile(r"source:[^\n]*", re.I)
_LINE_END = re.compile(r"[.!?:;»\"”]\s*$")
_ITEM = re.compile(r"^\s*(?:[-–•●▪*►]|\d{1,2}\s*[-).]\s)")


def prose_spans(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `text` the prose reader reads: outside the `covered` spans, without
    contact lines and headings."""
    return [span for gap in _gaps(text, covered) for span in _read_lines(text, *gap)]


def _gaps(text: str, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of `text` outside the `covered` spans and the ``source:`` line."""
    skip = sorted(covered)
    source = _SOURCE.match(text)
    if source:
        skip.insert(0, (0, source.end()))
    gaps: list[tuple[int, int]] = []
    pos = 0
    for start, end in [*skip, (len(text), len(text))]:
        if start > pos and text[pos:start].strip():
            gaps.append((pos, start))
        pos = max(pos, end)
    return gaps


def _read_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """`start:end` without its lines giving contact details and its headings (see
    `_heading`)."""
    spans: list[tuple[int, int]] = []
    pos = start
    for line in re.finditer(r"[^\n]+", text[start:end]):
        l0, l1 = start + line.start(), start + line.end()
        if CONTACT.search(text, l0, l1) is None and not _heading(text, l0, l1):
            continue
        if l0 > pos:
            spans.append((pos, l0))
        pos = l1
    if end > pos:
        spans.append((pos, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _blanked(text: str, start: int, end: int) -> str:
    """`text[start:end]` with what is not read (see `_read_lines`) made spaces, same length:
    the reader sees the prose where it stands, and nothing of a contact line."""
    out = [c if c == "\n" else " " for c in text[start:end]]
    for a, b in _read_lines(text, start, end):
        out[a - start : b - start] = text[a:b]
    return "".join(out)


def _heading(text: str, start: int, end: int) -> bool:
    """A title line, not prose: three words or more in capitals, or a short line (at most
    three words, no sentence punctuation) standing alone before a blank line."""
    line = text[start:end]
    letters = [c for c in line if c.isalpha()]
    words = line.split()
    if len(words) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters):
        return True
    alone = re.match(r"[ \t]*(?:\n|$)", text[end + 1 :]) is not None
    return alone and 0 < len(words) <= 3 and not re.search(r"[.,;:!?()@]", line)


def add_prose(
    ex: Extraction,
    doc: Document,
    covered: list[tuple[int, int]],
    programme: Mention | None,
) -> None:
    """Read the prose of `doc` into `ex`; `covered` are the spans already read (pairs, title,
    budget), the statements already in `ex` the structured reading."""
    from builders.news import read_prose

    structured = list(ex.statements)
    first_prose = len(ex.mentions)
    text = doc.text
    before = len(ex.statements)
    for start, end in _gaps(text, covered):
        read_prose(ex, unwrap(_blanked(text, start, end)), start, doc.date)
    for m in ex.mentions[first_prose:]:
        m.text, m.name = text[m.start : m.end], " ".join(m.name.split())
    for s in ex.statements[before:]:
        s.evidence = text[s.start : s.end]
    if programme is not None:
        _same_programme(ex.mentions[first_prose:], programme)
    _same_members(ex.mentions[:first_prose], ex.mentions[first_prose:])
    listed = _listed(ex, structured)
    seen = {_signature(ex, s) for s in structured}
    kept = []
    for s in ex.statements[before:]:
        if _keep(ex, s, structured, listed) and _signature(ex, s) not in seen:
            seen.add(_signature(ex, s))
            kept.append(s)
    ex.statements[before:] = kept


def unwrap(text: str) -> str:
    """`text` with the line breaks of wrapped lines (a PDF's) made spaces, same length: a
    line that does not end a sentence, followed by a line that is not blank, a list item or
    a short heading's follower."""
    lines = text.split("\n")
    out = []
    for line, nxt in zip(lines, [*lines[1:], None], strict=True):
        wrapped = (
            nxt is not None
            and line.strip()
            and nxt.strip()
            and not _LINE_END.search(line)
            and not _ITEM.match(nxt)
            and len(line.strip()) >= 60
        )
        out.append(line + (" " if wrapped else "\n" if nxt is not None else ""))
    return "".join(out)


def _signature(ex: Extraction, s: Statement) -> tuple[str, frozenset[tuple[str, str]]]:
    """A statement as compared: its kind and its roles' folded names (partners unordered)."""
    roles = {(role, fold(ex.mention(mid).name)) for role, mid in s.roles.items()}
    if s.kind == "partnership":
        roles = {("partner", name) for _, name in roles}
    return s.kind, frozenset(roles)


def _listed(ex: Extraction, structured: list[Statement]) -> set[str]:
    """Folded names of every side of a listed pair."""
    return {
        fold(ex.mention(mid).name)
        for s in structured
        if s.kind == "partnership"
        for mid in s.roles.values()
    }


def _keep(ex: Extraction, s: Statement, structured: list[Statement], listed: set[str]) -> bool:
    if s.kind == "partnership":
        names = {fold(ex.mention(mid).name) for mid in s.roles.values()}
        return not names & listed
    if s.kind in ("funding", "lead"):
        return not any(t.kind == s.kind and t.start < s.end and s.start < t.end for t in structured)
    return True


def _same_members(listed: list[Mention], prose: list[Mention]) -> None:
    """A prose mention naming a listed authority (same name folded) takes its kind and
    country, so both read as one entity."""
    by_name = {fold(m.name): m for m in listed if m.kind != "Programme"}
    for m in prose:
        known = by_name.get(fold(m.name))
        if known is not None and m.kind not in ("Person", "Country"):
            m.kind, m.country = known.kind, m.country or known.country


def _same_programme(mentions: list[Mention], programme: Mention) -> None:
    """Prose mentions naming the listed programme by a shorter form or its acronym take the
    programme's name, so both read as one entity."""
    full = fold(programme.name)
    acronym = programme.attrs.get("acronym")
    for m in mentions:
        if m.kind != "Programme":
            continue
        name = fold(m.name)
        if (len(name) > len("programme ") and full.startswith(name)) or (
            acronym and name == fold(str(acronym))
        ):
            m.name = programme.name
