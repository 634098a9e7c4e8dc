"""Officials standing for their authority.

A press text often names the people who sign rather than the authorities they head: "entre
Jean Dupont, président du Conseil départemental de la Dordogne, et Kossi Agbeko, maire de
Kpalimé", "le maire de Kpalimé, Kossi Agbeko". The name apposed to an executive office (maire,
président, bourgmestre, gouverneur…) of a named authority is a person, whatever the model or a
gazetteer made of its words ("Kossi" is also a Burkinabè province), and the statements read
through it reach the authority: the agreement is between the Dordogne and Kpalimé.

`officials(text, cands)` retypes those names and keeps on each the authority its office names
(`office_of`). It reads the written apposition only (a comma between the name and its office), so an
office in a longer clause ("le maire, qui a reçu la délégation de X") stands for nothing.
"""

from __future__ import annotations

import re

from builders.candidates import Cand
from kg.normalize import fold

#: executive offices: the person who holds one speaks and signs for the authority
_OFFICE = (
    r"(?:premi[eè]re?\s+)?(?:vice-)?(?:(?:d[ée]put[ée]e?|s[ée]nat(?:eur|rice))-)?"
    r"(?:maire|pr[ée]sidente?|bourgmestre|gouverneur|gouverneure"
    r"|[ée]dile|adjointe?\s+au\s+maire|maire\s+adjointe?|chef\s+de\s+l['’]ex[ée]cutif)"
)
_OF = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*"
#: "…, maire de ", "…, le nouveau président du ", "…, présidente de la "
_AFTER = re.compile(
    rf"\s*,\s*(?:(?:également|aussi|alors|par\s+ailleurs)\s+)?(?:(?:l[ea]|l['’]|son|sa)\s*)?"
    rf"(?:(?:nouvel(?:le)?|nouveau|actuel(?:le)?)\s+)?"
    rf"{_OFFICE}\s+{_OF}",
    re.IGNORECASE,
)
#: "le maire de " … ", " before the person's name
#: (the authority's name may follow its designator: "le maire de la commune d'Amou 2, …")
_BEFORE = re.compile(
    rf"\b{_OFFICE}\s+{_OF}(?:(?:commune|ville|municipalit[ée]|r[ée]gion|d[ée]partement|province"
    rf"|cercle)\s+(?:urbaine\s+|rurale\s+)?(?:de\s+|d['’]\s*)?)?$",
    re.IGNORECASE,
)
_SPACE = re.compile(r"[ \t]+")
#: what separates an office's authority from the official's name after it
_APPOSED = re.compile(r"\s*,\s*(?:M\.|Mme|Monsieur|Madame)?\s*")
#: how far after "de" the authority's name may start ("maire de la commune de Kpalimé")
_REACH = 40
#: the kinds an office heads
AUTHORITY_KINDS = frozenset(
    {"Commune", "LocalAuthority", "Department", "Region", "Intercommunality", "Association"}
)
#: the private attribute of a person's candidate that holds their office's authority
OFFICE = "office"
_GAP_STOP = re.compile(r"[,;.:()\n]|\bet\b|\bou\b")


def officials(text: str, cands: list[Cand]) -> list[Cand]:
    """The candidates with each official's name made one person, who holds the authority
    their office names (`office_of`)."""
    ordered = sorted(cands, key=lambda c: (c.start, c.end))
    replaced: dict[int, Cand] = {}

    def hold(found: tuple[Cand, list[Cand]] | None, authority: Cand) -> None:
        if found is None:
            return
        person, parts = found
        for part in parts:
            replaced[id(part)] = person
        person.attrs[OFFICE] = authority

    for i, c in enumerate(ordered):
        office = _AFTER.match(text, c.end)
        if office is not None:  # "Kossi Agbeko, maire de Kpalimé"
            authority = _authority(text, office.end(), ordered, i + 1)
            if authority is not None:
                hold(_person(text, ordered, _run(text, ordered, i, -1)), authority)
            continue
        if c.kind not in AUTHORITY_KINDS or not _BEFORE.search(text, max(0, c.start - 60), c.start):
            continue
        if i + 1 < len(ordered) and _APPOSED.fullmatch(text, c.end, ordered[i + 1].start):
            hold(_person(text, ordered, _run(text, ordered, i + 1, 1)), c)  # "le maire de
            # Kpalimé, Kossi Agbeko"
    _named_again(text, ordered, replaced)
    _same_name_same_office(ordered, replaced)
    out: list[Cand] = []
    kept: set[int] = set()
    for c in ordered:
        c = replaced.get(id(c), c)
        if id(c) not in kept:
            kept.add(id(c))
            out.append(c)
    return out


