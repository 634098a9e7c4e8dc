"""Programmes and projects that the written patterns do not catch, and events.

* a quoted name said to be a project or programme: « Villes durables », c'est le nouveau projet;
  le projet « X »; every other quoted use of that name;
* a line that opens with "Projet" or "Programme" (the title of a project sheet);
* an unnamed programme the text says was launched ("ont lancé un programme stratégique"):
  known only within its document;
* events: an event word (atelier, forum, festival, module...) with a quoted name, written with
  a capital inside a sentence, or introduced with its date or its organiser.
"""

from __future__ import annotations

import re

from builders.candidates import Cand

#: a quoted name (project titles in calls for projects run to a sentence: 200 characters)
_Q = r"[«\"“]\s*(?P<name>[^«»\"“”\n]{3,200}?)\s*[»\"”]"
_QUOTED_INITIATIVE = [
    re.compile(
        _Q + r"\s*,?\s*(?:c['’]est\s+)?(?:le|un)\s+(?:nouveau\s+)?(?P<head>projet|programme)", re.I
    ),
    re.compile(
        r"(?P<head>projet|programme)\s*,?\s+(?:(?:intitul|baptis|d[ée]nomm|appel|nomm)[ée]+e?\s+)?"
        + _Q,
        re.I,
    ),
    # "un projet de collecte des ordures baptisé « Ville Propre »": the naming verb names it
    # (not past a comma: "le programme X, l'événement était intitulé « Y »")
    re.compile(
        r"(?P<head>projet|programme)\b[^«».;,\n]{0,80}?\b(?:intitul|baptis|d[ée]nomm|nomm)[ée]+e?s?\s+"
        + _Q,
        re.I,
    ),
]
#: a quoted name that opens with an initiative's head noun: «quatrième dispositif conjoint
#: triennal 2022-2024 en soutien à …», « Programme Eau pour tous »
_QUOTED_HEAD = re.compile(
    r"(?:(?:le|la|l['’]|un|une)\s*)?(?:(?:nouvel|nouveau|nouvelle|premier|première|second|seconde"
    r"|[a-zé]{3,7}i[èe]me|\d{1,2}\s?(?:e|è|ème|eme|er))\s+)?"
    r"(?P<head>dispositif|programme|projet|plan|initiative|fonds|appel\s+à\s+projets|facilité)\b",
    re.I,
)
_QUOTED_HEAD_KIND = {"projet": "Project", "fonds": "Funder"}
#: an acronym in parentheses after a quoted name: « Ville Propre » (VP)
_QUOTED_ACRONYM = re.compile(r"\s*[»\"”]\s*\(\s*([A-Z][A-Za-z0-9-]{1,12}(?:\s[IVX]{1,4})?)\s*\)")
_INNER_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Z0-9-]{1,14})\s*\)(?=\s+(?:au|aux|en|à|dans)\s)")
_TRAILING_ACRONYM = re.compile(r"\s*\(\s*([A-Z][\w-]{1,20}(?:\s[IVX]{1,4})?)\s*\)$")
_TITLE_LINE = re.compile(
    r"^(?:[^\n|]{1,40}\|\s*)?"  # a title line may open with its publisher: "MEAE - DAECT | …"
    r"(?P<head>Projet|Programme|Dispositif|Fonds|Facilit[ée]|Plan|Initiative|Appel\s+[àa]\s+projets"
    r"|Feuille\s+de\s+route)\s[^\n.|]{10,200}",
    re.M,
)
#: a title line's kind by its head word (a fund as such is a funder)
_TITLE_KIND = {"projet": "Project", "fonds": "Funder"}
#: a date, year or status closing a title line ("… | 2024", "… 2019-2021")
_TITLE_TAIL = re.compile(r"\s*(?:\s[|–—-]\s*\(?\d{4}(?:\s*[-–]\s*\d{4})?\)?)?\s*$")
_ADJ = r"(?:\s+(?P<adj>[a-zéèêàç-]+(?:ique|al|aire|if|ive|el|elle|eur|ien)))?"
#: an unnamed programme or project said to be launched, in the active or the passive voice
_LAUNCHED = (
    re.compile(
        r"\blanc[ée]+s?\s+(?:officiellement\s+)?(?:un|une|le|la)\s+(?:nouveau\s+)?"
        r"(?P<head>programme|projet)" + _ADJ
    ),
    re.compile(
        r"\b[Ll]ancement\s+(?:officiel\s+)?d['’]une?\s+(?:nouveau\s+)?(?P<head>programme|projet)"
        + _ADJ
    ),
    re.compile(
        r"\b(?:[Uu]ne?)\s+(?:nouveau\s+)?(?P<head>programme|projet)"
        + _ADJ
        + r"\b[^.;\n]{0,160}?\b(?:a|ont|avait|sera)\s+(?:été\s+)?(?:officiellement\s+)?lanc[ée]"
    ),
    # "un plan d'accès à l'eau dans toute la commune a été mis en place"
    re.compile(
        r"\b(?:[Uu]ne?)\s+(?:nouveau\s+)?(?P<head>programme|projet|plan|dispositif)"
        + _ADJ
        + r"\s+(?:d['’]|de\s|du\s|des\s|pour\s)[^.;\n]{0,160}?\b(?:a|ont|avait|sera)\s+"
        r"(?:été\s+)?(?:mis\s+en\s+place|mis\s+en\s+(?:œ|oe)uvre|initi[ée]|cr[ée]{2})"
    ),
)
EVENT_HEADS = (
    r"atelier|forum|festival|s[ée]minaire|colloque|conf[ée]rence|rencontre|assises|sommet|salon"
    r"|module|session|journ[ée]es?|semaine|webinaire|table[- ]ronde|caravane|foire|r[ée]union"
    r"|congr[èe]s|symposium"
)
_EVENT = re.compile(rf"\b(?P<head>(?:{EVENT_HEADS})s?)\b", re.I)
#: a quoted title after an event word (a closing mark may open it: "la conférence » X »")
_EVENT_QUOTE = re.compile(
    r"\s*(?:[a-zé]+\s+)?(?:portant\s+sur|sur|intitul[ée]+|:)?\s*"
    + r"[«\"“»]\s*(?P<name>[^«»\"“”\n]{3,200}?)\s*[»\"”]",
    re.I,
)
_EVENT_STOP = re.compile(
    # "entre Lyon et Séoul" ends a name, "entre les collectivités françaises et X" is part of it
    r"\s(?:à\s+[A-ZÀ-Ý]|à\s+[a-zé]+(?:er|ir)\s|au\s+[A-ZÀ-Ý]|entre\s(?!les\s+[a-zé])|qui\s|dont\s|organis|initi"
    r"|le\s+\d|du\s+\d|les\s+\d"
    r"|s['’]|a\s|ont\s|est\s|sera\s|se\s|en\s+\d|avec\s|par\s|pour\s|dans\s+le\s+cadre)|[,;:.()«\"\n]"
)
#: the events of the field's recurring series, named even in lower case by their subject:
#: "les assises de la coopération décentralisée franco-haïtienne", "les rencontres de la
#: coopération décentralisée", "les assises franco-argentines de la coopération", "les
#: deuxièmes rencontres franco-algériennes des maires" (a name even after another event)
_NAMED_SERIES = re.compile(r"assises|rencontres|journ[ée]es|forum|sommet|colloque", re.I)
_TOPICAL = re.compile(
    r"\s+(?:(?:de\s+la|de|du)\s+coop[ée]ration\b|franco-[a-zà-ÿ]+\b)",
    re.I,
)
_INDEFINITE = re.compile(r"(?:\b(?:un|une|le|la|l['’]|au|du)\s*)$", re.I)
_DEFINITE = re.compile(r"(?:\b(?:le|la|les|des|aux|l['’]|au|du)\s*)$", re.I)
#: a title line naming an event: "Assises régionales de ... A – B", "Forum des maires"
_TITLE_EVENT = re.compile(rf"(?:{EVENT_HEADS})\b[^\n.!?:;]{{8,160}}$", re.I)
#: "Session 2 – ...", "Atelier 3 : ...": a numbered part of the document, no event of its own
_NUMBERED = re.compile(
    r"\s+(?:\d{1,2}|[IVX]{1,4})\b(?!\s*(?:janvier|f[ée]vrier|mars|avril|mai|juin"
    r"|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre))",
    re.I,
)
#: " – Tunis, 27 et 28 septembre 2022", " - mars 2023": the place and date after a title
_DATED_TAIL = re.compile(
    r"\s+[–—-]\s+[^–—]*\b(?:19|20)\d\d\s*$|,\s+(?:le\s+)?\d{1,2}(?:er)?\s+[a-zéû]+\s+(?:19|20)\d\d\s*$"
    r"|\s*\[[a-z]{2}\]\s*$"
)
#: an edition written before an event word: "Premières assises", "7° assises", "6e forum"
_ORDINAL_BEFORE = re.compile(
    r"(?:\b\d{1,2}\s*(?:°|e|è|ème|èmes|es|er|ère|ères)|\b[IVX]{1,5}(?:e|èmes?)|\b[Pp]remi[èe]re?s?"
    r"|\b[A-Za-zà-ÿ]{2,8}i[èe]mes?)\s+$"
)
#: a language switch a web page leaves after its title: "… franco-japonaise [ja]"
_LANGUAGE_TAG = re.compile(r"\s*\[[a-z]{2}\]\s*$")
_ANAPHOR_DET = re.compile(r"(?:\b(?:ce|cet|cette|ces)\s+)$", re.I)


