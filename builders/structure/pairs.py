"""Lists of partner pairs written inline: the structure, not the wording, says who pairs with whom.

A text that enumerates twinnings writes one pair per item and separates the items with commas,
semicolons or line breaks::

    la Région A et B, C et D, E et le département de F          (pairs joined by "et")
    A avec B, C avec D et E, F et G avec H                      ("avec"; a bare item or a second
                                                                 name adds a partner; "F et G
                                                                 avec H" pairs both with H)
    A-B, C-D, E – F                                             (dash compounds)

`pair_lists(text, cands, spans)` finds such runs of items inside each sentence or line, reads
each item into pairs of names, and returns them with the names it had to add (an item's slot
that no earlier reader named: "Tyr" in "Jbeil et Tyr", a town the model missed). A run counts
when it has at least two pair items, or one item whose sentence speaks of twinning or
partnership. Nothing here depends on a country, a language of names or a document: only on the
shape of the list and on the names the readers found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from builders.candidates import Cand
from kg.countries import country_code, demonym_code
from kg.normalize import fold

#: where one item of a list ends and the next begins
_ITEM_BREAK = re.compile(r"\s*(?:[,;]|\n+|\s—\s)\s*")
#: what may stand between a name and its partner inside one item
_PAIR_SEP = re.compile(r"^\s*(?:(?P<avec>avec)|(?P<et>et)|(?P<dash>[-–—/↔&]|<->))\s*$", re.I)
#: words that may lead a name in a list slot ("la Région A", "le département de B")
_LEAD = re.compile(
    r"^\s*(?:et\s+|ou\s+|ainsi\s+que\s+|puis\s+)?(?:entre\s+)?"
    r"(?:(?:la|le|les|l['’]|de\s+la|du|des|de|d['’])\s*)?$",
    re.I,
)
#: generic heads before a name in a slot ("la capitale de Hanoi", "la ville de B")
_HEADS = (
    r"capitale|ville|cit[ée]|province|r[ée]gion|commune|municipalit[ée]|d[ée]partement"
    r"|pr[ée]fecture|district|canton|village|gouvernorat|wilaya|oblast"
)
_HEAD_BEFORE = re.compile(
    rf"\s+(?:(?:la|le|l['’])\s*)?(?:{_HEADS})(?:\s+(?:de\s+la|de|du|d['’]))?\s*$", re.I
)
_HEAD_WORD = re.compile(rf"^(?:{_HEADS})$", re.I)
#: the end of an open list: "et bien d'autres", "etc."
_TAIL = re.compile(r"^\s*(?:et\s+)?(?:bien\s+d['’]autres|d['’]autres|etc\.?|…)", re.I)
_OPEN_END = re.compile(r"\s+et\s+(?:bien\s+)?d['’]autres\b.*$|\s+etc\.?$", re.I | re.S)
#: a comment closing an item: "A avec B – arrêté depuis 2007", "A et B (depuis 1990)"
_COMMENT = re.compile(r"\s+[–—-]\s+[a-zà-ÿ].*$|\s*\((?:[^)]*\d{4}|[a-zà-ÿ])[^)]*\)\s*$", re.S)
_TWINNING = re.compile(
    r"jumel|partenari|coop[ée]ration\s+d[ée]centralis|coop[èée]r|accords?\s+de\s+coop|amiti[ée]",
    re.I,
)
#: a capitalised name the readers missed, in a list slot ("Tyr", "Ba Ria Vung Tau")
_BARE_NAME = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w’'-]*)(?:\s+(?:(?:de|du|des|la|le|sur|en|lès|d['’])\s+)?[A-ZÀ-ÖØ-Þ][\w’'-]*){0,4}"
)
#: kinds that may be one end of a partnership listed in a pair list
PARTNER_KINDS = frozenset(
    {"Commune", "LocalAuthority", "Department", "Region", "Intercommunality", "Association"}
)
SOURCE = "pair-list"
#: kinds the model gives places it does not know (list slots are places)
_MISREAD = frozenset({"Person", "Place"})
#: a name that swallowed the separator of its item ("la communauté urbaine de A avec B")
_SWALLOWED = re.compile(r"\s+avec\s+")


@dataclass
class Pair:
    """Two names listed as partners, with the span of their list item."""

    a: Cand
    b: Cand
    start: int
    end: int
    rule: str = "pair-list"  #: "pair-list" (a list of pairs) or "headed-pair" ("jumelage A-B")


@dataclass
class _Item:
    start: int
    end: int
    names: list[Cand]
    seps: list[str]  #: the separator kind between consecutive names


def pair_lists(
    text: str, cands: list[Cand], spans: Iterable[tuple[int, int]]
) -> tuple[list[Pair], list[Cand]]:
    """The pairs of every inline pair list in `text`, and the names added for them."""
    ordered = sorted(cands, key=lambda c: (c.start, -c.end))
    known = {fold(c.name) for c in cands}
    pairs: list[Pair] = []
    added: list[Cand] = []
    for s, e in spans:
        here = [c for c in ordered if s <= c.start and c.end <= e]
        items: list[_Item | None] = []
        for i0, i1 in _items(text, s, e):
            items += _item(text, i0, i1, here, added) or [None]
        for run in _runs(items):
            found = _read_run(run)
            single = found and _single(run, found, known)
            if len(found) >= 2 or (single and _TWINNING.search(text, s, e)):
                pairs += _as_places(found)
    return pairs, added


def _as_places(pairs: list[Pair]) -> list[Pair]:
    """The pairs of an accepted list, its names typed as places: a name the model took for a
    person is a town when a list of pairs names it."""
    for p in pairs:
        for c in (p.a, p.b):
            if c.kind in _MISREAD and c.source in ("model", SOURCE):
                c.kind = "Commune"
    return pairs


def _single(run: list[_Item], found: list[Pair], known: set[str]) -> bool:
    """Whether one pair alone is a list: joined by "avec" or a dash (an "et" alone may join two
    names of one side), and both names found by the readers, not guessed from capitals (a
    guess the readers found elsewhere in the text is one more mention of that name)."""
    return _style(run) != "et" and all(
        c.source != SOURCE or fold(c.name) in known for p in found for c in (p.a, p.b)
    )


def _items(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for m in _ITEM_BREAK.finditer(text, s, e):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, e))
    return [(a, b) for a, b in out if b > a]


def _item(text: str, s: int, e: int, here: list[Cand], added: list[Cand]) -> list[_Item] | None:
    """Read one list item as names and separators, or None when it is not such an item. The
    first item of a run may open with other words (the sentence before the list), and words
    between two pairs cut the item in two ("A avec B et au niveau des villes C avec D")."""
    piece = text[s:e].rstrip(" .:")
    tail = _TAIL.search(piece)
    if tail is not None and tail.start() == 0:
        return None
    for tail_pattern in (_OPEN_END, _COMMENT):
        end_tail = tail_pattern.search(piece)
        if end_tail is not None:
            piece = piece[: end_tail.start()]
    e = s + len(piece)
    names: list[Cand] = []
    seps: list[str] = []
    done: list[_Item] = []
    pos = s
    lead_end = s
    for c in _slots(text, s, e, here, added):
        gap = text[pos : c.start]
        if names:
            m = _PAIR_SEP.match(_strip_lead(gap))
            if m is None:
                if seps:  # a whole pair before the words: an item of its own
                    done.append(_Item(lead_end, pos, names, seps))
                names, seps = [], []  # words between names: restart (a preamble)
                lead_end = c.start
            else:
                seps.append(str(m.lastgroup))
        elif gap.strip() and not _LEAD.match(gap):
            lead_end = c.start
        names.append(c)
        pos = c.end
    if not names or text[pos:e].strip(' .)»"”'):
        return done or None
    return [*done, _Item(lead_end, e, names, seps)]


def _strip_lead(gap: str) -> str:
    """The separator in a gap, without the article or generic head of the next name ("et le",
    "avec la capitale de")."""
    gap = _HEAD_BEFORE.sub(" ", gap)
    return re.sub(r"\s+(?:la|le|les|l['’]|de\s+la|du|des)\s*$", " ", gap, flags=re.I)


def _slots(text: str, s: int, e: int, here: list[Cand], added: list[Cand]) -> list[Cand]:
    """The names in `s:e`: those the readers found, plus bare capitalised names in between."""
    out: list[Cand] = []
    pos = s
    for c in [c for c in here if c.start >= s and c.end <= e]:
        if c.start < pos:
            continue
        out += _bare(text, pos, c.start, added)
        out += _unswallowed(text, c, added)
        pos = c.end
    out += _bare(text, pos, e, added)
    return _joined(text, out, added)


#: what joins the words of one name split over two slots ("Aix" + "en Provence")
_NAME_JOIN = re.compile(r"^(?:\s+(?:en|sur|sous|lès|les|de|du|des|la|le)\s+|\s*-\s*)$")
#: a name cut after its particle ("Ile de" + "France")
_CUT_AFTER = re.compile(r"\s(?:de|du|des|la|le|en|sur|d['’])$")


def _joined(text: str, slots: list[Cand], added: list[Cand]) -> list[Cand]:
    """Join a name and the bare words that continue it ("Aix" + "en Provence" is one name)."""
    out: list[Cand] = []
    for c in slots:
        prev = out[-1] if out else None
        gap = text[prev.end : c.start] if prev is not None else ""
        cut = prev is not None and gap == " " and _CUT_AFTER.search(text, prev.start, prev.end)
        if prev is not None and ((c.source == SOURCE and _NAME_JOIN.match(gap)) or cut):
            whole = Cand(prev.start, c.end, prev.kind, text[prev.start : c.end], prev.country)
            whole.source = SOURCE
            added.append(whole)
            out[-1] = whole
        else:
            out.append(c)
    return out


def _unswallowed(text: str, c: Cand, added: list[Cand]) -> list[Cand]:
    """`c`, or its two parts when it swallowed an "avec" (its kind stays with the first)."""
    m = _SWALLOWED.search(text, c.start, c.end)
    if m is None:
        return [c]
    first = Cand(c.start, m.start(), c.kind, text[c.start : m.start()], c.country, None, SOURCE)
    added.append(first)
    return [first, *_bare(text, m.end(), c.end, added)]


_ARTICLE_BEFORE = re.compile(r"(?:^|[\s,(])[lL]['’]$")


def _bare(text: str, s: int, e: int, added: list[Cand]) -> list[Cand]:
    out = []
    for m in _BARE_NAME.finditer(text, s, e):
        word = m.group()
        if (
            m.start() > 0
            and text[m.start() - 1] in "’'"
            and not _ARTICLE_BEFORE.search(text, max(0, m.start() - 3), m.start())
        ):
            continue  # the end of an elided word ("d'Aix"); "l'Itasy" is a name
        if len(word) < 3 or (word.isupper() and len(word) < 5) or _HEAD_WORD.match(word):
            continue
        c = Cand(m.start(), m.end(), "Commune", word, None, None, SOURCE)
        added.append(c)
        out.append(c)
    return out


def _runs(items: Iterable[_Item | None]) -> list[list[_Item]]:
    """Consecutive items that hold names (an item without a name ends a run)."""
    runs: list[list[_Item]] = [[]]
    for item in items:
        if item is None:
            runs.append([])
        else:
            runs[-1].append(item)
    return [r for r in runs if r]


def _read_run(run: list[_Item]) -> list[Pair]:
    """The pairs of one run. Items with two names or more are pairs; a bare one-name item after
    an "avec" item adds a partner to that item's first name."""
    style = _style(run)
    if style is None:
        return []
    pairs: list[Pair] = []
    anchor: list[Cand] = []
    for item in run:
        if len(item.names) == 1:
            if style == "avec" and anchor and _partner(item.names[0]):
                pairs += [Pair(a, item.names[0], item.start, item.end) for a in anchor]
                continue
            if pairs:
                break
            continue
        found, anchor = _item_pairs(item, style)
        if not found:
            if pairs:
                break
            continue
        pairs += found
    return [p for p in pairs if _partner(p.a) and _partner(p.b) and p.a.name != p.b.name]