#: an office apposed to a name, with or without the authority it serves ("…, adjoint au maire,")
_APPOSED_OFFICE = re.compile(
    rf"\s*,\s*(?:(?:l[ea]|l['’]|son|sa)\s*)?(?:(?:premier|première)\s+)?{_OFFICE}\b", re.I
)


def holds_office(text: str, c: Cand) -> bool:
    """Whether the text apposes an office to a name ("Simon Bolombo, adjoint au maire"): the
    name is a person's, whatever authority the office serves."""
    return bool(_APPOSED_OFFICE.match(text, c.end))


def office_of(c: Cand) -> Cand | None:
    """The authority a person's office names, when the text apposes one to the name."""
    office = c.attrs.get(OFFICE) if c.kind == "Person" else None
    return office if isinstance(office, Cand) else None


def _named_again(text: str, ordered: list[Cand], replaced: dict[int, Cand]) -> None:
    """An official's name written again and read again in pieces ("Kossi" "Agbeko" at the start
    of a sentence) is that person once more."""
    names = {fold(p.name) for p in replaced.values()}
    if not names:
        return
    for i in range(len(ordered)):
        if id(ordered[i]) in replaced:
            continue
        run = _run(text, ordered, i, 1)
        if len(run) < 2 or any(id(ordered[k]) in replaced for k in run):
            continue
        start, end = ordered[run[0]].start, ordered[run[-1]].end
        if fold(text[start:end]) in names:
            person = Cand(start, end, "Person", text[start:end], source="office")
            for k in run:
                replaced[id(ordered[k])] = person


def _same_name_same_office(ordered: list[Cand], replaced: dict[int, Cand]) -> None:
    """An official named again without the office ("Kossi Agbeko a signé …") still holds it;
    a name given two offices keeps each where it was written and gives none to the others."""
    held: dict[str, set[int]] = {}
    office: dict[int, Cand] = {}
    people = [replaced.get(id(c), c) for c in ordered]
    for c in people:
        authority = office_of(c)
        if authority is not None:
            held.setdefault(fold(c.name), set()).add(id(authority))
            office[id(authority)] = authority
    for c in people:
        ids = held.get(fold(c.name), set())
        if c.kind == "Person" and office_of(c) is None and len(ids) == 1:
            c.attrs[OFFICE] = office[next(iter(ids))]


def _authority(text: str, start: int, ordered: list[Cand], j: int) -> Cand | None:
    """The first authority named within reach after an office's "de", with no comma or
    coordination between."""
    for k in range(j, len(ordered)):
        c = ordered[k]
        if c.start < start:
            continue
        if c.start - start > _REACH or _GAP_STOP.search(text, start, c.start):
            return None
        if c.kind in AUTHORITY_KINDS:
            return c
    return None


def _run(text: str, ordered: list[Cand], i: int, step: int) -> list[int]:
    """The indices of the names written one space apart from `ordered[i]` on, going `step`
    (at most four: a person's name, "Kossi" "Agbeko")."""
    run = [i]
    while len(run) < 4 and 0 <= run[-1] + step < len(ordered):
        a, b = sorted((ordered[run[-1]], ordered[run[-1] + step]), key=lambda c: c.start)
        if not _SPACE.fullmatch(text, a.end, b.start):
            break
        run.append(run[-1] + step)
    return sorted(run)


def _person(text: str, ordered: list[Cand], run: list[int]) -> tuple[Cand, list[Cand]] | None:
    """The official's name over the names of `run`, and the names it replaces: that name when
    it is a person's, else the names the model or a gazetteer read in those words, made one
    person (they are its parts)."""
    parts = [ordered[k] for k in run]
    if len(parts) == 1 and parts[0].kind == "Person":
        return parts[0], []
    if not all(c.source in ("model", "ref") or c.kind == "Person" for c in parts):
        return None
    if len(parts) == 1 and parts[0].source != "model":
        return None  # one gazetteer name alone beside an office is no person's name
    if len(parts) == 1:
        parts[0].kind = "Person"
        return parts[0], []
    start, end = parts[0].start, parts[-1].end
    return Cand(start, end, "Person", text[start:end], source="office"), parts
