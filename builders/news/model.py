"""The French model's entity spans as candidate names.

Its labels (PER, LOC, ORG, MISC) are only a hint: a span is cut around the trusted names,
trimmed at line breaks and small leading words, dropped when it is a heading, a month, a role
word or a common noun, and typed from its written prefix, its label and its context (a title or
a role word before a person's name).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from builders.candidates import Cand
from builders.news.headings import is_heading
from builders.news.nlp import REF_LABEL
from builders.news.patterns import DOTTED_ACRONYM, STATE_NAME, head_kind
from kg.countries import country_code, demonym_code
from kg.names import parse_name
from kg.normalize import fold

_TITLE = re.compile(r"^(?:M\.|MM\.|Mme\.?|Mlle|Mr\.?|Dr\.?|Pr\.?|Me|Monsieur|Madame)\s+")
#: titles and offices written before a person's name, in any case ("le Gouverneur Ngobila", "le
#: colonel Maevalaza", "la Vice-Présidente Anne Roux"); alone, or before "de"/"du", they name a
#: role, no one
OFFICE_WORD = (
    r"(?:(?:vice|co)-)?(?:pr[ée]sidente?|gouverneure?|pr[ée]f[èe]te?|maire|ministre|sénat(?:eur|rice)"
    r"|d[ée]put[ée]e?|ambassad(?:eur|rice)|consule?|colonel|g[ée]n[ée]ral|commandant|capitaine"
    r"|lieutenant|professeure?|docteure?|ma[îi]tre|monseigneur|mgr|abb[ée]|imam|pasteur"
    r"|adjointe?|conseill[eè]re?|chef|(?:ober)?bürgermeister|sindaco|alcaldesa|alcalde|mayor)"
)
_OFFICE_TITLE = re.compile(rf"^{OFFICE_WORD}\s+(?=[A-ZÀ-Ý])", re.IGNORECASE)
_OFFICE_BEFORE = re.compile(rf"\b{OFFICE_WORD}\s+$", re.IGNORECASE)
_OFFICE_ALONE = re.compile(
    rf"^{OFFICE_WORD}s?(?:\s+(?:de|du|des|d['’]|délégué|déléguée|général|générale)\b.*)?$",
    re.IGNORECASE,
)
_OFFICE_AFTER = re.compile(rf"\s+{OFFICE_WORD}$", re.IGNORECASE)
TITLED = re.compile(r"\b(?:M\.|Mme|Mr\.?|Dr\.?|Monsieur|Madame)\s+((?:[A-ZÀ-Ý][\w’'-]+\s?){2,4})")
_LEAD = re.compile(r"^(?:(?:de|la|le|les|du|des|à|au|aux|en|et|par)\s+|[dl]['’]\s*)+", re.I)
_ROLE_WORDS = re.compile(
    r"^(?:Ministre|Maire|Président|Préfet|Secrétaire|Directeur|Directrice|Ambassadeur|Chargée?"
    r"|Responsable|Conseiller|Coopération|Contact|Publié|Courriel)\b"
)
#: the number of an article, a deliberation or a file: "L.1115-5", "CR 75-10", "CP 15-659"
_REFERENCE_CODE = re.compile(r"^[A-Za-z]{1,3}\.?\s?\d+(?:[.-]\d+)+$|^[A-Z]{1,3}\.\d+$")
STOP_WORDS = frozenset(
    fold(w)
    for w in [
        "Contexte",
        "Historique",
        "Objectifs",
        "Objectif",
        "Partenaires",
        "Bénéficiaires",
        "Budget",
        "Durée",
        "Dates",
        "Lieu",
        "Situation",
        "Contact",
        "Sud",
        "Nord",
        "Est",
        "Ouest",
        "Etat",
        "État",
        "Etats",
        "Afrique",
        "Europe",
        "Asie",
        "Amérique",
        "Directs",
        "Accueil",
        "Etiquettes",
        "Rubriques",
        "Publicité",
        "FIN",
        "Session",
        "Module",
        "Atelier",
        "Rencontre",
        "Description",
        "Titre",
        "Présentation",
        "Important",
        "Sommaire",
        "Avant-propos",
        "Géolocalisation",
        "Ville",
        "Villes",
        "Commune",
        "Communes",
        "Région",
        "Régions",
        "Département",
        "Départements",
        "Province",
        "Provinces",
        "Préfecture",
        "Municipalité",
        "Mairie",
        "Signature",
        "Lancement",
        "HAAC",
        "FCFA",
        "CFA",
        "EUR",
        "ONG",
        "PMH",
        "TDS",
        "VSI",
        "CD",
        "AICT",
        "Hôtel",
        "de",
        "Ville",
        "Palais",
        "Cabinet",
        "Expert",
        "Mme",
        "Mlle",
        "MM",
        "Madame",
        "Monsieur",
    ]
)
_STOP_PREFIX = frozenset(
    [
        "hotel",
        "palais",
        "afrique",
        "europe",
        "asie",
        "amerique",
        "sud",
        "nord",
        "ecole",
        "eglise",
        "universite",
        "musee",
        "lycee",
        "college",
        "stade",
        "theatre",
        "bibliotheque",
        "mediatheque",
        "cathedrale",
        "mosquee",
        "hopital",
    ]
)
#: an event's head word: the event reader names it (a model span is no organisation)
_EVENT_HEAD = re.compile(
    r"^(?:Atelier|Forum|Festival|S[ée]minaire|Colloque|Conf[ée]rence|Rencontres?|Assises|Sommet"
    r"|Salon|Journ[ée]es?|Semaine|Webinaire|Table[- ]ronde|Caravane|Foire)\b"
)
_COMMON_ENDINGS = ("tion", "ment", "ite", "isme", "ance", "ence", "age", "eur", "ique")
#: the endings no town's name has, even where the model reads a place
_STRONG_ENDINGS = ("tion", "ment", "isme")
#: a date or a currency read as a name ("Oct 2012", "F Cfa", "Mars 2020")
_DATE_OR_MONEY = re.compile(
    r"\b(?:f\s*cfa|fcfa|cfa|euros?|dollars?|ariary|dirhams?)\b"
    r"|^(?:janv|f[ée]vr?|mars|avr|mai|juin|juil|ao[ûu]t|sept?|oct|nov|d[ée]c)\.?\s+\d{2,4}$",
    re.IGNORECASE,
)
#: a name cut before its complement ("Ambassadrice de", "Fortes des")
_OPEN_END = re.compile(r"\s(?:de|du|des|d['’]|à|au|aux|et|pour)(?:\s+la)?$", re.IGNORECASE)
_MONTHS_DAYS = re.compile(
    r"^(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)$",
    re.IGNORECASE,
)
_PERSON_CUE = re.compile(
    r"(?:maires?|pr[ée]fet|ministre|pr[ée]sident|secr[ée]taire|directeur|directrice|ambassadeur"
    r"|responsable|peintre|artiste|chanteu\w+|rappeuse|journaliste|par|de)\s*,?\s*$",
    re.IGNORECASE,
)


#: a role noun in the clause before a name (see `_role_before`)
_ROLE_BEFORE = re.compile(
    r"\b(?:maires?|pr[ée]sidente?s?|pr[ée]sid[ée]e?\s+par|ministres?|pr[ée]f[èe]te?s?|ambassadeur"
    r"|ambassadrice|directeur|directrice|secr[ée]taires?|vice-pr[ée]sidente?|repr[ée]sent[ée]e?s?"
    r"|conseill[eè]re?s?|adjointe?s?|coordonnat(?:eur|rice)|d[ée]put[ée]e?s?|s[ée]nat(?:eur|rice)"
    r"|chef\s+de\s+(?:canton|village|quartier)|élue?s?)\b[^.;:()«»]{0,60}$",
    re.IGNORECASE,
)
#: the name is the role's complement, or coordinated with it ("des maires de A et B")
_COMPLEMENT = re.compile(
    r"\b(?:de|du|des|d['’]|à|au|en)\s*(?:[A-ZÀ-Ý][\w’'-]*(?:\s+[\w’'-]+){0,3}?\s+et\s+)?$"
)


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether the span is a whole quoted name (« Fatick Ville Propre »): the names inside it
    (Fatick) do not cut it."""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return "«" in before and "»" in after


