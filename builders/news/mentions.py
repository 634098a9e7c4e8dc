"""Candidate names of a text: reference matches, written patterns and the model's entities.

Three sources, in order of trust: the entity ruler's matches of the reference data (they carry
the entry they name), the written patterns of `builders.news.patterns` (head words, acronym
definitions, roman numerals), and the French model's PER/LOC/ORG/MISC spans, whose labels are
only a hint. The longest trusted spans are kept first; a model span is cut around them. Each
kept span gets a kind (ontology class) and a clean name; place names take the designator
written before them ("ville de", "village d'", "préfecture du") into their span.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from builders.candidates import Cand
from builders.news.model import OFFICE_WORD, TITLED, model_spans
from builders.news.nlp import REF_LABEL
from builders.news.patterns import (
    acronym_definitions,
    bare_acronyms,
    designated_names,
    dotted_acronyms,
    named_associations,
    roman_programmes,
)
from builders.news.places import (
    country_appositions,
    datelines,
    designated_places,
    official_places,
    trailing_heads,
)
from kg.names import clean_space
from kg.reference import Reference

_DESIGNATOR = re.compile(
    r"(?:^|\b)(villes?|communes?|mairie|municipalit[ée]|villages?|cantons?|cercles?|pr[ée]f[ée]cture"
    r"|provinces?|d[ée]partements?|r[ée]gions?|district)"
    r"(?:\s+(?:urbaines?|rurales?|ruraux|urbains?))?\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+"
    r"|des\s+|de\s+|d['’]\s*)?$",
    re.IGNORECASE,
)
#: a designator word that opens a name's own span (the reference tables know some places with
#: it: "région Bourgogne-Franche-Comté")
_OWN_DESIGNATOR = re.compile(
    r"(villes?|communes?|villages?|cantons?|cercles?|pr[ée]f[ée]cture|provinces?"
    r"|d[ée]partements?|r[ée]gions?|district)\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+"
    r"|d['’]\s*)?(?=\S)",
    re.IGNORECASE,
)
#: a building named after the authority it houses: "Hôtel de Région", "hôtel du Département"
_BUILDING = re.compile(r"\bh[ôo]tel\s+(?:de\s+|du\s+)$", re.IGNORECASE)
_DESIGNATED_KIND = {
    "vill": "Commune",
    "comm": "Commune",
    "mair": "Commune",
    "muni": "Commune",
    "cerc": "LocalAuthority",
    "vill_": "LocalAuthority",
    "cant": "LocalAuthority",
    "dist": "LocalAuthority",
    "pref": "Department",
    "préf": "Department",
    "prov": "Department",
    "dépa": "Department",
    "depa": "Department",
    "régi": "Region",
    "regi": "Region",
}


def _ruler(sdoc: Doc, reference: Reference) -> list[Cand]:
    out = []
    for ent in sdoc.ents:
        entry = reference.get(ent.ent_id_) if ent.label_ == REF_LABEL else None
        if entry is None:
            continue
        lowercase_ok = len(ent) >= 2 and entry.kind not in ("Commune", "Department", "Region")
        if not lowercase_ok and not any(t.text[:1].isupper() for t in ent):
            continue
        out.append(
            Cand(ent.start_char, ent.end_char, entry.kind, ent.text, entry.country, entry.id, "ref")
        )
    return out


def _patterns(text: str) -> list[Cand]:
    found = designated_names(text) + acronym_definitions(text) + roman_programmes(text)
    found += designated_places(text) + official_places(text) + datelines(text)
    found += trailing_heads(text) + country_appositions(text) + dotted_acronyms(text)
    found += named_associations(text)
    out = [Cand(f.start, f.end, f.kind, text[f.start : f.end], source="pattern") for f in found]
    for cand, f in zip(out, found, strict=True):
        if f.acronym:
            cand.attrs["acronym"] = f.acronym
        if f.kind == "Commune":  # a dateline's town: a town, whatever else bears its name
            cand.attrs["designated"] = True
    out += [
        Cand(f.start, f.end, "", text[f.start : f.end], source="bare") for f in bare_acronyms(text)
    ]
    for m in TITLED.finditer(text):
        name = m.group(1).rstrip()
        out.append(Cand(m.start(1), m.start(1) + len(name), "Person", name, source="title"))
    return out


def _overlaps(a: Cand, taken: list[Cand]) -> bool:
    return any(a.start < t.end and t.start < a.end for t in taken)


def select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates, the longest first (reference matches win ties)."""
    rank = {"ref": 0, "pattern": 1, "title": 2, "bare": 3}
    spans = {(c.start, c.end): c for c in cands if c.source == "ref"}
    for c in cands:
        if c.source == "pattern" and c.kind and not c.attrs.get("acronym"):
            spans.setdefault((c.start, c.end), c)
    for c in cands:
        if "acronym" in c.attrs and (c.start, c.end) in spans:
            spans[(c.start, c.end)].attrs.setdefault("acronym", c.attrs["acronym"])
    taken: list[Cand] = []
    for c in sorted(
        cands,
        key=lambda c: (
            c.start - c.end,
            rank.get(c.source, 4),
            not c.kind,
            "acronym" not in c.attrs,
            c.start,
        ),
    ):
        if c.end > c.start and not _overlaps(c, taken):
            taken.append(c)
    return sorted(taken, key=lambda c: c.start)


