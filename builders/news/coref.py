"""Within one document: what refers to what, and which country a name belongs to.

* An acronym defined once ("Faîtière des Communes du Togo (FCT)") names the same thing
  wherever it is used alone; a definition whose long form is no institution ("Coopération
  Décentralisée (CD)") makes the acronym no name at all.
* A definite head alone ("l'Académie", "la Faîtière") names the last institution whose name
  starts with it.
* A place's country comes from the reference data, from what follows it ("Arles (France)",
  "Mamoudzou ... en France", "Assomé dans la préfecture du Zio"), or from another mention of
  the same name in the document.
"""

from __future__ import annotations

import re
from itertools import pairwise

from builders.candidates import Cand
from builders.news.model import STOP_WORDS
from builders.news.patterns import DOTTED_ACRONYM, spells
from kg.countries import country_code
from kg.normalize import fold

_PLACES = ("Commune", "LocalAuthority", "Department", "Region", "Intercommunality")
_DEFINITE = re.compile(
    r"\b(?:[Ll]['’]\s*|[Ll]a\s+|[Ll]e\s+)(Académie|Faîtière|Agence|Association|Ambassade|Union|Fédération"
    r"|Institut|Fondation|Ministère|Syndicat|Réseau|Métropole|Agglomération|Région|Département"
    r"|Communauté)\b(?!\s+(?:de|du|des|d['’]|[A-Z]))"
)
#: what may stand between a place and the place it lies in ("Kpalimé (Togo)", "Kpalimé, au
#: Togo"); a coordination joins two places instead ("la Dordogne, et Kpalimé")
_LOCATED_GAP = re.compile(
    r"^\s*(?:\(|[-–,]|\s(?:en|au|aux|dans|à)\s|,?\s*dans\s)"
    r"(?![^.;:\n]*\b(?:et|ou|avec)\b)[^.;:\n]{0,30}$"
)


#: "le programme PAGLT", "le projet EAU-2": a generic head before an acronym defined elsewhere
_GENERIC_HEAD = re.compile(r"^(?:programme|projet|r[ée]seau|fonds)\s+(?=[A-Z]{2})")


def resolve_acronyms(cands: list[Cand]) -> list[Cand]:
    """Give acronyms used alone the name of their definition; drop what defines no name (a
    definition without a kind whose words spell its acronym names a body: an Association)."""
    defined: dict[str, Cand] = {}
    dead: set[str] = set()
    for c in cands:
        acronym = c.attrs.get("acronym")
        if acronym and _GENERIC_HEAD.sub("", c.name) == acronym:
            continue  # "le programme PAGLT": a use of the acronym, defining nothing
        if acronym and not c.kind and not c.ref and spells(c.name, acronym):
            c.kind = "Association"  # "la Conférence des Autorités locales de Moldavie (CALM)"
        if acronym and (c.kind or c.ref):
            defined.setdefault(acronym, c)
        elif acronym:
            dead.add(acronym)
    out = []
    for c in cands:
        long = defined.get(c.name) or defined.get(_GENERIC_HEAD.sub("", c.name))
        if long is not None and c is not long:
            c.name, c.kind, c.country = long.name, long.kind, long.country
            c.attrs["acronym"] = long.attrs["acronym"]
        elif c.source == "bare" and (c.name in dead or fold(c.name) in STOP_WORDS):
            continue
        elif c.kind == "" and c.source == "bare":
            c.kind = "Association"
        if c.kind:
            out.append(c)
    return out


def definite_heads(text: str, cands: list[Cand]) -> list[Cand]:
    """Add a mention for each definite head that names an earlier institution ("l'Agence"
    after "l'Agence française de développement"); a bare head the model named is that earlier
    name, and no name at all when two earlier names share its head."""
    added = []
    dropped: set[int] = set()
    for m in _DEFINITE.finditer(text):
        head = fold(m.group(1))
        covering = [c for c in cands if c.start <= m.start(1) < c.end]
        if covering and not all(fold(c.name) == head for c in covering):
            continue
        earlier = [
            c
            for c in cands
            if c.end <= m.start() and fold(c.name).startswith(head) and fold(c.name) != head
        ]
        if len({fold(c.name) for c in earlier}) > 1:  # "la Région" after two régions
            dropped |= {id(c) for c in covering}
            continue
        if earlier and covering:  # the model named the bare head: it is the earlier name
            ante = earlier[-1]
            for c in covering:
                c.kind, c.name, c.country, c.ref = ante.kind, ante.name, ante.country, ante.ref
        elif earlier:
            ante = earlier[-1]
            added.append(
                Cand(m.start(1), m.end(1), ante.kind, ante.name, ante.country, ante.ref, "coref")
            )
            added[-1].attrs = {k: v for k, v in ante.attrs.items() if k == "acronym"}
    kept = [c for c in cands if id(c) not in dropped]
    return sorted(kept + added, key=lambda c: c.start)