def _style(run: list[_Item]) -> str | None:
    """The separator that joins partners in this list: the one every multi-name item uses."""
    counts: dict[str, int] = {}
    for item in run:
        for sep in item.seps:
            counts[sep] = counts.get(sep, 0) + 1
    if not counts:
        return None
    if "avec" in counts:
        return "avec"
    if "dash" in counts:
        return "dash"
    return "et"


def _item_pairs(item: _Item, style: str) -> tuple[list[Pair], list[Cand]]:
    """Pairs of one item and its left side (for the bare items that follow)."""
    names, seps = item.names, item.seps
    if style in ("et", "dash"):
        if len(names) != 2 or seps[0] != style:
            return [], []
        return [Pair(names[0], names[1], item.start, item.end)], [names[0]]
    if "avec" not in seps:
        return [], []
    pairs: list[Pair] = []
    for left, right in _avec_groups(names, seps):
        pairs += [Pair(a, b, item.start, item.end) for a in left for b in right]
    return pairs, _avec_groups(names, seps)[-1][0]


def _avec_groups(names: list[Cand], seps: list[str]) -> list[tuple[list[Cand], list[Cand]]]:
    """ "A et B avec C et D": A and B with C and D; "A avec B et C avec D": two groups (an "et"
    after a right side opens a new group when another "avec" follows)."""
    groups: list[tuple[list[Cand], list[Cand]]] = [([names[0]], [])]
    for i, sep in enumerate(seps):
        left, right = groups[-1]
        if sep == "avec" and not right:
            right.append(names[i + 1])
        elif right and "avec" in seps[i + 1 :]:
            groups.append(([names[i + 1]], []))
        else:
            (right if right else left).append(names[i + 1])
    return [g for g in groups if g[1]]