def _cut(start: int, end: int, taken: list[Cand]) -> tuple[int, int]:
    """The longest part of [start, end) that no taken candidate covers."""
    pieces, pos = [], start
    for t in sorted(taken, key=lambda c: c.start):
        if t.end <= pos or t.start >= end:
            continue
        pieces.append((pos, max(pos, t.start)))
        pos = max(pos, t.end)
    pieces.append((pos, end))
    return max(pieces, key=lambda p: p[1] - p[0])


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Cut a model span at a line break or a spaced dash, and strip small leading words."""
    piece = text[start:end]
    for sep in ("\n", " – ", " - ", " / "):
        piece = piece.split(sep)[0]
    lead = _LEAD.match(piece)
    offset = lead.end() if lead else 0
    core = piece[offset:].rstrip(" \t,;:.–-)(«»\"’'")
    return start + offset, start + offset + len(core)


def _entities(text: str, sdoc: Doc) -> list[tuple[int, int, str]]:
    """The model's spans, two person spans one space apart joined ("Anne" "Roux-Vial")."""
    out: list[tuple[int, int, str]] = []
    for ent in sdoc.ents:
        if ent.label_ == REF_LABEL:
            continue
        prev = out[-1] if out else None
        if prev and prev[2] == ent.label_ == "PER" and text[prev[1] : ent.start_char] == " ":
            out[-1] = (prev[0], ent.end_char, "PER")
        else:
            out.append((ent.start_char, ent.end_char, ent.label_))
    return out


