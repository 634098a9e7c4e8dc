"""Programme documents and directories listing twinned authorities, one pair per line.

`ProgrammePairsBuilder` reads:

* every listed pair (see `builders.pairs_lines`) -> a ``partnership`` statement, the French side
  in country FR, the partner in the country the document names ("franco-togolaise",
  "partenaires maliens", or a country in the title);
* the programme named by the title (a «quoted» title or a line starting with "Programme" at
  the top, its period "2006-2008" as start_year / end_year) -> each pair side a ``member``;
* the authority a sentence names "chef de file" (one of the listed members) -> ``lead``;
* the programme's budget ("budget ... de 88 624 €") -> the programme's attrs, and the bodies a
  sentence names as co-funders ("cofinancement", "crédit de", "participation du Ministère de
  49 %"...) -> ``funding`` statements with amount, currency, share and year when written.

Funding is read conservatively: one funder per sentence (the first body named after the cue,
else the only one named before it; a bare "Ministère" or acronym is the body defined earlier),
the programme as recipient, and only when an amount or a share is written.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from builders.extraction import Extraction, Mention
from builders.kinds import clean_space, display_case, parse_name
from builders.pairs_lines import Pair, Side, find_pairs
from kg.countries import country_code, demonym_code
from kg.document import Document
from kg.normalize import fold, strip_accents

_MIN_PAIRS = 3
_TOP_LINES = 10
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|\n[ \t]*\n\s*|\n(?=[ \t]*[-•]\s)")
_DEMONYM = re.compile(r"\bfranco[-‐ ]([^\W\d_]+)|\bpartenaires\s+([^\W\d_]+)", re.I)
_QUOTED = re.compile(r"«\s*([^«»]{3,300}?)\s*»")
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)\b")
_CHEF = re.compile(r"chef\s+de\s+file", re.I)
_AUTHORITY_PREFIX = re.compile(
    r"(?:ville|commune|communaut[ée]\s+(?:de\s+communes|d['’]agglom[ée]ration|urbaine)"
    r"|conseil\s+(?:r[ée]gional|g[ée]n[ée]ral|d[ée]partemental)|r[ée]gion|d[ée]partement)"
    r"\s+(?:de\s+la\s+|de\s+l['’]|du\s+|des\s+|de\s+|d['’])?$",
    re.I,
)
_CONTACT = re.compile(
    r"@|\[at\]|(?:\+\d{2,3}[ .]?)?\b(?:\d{2}[ .]){3,4}\d{2}\b|\b(?:t[ée]l|fax)\s*[.:]", re.I
)
_AMOUNT = re.compile(
    r"(?<![\d,])(\d{1,3}(?:[ \u00a0\u202f.]\d{3})+|\d+)(?:,(\d{1,2}))?\s*"
    r"(€|EUR\b|euros?\b|F\s?CFA\b|francs\s+CFA\b)",
    re.I,
)
_SHARE = re.compile(r"(?<![\d,])(\d{1,3}(?:,\d+)?)\s*%")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_BUDGET = re.compile(r"\bbudget\b[^.€]{0,60}?\bde\s+(?=\d)", re.I)
_FUNDING_CUE = re.compile(
    r"co-?financ\w*|cr[ée]dit\s+de|dot[ée]e?s?\s+d['’]un\s+cr[ée]dit|participation\s+d[eu]"
    r"|financement\s+d[eu]|subvention",
    re.I,
)
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


class ProgrammePairsBuilder:
    """Programme documents and directories of twinned authorities."""

    name = "programme-pairs"
    version = "1.0"
    description = (
        "Lists of French/foreign twinned authorities (programme documents, directories): "
        "partnerships, programme membership, lead, budget and co-funders."
    )

    def claim(self, doc: Document) -> float:
        if len(find_pairs(doc.text)) < _MIN_PAIRS:
            return 0.0
        score = 0.8
        if _programme_title(doc.text) is not None:
            score += 0.1
        if _CHEF.search(doc.text):
            score += 0.05
        return round(score, 2)

    def build(self, doc: Document) -> Extraction:
        text = doc.text
        url = doc.url or _source_url(text)
        ex = Extraction(self.name, self.version, title=doc.title, date=doc.date, url=url)
        programme = _add_programme(ex, text)
        foreign_country = _document_country(text)
        members = _add_pairs(ex, text, find_pairs(text), foreign_country, programme)
        if programme is not None:
            sentences = _sentences(text)
            _add_leads(ex, text, sentences, members, programme)
            budget = _add_budget(text, sentences, programme)
            _add_fundings(ex, text, sentences, programme, budget)
        if ex.title is None and programme is not None:
            ex.title = programme.name
        return ex


# --- pairs ---------------------------------------------------------------------------------


def _add_pairs(
    ex: Extraction, text: str, pairs: list[Pair], country: str | None, programme: Mention | None
) -> list[Mention]:
    """Mentions and statements of every pair; returns the members' mentions."""
    members: list[Mention] = []
    for pair in pairs:
        a = _side_mention(ex, text, pair.french, "FR")
        b = _side_mention(ex, text, pair.foreign, country)
        evidence = text[pair.start : pair.end]
        ex.add_statement("partnership", {"a": a.id, "b": b.id}, pair.start, pair.end, evidence)
        for side in (a, b):
            members.append(side)
            if programme is not None:
                roles = {"member": side.id, "programme": programme.id}
                ex.add_statement("member", roles, pair.start, pair.end, evidence)
    return members