def _partner(c: Cand) -> bool:
    if PERSON_NAME.match(c.name):
        return False  # "Marie-Estelle CISSOKHO": a given name and a surname in capitals
    return c.kind in PARTNER_KINDS or (c.kind in _MISREAD and c.source in ("model", SOURCE))


#: a person's name as French documents write it: given name(s), then the surname in capitals
PERSON_NAME = re.compile(
    r"^(?:[Pp]ar\s+)?[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?\s+(?:[A-ZÀ-Ý]{2,}[\s-]?)+$"
)


#: a partnership noun that names its pair right after it: "la coopération décentralisée A-B",
#: "Jumelage A/B", "un partenariat A – B"
_HEADED = re.compile(
    r"\b(?:jumelages?|coop[ée]rations?|partenariats?|conventions?|accords?|amiti[ée])"
    r"(?:\s+(?:d[ée]centralis[ée]e|franco-[\w-]+|historique|triennale|de\s+jumelage"
    r"|de\s+coop[ée]ration|de\s+partenariat))*\s+(?:entre\s+)?(?:(?:la|le|les|l['’])\s*)?",
    re.I,
)
_PAIR_GAP = re.compile(r"\s*(?:[/–—]|\s-\s|-)\s*")
#: words that open a compound town name and never end a town on their own
_NAME_OPENERS = frozenset(
    {"saint", "sainte", "st", "ste", "mont", "port", "val", "pont", "bourg", "ville", "villers",
     "fort", "grand", "petit", "le", "la", "les", "notre", "aix", "bois", "neuf", "vieux",
     "deux", "trois", "quatre", "cinq", "sept", "huit", "dix", "cent", "mille", "haut", "bas",
     "basse", "haute", "moyen", "pays", "terre", "ile", "île", "nord", "sud", "est", "ouest"}
)  # fmt: skip