_ARTICLE = re.compile(r"(?<=[\w,;:)] )(?:Le|La|Les|L['’])\s?$")


def _with_article(text: str, start: int) -> int:
    """A capitalised article inside a sentence is part of the name: "Le Kef", "La Marsa"."""
    m = _ARTICLE.search(text, max(0, start - 6), start)
    return m.start() if m else start


def model_spans(text: str, sdoc: Doc, taken: list[Cand]) -> list[Cand]:
    out = []
    for ent_start, ent_end, label in _entities(text, sdoc):
        cut = (ent_start, ent_end) if _quoted(text, ent_start, ent_end) else None
        start, end = trim_span(text, *(cut or _cut(ent_start, ent_end, taken)))
        start, end = trim_span(text, start, end)
        start = _with_article(text, start)
        end = _completed(text, end)
        cand = _typed(text, start, end, label, sdoc)
        if cand is not None and not is_heading(text, cand, label, sdoc):
            out.append(cand)
    return out


def _completed(text: str, end: int) -> int:
    """The end of a name the model cut after its particle ("Région Ile de" + "France")."""
    if not _OPEN_END.search(text, max(0, end - 4), end):
        return end
    m = _NEXT_WORD.match(text, end)
    return m.end() if m else end


_NEXT_WORD = re.compile(r"[ \t]+[A-ZÀ-Ý][\w’'-]+")


def _typed(text: str, start: int, end: int, label: str, sdoc: Doc) -> Cand | None:
    """A model span as a candidate, or None when it is no name worth keeping."""
    name = text[start:end]
    if _OFFICE_ALONE.match(name):
        return None  # "Vice-Président", "Vice-Présidente du Conseil régional": a role
    office = _OFFICE_TITLE.match(name)
    if office and not _junk(name[office.end() :]):  # "Gouverneur Ngobila"
        return Cand(start + office.end(), end, "Person", name[office.end() :], source="model")
    after = _OFFICE_AFTER.search(name)
    if after and label == "PER":  # "Valérie Pécresse Présidente"
        end, name = start + after.start(), name[: after.start()]
    if len(name) < 2 or not name[0].isupper() or _junk(name, _placed(text, start, label)):
        return None
    state = STATE_NAME.match(name)
    code = country_code(state.group(1)) if state else None
    if code:  # "République de Guinée" is the country, whatever the model's label
        return Cand(start, end, "Country", name, code, f"country/{code.lower()}", "model")
    titled = _TITLE.match(name)
    if titled:
        return Cand(start + titled.end(), end, "Person", name[titled.end() :], source="model")
    if _LAW.match(name):
        return None  # "la loi Oudin-Santini": a law, named after its authors, is no actor
    if DOTTED_ACRONYM.match(name):
        return Cand(start, end, "Association", name, source="model")  # "A.S.S.S.": a body
    words = name.split()
    parsed = parse_name(name)
    kind = parsed.kind or head_kind(name)
    if kind in ("Commune", "Region", "Department"):
        name = parsed.name
    if kind is None and _OFFICE_BEFORE.search(text, max(0, start - 30), start):
        kind = "Person"  # "le colonel Maevalaza", "le gouverneur Ngobila"
    if kind is None and len(words) >= 2 and _role_before(text, start):
        kind = "Person"  # "les maires des deux communes, A B et C D": people, not places
    if kind is None and _ARTICLE.search(text, max(0, start - 1), start + len(words[0]) + 1):
        kind = "Commune" if label in ("LOC", "PER") else None
    if kind is None and len(words) >= 2 and (label == "PER" or _PERSON_CUE.search(text[:start])):
        kind = "Person"
    if kind is None and label in ("LOC", "PER") and _proper(sdoc, start, end):
        kind = "Commune"
    if kind is None and label == "ORG" and len(words) >= 2:
        kind = "Association"
    if kind == "Person" and words[0].rstrip(".") in _PLACE_SAINTS and len(words) >= 2:
        kind = "Commune"  # "Santo Tirso", "San Sebastián", "Sankt Gallen": a place
    if kind == "Person" and not _person_like(name):
        kind = "Association" if label == "ORG" and len(words) >= 2 else None
    return Cand(start, end, kind, name, source="model") if kind else None


