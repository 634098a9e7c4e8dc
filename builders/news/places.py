"""Places named with the word that says what they are, read from raw text.

* `designated_places`: "Ville d'Etaules", "Cercle de Yélimané", "la région malgache
  d'Atsinanana" (a nationality may qualify the designator), "région Anosy" (a region,
  province or circle written without "de"), and every name a plural designator coordinates:
  "les communes de A et B", "les régions A (chef-lieu X) et B";
* `datelines`: the town of a dateline opening a line: "Kolmar, le 3 mai 2024", "Kolmar, du 3
  au 5 novembre 2023";
* `trailing_heads`: intercommunalities named before their head word: "Clermont Auvergne
  Métropole", "Pays de Montbéliard Agglomération", "Grand Annecy Agglomération";
* `official_places`: the one-word town or territory in an official's title: "Maire de Dabou"
  (a town), "préfet du Zio" (a prefecture), "gouverneur de Kara" (a region).
"""

from __future__ import annotations

import re

from builders.news.patterns import Found, continue_name
from kg.countries import country_code, demonym_code

_PLACE_HEAD = re.compile(
    r"\b(?P<d>[Vv]illes?|[Cc]ommunes?|[Mm]airie|[Mm]unicipalit[ée]|[Vv]illages?|[Cc]ercles?|[Cc]antons?"
    r"|[Pp]r[ée]f[ée]cture|[Pp]rovinces?|[Dd][ée]partements?|[Rr][ée]gions?)"
    r"(?:\s+(?:urbaines?|rurales?|ruraux|urbains?|d['’]arrondissement))?"
    r"(?:\s+(?P<adj>[a-zà-ÿ]{4,}))?"  # "les régions françaises de", "la région malgache d'"
    r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)(?=[A-ZÀ-Ý])"
)
#: a territory written without "de": "la région Anosy", "les régions Atsinanana et Boeny"
_BARE_HEAD = re.compile(r"\b(?P<d>r[ée]gions?|provinces?|cercles?)\s+(?=[A-ZÀ-Ý])")
#: the next item a plural designator coordinates, past a parenthesis: " (…) et ", ", "
_NEXT = re.compile(
    r"\s*(?:\([^()\n]{0,60}\)\s*)?(?:,|\bet)\s+(?:de\s+|du\s+|d['’]\s*)?(?=[A-ZÀ-Ý])"
)
#: a word that opens a place name of its own ("…, Cercle de Yélimané")
DESIGNATOR = re.compile(
    r"(?:villes?|communes?|mairie|municipalit[ée]|villages?|cercles?|cantons?|pr[ée]f[ée]cture|provinces?"
    r"|d[ée]partements?|r[ée]gions?)\b",
    re.I,
)
_OFFICIAL = re.compile(
    r"\b(?P<t>[Mm]aire|[Pp]r[ée]fet|[Gg]ouverneur)"
    r"\s+(?:de\s+la\s+|de\s+l['’]\s*|du\s+|de\s+|d['’]\s*)(?=[A-ZÀ-Ý])"
)
_DATELINE = re.compile(
    r"^[ \t]*(?P<name>[A-ZÀ-Ý][\w’'-]+(?:[ -][A-ZÀ-Ý1-9][\w’'-]*){0,2}),[ \t]+"
    r"(?:le[ \t]+|du[ \t]+)?"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)?[ \t]*\d{1,2}(?:er)?[ \t]"
    r"(?:au[ \t]+\d{1,2}(?:er)?[ \t]+)?(?:janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t"
    r"|septembre|octobre|novembre|d[ée]cembre)\b",
    re.M | re.I,
)
_TRAILING = re.compile(
    r"(?<![\w’'-])(?:[A-ZÀ-Ý][\w’'-]+[ \t]+(?:(?:de|du|des|de[ \t]+la|d['’])[ \t]*)?){1,4}"
    r"(?:Métropole|Agglomération|Agglo)\b(?![ \t]+(?:(?:de|du)\b|d['’]))"
)
_OFFICIAL_KIND = {"m": "Place", "p": "Department", "g": "Region"}


_COUNTRY_TAIL = re.compile(r"\s+(?:du|de\s+la|de\s+l['’]|des|de)\s*([A-ZÀ-Ý][\w’' -]*)$")


def _without_country(text: str, pos: int, end: int) -> int:
    """ "la région de l'Ouest du Cameroun": the country closing a place name is no part of it."""
    m = _COUNTRY_TAIL.search(text, pos, end)
    return m.start() if m and m.start() > pos and country_code(m.group(1)) else end