def headed_pairs(
    text: str, cands: list[Cand], known: Callable[[str], bool] = lambda name: False
) -> tuple[list[Pair], list[Cand]]:
    """Pairs named right after a partnership noun, as one compound ("Cesson-Dankassari",
    "Pays loudunais/Dapélogo") or two names with a dash or slash between them. `known` tells
    a compound that is one place's name ("Deux-Sèvres", "Issy-les-Moulineaux"): never split."""
    starts = {c.start: c for c in cands}
    pairs: list[Pair] = []
    added: list[Cand] = []
    for m in _HEADED.finditer(text):
        if m.group()[0].isupper() and not _line_start(text, m.start()):
            continue  # the noun opens a name ("l'association Amitié A-B"), not a pair
        pos = m.end()
        while (found := _after_head(text, pos, starts, known)) is not None:
            a, b = found
            added += [c for c in found if c.source == SOURCE]
            pairs.append(Pair(a, b, m.start(), b.end, rule="headed-pair"))
            while (third := _chained(text, b, starts)) is not None:
                # "coopération Limousin/Plateau Central/Oubritenga": the first with each
                pairs.append(Pair(a, third, m.start(), third.end, rule="headed-pair"))
                b = third
            more = _NEXT_PAIR.match(text, b.end)  # "accords A-B, C-D et E-F"
            if more is None:
                break
            pos = more.end()
    return pairs, added