_LAW = re.compile(r"^(?:Loi|Lois|Décret|Arrêté|Circulaire)\b")
#: the first words of places named after a saint, in the languages of twinned towns
_PLACE_SAINTS = frozenset(
    {"Santo", "Santa", "San", "São", "Sao", "Sankt", "Sint", "Saint", "Sainte", "St", "Ste"}
)
#: the small words a person's name may hold in lower case ("Jean de la Fontaine", "van Dijk")
_NAME_PARTICLES = frozenset(
    {"de", "du", "des", "la", "le", "van", "von", "der", "den", "ben", "ibn"}
)
_NAME_PARTICLES |= {"bin", "el", "al", "dos", "da", "das", "di", "y", "e", "et"}


def _person_like(name: str) -> bool:
    """Whether a name may be a person's: no lower-case word but particles ("Conseil
    d'administration", "Numéro SIRET" are no one)."""
    for word in name.split():
        core = re.sub(r"^[dl]['’]", "", word)
        if core[:1].islower() and core.lower() not in _NAME_PARTICLES:
            return False
    return True


def _role_before(text: str, start: int) -> bool:
    """Whether a role noun governs the name: it opens the clause the name closes ("le maire,
    A B", "présidée par A B"), and the name is not its complement ("le maire de A B")."""
    before = text[max(0, start - 80) : start]
    return bool(_ROLE_BEFORE.search(before)) and not _COMPLEMENT.search(before)


def _proper(sdoc: Doc, start: int, end: int) -> bool:
    span = sdoc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("PROPN", "X", "NOUN") for t in span)


def _demonyms(name: str) -> bool:
    """Whether a hyphenated word is made of nationalities ("Franco-Roumains", "germano-
    polonais"): an adjective, no pair of places."""
    parts = name.split("-")
    return len(parts) >= 2 and " " not in name and all(demonym_code(p) for p in parts)


def _placed(text: str, start: int, label: str) -> bool:
    """Whether the model reads a place inside a sentence (not at a line's or a sentence's
    start, where common nouns are capitalised too): "jumelée avec Mayence", "à Valence"."""
    before = text[max(0, start - 3) : start]
    return label == "LOC" and bool(before.strip()) and not re.search(r"[.!?:\n]\s*$", before)


def _junk(name: str, placed: bool = False) -> bool:
    """Whether a span is no name; `placed`: the model reads a place mid-sentence, so a word
    ending like a common noun ("Mayence", "Valence", "Plaisance") may still be a town."""
    key = fold(name)
    words = key.split()
    return (
        _demonyms(name)
        or key in STOP_WORDS
        or words[0] in _STOP_PREFIX
        or (len(words) == 1 and key.endswith(_STRONG_ENDINGS if placed else _COMMON_ENDINGS))
        or name.endswith(("d'", "d’", "l'", "l’"))
        or (head_kind(name) is not None and len(words) == 1)
        or bool(_MONTHS_DAYS.match(name))
        or bool(_DATE_OR_MONEY.search(name))
        or bool(_REFERENCE_CODE.match(name))
        or bool(_OPEN_END.search(name))
        or bool(re.fullmatch(r"[A-ZÀ-Ý][a-zà-ÿ]+\s+\d{1,2}", name))
        or bool(_EVENT_HEAD.match(name))
        or bool(_ROLE_WORDS.match(name))
        or not any(c.isalpha() for c in name)
        or (name.isupper() and len(name) > 14)
    )
