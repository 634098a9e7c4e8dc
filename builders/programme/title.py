"""The programme a programme document is about, and the authority it names as lead.

* the title: a «quoted» title or a line starting with "Programme" among the first lines; its
  period ("2006-2008") becomes start_year / end_year and is no part of the name;
* sentences (also cut at blank lines and bullets), and the ones giving contact details, which are
  never evidence;
* the lead: the one listed member a "chef de file" sentence names -> a ``lead`` statement.
"""

from __future__ import annotations

import re

from kg.extraction import Extraction, Mention
from kg.names import clean_space, display_case, parse_name
from kg.normalize import fold, strip_accents

_TOP_LINES = 10
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n[ \t]*\n\s*|\n(?=[ \t]*[-•]\s)")
_QUOTED = re.compile(r"«\s*([^«»]{3,300}?)\s*»")
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b")
_RUN_ON = re.compile(r"[,:;]\s*[^\W\d_A-ZÀ-Ý]|\s(?:est|sont|a|ont|porté|financé|mis)\s")
CHEF = re.compile(r"chef\s+de\s+file", re.I)
_AUTHORITY_PREFIX = re.compile(
    r"(?:ville|commune|communaut[ée]\s+(?:de\s+communes|d['’]agglom[ée]ration|urbaine)"
    r"|conseil\s+(?:r[ée]gional|g[ée]n[ée]ral|d[ée]partemental)|r[ée]gion|d[ée]partement)"
    r"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?$",
    re.I,
)
#: sentences giving contact details (e-mail, telephone): never evidence
CONTACT = re.compile(
    r"@|\[at\]|(?:\+\d{2,3}[ .]?)?\b(?:\d{2}[ .]){3,4}\d{2}\b|\b(?:t[ée]l|fax)\s*[.:]", re.I
)


def top_lines(text: str) -> list[re.Match[str]]:
    """The first non-blank lines, skipping a ``source: URL`` header."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if lines and lines[0].group().lower().startswith("source:"):
        lines = lines[1:]
    return lines[:_TOP_LINES]


def programme_title(text: str, before: int | None = None) -> tuple[int, int] | None:
    """The span of the programme's title: a «quoted» title or a "Programme ..." line at the top,
    before `before` (the first listed pair: a programme named under an entry is that entry's,
    not the document's). A line running on as a sentence ("Programme X, porté par ...") is
    no title."""
    top = [m for m in top_lines(text) if before is None or m.end() <= before]
    if not top:
        return None
    for m in _QUOTED.finditer(text, 0, top[-1].end()):
        if parse_name(m.group(1)).kind == "Programme":
            return m.start(1), m.end(1)
    for line in top:
        stripped = line.group().strip()
        if _RUN_ON.search(stripped):
            continue
        if parse_name(stripped).kind == "Programme":
            start = line.start() + line.group().index(stripped)
            return start, start + len(stripped)
    return None


def add_programme(ex: Extraction, text: str, before: int | None = None) -> Mention | None:
    """The programme mention: its name without the period, the period's years as attrs."""
    span = programme_title(text, before)
    if span is None:
        return None
    start, end = span
    period = _PERIOD.search(text, start, end)
    if period:  # "Programme X 2019-2021": the period is no part of the name
        end = start + len(text[start : period.start()].rstrip(" ,;:–-("))
    else:
        period = _PERIOD.search(text, end, min(len(text), end + 40))
    attrs: dict[str, object] = {}
    if period:
        attrs["start_year"], attrs["end_year"] = int(period.group(1)), int(period.group(2))
    name = display_case(clean_space(text[start:end]))
    return ex.add_mention(text[start:end], start, end, "Programme", name=name, attrs=attrs)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans (also cut at blank lines and bullets), trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            spans.append((start + lead, start + len(chunk.rstrip())))
        start = m.end() if m else len(text)
    return spans


def add_leads(
    ex: Extraction,
    text: str,
    sentences: list[tuple[int, int]],
    members: list[Mention],
    programme: Mention,
) -> None:
    """A ``lead`` statement per authority named "chef de file" (once each)."""
    done: set[str] = set()
    for start, end in sentences:
        sentence = text[start:end]
        if not CHEF.search(sentence) or CONTACT.search(sentence):
            continue
        found = _members_in(text, start, end, members)
        if len(found) != 1:
            continue
        member, (m0, m1) = found[0]
        if fold(member.name) in done:
            continue
        done.add(fold(member.name))
        lead = _copy_mention(ex, text, m0, m1, member)
        roles = {"lead": lead.id, "programme": programme.id}
        ex.add_statement("lead", roles, start, end, sentence)


def _copy_mention(ex: Extraction, text: str, start: int, end: int, of: Mention) -> Mention:
    """A new mention at `start:end` of the thing `of` names."""
    attrs = dict(of.attrs)
    return ex.add_mention(
        text[start:end], start, end, of.kind, name=of.name, country=of.country, attrs=attrs
    )


def _members_in(
    text: str, start: int, end: int, members: list[Mention]
) -> list[tuple[Mention, tuple[int, int]]]:
    """Listed members whose core name the span writes, with the span of that name."""
    key = _search_key(text[start:end])
    found: dict[str, tuple[Mention, tuple[int, int]]] = {}
    for member in members:
        core = _search_key(parse_name(member.name).core)
        m = re.search(rf"(?<!\w){re.escape(core)}(?!\w)", key)
        if m and fold(member.name) not in found:
            prefix = _AUTHORITY_PREFIX.search(text[start : start + m.start()])
            m0 = start + (prefix.start() if prefix else m.start())
            found[fold(member.name)] = (member, (m0, start + m.end()))
    return list(found.values())


def _search_key(text: str) -> str:
    """Lower case without accents, one character per character (offsets are kept)."""
    return "".join((strip_accents(c) or c)[:1].lower() for c in text)