def _chained(text: str, last: Cand, starts: dict[int, Cand]) -> Cand | None:
    """The name a slash joins to the last name of a pair ("A/B/C"), if the readers found one."""
    gap = _SLASH.match(text, last.end)
    nxt = starts.get(gap.end()) if gap else None
    return nxt if nxt is not None and _partner(nxt) else None


_SLASH = re.compile(r"\s*/\s*")
_NEXT_PAIR = re.compile(r"\s*(?:,|;|,?\s+et)\s+(?=[A-ZÀ-Ý])")


def _after_head(
    text: str, pos: int, starts: dict[int, Cand], known: Callable[[str], bool]
) -> tuple[Cand, Cand] | None:
    """The pair written at `pos`: two names the readers found with a dash or slash between
    them, else a compound split in two."""
    first = starts.get(pos)
    if first is not None:
        gap = _PAIR_GAP.match(text, first.end)
        second = starts.get(gap.end()) if gap else None
        if second is not None and _partner(first) and _partner(second):
            return first, second
    for c in (first, _written(text, pos)):
        if c is None or known(text[c.start : c.end]) or _nationalities(text[c.start : c.end]):
            continue
        split = split_compound(text, c, known)
        if split is not None and all(_partner(starts.get(p.start, p)) for p in split):
            return split  # (a part the readers named otherwise, a country, is no partner)
    return None


def _nationalities(written: str) -> bool:
    """Whether a compound is made of nationalities or countries ("partenariats Franco-Roumains",
    "coopération décentralisée Madagascar-France"): no pair of local authorities."""
    parts = re.split(r"\s*[-/–—]\s*", written.strip())
    return len(parts) >= 2 and all(demonym_code(p) or country_code(p) for p in parts)


def _line_start(text: str, pos: int) -> bool:
    return not text[max(0, pos - 3) : pos].strip(" \t") or text[pos - 2 : pos] in (". ", ": ")


#: a written compound after a partnership noun: capitalised words joined by dashes or a slash,
#: with lower-case particles and one lower-case qualifier ("Pays loudunais/Dapélogo")
_COMPOUND = re.compile(
    r"[A-ZÀ-Ý][\w'’]*(?:(?:-|\s+(?:les|le|la|sur|en|de|du)\s+|-(?:les|le|la|sur|en|de|du)-)"
    r"[A-ZÀ-Ý][\w'’]*)*(?:\s+[a-zà-ÿ]{4,})?"
    r"(?:\s*(?:[/–—]|\s-\s|-)\s*[A-ZÀ-Ý][\w'’]*(?:(?:-|-(?:les|le|la|sur|en|de|du)-)"
    r"[A-ZÀ-Ý][\w'’]*)*)"
)


