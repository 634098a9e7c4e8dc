"""Written forms of institutional names, read from raw text without the model.

* `designated_names`: names opened by a head word that says what they are ("Ministère de ...",
  "Ambassade de France au Togo", "Association pour le Développement de ...", "Programme ...",
  "Syndicat ...", "Institut français du ..."), continued over capitalised words and the small
  words between them ("des communes du Togo");
* `acronym_definitions`: "Long Name (ACR)" and "ACR (Long Name)", the long name found by the
  acronym's initial;
* `roman_programmes`: programme names with a roman numeral ("ProDeG IV", "PADDY II");
* `bare_acronyms`: capitalised acronyms used as names ("l'ADESAF", "le SEDIF").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.countries import country_code, demonym_code

#: head word (regex, matched case-insensitively unless `capital` is set) -> kind
HEADS: list[tuple[str, str, bool]] = [
    (r"(?:comit[ée]|association|amicale)\s+de\s+jumelage", "Association", False),
    (r"minist[èe]re", "Ministry", False),
    (
        r"(?:direction|agence|d[ée]l[ée]gation)\s+(?:r[ée]gionale|g[ée]n[ée]rale|nationale"
        r"|d[ée]partementale|provinciale)",
        "Agency",
        False,
    ),
    (r"ambassade|consulat|haut[- ]commissariat", "Agency", False),
    (
        r"agence|institut|office|d[ée]l[ée]gation|direction|service|caisse"
        r"|centre(?!-)(?!\s+(?:et|ou|nord|sud|est|ouest)\b)",
        "Agency",
        True,
    ),
    # Lebanon's unions of municipalities, France's "pays": intercommunalities
    (
        r"(?:union|f[ée]d[ée]ration|communaut[ée])\s+des\s+municipalit[ée]s|communaut[ée]\s+du\s+pays",
        "Intercommunality",
        True,
    ),
    (
        r"association|f[ée]d[ée]ration|union|fa[iî]ti[èe]re|fondation|acad[ée]mie",
        "Association",
        True,
    ),
    (r"coordination|collectif|comit[ée]|groupe|organisation|ong", "Association", True),
    (r"r[ée]seau|alliance|plateforme", "Network", True),
    (
        r"syndicats?\s+(?:intercommuna(?:l|ux)|mixtes?|des\s+eaux|d['’]eau|d['’]assainissement"
        r"|d[ée]partementa(?:l|ux))",
        "Intercommunality",
        False,
    ),
    (r"syndicat|groupement|m[ée]tropole|agglom[ée]ration", "Intercommunality", True),
    (
        r"communaut[ée]\s+(?:de\s+communes|des\s+communes|d['’]agglom[ée]ration|urbaine|m[ée]tropolitaine)",
        "Intercommunality",
        False,
    ),
    (r"conseil\s+r[ée]gional", "Region", False),
    (r"conseil\s+(?:d[ée]partemental|g[ée]n[ée]ral)", "Department", False),
    (r"programme|plan|initiative|dispositif|feuille\s+de\s+route|facilit[ée]", "Programme", True),
    (r"projet", "Project", True),
    (r"fonds", "Funder", True),
]
_HEAD = re.compile(
    r"\b(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _, _) in enumerate(HEADS)) + r")s?\b",
    re.IGNORECASE,
)
_ADJ = re.compile(
    r"(?:fran[cç]ais|internationa|nationa|europ[ée]en|africain|mondia|allemand|belge|suisse"
    r"|canadien|sp[ée]cia|r[ée]giona|intercommuna|municipa|territoria|g[ée]n[ée]ra|local"
    r"|populaire|ex[ée]cuti|permanent|consultati|provincia|communa|d[ée]partementa)\w*$",
    re.IGNORECASE,
)
#: the lowercase end of a portfolio: "de l'Aménagement du territoire", "de la Santé publique"
_PORTFOLIO_TAIL = re.compile(
    r"(?:\s+(?:du|des)\s+territoires?|\s+(?:publique|[ée]trang[èe]res|[ée]cologique|solidaire"
    r"|durable|num[ée]rique|sup[ée]rieur|rurale?|sociale?|locale?s?|urbaine?))\b"
)
_PARTICLES = frozenset(
    ("de", "du", "des", "d", "la", "le", "les", "l", "au", "aux", "à", "en", "pour", "sur", "et")
)
_PARTICLES |= {"avec", "d'", "l'", "d’", "l’"}
_PLACE_SMALL = frozenset(["de", "du", "des", "la", "d'", "d’", "l'", "l’"])
_WORD = re.compile(r"[^\W_][\w'’/-]*|\S", re.UNICODE)
_MONTH = re.compile(
    r"^(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre"
    r"|d[ée]cembre)$",
    re.I,
)
_ACRONYM = r"[A-Z][A-Za-zÀ-ÖØ-öø-ÿ0-9&/-]{1,14}(?:\s[IVX]{1,4}|\s[A-Z][a-z]+)?"
_PAREN_ACRONYM = re.compile(rf"\(\s*({_ACRONYM})\s*\)")
_ACRONYM_PAREN = re.compile(r"\b([A-Z][A-Z0-9&-]{2,14})\s*\(\s*([A-ZÀ-Ý][^()\n]{5,150}?)\s*\)")
_ROMAN = re.compile(r"\b([A-Z][A-Za-z]*[A-Z][A-Za-z]*)\s+(I{1,3}|IV|VI{0,3}|IX|X)\b")
_BARE = re.compile(
    r"(?:\b(?:l['’]|le\s|la\s|du\s|au\s|des\s|par\s)\s*|:\s+)([A-Z][A-Z0-9-]{2,11})\b(?!\s+[A-Z]{2})"
)

_HEADED_ACRONYM = re.compile(
    r"\b(programme|projet)\s+([A-Z][A-Z0-9-]{2,14}(?:\s+(?:I{1,3}|IV|VI{0,3}|IX|X))?)\b(?![a-z])"
)
#: "le projet ABC (Long Name)": the head word before a defined acronym
_HEAD_BEFORE = re.compile(r"\b(programme|projet)\s+$", re.I)
_HEADED_KIND = {"programme": "Programme", "projet": "Project"}
_SLASH = re.compile(r"\b[A-Z][A-Z0-9]{1,9}(?:/[A-Z][A-Z0-9]{1,9})+\b(?!/)")


@dataclass(frozen=True)
class Found:
    """A name found by a pattern: its span, kind and (for definitions) its acronym."""

    start: int
    end: int
    kind: str
    acronym: str | None = None


def head_kind(name: str) -> str | None:
    """The kind the first head word of `name` announces, or None."""
    m = _HEAD.match(name)
    if not m:
        return None
    index = next(i for i, g in enumerate(m.groups()) if g)
    return HEADS[index][1]


def _inner_kind(name: str) -> str:
    """The kind a capitalised head word inside a defined long name announces ("Coulon
    Association de Jumelage"), or ""."""
    for m in _HEAD.finditer(name):
        index = next(i for i, g in enumerate(m.groups()) if g)
        if m.group()[0].isupper():
            return HEADS[index][1]
    return ""


def _capital(word: str) -> bool:
    core = re.sub(r"^[dl]['’]", "", word, flags=re.IGNORECASE)
    return bool(core) and (core[0].isupper() or core[0].isdigit())


def continue_name(text: str, pos: int, limit: int = 14, place: bool = False) -> int:
    """End of a name continued from `pos`: capitalised words, and the small words or
    adjectives between them when a capitalised word follows within four words."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, pos, pos + 200)]
    end, i = pos, 0
    while i < len(words) and i < limit:
        start, stop, word = words[i]
        if "\n" in text[end:start]:
            break
        if _capital(word) and not re.match(r"^[.,;:!?()«»\"]$", word):
            end, i = stop, i + 1
            continue
        j = _skip_small(words, i)
        if place and j is not None and any(w[2].lower() not in _PLACE_SMALL for w in words[i:j]):
            break
        if j is None:
            break
        i = j
    return end


def _skip_small(words: list[tuple[int, int, str]], i: int) -> int | None:
    """Index of the capitalised word the small words from `i` lead to, or None."""
    for j in range(i, min(i + 5, len(words))):
        word = words[j][2]
        if _capital(word) and j > i:
            if j - i == 4 and not _long_run_ends(words[i:j], word):
                return None
            day = re.match(r"^\d{1,2}(?:er)?$", word)
            if day and j + 1 < len(words) and _MONTH.match(words[j + 1][2]):
                return None  # "… de Nouakchott du 15 mars 2012": a date, not the name's end
            prev = words[j - 1][2].lower()
            return (
                j
                if (prev != "et" and words[i][2].lower() != "et") or prev in ("de", "des", "du")
                else None
            )
        low = word.lower()
        small = low in _PARTICLES or re.match(r"^[dl]['’]$", low) or _ADJ.match(word)
        if not small and not (j > i and word.replace("-", "").isalpha() and word.islower()):
            return None
        if (
            low == "et"
            and j + 1 < len(words)
            and words[j + 1][2].lower() not in ("de", "des", "du", "d'", "d’")
        ):
            return None
    return None


def _long_run_ends(small: list[tuple[int, int, str]], word: str) -> bool:
    """Whether four small words lead on to `word` inside one name ("Association pour le
    développement socioculturel d'Agnam"): a capitalised word (no number: "… pour le
    développement de 15 villes") after an elided or plain "de" (or "de la"), with no "et"
    between."""
    low = [w[2].lower() for w in small]
    core = re.sub(r"^[dl]['’]", "", word, flags=re.IGNORECASE)
    elided = re.match(r"^[dl]['’]", word, flags=re.IGNORECASE) is not None
    return (
        core[:1].isalpha()
        and "et" not in low
        and (elided or low[-1] in ("de", "du", "des") or low[-2:] == ["de", "la"])
    )


#: an association named after its lower-case head: "l'association France-Québec", "les
#: associations France-Québec et Québec-France" (the head is no part of the name)
_ASSOCIATION_OF = re.compile(r"\b(?:associations?|amicales?)\s+(?=[A-ZÀ-Ý])")
_AND = re.compile(r"\s+et\s+(?=[A-ZÀ-Ý])")


def named_associations(text: str) -> list[Found]:
    """Associations named right after "association" in lower case (see `_ASSOCIATION_OF`)."""
    out = []
    for m in _ASSOCIATION_OF.finditer(text):
        start, plural = m.end(), m.group().rstrip().endswith("s")
        while True:
            end = continue_name(text, start, limit=6)
            if end <= start or text.startswith("Loi", start):
                break  # "une association Loi 1901" names its legal form
            out.append(Found(start, end, "Association"))
            more = _AND.match(text, end) if plural else None
            if more is None:
                break
            start = more.end()
    return out


#: an article right after a capitalised word opens another noun phrase: in a list flattened
#: by PDF extraction, "le Comité des Maires Libanais l'Ambassade de France" is two names
_NEW_PHRASE = re.compile(r"(?<=[A-ZÀ-Ýa-zà-ÿ)])\s+(?:le|la|les|l['’])\s*(?=[A-ZÀ-Ý])")
_CAPITALISED_BEFORE = re.compile(r"(?:^|\s)[A-ZÀ-Ý][\w’'-]*$")


def _article_cut(text: str, start: int, end: int) -> int:
    """The end of a body's name at the first article that follows a capitalised word."""
    for m in _NEW_PHRASE.finditer(text, start, end):
        if _CAPITALISED_BEFORE.search(text, start, m.start()):
            return m.start()
    return end


def designated_names(text: str) -> list[Found]:
    """Names opened by a head word (see `HEADS`)."""
    out = []
    for m in _HEAD.finditer(text):
        index = next(i for i, g in enumerate(m.groups()) if g)
        _, kind, capital = HEADS[index]
        if capital and not m.group()[0].isupper():
            continue
        plural = len(m.group()) > len(m.group(f"h{index}"))
        if plural and kind != "Programme":
            continue
        start = m.end()
        nationality = _WORD.match(text, start + 1) if text[start : start + 1] == " " else None
        if nationality and demonym_code(nationality.group()):
            # "ministère sénégalais de la Gouvernance locale", "Centre japonais des
            # collectivités locales CLAIR"
            start = nationality.end()
        end = continue_name(text, start)
        if end > start and kind in ("Ministry", "Agency"):
            tail = _PORTFOLIO_TAIL.match(text, end)
            end = tail.end() if tail else end
            after = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
            if after and after.group().islower() and demonym_code(after.group()):
                end = after.end()  # "le ministère de l'Intérieur tunisien"
        end = _article_cut(text, start, end)
        if end > start and not _state_name(text[m.start() : end]):
            if kind == "Intercommunality" and _of_country(text[start:end]):
                kind = "Association"  # "Union des municipalités du Liban": the whole country's
            out.append(Found(m.start(), end, kind))
    return out


#: a state's official name, its country after the form of state: "République de Guinée",
#: "Union des Comores", "Royaume du Maroc" (a country, not an association)
STATE_NAME = re.compile(
    r"^(?:R[ée]publique|Union|Royaume|[ÉE]tat|Principaut[ée]|F[ée]d[ée]ration|Sultanat)\s+"
    r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)(.+)$"
)
#: an acronym written with a full stop after each letter ("A.S.S.S."): a body's, never a place's
DOTTED_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}[A-Z]?\.?$")


