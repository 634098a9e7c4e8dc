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
from builders.structure.lines import line_spans
from kg.normalize import fold

_SHEET = re.compile(r"^[ \t]*partenaires[ \t]*:?[ \t]*$|porteur\s+du\s+projet\s*:", re.I | re.M)
_FIRST_LINE = re.compile(r"\A\s*(?P<line>[^\n]+)")
#: headings of a project record, each alone on its line
_HEADINGS = re.compile(
    r"^[ \t]*(contexte|objectifs?|partenaires|principaux\s+partenaires|financeurs|budget"
    r"|dur[ée]e\s+du\s+projet|lieu\s+d['’]implantation|domaine\s+d['’]intervention"
    r"|b[ée]n[ée]ficiaires|r[ée]sultats|activit[ée]s|dates?\s+cl[ée]s)\b[^\n]{0,25}$",
    re.I | re.M,
)
#: the project spoken of in the opening paragraph of a sheet without headings
_PROJECT_WORD = re.compile(r"\b(?:le|ce|un|du|notre)\s+projet\b", re.I)
_OPENING = 1200
#: the first words of a title that names no project: the document itself, an initiative's
#: own head word (other readers name it), an event
_DOCUMENT_HEADS = frozenset(
    {"bilan", "rapport", "compte-rendu", "synthese", "actualites", "actualite", "fiche", "note",
     "communique", "lettre", "guide", "annuaire", "liste", "presentation", "dossier", "resultats",
     "projet", "programme", "fonds", "signature", "inauguration", "visite", "lancement",
     "remise", "ceremonie", "reunion", "rencontre", "rencontres", "forum", "assises"}
)  # fmt: skip
#: a country or town opening a title before a dash: "Cambodge – ", "Mali - "
_PLACE_PREFIX = re.compile(r"^[A-ZÀ-Ý][\w'’-]*(?:\s[A-ZÀ-Ý][\w'’-]*){0,2}\s+[-–—]\s+")
_NOMINAL = re.compile(r"^(?:\w+(?:tion|ment|age|ure|sion)|appui|acces|soutien)$")
_PROSE = re.compile(r"\b(?:le|du|au|un)\s+(?P<head>projet|programme)\s+(?=d['’]|de\s)", re.I)
_NOMINAL_POS = ("NOUN", "ADJ", "ADP", "DET", "PUNCT", "NUM")
#: a line break inside a sentence (a wrapped line of a PDF or a deliberation): no stop before it
_WRAPPED = re.compile(r"(?<![.:;!?])[ \t]*\n(?=[ \t]*[a-zà-ÿ0-9])")
_SMALL = frozenset(["d'", "d’", "l'", "l’", "de", "du", "des", "la", "le", "les", "à", "au", "et"])
#: a preposition that relates the phrase's proper names instead of naming a project: "un projet
#: de jumelage entre la ville de X et Y", "le projet de coopération avec X" state a link
_RELATING = frozenset(["entre", "avec"])
_BLOCK = re.compile(r"^[ \t]*Partenaires[ \t]*:?[ \t]*\n", re.M)
_FIELD = re.compile(r"^\S[^\n]*:")
_MAX_ITEMS = 15


def title_project(text: str, sdoc: Doc | None = None) -> Cand | None:
    """The project a project sheet's nominal title line names, or None. A sheet has a
    "Partenaires" block, a "Porteur du projet :" field or two of a record's headings
    ("Contexte", "Objectifs", "Budget"…), or has a title that opens with the country or town it
    is about ("Cambodge – Alimentation en eau…") and speaks of its project in its opening;
    and with the parse its head may be any noun ("Eau, source de vie…") but no verb."""
    m = _FIRST_LINE.match(text)
    if m is None:
        return None
    line = m.group("line").rstrip()
    start = m.start("line")
    lead = _PLACE_PREFIX.match(line)
    if not (_SHEET.search(text) or len(set(map(_heading, _HEADINGS.findall(text)))) >= 2):
        opening = (start + len(line), start + len(line) + _OPENING)
        if not (lead and _PROJECT_WORD.search(text, *opening)):
            return None
    words = line.split()
    if not 4 <= len(words) <= 30 or line.endswith((".", "!", "?")) or ":" in line:
        return None  # a headline "X : Y" is no project's name
    head = start + (lead.end() if lead else 0)  # where the title's own words begin
    first = next(iter(text[head : start + len(line)].split()), "")
    if not (first[:1].isupper() or lead) or fold(first).rstrip(",") in _DOCUMENT_HEADS:
        return None
    if not _NOMINAL.match(fold(first).rstrip(",")) and not _nominal_line(sdoc, head, start, line):
        return None
    return Cand(start, start + len(line), "Project", line, source="title")


def _heading(found: str) -> str:
    return fold(found)[:5]