def initiatives(text: str) -> list[Cand]:
    """Projects and programmes named by quotes, title lines, or launched unnamed."""
    out: list[Cand] = []
    for pattern in _QUOTED_INITIATIVE:
        for m in pattern.finditer(text):
            kind = "Project" if m.group("head").lower() == "projet" else "Programme"
            cand = Cand(m.start("name"), m.end("name"), kind, m.group("name"), source="quote")
            acronym = _QUOTED_ACRONYM.match(text, m.end("name"))
            if acronym:
                cand.attrs["acronym"] = acronym.group(1)
            out.append(cand)
    spans = {(c.start, c.end) for c in out}
    for m in re.finditer(_Q, text):
        head = _QUOTED_HEAD.match(m.group("name"))
        if head is None or (m.start("name"), m.end("name")) in spans:
            continue
        kind = _QUOTED_HEAD_KIND.get(head.group("head").lower(), "Programme")
        out.append(Cand(m.start("name"), m.end("name"), kind, m.group("name"), source="quote"))
    names = {c.name: c.kind for c in out}
    for name, kind in names.items():
        for m in re.finditer(r"[«\"“]\s*(" + re.escape(name) + r")\s*[»\"”]", text):
            out.append(Cand(m.start(1), m.end(1), kind, name, source="quote"))
    for m in _TITLE_LINE.finditer(_cased(text)):
        kind = _TITLE_KIND.get(m.group("head").lower(), "Programme")
        line = text[m.start() : m.end()].rstrip()
        line = line[: _TITLE_TAIL.search(line).start()] or line  # type: ignore[union-attr]
        acronym = _TRAILING_ACRONYM.search(line) or _INNER_ACRONYM.search(line)
        if acronym:
            line = line[: acronym.start()]  # "Projet X (ABC) au Burkina Faso": the name is X
        line = line[m.start("head") - m.start() :]
        cand = Cand(m.start("head"), m.start("head") + len(line), kind, line, source="title")
        if acronym:
            cand.attrs["acronym"] = acronym.group(1)
        out.append(cand)
    out += _support_schemes(text, out)
    if not out:
        out += _launched(text)
    return out


