"""Programme documents and directories listing twinned authorities, one pair per line.

`ProgrammePairsBuilder` reads:

* every listed pair (see `builders.programme.lines`) -> a ``partnership`` statement, the French side
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

The builder claims a document only when its lists name authorities (see
`builders.programme.lines.accept`): an agenda of "Session 1 – Retours d'expérience" lines is left
to the free-text builder. A parenthesised place after a side ("Fougères (Ille-et-Vilaine)")
becomes a mention of that département. The rest of the text, its prose, is read by the
free-text reader (see `builders.programme.prose`), the lists staying authoritative.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from builders.programme.funding import add_budget, add_fundings
from builders.programme.lines import Pair, Side, find_pairs
from builders.programme.prose import add_prose
from builders.programme.title import (
    CHEF,
    add_leads,
    add_programme,
    programme_title,
    sentence_spans,
    top_lines,
)
from builders.structure import french_name, table_pairs
from kg.countries import country_code, demonym_code
from kg.document import Document
from kg.extraction import Extraction, Mention
from kg.reference import Reference

_MIN_PAIRS = 3
_DEMONYM = re.compile(r"\bfranco[-‐ ]([^\W\d_]+)|\bpartenaires\s+([^\W\d_]+)", re.I)


class ProgrammePairsBuilder:
    """Programme documents and directories of twinned authorities."""

    name = "programme-pairs"
    version = "1.0"
    description = (
        "Lists of French/foreign twinned authorities (programme documents, directories): "
        "partnerships, programme membership, lead, budget and co-funders."
    )

    def claim(self, doc: Document) -> float:
        pairs = find_pairs(doc.text)
        if len(pairs) < _MIN_PAIRS:
            # a flattened table of pairs: its prose reading (read_prose) reads the table
            known = french_name(Reference.default())
            return 0.8 if len(table_pairs(doc.text, known)) >= _MIN_PAIRS else 0.0
        score = 0.8
        if programme_title(doc.text, pairs[0].start) is not None:
            score += 0.1
        if CHEF.search(doc.text):
            score += 0.05
        return round(score, 2)

    def build(self, doc: Document) -> Extraction:
        text = doc.text
        url = doc.url or _source_url(text)
        ex = Extraction(self.name, self.version, title=doc.title, date=doc.date, url=url)
        pairs = find_pairs(text)
        programme = add_programme(ex, text, pairs[0].start if pairs else None)
        foreign_country = _document_country(text)
        members = _add_pairs(ex, text, pairs, foreign_country, programme)
        covered = [(p.start, p.end) for p in pairs]
        if programme is not None:
            sentences = sentence_spans(text)
            add_leads(ex, text, sentences, members, programme)
            budget = add_budget(text, sentences, programme)
            add_fundings(ex, text, sentences, programme, budget)
            covered.append((programme.start, programme.end))
            covered += [(a, b) for a, b in sentences if budget and a <= budget[0] < b]
        add_prose(ex, doc, covered, programme)
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
        for side, written in ((a, pair.french), (b, pair.foreign)):
            _place_mention(ex, text, written, side.country)
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


def _place_mention(ex: Extraction, text: str, side: Side, country: str | None) -> None:
    """The département or region written in parentheses after a side, in its country."""
    if side.place is None:
        return
    start, end, kind, name = side.place
    ex.add_mention(text[start:end], start, end, kind, name=name, country=country)


def _document_country(text: str) -> str | None:
    """The partners' country: the most written demonym ("franco-togolaise"), else a country
    named in the title lines."""
    codes: Counter[str] = Counter()
    for m in _DEMONYM.finditer(text):
        code = demonym_code(m.group(1) or m.group(2))
        if code and code != "FR":
            codes[code] += 1
    if codes:
        return str(codes.most_common(1)[0][0])
    for line in top_lines(text):
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