def _institution_country(c: Cand) -> str | None:
    key = fold(c.name)
    if c.kind in ("Agency", "StateBody") and (" de france" in key or "francais" in key):
        return "FR"
    return None


def assign_countries(text: str, cands: list[Cand]) -> None:
    """Fill in the country of each candidate that lacks one (see the module docstring)."""
    for c in cands:
        if c.kind == "Country" and c.country is None:
            c.country = country_code(c.name)
        c.country = c.country or _institution_country(c)
    for i, c in enumerate(cands):
        if c.country or c.kind not in _PLACES:
            continue
        for nxt in cands[i + 1 : i + 4]:
            gap = text[c.end : nxt.start]
            dash = gap.strip() in ("-", "–") and text[nxt.end : nxt.end + 1] != ")"
            if nxt.country and nxt.kind in (*_PLACES, "Country") and _LOCATED_GAP.match(gap):
                if dash:
                    continue
                c.country = nxt.country
                break
    harmonise(cands)


def coordinated_persons(text: str, cands: list[Cand]) -> None:
    """ "les maires X et Y": a name coordinated with a person's name is a person's name."""
    for prev, c in pairwise(cands):
        gap = text[prev.end : c.start]
        named = c.kind in _PLACES and len(c.name.split()) >= 2 and c.source == "model"
        if prev.kind == "Person" and gap.strip() in ("et", ",") and c.ref is None and named:
            c.kind = "Person"


def longest_names(cands: list[Cand]) -> None:
    """An institution named shortly ("ambassade de France") takes the fuller name the
    document gives it ("ambassade de France en Côte d'Ivoire"), and its reference entry."""
    kinds = ("Agency", "Association", "Ministry", "Network", "StateBody")
    names = {fold(c.name): c for c in cands if c.kind in kinds}
    for c in cands:
        key = fold(c.name)
        longer = [n for n in names if n.startswith(key + " ") and names[n].kind == c.kind]
        if c.kind in kinds and c.ref is None and len(longer) == 1:
            full = names[longer[0]]
            c.name, c.ref, c.country = full.name, full.ref, full.country or c.country


def _place_kinds(cands: list[Cand]) -> None:
    """A place written once with its designator keeps that kind everywhere."""
    designated = {fold(c.name): c.kind for c in cands if c.attrs.get("designated")}
    for c in cands:
        misread = c.kind == "Person" and c.source == "model"  # "… de Saint-Pierre d'Allevard"
        if (c.kind in _PLACES or misread) and not c.attrs.get("designated"):
            c.kind = designated.get(fold(c.name), c.kind)


def _dotted_acronyms(cands: list[Cand]) -> None:
    """An acronym written once with its full stops ("A.R.C.A.D.E.") and elsewhere without
    ("ARCADE") is one body, named as first written with its stops."""
    dotted = {c.name.replace(".", ""): c for c in cands if DOTTED_ACRONYM.match(c.name)}
    for c in cands:
        full = dotted.get(c.name)
        if full is not None and c.name.isupper():
            c.name, c.kind = full.name, full.kind


def harmonise(cands: list[Cand]) -> None:
    """Mentions of the same name share their kind (places), country and date."""
    _place_kinds(cands)
    _dotted_acronyms(cands)
    by_name: dict[tuple[str, str], Cand] = {}
    for c in cands:
        key = (c.kind, fold(c.name))
        known = by_name.setdefault(key, c)
        if c.country and not known.country:
            known.country = c.country
        if c.attrs.get("date") and not known.attrs.get("date"):
            known.attrs["date"] = c.attrs["date"]
    for c in cands:
        known = by_name[(c.kind, fold(c.name))]
        c.country = c.country or known.country
        if known.attrs.get("date"):
            c.attrs["date"] = known.attrs["date"]