def _cased(text: str) -> str:
    """`text` with each line written in capitals put in sentence case (same offsets), so a
    title line in capitals ("APPEL A PROJETS EN SOUTIEN …") reads like any title line."""
    lines = text.split("\n")
    out = []
    for line in lines:
        letters = [ch for ch in line if ch.isalpha()]
        if len(letters) >= 8 and all(ch.isupper() for ch in letters):
            cased = line.capitalize()
            line = cased if len(cased) == len(line) else line
        out.append(line)
    return "\n".join(out)


#: a support scheme named in lower case by what it supports: "le dispositif conjoint de soutien
#: à la coopération décentralisée X", "du fonds d'appui aux initiatives locales"
_SCHEME = re.compile(
    r"\b(?:le|du|au|ce|un|l['’])\s*(?:(?:nouvel|nouveau|premier|second|[a-zé]{3,7}i[èe]me|\d{1,2}e)\s+)?"
    r"(?P<head>dispositif|programme|fonds|appel\s+à\s+projets"
    r"|facilité)(?:\s+(?:conjoint|national|régional|commun|spécifique|triennal|annuel)){0,2}"
    r"\s+(?:de\s+soutien|d['’]appui|d['’]aide|de\s+coopération|en\s+soutien)"
    r"(?:\s+(?:spécifique|conjoint|financier))?\s+(?:à|aux?)\s+"
    r"[^,.;:()\n]{5,140}"
)
#: a scheme named by the two countries it joins: "l'appel à projets franco-tunisien 2023",
#: "un appel à projets conjoint France-Argentine", "du fonds Mexique-France"
_BINATIONAL = re.compile(
    r"(?:\b(?:le|du|au|ce|un|l['’])\s*|^[ \t]*)"
    r"(?P<head>(?:(?:\d{1,2}\s?(?:e|è|ème|eme|er)|premier|second|[a-zé]{3,7}i[èe]me)\s+)?"
    r"(?:dispositif|programme|fonds|appel\s+à\s+projets))"
    r"(?:\s+(?:conjoint|commun|triennal|annuel))?\s+"
    r"(?:franco-[a-zà-ÿ]+|France\s?[-–]\s?[A-ZÀ-Ý][a-zà-ÿ]+|[A-ZÀ-Ý][a-zà-ÿ]+\s?[-–]\s?France)\b"
    r"(?:\s+(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?",
    re.MULTILINE,  # or a heading line of its own: "3ème appel à projets franco-chilien"
)
_SCHEME_STOP = re.compile(
    r"\s+(?:qui|dont|pour|par|à\s+l['’]attention|à\s+destination|créée?s?|lancée?s?|mise?s?|dans|est|sont|a|ont|suite|afin|depuis"
    r"|le\s+\d|en\s+\d|\d)"
)