_OF_PLACE = re.compile(r"(?:\bde\s+la|\bde\s+l['’]|\bdu|\bdes|\bde|\bd['’])\s*")


def _of_country(name: str) -> bool:
    """Whether a name ends with "de"/"du" and a country ("… du Liban")."""
    ends = [m.end() for m in _OF_PLACE.finditer(name)]
    return bool(ends) and country_code(name[ends[-1] :]) is not None


def _state_name(name: str) -> bool:
    m = STATE_NAME.match(name)
    return m is not None and country_code(m.group(1)) is not None


def acronym_definitions(text: str) -> list[Found]:
    """Spans of long names defined with an acronym, each with its acronym."""
    out = []
    for m in _PAREN_ACRONYM.finditer(text):
        if country_code(m.group(1)) is not None:
            continue  # "le Ministère des Affaires étrangères (France)": its country
        start = _long_start(text, m.start(), m.group(1)[0], m.group(1))
        if start is not None:
            end = len(text[: m.start()].rstrip())
            out.append(Found(start, end, head_kind(text[start:end]) or "", m.group(1)))
    for m in _ACRONYM_PAREN.finditer(text):
        if m.group(2)[0] == m.group(1)[0]:
            headed = _HEAD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            kind = head_kind(m.group(2)) or _inner_kind(m.group(2))
            kind = kind or (_HEADED_KIND[headed.group(1).lower()] if headed else "")
            out.append(Found(m.start(2), m.start(2) + len(m.group(2)), kind, m.group(1)))
    return out


