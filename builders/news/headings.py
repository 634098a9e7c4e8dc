"""Model spans that are headings, field labels or rubrics, not names.

The French model tags capitalised words as places or organisations; a word is capitalised at
the start of a line or a sentence whatever it is ("Fiche projet", "Pays : Niger", "Activités
principales", "Secrétariat technique"). So a single word the model alone proposes as a place is
kept only when the text also writes it capitalised inside a sentence (or after a colon), or
when the parse makes it the subject of a verb ("Cherbourg est jumelée avec …"); a
common-noun phrase ("Fonds propres", "Solidarité internationale": a capital, then lower-case
words) is no organisation at the start of a line or after a dash; nor is an upper-case heading
line without a head word ("COMPTE RENDU").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from builders.candidates import Cand
from builders.news.patterns import head_kind

_OPENING = re.compile(r"(?:^|[\n.!?…]|\s[-–—•]|^[-–—•])[\s«\"“]*$")
_LOWER_TAIL = re.compile(r"^\S+(?:\s+[a-zà-ÿ'’-]+)+$")


def _opening(text: str, start: int) -> bool:
    """Whether a word at `start` opens a line, a sentence or a dash-separated rubric."""
    return bool(_OPENING.search(text[max(0, start - 12) : start]))


def _written_inside(text: str, word: str) -> bool:
    """Whether `word` appears, capitalised, somewhere other than at an opening."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        if not _opening(text, m.start()):
            return True
    return False


def _proper_subject(sdoc: Doc | None, c: Cand) -> bool:
    """Whether the parse makes the word a proper noun that is the subject of a verb
    ("Cherbourg est jumelée avec …"): a heading is the subject of nothing."""
    span = sdoc.char_span(c.start, c.end, alignment_mode="expand") if sdoc is not None else None
    if span is None or len(span) != 1:
        return False
    token = span[0]
    return (
        token.pos_ == "PROPN"
        and token.dep_ in ("nsubj", "nsubj:pass")
        and token.head.pos_ == "VERB"
        and token.head.i > token.i
    )


def _line(text: str, c: Cand) -> str:
    start = text.rfind("\n", 0, c.start) + 1
    end = text.find("\n", c.end)
    return text[start : end if end != -1 else len(text)].strip()


def is_heading(text: str, c: Cand, label: str, sdoc: Doc | None = None) -> bool:
    """Whether the model span `c` (labelled `label`) is a heading word, not a name."""
    if c.kind == "Commune" and " " not in c.name:
        return not _written_inside(text, c.name) and not _proper_subject(sdoc, c)
    if (
        label in ("ORG", "MISC")
        and _LOWER_TAIL.match(c.name)
        and head_kind(c.name) in (None, "Funder")
    ):
        return _opening(text, c.start)
    line = _line(text, c)
    return line.isupper() and head_kind(line.title()) is None and c.name.upper() == c.name