def _support_schemes(text: str, found: list[Cand]) -> list[Cand]:
    """Support schemes named in lower case, once each (their later mentions are found as
    re-mentions of the name); none where a title already names the same scheme."""
    out: list[Cand] = []
    named = {c.name.lower() for c in found}
    matches = sorted(
        [*_SCHEME.finditer(text), *_BINATIONAL.finditer(text)], key=lambda m: m.start()
    )
    for m in matches:
        binational = m.re is _BINATIONAL
        stop = None if binational else _SCHEME_STOP.search(text, m.start("head"), m.end())
        end = stop.start() if stop else m.end()
        name = " ".join(text[m.start("head") : end].split())
        if name.lower() in named or len(name.split()) < (3 if binational else 5):
            continue
        head = m.group("head").lower()
        kind = "Funder" if head.split()[-1] == "fonds" else "Programme"
        named.add(name.lower())
        out.append(
            Cand(
                m.start("head"),
                m.start("head") + len(text[m.start("head") : end].rstrip()),
                kind,
                name,
                source="scheme",
            )
        )
    return out


def _launched(text: str) -> list[Cand]:
    found = [m for p in _LAUNCHED if (m := p.search(text))]
    if not found:
        return []
    m = min(found, key=lambda x: x.start("head"))
    end = m.end("adj") if m.group("adj") else m.end("head")
    kind = "Programme" if m.group("head") in ("programme", "dispositif") else "Project"
    cand = Cand(m.start("head"), end, kind, text[m.start("head") : end], source="launched")
    cand.attrs["scope"] = "document"
    return [cand]


