"""Names cleaned of what the model stuck to them, or dropped when they are no name:

* two acronyms joined by a slash are two bodies when the reference tables know one of them
  ("MEAE/DAECT"); else the pair may be one body's name ("l'opérateur RAIL/ONAT");
* a name never runs over "avec": "la communauté urbaine de Lyon avec Hô Chi Minh-Ville" is
  the communauté, and the partner after "avec" is a name of its own when the readers found it;
* a name stops before the verb that follows it: "Port-au-Prince a accueilli", "Mykolaiv
  affectés", "l'Union européenne en 2008";
* a nationality is no town: "les Béninois", "des Français".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from builders.candidates import Cand
from builders.news.relations import BODIES, PLACES
from kg.countries import demonym_code
from kg.reference import Reference

_ACRONYMS = re.compile(r"^([A-ZÀ-Ý]{2,}[0-9]?)\s*/\s*([A-ZÀ-Ý]{2,}[0-9]?)$")
_AVEC = re.compile(r"\s+avec\s+", re.I)
_DEMONYM_END = re.compile(r"(?:ais|ois|iens?|ains?|ans?|ins?)(?:es?)?s?$|(?:aises?|oises?)$")
#: what may follow a name and is no part of it: a year after "en", a figure in brackets
_TAIL = re.compile(r"\s+en\s+(?:19|20)\d\d\b.*$|\s*\)\s*\d+$|\s*\(\s*\d+$", re.S)


def clean_names(doc: Doc, text: str, cands: list[Cand], reference: Reference) -> list[Cand]:
    """`cands`, each cleaned as the module docstring says (one pass over the names)."""
    out: list[Cand] = []
    for c in cands:
        written = text[c.start : c.end]
        m = _ACRONYMS.match(written)
        if m is not None and any(reference.lookup(m.group(i)) for i in (1, 2)):
            out += [_part(c, m.start(i), m.end(i), m.group(i), reference) for i in (1, 2)]
            continue
        if c.source != "model":
            out.append(c)
            continue
        if _nationality(c, written, reference):
            continue
        end = _end(doc, text, c)
        if end <= c.start:
            continue
        if end != c.end:
            c.end = end
            c.name = " ".join(text[c.start : end].split())
        out.append(c)
    return out


def _part(c: Cand, s: int, e: int, name: str, reference: Reference) -> Cand:
    entries = reference.lookup(name)
    kind = entries[0].kind if entries else (c.kind if c.kind in BODIES else "Agency")
    country = entries[0].country if entries else c.country
    return Cand(c.start + s, c.start + e, kind, name, country, None, c.source, dict(c.attrs))


def _nationality(c: Cand, written: str, reference: Reference) -> bool:
    if c.kind not in PLACES or " " in written.strip() or "-" in written:
        return False
    if not _DEMONYM_END.search(written.lower()) or demonym_code(written) is None:
        return False
    return not (reference.lookup(written) or reference.french_communes(written))


def _verb_after(t: Token, c: Cand) -> bool:
    """A conjugated verb, or a participle after a place's or a person's name ("Mykolaiv
    affectés"); an organisation's participle is its own ("la coopération décentralisée")."""
    if t.pos_ == "AUX" or (t.pos_ == "VERB" and "Fin" in t.morph.get("VerbForm", [])):
        return True
    return t.pos_ == "VERB" and (c.kind in PLACES or c.kind == "Person")


def _end(doc: Doc, text: str, c: Cand) -> int:
    """Where the name stops: before " avec ", before a verb the model swallowed (a word after
    the first one, in lower case, that the parse tags as a verb), before a trailing year."""
    end = c.end
    if (m := _AVEC.search(text, c.start, end)) is not None:
        end = m.start()
    span = doc.char_span(c.start, end, alignment_mode="expand")
    if span is not None:
        for t in list(span)[1:]:
            if t.is_lower and t.idx < end and _verb_after(t, c):
                end = t.idx
                break
    if (m := _TAIL.search(text, c.start, end)) is not None:
        end = m.start()
    return len(text[c.start : end].rstrip()) + c.start