def _long_start(text: str, paren: int, initial: str, acronym: str = "") -> int | None:
    """Start of the long name before `paren`: a head word with the acronym's initial, else
    the capitalised word from which the words spell the acronym, else the farthest capitalised
    word with its initial, within twelve words and no punctuation back."""
    window = text[max(0, paren - 160) : paren]
    cut = max(window.rfind(c) for c in ",;:.()«»\n")
    base = paren - len(window) + cut + 1
    starts = []
    for m in _WORD.finditer(text, base, paren):
        word = re.sub(r"^[dl]['’]", "", m.group(), flags=re.IGNORECASE)
        if word[:1].lower() == initial.lower():
            starts.append((m.start() + len(m.group()) - len(word), word))
    # a head word opens the name even in lower case ("le syndicat des eaux de X (SEX)")
    headed = [s for s, w in starts if _HEAD.match(w)]
    if headed:
        return headed[-1]
    capital = [s for s, w in starts if w[:1] == initial]
    spelled = [s for s in capital if spells(text[s:paren], acronym)] if acronym else []
    if spelled:  # "à Chisinau à l'initiative de la Conférence des Autorités … (CALM)"
        return spelled[0]
    return capital[0] if capital else None


#: words an acronym skips: "Conférence des Autorités locales de Moldavie" spells CALM
_SKIPPED = frozenset(
    {"de", "des", "du", "d", "la", "le", "les", "l", "et", "en", "pour", "à", "au", "aux", "sur",
     "par", "of", "the", "and", "for"}
)  # fmt: skip