def _names(text: str, pos: int, plural: bool) -> list[Found]:
    """The place name at `pos`, and the ones coordinated with it after a plural designator."""
    out: list[Found] = []
    while True:
        end = continue_name(text, pos, limit=5, place=True)
        words = text[pos:end].split()
        if len(words) >= 2 and words[-1] == words[0]:  # "Tenkodogo Tenkodogo": a table cell
            end = pos + len(words[0])
        end = _without_country(text, pos, end)
        if end <= pos:
            return out
        out.append(Found(pos, end, "Place"))
        nxt = _NEXT.match(text, end)
        if not plural or nxt is None or DESIGNATOR.match(text, nxt.end()):
            return out
        pos = nxt.end()


def designated_places(text: str) -> list[Found]:
    """Places named with their designator (see the module docstring)."""
    out = []
    for pattern in (_PLACE_HEAD, _BARE_HEAD):
        for m in pattern.finditer(text):
            adjective = m.groupdict().get("adj")
            if adjective and not demonym_code(adjective):
                continue  # only a nationality stands between the designator and its name
            out += _names(text, m.end(), m.group("d").endswith("s"))
    return out


def official_places(text: str) -> list[Found]:
    """The place in an official's title: "le Maire de Dabou", "le préfet du Zio"."""
    out = []
    for m in _OFFICIAL.finditer(text):
        end = continue_name(text, m.end(), limit=1)
        if end > m.end():
            out.append(Found(m.end(), end, _OFFICIAL_KIND[m.group("t")[0].lower()]))
    return out


def datelines(text: str) -> list[Found]:
    """The town of each dateline ("Kolmar, le 3 mai 2024" opening a line)."""
    return [Found(m.start("name"), m.end("name"), "Commune") for m in _DATELINE.finditer(text)]


def trailing_heads(text: str) -> list[Found]:
    """Intercommunalities whose head word closes the name (see the module docstring)."""
    out = []
    for m in _TRAILING.finditer(text):
        first = m.group().split()[0]
        start = m.start() + (len(first) + 1 if first in ("La", "Le", "Les", "L’", "L'") else 0)
        out.append(Found(start, m.end(), "Intercommunality"))
    return out


#: a name followed by its country in brackets: "Hackney (Angleterre)", "Hann. Münden
#: (Allemagne)", "Colmenar Viejo (Espagne)" — how town pages and embassy notes list twin towns
_APPOSED = re.compile(
    r"(?<![\w’'.-])(?P<name>[A-ZÀ-Ý][\w’'-]*(?:\.(?=\s+[A-ZÀ-Ý]))?"
    r"(?:[ \t]+(?:(?:de|del|di|du|la|le|am|an|upon|sur|en)[ \t]+)?[A-ZÀ-Ý][\w’'-]*){0,3})"
    r"[ \t]*\((?P<country>[A-ZÀ-Ý][^()\n]{2,30})\)"
)
#: the first word of a name in brackets that is no town: a body, an office, a title
_NOT_TOWN = re.compile(
    r"(?:Ambassade|Association|Agence|Ministère|Conseil|Comité|Fonds|Programme|Projet|Union"
    r"|Fondation|Office|Institut|Université|Banque|Monsieur|Madame|M|Mme|Dr|Pr|Groupe"
    r"|Judet|Gouvernorat|Wilaya|Oblast|Land|Kreis|District|Comté"
    r"|Afrique|Asie|Europe|Amérique|Océanie|Maghreb|Sahel)\b"
)


#: what comes before the tail of a longer name: "Ministère de la Santé (Togo)"
_TAIL_OF = re.compile(r"[A-ZÀ-Ý][\w’'-]*[ \t]+(?:de[ \t]+la|de[ \t]+l['’]|du|des|de|d['’])[ \t]*$")


def country_appositions(text: str) -> list[Found]:
    """Towns named with their country in brackets, each a Commune (its country is read from the
    brackets later): a hit needs the bracket to hold nothing but a known country's name, and the
    name to be no country, no body and not the end of a longer name."""
    out = []
    for m in _APPOSED.finditer(text):
        name = m.group("name")
        if not country_code(m.group("country").strip()) or country_code(name):
            continue
        if _NOT_TOWN.match(name) or DESIGNATOR.match(name) or name.isupper():
            continue
        if _TAIL_OF.search(text, max(0, m.start() - 60), m.start()):
            continue
        out.append(Found(m.start("name"), m.end("name"), "Commune"))
    return out