def _written(text: str, pos: int) -> Cand | None:
    m = _COMPOUND.match(text, pos)
    if m is None:
        return None
    return Cand(m.start(), m.end(), "Commune", m.group(), None, None, SOURCE)


def split_compound(
    text: str, c: Cand, known: Callable[[str], bool] = lambda name: False
) -> tuple[Cand, Cand] | None:
    """The two names of a compound written for a pair ("A-B", "A/B", "A – B"), or None when
    it reads as one name (its hyphens join lower-case words or a name's opening word). With
    several hyphens ("Mahdia-Loire-Atlantique"), the cut is the one leaving a side that `known`
    names as one place."""
    written = text[c.start : c.end]
    cuts = [m for m in _PAIR_GAP.finditer(written) if _cuttable(written, m)]
    if len(cuts) > 1 and all(m.group() == "-" for m in cuts):
        cuts = _best_cuts(written, cuts, known)
    if len(cuts) != 1:
        return None
    m = cuts[0]
    a = Cand(c.start, c.start + m.start(), "Commune", written[: m.start()], None, None, SOURCE)
    b = Cand(c.start + m.end(), c.end, "Commune", written[m.end() :], None, None, SOURCE)
    return a, b


def _best_cuts(
    written: str, cuts: list[re.Match[str]], known: Callable[[str], bool]
) -> list[re.Match[str]]:
    """The cuts that leave the longest side known as one place ("Bizerte-Seine-Saint-Denis"
    is Bizerte and Seine-Saint-Denis, not Bizerte-Seine and Saint-Denis)."""
    scored = []
    for m in cuts:
        sides = [written[: m.start()], written[m.end() :]]
        scored.append((max((len(x) for x in sides if known(x)), default=0), m))
    best = max(score for score, _ in scored)
    return [m for score, m in scored if score == best and best > 0]


def _cuttable(written: str, m: re.Match[str]) -> bool:
    left, right = written[: m.start()].split(), written[m.end() :].split()
    if not left or not right or not left[0][:1].isupper() or not right[0][:1].isupper():
        return False
    if m.group().strip() in "/–—" or " " in m.group():
        return True  # a slash or spaced dash always separates
    if not left[-1][:1].isupper():
        return False
    last = left[-1].split("-")[-1]
    return last.lower() not in _NAME_OPENERS and len(last) > 2 and len(right[0]) > 2


def expand_groups(
    text: str, pairs: list[Pair], known: Callable[[str], bool]
) -> tuple[list[Pair], list[Cand]]:
    """Pairs whose one side is several places joined by hyphens ("Rennes-St Nazaire-Nantes/
    Ville de Québec": three towns with one partner), one pair per place; a side is a group only
    when the whole is no place's name and every part is one."""
    out: list[Pair] = []
    added: list[Cand] = []
    for p in pairs:
        groups = [_group(text, c, known) for c in (p.a, p.b)]
        if not any(groups):
            out.append(p)
            continue
        lefts, rights = (g or [c] for g, c in zip(groups, (p.a, p.b), strict=True))
        added += [c for g in groups if g for c in g]
        out += [Pair(a, b, p.start, p.end, p.rule) for a in lefts for b in rights]
    return out, added


def _group(text: str, c: Cand, known: Callable[[str], bool]) -> list[Cand] | None:
    written = text[c.start : c.end]
    if written.count("-") < 2 or known(written):
        return None
    parts, pos = [], 0
    for piece in written.split("-"):
        parts.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    names = [(a, b) for a, b in parts if written[a:b].strip()]
    if not all(written[a:b][:1].isupper() and known(written[a:b].strip()) for a, b in names):
        return None
    return [
        Cand(c.start + a, c.start + b, c.kind, written[a:b].strip(), c.country, None, SOURCE)
        for a, b in names
    ]
