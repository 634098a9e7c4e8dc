"""Sentences (and list items) of prose with PDF and web artefacts, as character spans.

A line break ends a unit when the line ends a sentence (".", "!", "?", ":" or ";"), when the
next line starts a list item ("-", "•", "1-", "1)") or a field ("Partenaire local : X"), or
when a blank line follows; otherwise
the line was wrapped (PDF extraction) and the unit goes on. Inside a unit, ".", "!" and "?"
followed by a space and a capital, a quote or a digit end a sentence, except after common
abbreviations ("M.", "Mme.", "Dr.", "n°.", single initials).
"""

from __future__ import annotations

import re

_ITEM = re.compile(r"^\s*(?:[-–•●▪*►]|\d{1,2}\s*[-).]\s)")
_FIELD = re.compile(r"^\s*[A-ZÀ-Ý][\w'’ -]{0,40}?\s?:(?:\s|$)")
_LINE_END = re.compile(r"[.!?:;»\"”]\s*$")
_STOP = re.compile(r"(?<=[.!?…])[»\"”]?\s+(?=[«\"“(]?\s*[A-ZÀ-Ý0-9])")
_ABBREV = re.compile(r"(?:\b(?:M|Mme|Mlle|MM|Dr|Pr|Me|St|Ste|cf|art|n°|N°|p|vol)|\b[A-Z])\.$")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans of the text's units: lines joined when a sentence runs over a line break."""
    spans: list[tuple[int, int]] = []
    start, pos = 0, 0
    lines = text.split("\n")
    for i, line in enumerate(lines):
        end = pos + len(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            not nxt.strip()
            or not line.strip()
            or _LINE_END.search(line)
            or _ITEM.match(nxt)
            or _FIELD.match(nxt)
            or (nxt[:1].isupper() and len(line.strip()) < 60)
        ):
            spans.append((start, end))
            start = end + 1
        pos = end + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside one unit."""
    out, begin = [], start
    for m in _STOP.finditer(text, start, end):
        if _ABBREV.search(text[max(begin, m.start() - 6) : m.start()]):
            continue
        out.append((begin, m.start()))
        begin = m.end()
    out.append((begin, end))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence or list item of `text`, stripped, non-empty, in order."""
    out = []
    for b_start, b_end in _blocks(text):
        for s, e in _split_block(text, b_start, b_end):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s:
                out.append((s, e))
    return out
