"""Names that are no mention of their own, dropped after reading:

* a name inside a building's or an institution's common name: "l'école Alpha", "le Palais de
  Lomé", "l'hôpital de Kpalimé" (the place is named again elsewhere when it matters);
* a country in an official's title: "l'ambassadeur de France en Côte d'Ivoire";
* a town's nickname read by the model as a place: "la cité des Princes", "la capitale du
  Rail", "la ville des Lumières" (what follows is no place of its own);
* a news agency's byline on the last line: "Avec Agence X", "Source : X";
* a law named after its authors: "la loi Oudin-Santini", "la loi Thiollière";
* an assembly's paperwork read as an initiative: "le projet de délibération DGRI 48", "le
  projet de loi", "le projet de budget" (a draft text, no project);
* a deliberating body named by common nouns alone: "Conseil municipal", "Commission
  permanente", "Débat/ Conseil" (a page's heading; a body with its place's name stays).
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from kg.normalize import fold

_OF = r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)?$"
_FACILITY = re.compile(
    r"\b(?:[ée]coles?|lyc[ée]es?|coll[èe]ges?|h[ôo]pita(?:l|ux)|palais|stades?|[ée]glises?"
    r"|mosqu[ée]es?|march[ée]s?|cath[ée]drale|cin[ée]ma|biblioth[èe]que)" + _OF,
    re.I,
)
_ENVOY = re.compile(r"\b(?:ambassad(?:eur|rice)|consul(?:e)?(?:\s+g[ée]n[ée]ral)?)" + _OF, re.I)
#: a last line of one to four capitalised words after "Avec" or "Source :"
_NICKNAME = re.compile(
    r"\b(?:cit[ée]|capitale|ville|perle|citadelle)\s+(?:des|du|de\s+la|de\s+l['’])\s*$", re.I
)
_BYLINE = re.compile(
    r"(?:^|\n)[ \t]*(?:Avec|Sources?\s*:)[ \t]+"
    r"[A-ZÀ-Ý][\w’'-]*(?:[ \t]+[A-ZÀ-Ý][\w’'-]*){0,3}\.?\s*\Z"
)


_LAW = re.compile(r"\b(?:loi|lois|dispositif|amendement)\s+(?:dite?\s+)?$", re.I)


def _inside_title(text: str, c: Cand) -> bool:
    before = text[max(0, c.start - 40) : c.start]
    if _LAW.search(before) and c.kind not in ("Programme", "Project", "Event"):
        return True
    if c.kind == "Country":
        return bool(_ENVOY.search(before))
    if c.source == "model" and c.kind in ("Commune", "LocalAuthority") and _NICKNAME.search(before):
        return True
    return bool(_FACILITY.search(before))


#: a draft text an assembly votes: a "projet" that is paperwork, not a project
_DRAFT = re.compile(
    r"^(?:(?:le|un|ce)\s+)?projets?\s+(?:de\s+|d['’]\s*)(?:d[ée]lib[ée]ration|loi|d[ée]cret"
    r"|arr[êe]t[ée]|budget|r[èe]glement|v[œoe]+u|avenant|ordre\s+du\s+jour|rapport|avis"
    r"|texte|compte\s+rendu|proc[èe]s-verbal)s?\b",
    re.I,
)
#: the common nouns that name an assembly, its meetings and its papers
_BODY_WORDS = frozenset(
    [
        "conseil",
        "conseils",
        "municipal",
        "municipale",
        "communautaire",
        "general",
        "generale",
        "regional",
        "regionale",
        "departemental",
        "departementale",
        "commission",
        "permanente",
        "pleniere",
        "assemblee",
        "seance",
        "seances",
        "debat",
        "debats",
        "deliberation",
        "deliberations",
        "bureau",
        "administration",
        "ordre",
        "jour",
        "session",
        "d",
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l",
        "et",
    ]
)


_KEPT = frozenset(
    {"Person", "Country", "Commune", "LocalAuthority", "Department", "Region", "Intercommunality"}
)


def _paperwork(c: Cand) -> bool:
    if c.kind in ("Programme", "Project"):
        return bool(_DRAFT.match(c.name))
    words = re.findall(r"[^\W\d_]+", fold(c.name))
    # an authority's council standing for it ("le Conseil Général") stays: it is the place
    return c.kind not in _KEPT and bool(words) and set(words) <= _BODY_WORDS


def drop_non_mentions(text: str, cands: list[Cand]) -> list[Cand]:
    """The candidates without those the module docstring lists."""
    byline = _BYLINE.search(text)
    start = byline.start() if byline else len(text)
    return [
        c for c in cands if c.start < start and not _inside_title(text, c) and not _paperwork(c)
    ]
