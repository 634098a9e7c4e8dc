"""The resolver: mentions become canonical entities with stable keys.

Order of attempts for one mention: a stated INSEE code (`attrs["insee"]`, which tables give)
names its commune whatever the spelling; then the reference data by exact name key (its name,
its text, both without a parenthesised acronym or department number, both without a designator
such as "Commune de" or "Préfecture du", then the parenthesised acronym), kind- and country-
compatible; then, for a commune, local authority, département or région that is French or of no
stated country, the French index of every commune (`Reference.french_match`: a shared name needs
a département or région in the mention, an ordinary word or a short form needs one too, or for a
word a designator such as "Commune de"); then fuzzy matching (difflib ratio on folded names)
above `fuzzy_threshold` (the French index's départements and régions take part, its communes
only those of a département the mention states); near-misses and ambiguous names are not merged
but listed in `Resolver.review`. What matches nothing gets a key made of kind, country and name,
so the same name gives the same key on every run and machine."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from kg.extraction import Mention
from kg.names import clean_space, display_case, parse_name
from kg.normalize import slug
from kg.reference import (
    PLACE_KINDS,
    RefEntry,
    Reference,
    accepts,
    entity_path,
    kind_segment,
    name_key,
    normalize_department,
    rank,
)

#: Below this ratio a near-match is not even worth a review line.
REVIEW_FLOOR = 0.85
_MIN_FUZZY_LENGTH = 4
_MAX_REVIEW = 5  # candidates listed per near-missed name
_PAREN = re.compile(r"\s*\(([^()]*)\)")
_DIGITS = re.compile(r"\d+")
_OF = r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)"
_DESIGNATOR = re.compile(
    rf"^(?:d[ée]l[ée]gation\s+sp[ée]ciale\s+{_OF})?"
    rf"(?:pr[ée]f[ée]cture|village|canton|cercle|province)\s+{_OF}",
    re.IGNORECASE,
)
_ELIDED = re.compile(r"^l['’]\s*", re.IGNORECASE)
#: Designators naming the territory's own authority: stripping them keeps the same thing.
_SAME_THING = frozenset({"Commune", "Region", "Department"})
#: Mention kinds the French index may resolve, and the kind each is looked for as.
_FRENCH_KINDS = {
    "Commune": "Commune",
    "LocalAuthority": "Commune",
    "Department": "Department",
    "Region": "Region",
}


@dataclass(frozen=True)
class Entity:
    """A canonical thing of the graph."""

    key: str
    label: str
    kind: str
    country: str | None
    codes: tuple[tuple[str, str], ...] = ()
    aliases: tuple[str, ...] = ()
    reference_id: str | None = None
    #: what to show where the official label hides the usual name ("Kloto 1 (Kpalimé)"); None
    #: when `label` is enough. `label` stays the preferred (official) label.
    display_label: str | None = None


@dataclass(frozen=True)
class ReviewItem:
    """A near-match the resolver did not merge, for a person to check."""

    name: str
    candidate: str
    score: float
    candidate_key: str
    scope: str
    reason: str  # "near-match" (fuzzy score below the threshold) or "ambiguous"


def core_name(text: str) -> str:
    """The territory a designated name speaks of: "Préfecture du Zio" -> "Zio",
    "Commune de BRESSUIRE" -> "Bressuire"; other names unchanged."""
    text = _DESIGNATOR.sub("", clean_space(text))
    parsed = parse_name(text)
    core = parsed.core if parsed.kind in _SAME_THING else text
    return _ELIDED.sub("", core)


def name_forms(mention: Mention) -> list[str]:
    """The names to look a mention up by, most specific first."""
    full, acronyms = _forms(mention)
    return list(dict.fromkeys(full + acronyms))


def _forms(mention: Mention) -> tuple[list[str], list[str]]:
    """(full names, parenthesised acronyms) of a mention, without empty names."""
    full: list[str] = []
    acronyms: list[str] = []
    for raw in (mention.name, mention.text):
        bare = _PAREN.sub("", raw).strip()
        full += [raw, bare, core_name(bare)]
        inner = (p.strip() for p in _PAREN.findall(raw))
        acronyms += [p for p in inner if p and not p.isdigit()]
    return [f for f in full if name_key(f)], [a for a in acronyms if name_key(a)]


def department(mention: Mention) -> str | None:
    """The French département number a mention states ("Commune de BRESSUIRE (79)" -> "79")."""
    given = mention.attrs.get("department") or parse_name(mention.text).code
    return normalize_department(str(given)) if given else None


def region(mention: Mention) -> str | None:
    """The région a mention states (`attrs["region"]`, a code or a name), or None."""
    given = mention.attrs.get("region")
    return str(given) if given else None


def _designated(mention: Mention) -> bool:
    """Whether the mention calls itself a commune ("Commune de Rue", "ville d'Orange")."""
    return bool(mention.attrs.get("designated")) or parse_name(mention.text).kind == "Commune"


def _best_ranked(entries: list[RefEntry], kind: str | None) -> list[RefEntry]:
    """The entries that fit `kind` best (same kind first, towns before regions, curated first)."""
    ranks = {e.id: rank(e, "", kind)[:3] for e in entries}
    best = min(ranks.values())
    return [e for e in entries if ranks[e.id] == best]


def _digits(text: str) -> list[str]:
    return _DIGITS.findall(text)


class Resolver:
    """Turns mentions into entities; keeps what it was unsure of in `review`.

    Matches are remembered per written form, so the reference must be complete (COG loaded)
    before the first `resolve`."""

    def __init__(self, reference: Reference | None = None, fuzzy_threshold: float = 0.92) -> None:
        self.reference = reference if reference is not None else Reference.default()
        self.fuzzy_threshold = fuzzy_threshold
        #: Near-matches and ambiguous names that were not merged.
        self.review: list[ReviewItem] = []
        #: Fuzzy matches that were merged (score at or above the threshold).
        self.merged: list[ReviewItem] = []
        self._fuzzy_cache: dict[tuple[object, ...], list[tuple[float, RefEntry]]] = {}
        self._matches: dict[tuple[object, ...], RefEntry | None] = {}
        self._noted: dict[int, set[ReviewItem]] = {}

    def resolve(self, mention: Mention, scope: str) -> Entity:
        """The entity `mention` names; `scope` identifies the document it was read in."""
        if mention.attrs.get("scope") == "document":
            return self._document_scoped(mention, scope)
        key = (
            mention.name,
            mention.text,
            mention.kind,
            mention.country,
            department(mention),
            region(mention),
            bool(mention.attrs.get("designated")),
            mention.attrs.get("insee"),
        )
        if key not in self._matches:  # names repeat across documents: match each form once
            self._matches[key] = self._match(mention, scope)
        entry = self._matches[key]
        return self.entity_for(entry) if entry else self._unmatched(mention)

    def resolve_all(self, mentions: Iterable[Mention], scope: str) -> dict[str, Entity]:
        """mention id -> entity, for the mentions of one document."""
        return {m.id: self.resolve(m, scope) for m in mentions}

    def entity_for(self, entry: RefEntry) -> Entity:
        """The entity a reference entry stands for (the key `resolve` gives its mentions)."""
        return Entity(
            entry.id,
            entry.label,
            entry.kind,
            entry.country,
            tuple(sorted(entry.codes)),
            entry.aliases,
            entry.id,
            entry.display_label,
        )

    # -- matching ------------------------------------------------------------------------------

    def _match(self, mention: Mention, scope: str) -> RefEntry | None:
        """The reference entry a mention names: exact name keys first (the reference's entries,
        then the French index), then fuzzy."""
        insee = mention.attrs.get("insee")
        if insee:  # a stated INSEE code wins over the spelling
            coded = self.reference.get(f"insee/{str(insee).lower()}")
            if coded is not None:
                return coded
        code = department(mention)
        for form in name_forms(mention):
            found = self.reference.lookup(form, mention.kind, mention.country, code)
            if found:
                entry = self._pick(found, form, mention, scope)
                return self._cued(entry, mention, scope) if entry else None
        if self._french_eligible(mention):
            known, entry = self._french(mention, code, scope)
            if known:  # a French place of that name exists: no fuzzy match to another name
                return entry
        return self._fuzzy(mention, code, scope)

    # -- the French index ----------------------------------------------------------------------

    def _french_eligible(self, mention: Mention) -> bool:
        return (
            self.reference.french is not None
            and mention.kind in _FRENCH_KINDS
            and mention.country in (None, "FR")
        )

    def _cues(self, mention: Mention, code: str | None) -> tuple[str | None, str | None]:
        """(département, région) codes the mention states: its number ("(79)"), a département or
        région in parentheses ("Saint-Denis (La Réunion)"), or `attrs["region"]`."""
        index = self.reference.french
        if index is None:
            return None, None
        stated = region(mention)
        dep = index.department_code(code) if code else None
        reg = index.region_code(stated) if stated else None
        for inner in _PAREN.findall(f"{mention.text} {mention.name}"):
            dep = dep or index.department_code(inner)
            reg = reg or index.region_code(inner)
        return dep, reg

    def _french(
        self, mention: Mention, code: str | None, scope: str
    ) -> tuple[bool, RefEntry | None]:
        """(whether the French index knows the name, the place it names or None)."""
        dep, reg = self._cues(mention, code)
        if code and dep is None:  # a département number the index does not know
            return False, None
        kind = _FRENCH_KINDS[mention.kind]
        designated = _designated(mention)
        for form in dict.fromkeys(_forms(mention)[0]):
            found = self.reference.french_match(form, kind, dep, reg, designated)
            if found.entry is not None:
                return True, found.entry
            if found.reason in ("ambiguous", "needs a cue"):
                for entry in found.candidates[:_MAX_REVIEW]:
                    self._note(self.review, mention, entry, 1.0, scope, "ambiguous")
                return True, None
        return False, None

    def _cued(self, entry: RefEntry, mention: Mention, scope: str) -> RefEntry | None:
        """`entry`, unless it is a commune of a loaded COG whose name the French index flags
        (an ordinary word, a short form) and the mention gives no cue for it."""
        index = self.reference.french
        if index is None or entry.source != "cog" or entry.kind != "Commune":
            return entry
        flags = index.flags(entry.id)
        dep, reg = self._cues(mention, department(mention))
        cued = bool(dep or reg)
        if ("s" in flags and not cued) or ("w" in flags and not (cued or _designated(mention))):
            self._note(self.review, mention, entry, 1.0, scope, "ambiguous")
            return None
        return entry

    def _pick(
        self, found: list[RefEntry], form: str, mention: Mention, scope: str
    ) -> RefEntry | None:
        """The best of several exact matches, or None (and a review line) when they tie."""
        key = name_key(form)
        best = rank(found[0], key, mention.kind)
        tied = [e for e in found if rank(e, key, mention.kind) == best]
        if len(tied) == 1:
            return tied[0]
        for entry in tied:
            self._note(self.review, mention, entry, 1.0, scope, "ambiguous")
        return None

    def _fuzzy(self, mention: Mention, code: str | None, scope: str) -> RefEntry | None:
        """The entry whose name is closest to the mention's, when close enough."""
        queries = tuple(
            dict.fromkeys(
                k
                for k in map(name_key, _forms(mention)[0])
                if len(k.replace(" ", "")) >= _MIN_FUZZY_LENGTH
            )
        )
        if not queries:
            return None
        scored = self._scores(queries, mention.kind, mention.country, code)
        if not scored:
            return None
        top = scored[0][0]
        leaders = _best_ranked([e for s, e in scored if s == top], mention.kind)
        mergeable = top >= self.fuzzy_threshold and len(leaders) == 1
        if mergeable and self._same_numbers(queries, leaders[0]):
            self._note(self.merged, mention, leaders[0], top, scope, "merged")
            return leaders[0]
        for score, entry in scored[:_MAX_REVIEW]:
            self._note(self.review, mention, entry, score, scope, "near-match")
        return None

    def _scores(
        self, queries: tuple[str, ...], kind: str | None, country: str | None, code: str | None
    ) -> list[tuple[float, RefEntry]]:
        """(ratio, entry) pairs at or above REVIEW_FLOOR, best first (cached per query)."""
        cache_key = (queries, kind, country, code)
        if cache_key not in self._fuzzy_cache:
            best: dict[str, tuple[float, RefEntry]] = {}
            for query in queries:
                for score, entry in self._near(query, kind, country, code):
                    if score > best.get(entry.id, (0.0, entry))[0]:
                        best[entry.id] = (score, entry)
            ordered = sorted(best.values(), key=lambda p: (-round(p[0], 6), p[1].id))
            self._fuzzy_cache[cache_key] = ordered
        return self._fuzzy_cache[cache_key]

    def _near(
        self, query: str, kind: str | None, country: str | None, code: str | None
    ) -> list[tuple[float, RefEntry]]:
        """Entries with a name whose ratio to `query` reaches REVIEW_FLOOR: the reference's, and
        when the mention may be a French place, the French index's départements and régions and
        the communes of the département `code` (never all 35,000 communes)."""
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(query)
        out: list[tuple[float, RefEntry]] = []
        pool = list(self.reference.candidates(query))
        index = self.reference.french
        if index is not None and kind in _FRENCH_KINDS and country in (None, "FR"):
            pool += index.fuzzy_pool(code)
        for name, entries in pool:
            size = len(name) + len(query)
            if 2 * min(len(name), len(query)) / size < REVIEW_FLOOR:
                continue
            fitting = [e for e in entries if accepts(e, kind, country, code)]
            if not fitting:
                continue
            matcher.set_seq1(name)
            if matcher.real_quick_ratio() < REVIEW_FLOOR or matcher.quick_ratio() < REVIEW_FLOOR:
                continue
            score = matcher.ratio()
            if score >= REVIEW_FLOOR:
                out.extend((score, e) for e in fitting)
        return out

    @staticmethod
    def _same_numbers(queries: tuple[str, ...], entry: RefEntry) -> bool:
        """Whether some query has the numbers of some name of `entry` ("Golfe 12" != "Golfe 1")."""
        wanted = {tuple(_digits(q)) for q in queries}
        return any(tuple(_digits(name_key(n))) in wanted for n in entry.names)

    def _note(
        self,
        target: list[ReviewItem],
        mention: Mention,
        entry: RefEntry,
        score: float,
        scope: str,
        reason: str,
    ) -> None:
        item = ReviewItem(mention.name, entry.label, round(score, 4), entry.id, scope, reason)
        noted = self._noted.setdefault(id(target), set())
        if len(noted) != len(target):  # the list was changed from outside: count it again
            noted.clear()
            noted.update(target)
        if item not in noted:  # a set: a long build notes many items, each checked at once
            noted.add(item)
            target.append(item)

    # -- keys of things the reference does not know ------------------------------------------

    def _unmatched(self, mention: Mention) -> Entity:
        """An entity keyed by kind, country and name."""
        bare = clean_space(_PAREN.sub("", mention.name)) or mention.name
        label = display_case(bare)
        code = department(mention)
        codes = (("department", code),) if code and mention.kind in PLACE_KINDS else ()
        return Entity(unmatched_key(mention, bare), label, mention.kind, mention.country, codes)

    def _document_scoped(self, mention: Mention, scope: str) -> Entity:
        """An entity that only exists within one document ("Autre" as a funder)."""
        bare = clean_space(_PAREN.sub("", mention.name)) or mention.name
        key = f"doc/{slug(scope)}/{kind_segment(mention.kind)}/{slug(bare)}"
        return Entity(key, display_case(bare), mention.kind, mention.country)


def unmatched_key(mention: Mention, bare: str) -> str:
    """The key of a name the reference does not know."""
    country = (mention.country or "").lower()
    if mention.kind == "Event":
        date = mention.attrs.get("date")
        prefix = f"event/{slug(str(date))}" if date else "event"
        return f"{prefix}/{slug(bare)}"
    if mention.kind == "Person":
        return f"person/{country}/{slug(bare)}" if country else f"person/{slug(bare)}"
    if mention.kind == "Country":
        return f"country/{country}" if country else f"country/{slug(bare)}"
    if mention.kind in PLACE_KINDS or mention.kind == "Place":
        bare = core_name(bare)
    return entity_path(mention.kind, mention.country, bare)
