"""Within one document, variants of one name become one name.

* a typo or spelling variant of a name written elsewhere in the text ("Région Bretange" and
  "Région Bretagne", "Kpalimé" and "Kpalimè"): same kind, same first letter, one or two edits
  apart, no difference in numbers ("Golfe 1" and "Golfe 7" stay apart). The form kept is the
  one the reference data knows, else the one written most often, else the first;
* a person named shortly after being named fully ("Togbui Adjo III" after "Togbui Adjo Kossi
  III"): the shorter form's words, in order, within the longer form's, same first word;
* a place named with and without a nationality adjective ("communauté de communes géorgienne
  de Telavi" and "Communauté de communes de Telavi"): the adjective tells the country only.
"""

from __future__ import annotations

import re
from collections import Counter

from builders.candidates import Cand
from builders.news.relations import PLACES
from kg.countries import demonym_code
from kg.normalize import fold

_NUMBER = re.compile(r"\b(?:\d+|[ivx]{1,4})\b")
_MIN_LENGTH = 6


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def near(a: str, b: str) -> bool:
    """Whether two folded names are spelling variants of one name."""
    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < _MIN_LENGTH:
        return False
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False
    return _edits(a, b) <= (1 if max(len(a), len(b)) < 10 else 2)


def _preferred(forms: list[Cand], counts: Counter[str]) -> Cand:
    return min(forms, key=lambda c: (c.ref is None, -counts[fold(c.name)], c.start))


def merge_variants(cands: list[Cand]) -> None:
    """Give every variant of a name the preferred form (see the module docstring)."""
    counts = Counter(fold(c.name) for c in cands)
    first: dict[tuple[str, str], Cand] = {}
    for c in cands:
        first.setdefault((c.kind, fold(c.name)), c)
    bare = {id(c): _without_nationality(c) for c in first.values()}
    for kind, key in list(first):
        own = bare[id(first[kind, key])]
        forms = [
            d
            for (k, n), d in first.items()
            if k == kind and (n == key or near(n, key) or (own and own == bare[id(d)]))
        ]
        refs = {d.ref for d in forms if d.ref}
        if len(forms) < 2 or len(refs) > 1:
            continue
        best = _preferred(forms, counts)
        for d in cands:
            if d.kind == kind and fold(d.name) == key and d.ref in (None, best.ref):
                d.name, d.ref, d.country = best.name, best.ref, d.country or best.country
    for c in cands:  # a name written again in lower case ("Programme X" … "un programme X")
        # takes its capitalised form
        f = first[c.kind, fold(c.name)]
        capital = f.name[:1].isupper() and not f.name.isupper()
        if c.name[:1].islower() and capital and c.ref == f.ref and fold(c.name) == fold(f.name):
            c.name = f.name


def _without_nationality(c: Cand) -> str:
    """The folded name of a place without its lower-case nationality adjectives ("" for other
    kinds)."""
    if c.kind not in PLACES:
        return ""
    words = c.name.split()
    kept = [w for w in words if not (w.islower() and len(w) > 4 and demonym_code(w))]
    return fold(" ".join(kept))


def _subsequence(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


def full_person_names(cands: list[Cand]) -> None:
    """A person's shorter name takes the one fuller name it abbreviates."""
    names = {fold(c.name): c.name for c in cands if c.kind == "Person"}
    for c in cands:
        if c.kind != "Person" or len(c.name.split()) < 2:
            continue
        words = fold(c.name).split()
        longer = [
            n
            for n in names
            if len(n.split()) > len(words)
            and n.split()[0] == words[0]
            and _subsequence(words, n.split())
        ]
        if len(longer) == 1:
            c.name = names[longer[0]]


def surnames(cands: list[Cand]) -> None:
    """A name the model read as a place but which is the surname of a person the text names
    ("Mme Anne Dupuis-Laforge ... Dupuis-Laforge a rappelé") is that person."""
    persons = {fold(c.name.split()[-1]): c.name for c in cands if c.kind == "Person"}
    for c in cands:
        if c.source in ("model", "repeat") and c.kind != "Person" and c.ref is None:
            full = persons.get(fold(c.name))
            if full and len(full.split()) > 1:
                c.kind, c.name, c.country = "Person", full, None