def spells(name: str, acronym: str) -> bool:
    """Whether the initials of the words of `name` (little words left out) are the letters of
    `acronym`, each word giving one letter and none left over."""
    letters = [c for c in acronym.upper() if c.isalpha()]
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w.lower() not in _SKIPPED]
    return len(letters) >= 3 and [w[0].upper() for w in words] == letters


def roman_programmes(text: str) -> list[Found]:
    """ "ProDeG IV", "PRODEG IV": a name with capitals inside, then a roman numeral; and
    "programme ABC", "projet XYZ": a lower-case head word, then an acronym."""
    out = [Found(m.start(), m.end(), "Programme") for m in _ROMAN.finditer(text)]
    for m in _HEADED_ACRONYM.finditer(text):
        if _ACRONYM_PAREN.match(text, m.start(2)):
            continue  # "projet ABC (Long Name)": the definition names it
        kind = "Project" if m.group(1) == "projet" else "Programme"
        out.append(Found(m.start(), m.end(), kind, m.group(2)))
    return out


#: an acronym written with a full stop after each letter ("l'A.S.S.S."): a body's name
_DOTTED = re.compile(r"(?<![\w.])((?:[A-Z]\.){2,}[A-Z]?)(?![\w])")


def dotted_acronyms(text: str) -> list[Found]:
    """Acronyms written with full stops: organisations (the last stop may end the sentence)."""
    return [
        Found(m.start(1), m.end(1), "Association")
        for m in _DOTTED.finditer(text)
        if country_code(m.group(1).replace(".", "")) is None  # "U.S.A."
    ]


def bare_acronyms(text: str) -> list[Found]:
    """Acronyms used as names after an article or a preposition, and slash acronyms anywhere
    ("ABC/DEF": two bodies working as one)."""
    found = [Found(m.start(1), m.end(1), "") for m in _BARE.finditer(text)]
    return found + [Found(m.start(), m.end(), "") for m in _SLASH.finditer(text)]
