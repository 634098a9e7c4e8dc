"""The programme's budget and its co-funders, read sentence by sentence.

* the first "budget ... de 88 624 €" -> the programme's ``budget`` and ``currency`` attrs;
* a sentence with a funding cue ("cofinancement", "crédit de", "participation du", "subvention"...)
  and an amount or a share -> a ``funding`` statement: the funder (see `builders.programme.bodies`)
  to the programme, with amount, currency, share, and the year when the sentence writes one.
"""

from __future__ import annotations

import re

from builders.programme.bodies import bodies, find_funder
from builders.programme.title import CONTACT
from kg.extraction import Extraction, Mention

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


def add_budget(
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


def add_fundings(
    ex: Extraction,
    text: str,
    sentences: list[tuple[int, int]],
    programme: Mention,
    budget: tuple[int, int] | None,
) -> None:
    """A ``funding`` statement per sentence naming a co-funder with an amount or a share."""
    defined = bodies(text, len(text))
    for start, end in sentences:
        sentence = text[start:end]
        cue = _FUNDING_CUE.search(sentence)
        if cue is None or CONTACT.search(sentence):
            continue
        known = [b for b in defined if b[0] < start]
        funder = find_funder(text, (start, end), cue, known)
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
