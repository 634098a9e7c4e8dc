"""Reading the kind of an actor from how its name is written.

French (and francophone) institutional names announce their kind in a prefix: "Commune de",
"Communauté de communes", "Conseil régional", "Ministère", "Ambassade"... `parse_name` turns
such a written name into its kind, a display name, the core name (the territory) and the
department number written in parentheses, as in "Commune de BRESSUIRE (79)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARTICLES = {"de", "du", "des", "la", "le", "les", "en", "sur", "sous", "et", "aux", "au", "lès"}
_ELIDED = re.compile(r"^(d|l)['’](.+)$", re.IGNORECASE)
_CODE = re.compile(r"\s*\(\s*(\d[\dAB]?\d?)\s*\)\s*$")
_APOS = "['’]"

# (regex on the start of the name, kind, what names the thing: None = the bare core name
# (communes), "" = the whole written name, a word = the written prefix plus the core name)
_PREFIXES: list[tuple[re.Pattern[str], str, str | None]] = [
    (
        re.compile(rf"^communes?\s+du\s+canton\s+(?:de\s+|d{_APOS})", re.I),
        "LocalAuthority",
        "Communes du canton de",
    ),
    (
        re.compile(
            rf"^communaut[ée]\s+de\s+communes\s+(?:(?:de\s+la|de\s+l{_APOS}|du|des|de|d{_APOS})\s*)?",
            re.I,
        ),
        "Intercommunality",
        "Communauté de communes",
    ),
    (
        re.compile(
            rf"^communaut[ée]\s+des\s+communes\s+(?:(?:de\s+la|du|des|de|d{_APOS})\s*)?", re.I
        ),
        "Intercommunality",
        "Communauté des communes",
    ),
    (
        re.compile(
            rf"^communaut[ée]\s+d{_APOS}agglom[ée]ration\s+(?:(?:de\s+la|du|des|de|d{_APOS})\s*)?",
            re.I,
        ),
        "Intercommunality",
        "Communauté d'agglomération",
    ),
    (
        re.compile(
            r"^communaut[ée]\s+(?:urbaine|m[ée]tropolitaine)\s+(?:(?:de\s+la|du|des|de)\s+)?", re.I
        ),
        "Intercommunality",
        "Communauté urbaine",
    ),
    (re.compile(r"^(?:syndicat|groupement\s+intercommunal)\b", re.I), "Intercommunality", ""),
    (
        re.compile(r"^m[ée]tropole\s+(?:(?:de\s+la|du|des|de|d')\s*)?", re.I),
        "Intercommunality",
        "Métropole",
    ),
    (
        re.compile(rf"^(?:commune|ville|mairie|municipalit[ée])\s+(?:de\s+|d{_APOS}\s*)", re.I),
        "Commune",
        None,
    ),
    (
        re.compile(rf"^conseil\s+r[ée]gional\s+(?:(?:de\s+la|du|des|de|d{_APOS})\s*)?", re.I),
        "Region",
        "Région",
    ),
    (re.compile(rf"^r[ée]gion\s+(?:(?:de\s+la|du|des|de|d{_APOS})\s*)?", re.I), "Region", "Région"),
    (
        re.compile(
            rf"^conseil\s+(?:g[ée]n[ée]ral|d[ée]partemental)\s+(?:(?:de\s+la|du|des|de|d{_APOS})\s*)?",
            re.I,
        ),
        "Department",
        "Département",
    ),
    (
        re.compile(rf"^d[ée]partement\s+(?:(?:de\s+la|du|des|de|d{_APOS})\s*)?", re.I),
        "Department",
        "Département",
    ),
    (re.compile(r"^pr[ée]fecture\s+de\s+r[ée]gion\b", re.I), "StateBody", ""),
    (re.compile(r"^pr[ée]fecture\b", re.I), "Department", ""),
    (re.compile(r"^minist[èe]re\b", re.I), "Ministry", ""),
    (
        re.compile(r"^(?:ambassade|consulat|d[ée]l[ée]gation|direction|service)\b", re.I),
        "Agency",
        "",
    ),
    (re.compile(r"^(?:agence|office|institut|fonds)\b", re.I), "Agency", ""),
    (
        re.compile(
            r"^(?:association|f[ée]d[ée]ration|f[aâ]iti[èe]re|union|r[ée]seau|cit[ée]s)\b", re.I
        ),
        "Association",
        "",
    ),
    (
        re.compile(r"^(?:[lL]['’])?[oO]\.?[nN]\.?[gG]\.?\s+(?=[A-ZÀ-Ý])"),
        "Association",
        None,
    ),  # ONG X
    (re.compile(r"^(?:programme|plan)\b", re.I), "Programme", ""),
    (re.compile(r"^projet\b", re.I), "Project", ""),
]


@dataclass(frozen=True)
class ParsedName:
    """A written name read into its parts."""

    kind: str | None
    name: str
    core: str
    code: str | None = None


def display_case(text: str) -> str:
    """Title-case a name written in capitals ("ISSY LES MOULINEAUX" -> "Issy les Moulineaux");
    leave names in mixed case as written."""
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) < 0.8:
        return text
    words = re.split(r"(\s+|-)", text.lower())
    out: list[str] = []
    for i, w in enumerate(words):
        m = _ELIDED.match(w)
        if m:
            w = (
                f"{m.group(1)}’{m.group(2).capitalize()}"
                if i
                else f"{m.group(1).upper()}’{m.group(2).capitalize()}"
            )
        elif w not in _PARTICLES or i == 0:
            w = w[:1].upper() + w[1:]
        out.append(w)
    return "".join(out)


def clean_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" \t\n-–—,;:")


def parse_name(written: str) -> ParsedName:
    """Read `written` into kind, display name, core name and department code."""
    text = clean_space(written)
    code = None
    m = _CODE.search(text)
    if m:
        code, text = m.group(1), text[: m.start()].strip()
    for pattern, kind, keep in _PREFIXES:
        pm = pattern.match(text)
        if not pm:
            continue
        rest = display_case(text[pm.end() :].strip())
        if keep is None:  # communes: the bare town name is the name
            return ParsedName(kind, rest, rest, code)
        if keep == "" or not rest:  # the whole written name is the name
            full = display_case(text)
            return ParsedName(kind, full, full, code)
        return ParsedName(kind, f"{text[: pm.end()].strip()} {rest}", rest, code)
    plain = display_case(text)
    return ParsedName(None, plain, plain, code)