def _nominal_line(sdoc: Doc | None, head: int, start: int, line: str) -> bool:
    """Whether the parse reads the line (at `start`) as a noun phrase: a common noun first (at
    `head`, after a place prefix), no finite verb."""
    if sdoc is None:
        return False
    span = sdoc.char_span(start, start + len(line), alignment_mode="contract")
    if span is None or not len(span):
        return False
    tokens = [t for t in span if t.idx >= head]
    if not tokens or tokens[0].pos_ not in ("NOUN", "PROPN"):
        return False
    if tokens[0].pos_ == "PROPN":  # a capitalised common noun: the words after it are common
        words = [t for t in tokens[1:] if t.is_alpha]
        if not words or sum(t.is_lower for t in words) < 0.6 * len(words):
            return False
    return not any(t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", []) for t in span)


def prose_projects(text: str, sdoc: Doc) -> list[Cand]:
    """Definite "projet de …" names closed by a proper name (see the module docstring)."""
    out = []
    for m in _PROSE.finditer(text):
        span = sdoc.char_span(m.end(), min(len(text), m.end() + 120), alignment_mode="contract")
        proper = next((t for t in span or () if t.text[:1].isupper()), None)
        if proper is None or "\n" in _WRAPPED.sub(" ", text[m.end() : proper.idx]):
            continue
        between = [t for t in span if t.idx < proper.idx and not t.is_space]  # type: ignore[union-attr]
        if len(between) < 2 or any(
            t.pos_ not in _NOMINAL_POS and t.lower_ not in _SMALL for t in between
        ):
            continue
        if any(t.text in ",;:()" or t.text in (".", "!", "?") for t in between):
            continue
        if any(t.lower_ in _RELATING for t in between):  # "un projet de jumelage entre X et Y"
            continue
        if any(t.lower_.endswith("ant") and t.pos_ in ("VERB", "ADJ") for t in between):
            continue  # "un programme de recherche-action associant X": X is a partner
        end = continue_name(text, proper.idx, limit=3, place=True)
        name = " ".join(text[m.start("head") : end].split())
        kind = "Programme" if m.group("head").lower() == "programme" else "Project"
        out.append(Cand(m.start("head"), end, kind, name, source="prose"))
    return out


def partner_block(text: str) -> list[tuple[int, int]]:
    """(start, end) of each partner line under a "Partenaires" heading."""
    out: list[tuple[int, int]] = []
    for m in _BLOCK.finditer(text):
        for start, end in line_spans(text, m.end())[: 2 * _MAX_ITEMS]:
            line = text[start:end]
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


#: the heading of a record's partner section, alone on its line: "Partenaires :", "Porteurs et
#: partenaires du projet :", "Les partenaires du programme", "Partenaires techniques :" (not
#: "Partenaires financiers :", a block of funders)
_PARTNER_HEADING = re.compile(
    r"^[ \t]*(?:(?:les|nos)\s+)?(?:(?:porteurs?|principaux|acteurs?)\s+(?:et\s+)?)?partenaires"
    r"(?!\s+financ)(?:\s+(?:du|de\s+la|de\s+l['’]|des|techniques|et|impliqu[ée]s|associ[ée]s)"
    r"[^\n:]{0,40})?[ \t]*:?[ \t]*$",
    re.I | re.M,
)
#: a heading line: short, alone, perhaps closed by a colon
_ANY_HEADING = re.compile(r"^[ \t]*[A-ZÀ-Ý][^\n.;]{0,50}?[ \t]*:?[ \t]*$", re.M)
#: the sub-headings a partner section may hold ("Collectivités burkinabè :", "Autres
#: partenaires :", "Côté français")
_PARTNER_WORDS = re.compile(
    r"partenaires?|collectivit[ée]s?|acteurs?|membres?|associations?|c[ôo]t[ée]\s|communes?"
    r"|villes?|structures?|institutions?|organismes?",
    re.I,
)
_SECTION_REACH = 3000
#: a sub-heading of funders ends a partner section: its names are funders
_FUNDERS = re.compile(r"financ|bailleurs", re.I)


def partner_sections(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line listing names in the partner sections of a record (from a
    partner heading to the next heading that is not one of its sub-headings, a record's
    "Contexte :" or "Objectifs", at most `_SECTION_REACH` characters on). Every actor named
    there takes part in the record's project."""
    out = []
    for m in _PARTNER_HEADING.finditer(text):
        end = min(len(text), m.end() + _SECTION_REACH)
        for h in _ANY_HEADING.finditer(text, m.end() + 1, end):
            line = h.group().strip()
            alone = "\n\n" == text[h.start() - 2 : h.start()] == text[h.end() : h.end() + 2]
            short = len(line.split()) <= 6 and (line.endswith(":") or _HEADINGS.match(line))
            short = short or (alone and len(line.split()) <= 4 and line[-1:].isalpha())
            if short and (not _PARTNER_WORDS.search(line) or _FUNDERS.search(line)):
                end = h.start()
                break
        out += _list_lines(text, m.end(), end)
    return out


def _list_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of `start:end` that list names, not prose: a sentence (a line of many words
    closed by a full stop) tells of the partners rather than listing them."""
    out = []
    for s, e in line_spans(text, start, end):
        body = text[s:e].strip()
        if body and not (len(body.split()) >= 10 and body.endswith((".", ":"))):
            out.append((s, e))
    return out