_BARE_PLACE = ("Commune", "LocalAuthority", "Department", "Region")


def designated_kind(word: str, default: str) -> str:
    """The kind a designator word gives the place it names ("village" a LocalAuthority,
    "région" a Region), else `default`."""
    word = word.lower()
    return _DESIGNATED_KIND.get("vill_" if word.startswith("villag") else word[:4], default)


def designate(text: str, cands: list[Cand]) -> None:
    """Take a place's written designator into its span and kind ("village d'Assomé"); a bare
    place name is a town first (the resolver falls back to the prefecture or region)."""
    for c in cands:
        if c.kind not in (*_BARE_PLACE, "", "Place"):
            continue
        m = _DESIGNATOR.search(text, max(0, c.start - 30), c.start)
        own = _OWN_DESIGNATOR.match(text, c.start, c.end) if c.source == "ref" else None
        if (m is None or m.end() != c.start) and own is not None:
            # the matched name holds its designator: "région Bourgogne-Franche-Comté"
            c.kind = designated_kind(own.group(1), c.kind)
            c.attrs["designated"] = True
            continue
        if c.kind == "Place" or (c.source == "ref" and c.kind != "Commune"):
            c.kind = "Commune"
        if m is None or m.end() != c.start:
            continue
        if _BUILDING.search(text, max(0, m.start() - 12), m.start()):
            c.kind = "Commune"  # "l'Hôtel de Région de Metz": the town the building is in
            continue
        c.kind = designated_kind(m.group(1), c.kind or "Commune")
        c.name = clean_space(text[c.start : c.end])
        c.start = m.start()
        c.attrs["designated"] = True


#: an office of a designated place, written before its holder's name: "le président de la
#: région Alain Rousset" names the president, not a region
_OFFICE_OF_PLACE = re.compile(
    rf"\b{OFFICE_WORD}\s+(?:de\s+la|du|de\s+l['’]|des)\s*(?:r[ée]gion|d[ée]partement|province"
    r"|commune|ville|municipalit[ée]|cercle|pr[ée]fecture)\s+$",
    re.IGNORECASE,
)


def _holders(sdoc: Doc, cands: list[Cand]) -> None:
    """A designated place that is the model's person, right after an office of that place,
    is the office's holder ("le président de la région Alain Rousset")."""
    people = {(e.start_char, e.end_char) for e in sdoc.ents if e.label_ == "PER"}
    text = sdoc.text
    for c in cands:
        if (
            c.source == "pattern"
            and c.kind in ("Place", *_BARE_PLACE)
            and (c.start, c.end) in people
            and _OFFICE_OF_PLACE.search(text, max(0, c.start - 60), c.start)
        ):
            c.kind = "Person"


def candidates(text: str, sdoc: Doc, reference: Reference) -> list[Cand]:
    """The names of `text` (whose model analysis is `sdoc`), typed, without overlaps."""
    trusted = select(_ruler(sdoc, reference) + _patterns(text))
    _holders(sdoc, trusted)
    designate(text, trusted)
    model = model_spans(text, sdoc, trusted)
    designate(text, model)
    taken = select(trusted + model)
    return [c for c in taken if c.kind != "" or c.source in ("bare", "pattern")]