def _side_mention(ex: Extraction, text: str, side: Side, country: str | None) -> Mention:
    attrs: dict[str, str] = {}
    if side.code:
        attrs["department"] = side.code
    if side.acronym:
        attrs["acronym"] = side.acronym
    written = text[side.start : side.end]
    return ex.add_mention(
        written, side.start, side.end, side.kind, name=side.name, country=country, attrs=attrs
    )


def _document_country(text: str) -> str | None:
    """The partners' country: the most written demonym ("franco-togolaise"), else a country
    named in the title lines."""
    codes = Counter()
    for m in _DEMONYM.finditer(text):
        code = demonym_code(m.group(1) or m.group(2))
        if code and code != "FR":
            codes[code] += 1
    if codes:
        return codes.most_common(1)[0][0]
    for line in _top_lines(text):
        words = re.findall(r"[^\W\d_]{3,}", line.group())
        for word in [*words, *map(" ".join, itertools.pairwise(words))]:
            code = country_code(word) if word[0].isupper() else None
            if code and code != "FR":
                return code
    return None


def _source_url(text: str) -> str | None:
    """The URL of a ``source: <URL>`` first line, if any."""
    m = re.match(r"source:\s*(https?://\S+)", text)
    return m.group(1) if m else None


# --- programme ------------------------------------------------------------------------------


def _top_lines(text: str) -> list[re.Match[str]]:
    """The first non-blank lines, skipping a ``source: URL`` header."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if lines and lines[0].group().lower().startswith("source:"):
        lines = lines[1:]
    return lines[:_TOP_LINES]


def _programme_title(text: str) -> tuple[int, int] | None:
    """The span of the programme's title: a «quoted» title or a "Programme ..." line at the top."""
    top = _top_lines(text)
    if not top:
        return None
    for m in _QUOTED.finditer(text, 0, top[-1].end()):
        if parse_name(m.group(1)).kind == "Programme":
            return m.start(1), m.end(1)
    for line in top:
        stripped = line.group().strip()
        if parse_name(stripped).kind == "Programme":
            start = line.start() + line.group().index(stripped)
            return start, start + len(stripped)
    return None


def _add_programme(ex: Extraction, text: str) -> Mention | None:
    """The programme mention: its name without the period, the period's years as attrs."""
    span = _programme_title(text)
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


def _sentences(text: str) -> list[tuple[int, int]]:
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


# --- lead ---------------------------------------------------------------------------------


def _add_leads(
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
        if not _CHEF.search(sentence) or _CONTACT.search(sentence):
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


# --- budget and funding -------------------------------------------------------------------


def _add_budget(
    text: str, sentences: list[tuple[int, int]], programme: Mention
) -> tuple[int, int] | None:
    """The first written budget becomes the programme's budget and currency; returns the span
    of its amount (no funding amount)."""
    for start, end in sentences:
        cue = _BUDGET.search(text, start, end)
        amount = _AMOUNT.match(text, cue.end(), end) if cue else None
        if amount:
            programme.attrs["budget"], programme.attrs["currency"] = _money(amount)
            return amount.start(), amount.end()
    return None


def _money(m: re.Match[str]) -> tuple[str, str]:
    """("50000", "EUR") from a matched amount."""
    whole = re.sub(r"\D", "", m.group(1))
    value = f"{whole}.{m.group(2)}" if m.group(2) else whole
    unit = m.group(3).lower()
    return value, ("XOF" if "cfa" in unit else "EUR")


def _add_fundings(
    ex: Extraction,
    text: str,
    sentences: list[tuple[int, int]],
    programme: Mention,
    budget: tuple[int, int] | None,
) -> None:
    """A ``funding`` statement per sentence naming a co-funder with an amount or a share."""
    defined = _bodies(text, len(text))
    for start, end in sentences:
        sentence = text[start:end]
        cue = _FUNDING_CUE.search(sentence)
        if cue is None or _CONTACT.search(sentence):
            continue
        known = [b for b in defined if b[0] < start]
        funder = _funder(text, (start, end), cue, known)
        attrs = _funding_attrs(text, (start, end), start + cue.start(), budget)
        if funder is None or not attrs:
            continue
        b0, b1, body = funder
        battrs = {"acronym": body.acronym} if body.acronym else {}
        m = ex.add_mention(
            text[b0:b1], b0, b1, body.kind, name=body.name, country=body.country, attrs=battrs
        )
        roles = {"funder": m.id, "recipient": programme.id}
        ex.add_statement("funding", roles, start, end, sentence, **attrs)


def _funding_attrs(
    text: str, span: tuple[int, int], cue: int, budget: tuple[int, int] | None
) -> dict[str, str | int]:
    """Amount, currency and share written after the cue, and the year the sentence dates."""
    start, end = span
    attrs: dict[str, str | int] = {}
    for m in _AMOUNT.finditer(text, cue, end):
        if (m.start(), m.end()) != budget:
            attrs["amount"], attrs["currency"] = _money(m)
            break
    share = _SHARE.search(text, cue, end)
    if share:
        attrs["share"] = share.group(1).replace(",", ".")
    years = set(_YEAR.findall(text, start, end))
    if attrs and len(years) == 1:
        attrs["year"] = int(years.pop())
    return attrs


def _bodies(text: str, before: int) -> list[tuple[int, int, Body]]:
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


def _funder(
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
