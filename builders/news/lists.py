"""Enumerated beneficiaries: "Les communes bénéficiaires ... sont : A ; B ; ... et C.",
"Les communes bénéficiaires sont A, B et C."

The list follows a colon in a sentence that says what its items are (beneficiaries, targeted,
selected, partner or member communes...); items are split on ";" or "," and the last " et ".
Each item becomes a name (a town unless it is already known as something else), member of the
initiative the sentence or the text names.
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from builders.news.relations import INITIATIVES
from kg.countries import demonym_code
from kg.names import parse_name

_LIST_CUE = re.compile(
    r"\b(?:b[ée]n[ée]ficiaires?|cibl[ée]+e?s?|retenue?s?|s[ée]lectionn[ée]+e?s?|concern[ée]+e?s?"
    r"|partenaires|membres|participantes?|suivantes|engag[ée]+e?s?|pilotes|associ[ée]+e?s"
    r"|impliqu[ée]+e?s|laur[ée]ates?|accompagn[ée]+e?s|appuy[ée]+e?s|[ée]ligibles)\b"
    r"(?:[^:\n]{0,120}:|\s+(?:sont|seront|étaient)\s*:?)\s*",
    re.I,
)
#: "sont les communes de A, B et C": the designator before the items
_DESIGNATED_LIST = re.compile(
    r"(?:les\s+)?(?:communes|villes|municipalit[ée]s|localit[ée]s|collectivit[ée]s)\s+"
    r"(?:de\s+|d['’]\s*)(?=[A-ZÀ-Ý])",
    re.I,
)
#: the clause that closes a list: "A, B et C, où seront ouverts ...", "..., qui recevront ..."
_CLAUSE = re.compile(r"\s*,\s+(?:où|qui|dont|afin|pour|avec|dans|grâce|soit)\b")
_ITEM_SPLIT = re.compile(r"\s*[;,]\s*|\s+et\s+")
_ITEM = re.compile(r"^[A-ZÀ-Ý][\w’'-]*(?:\s+(?:[A-ZÀ-Ý][\w’'-]*|\d{1,2}|de|du|d['’]\w+)){0,4}$")
_DEMONYM = re.compile(r"\b(?:communes|villes|collectivit[ée]s|r[ée]gions)\s+([a-zéèï]+)", re.I)
_MIN_ITEMS = 3


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    body = text[start:end]
    clause = _CLAUSE.search(body)
    body = body[: clause.start()] if clause else body.rstrip(" .;")
    for m in _ITEM_SPLIT.finditer(body):
        spans.append((pos, start + m.start()))
        pos = start + m.end()
    spans.append((pos, start + len(body)))
    return [(s, e) for s, e in spans if e > s]


def enumerations(text: str, sentences: list[tuple[int, int]]) -> list[tuple[list[Cand], int, int]]:
    """(items, sentence start, sentence end) of every enumeration of names."""
    out = []
    for s, e in sentences:
        cue = _LIST_CUE.search(text, s, e)
        if cue is None:
            continue
        designated = _DESIGNATED_LIST.match(text, cue.end(), e)
        items = _items(text, designated.end() if designated else cue.end(), e)
        names = [(a, b) for a, b in items if _ITEM.match(text[a:b])]
        if len(names) < _MIN_ITEMS or len(names) < 0.8 * len(items):
            continue
        demonym = _DEMONYM.search(text, s, cue.end())
        country = demonym_code(demonym.group(1)) if demonym else None
        cands = [Cand(a, b, "Commune", text[a:b], country, source="list") for a, b in names]
        out.append((cands, s, e))
    for s, e in sentences:
        out += _parenthesised(text, s, e)
    return out


#: "7 collectivités en Franche-Comté (A, B, C)", "leurs partenaires burkinabè (communes de A,
#: de B et de C)": a collective noun, then its members in parentheses
_PAREN_LIST = re.compile(
    r"\b(?:collectivit[ée]s|communes|villes|partenaires|membres|r[ée]gions|d[ée]partements"
    r"|municipalit[ée]s|intercommunalit[ée]s)\b[^()\n.;:]{0,60}\(\s*(?P<items>[^()\n]{5,400})\)",
    re.I,
)
_ITEM_LEAD = re.compile(
    r"^(?:(?:les\s+)?(?:communes?|villes?|collectivit[ée]s?)(?:\s+rurales?|\s+urbaines?)?\s+)?"
    r"(?:de\s+|d['’]\s*)?",
    re.I,
)


def _parenthesised(text: str, s: int, e: int) -> list[tuple[list[Cand], int, int]]:
    out = []
    for m in _PAREN_LIST.finditer(text, s, e):
        items = _items(text, m.start("items"), m.end("items"))
        names = []
        for a, b in items:
            lead = _ITEM_LEAD.match(text[a:b])
            a = a + lead.end() if lead else a
            if _ITEM.match(text[a:b]) or _ORGANISATION.match(text[a:b]):
                names.append((a, b))
        if len(names) < _MIN_ITEMS or len(names) < 0.8 * len(items):
            continue
        demonym = _DEMONYM.search(text, max(s, m.start()), m.start("items"))
        country = demonym_code(demonym.group(1)) if demonym else None
        cands = []
        for a, b in names:
            parsed = parse_name(text[a:b])
            kind = parsed.kind if parsed.kind in _PLACE_KINDS else "Commune"
            cands.append(Cand(a, b, kind, text[a:b], country, source="list"))
        out.append((cands, s, e))
    return out


#: an authority named by its council or grouping: "Conseil départemental du Territoire de X"
_ORGANISATION = re.compile(
    r"^(?:Conseil|Communauté|Pays|Métropole|Syndicat|Grand)\b[\w’' -]{3,80}$"
)
_PLACE_KINDS = ("Commune", "LocalAuthority", "Department", "Region", "Intercommunality")


def merge_items(cands: list[Cand], items: list[Cand]) -> list[Cand]:
    """The candidates with each list item in place of what overlaps it (a known name keeps its
    reference entry and country)."""
    out = list(cands)
    people = [i for i in items if any(_person_over(c, i) for c in out)]
    items[:] = [i for i in items if i not in people]  # "les maires des communes, A et B"
    for item in items:
        same = [
            c for c in out if c.start < item.end and item.start < c.end and not _titled(c, item)
        ]
        known = next((c for c in same if c.ref and c.kind != "Country"), None)
        if known is not None and known.start == item.start and known.end == item.end:
            items[items.index(item)] = known
            continue
        out = [c for c in out if c not in same]
        out.append(item)
    return sorted(out, key=lambda c: c.start)


def _titled(c: Cand, item: Cand) -> bool:
    """Whether an item is a name inside an initiative's title ("Programme … entre 4 communes
    (A, B, C et D) et …"): the title stays whole, the item is one more name within it."""
    inside = c.start <= item.start and item.end <= c.end and c.end - c.start > item.end - item.start
    return inside and c.kind in INITIATIVES


def _person_over(c: Cand, item: Cand) -> bool:
    return c.kind == "Person" and c.start <= item.start and item.end <= c.end