def _event_end(text: str, start: int, sentence_end: int) -> int:
    quote = _EVENT_QUOTE.match(text, start)
    if quote:
        return quote.end()
    stop = _EVENT_STOP.search(text, start, sentence_end)
    end = stop.start() if stop else sentence_end
    words = text[start:end].split()
    return (
        start + len(" ".join(words[:16])) + (len(text[start:end]) - len(text[start:end].lstrip()))
    )


def _title_event(text: str, m: re.Match[str], s: int, e: int) -> Cand | None:
    """The event a title line names: "Assises de la coopération A – B" alone on its line."""
    line_end = text.find("\n", m.start(), e)
    line_end = e if line_end == -1 else line_end
    if m.start() != s or not m.group()[0].isupper():
        return None
    if not _TITLE_EVENT.match(text, m.start(), line_end):
        return None
    if _NUMBERED.match(text, m.end()):
        return None
    name = text[m.start() : line_end].rstrip()
    tail = _DATED_TAIL.search(name)
    name = name[: tail.start()] if tail else name
    return Cand(m.start(), m.start() + len(name), "Event", name, source="event")


def events(text: str, sentences: list[tuple[int, int]], cues: re.Pattern[str]) -> list[Cand]:
    """Named events: quoted, capitalised inside a sentence, or introduced with a date or an
    organiser cue (`cues` matches a full date or an organiser phrase)."""
    out: list[Cand] = []
    for s, e in sentences:
        for m in _EVENT.finditer(text, s, e):
            if _ANAPHOR_DET.search(text, max(s, m.start() - 8), m.start()):
                continue
            definite = _DEFINITE.search(text, max(s, m.start() - 6), m.start())
            topical = _TOPICAL.match(text, m.end()) and _NAMED_SERIES.fullmatch(m.group())
            if definite and out and not _EVENT_QUOTE.match(text, m.end()) and not topical:
                continue  # "la rencontre" after an event was named: that same event
            title = _title_event(text, m, s, e)
            if title is not None:
                out.append(title)
                continue
            end = _event_end(text, m.end(), e)
            quoted = _EVENT_QUOTE.match(text, m.end())
            capital = m.group()[0].isupper() and m.start() > s and text[m.end() : end].strip()
            introduced = _INDEFINITE.search(text, max(s, m.start() - 6), m.start()) and cues.search(
                text, s, e
            )
            ordinal = _ORDINAL_BEFORE.search(text, max(s, m.start() - 14), m.start())
            if ordinal and ordinal.group()[0].islower():
                ordinal = None  # "le premier forum sur …" describes; "Premières Assises" names
            if quoted or capital or introduced or ordinal or topical:
                end = m.start() + len(_LANGUAGE_TAG.sub("", text[m.start() : end]))
                name = re.sub(r"\s+", " ", text[m.start() : end]).strip()
                start, stop = m.start(), m.start() + len(text[m.start() : end].rstrip())
                if quoted:  # "la conférence « Les villes et la paix »": the title names it
                    name = " ".join(quoted.group("name").split())
                    start, stop = quoted.start("name"), quoted.end("name")
                out.append(Cand(start, stop, "Event", name, source="event"))
    return out
