"""Reference data: the actors and territories coopkg knows by name, with aliases and codes.

The package ships three tables in `kg/data` (see its README): `countries.csv`, `actors.csv`
(ministries, agencies, networks, programmes, the French authorities of the examples) and
`togo_communes.csv` (Togo's regions, prefectures and 117 communes). `Reference.add_cog` adds the
French communes, départements and régions of an INSEE COG file the user points to.

`Reference.default()` also knows every French commune, département and région through the
package's index (`fr_communes.csv.gz`, read on first use), kept apart from the entries: `lookup`,
`entries` and `names` never see it (builders turn those into entity-ruler patterns and gazetteer
checks, where 35,000 names, "Orange" and "Rue" among them, would make entities of words). It is
asked through `french_commune`, `french_match`, `french_communes` and `unambiguous_commune`, which
apply its rules: a shared name needs a département or région, an ordinary word or a short form
("Aix") needs one too.

Every entry has a stable `id` that is also its entity key: "insee/79049" for a French commune,
"insee/dep/79" and "insee/reg/75" for départements and régions, "country/tg" for countries, else
"<country>/<kind>/<slug>" ("tg/commune/kloto-1") unless the table names its own id.

This module holds `Reference` (the index and its lookups); the entry, its kinds and keys live in
`kg.reference_entry`, the table readers in `kg.reference_tables` and the COG loader in
`kg.reference_cog`. Their public names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kg.reference_cog import FrenchIndex, FrenchMatch, package_index, read_cog
from kg.reference_entry import (
    PLACE_KINDS,
    REF_KINDS,
    UNCOUNTRIED,
    RefEntry,
    department_of,
    entity_path,
    kind_compatible,
    kind_segment,
    name_key,
    normalize_department,
)
from kg.reference_tables import (
    actor_entries,
    check_links,
    check_row,
    country_entries,
    entry_id,
    load_tables,
    package_entries,
    parse_codes,
    read_table,
    split_aliases,
    togo_entries,
    with_department,
)

__all__ = [
    "PLACE_KINDS",
    "REF_KINDS",
    "UNCOUNTRIED",
    "FrenchIndex",
    "FrenchMatch",
    "RefEntry",
    "Reference",
    "accepts",
    "actor_entries",
    "check_links",
    "check_row",
    "country_entries",
    "department_of",
    "entity_path",
    "entry_id",
    "kind_compatible",
    "kind_segment",
    "load_tables",
    "name_key",
    "normalize_department",
    "parse_codes",
    "rank",
    "read_cog",
    "read_table",
    "split_aliases",
    "togo_entries",
    "trigrams",
    "with_department",
]


def trigrams(key: str) -> set[str]:
    """Character trigrams of a padded name key."""
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Reference:
    """A set of reference entries indexed by folded name."""

    def __init__(self, entries: Iterable[RefEntry] = (), french: bool = False) -> None:
        """`french`: also know the French places of the package's index (read on first use)."""
        self._entries: dict[str, RefEntry] = {}
        self._index: dict[str, list[str]] = {}
        #: trigram -> name keys holding it, for fuzzy candidates (built on first use)
        self._grams: dict[str, set[str]] | None = None
        self._french = french
        for entry in entries:
            self.add(entry)

    @classmethod
    def default(cls) -> Reference:
        """The reference data shipped with the package, French index included."""
        return cls(package_entries(), french=True)

    @property
    def french(self) -> FrenchIndex | None:
        """The French index (every commune, département and région), or None when this
        reference was made without it."""
        return package_index() if self._french else None

    def add(self, entry: RefEntry) -> None:
        """Add an entry; an entry with a known id merges its names into the existing one."""
        old = self._entries.get(entry.id)
        if old is not None:
            extra = tuple(n for n in entry.names if n not in old.names)
            codes = old.codes + tuple(c for c in entry.codes if c not in old.codes)
            entry = replace(
                old,
                aliases=old.aliases + extra,
                codes=codes,
                parent=old.parent or entry.parent,
                usual_name=old.usual_name or entry.usual_name,
            )
        self._entries[entry.id] = entry
        self._grams = None
        for name in entry.names:
            ids = self._index.setdefault(name_key(name), [])
            if entry.id not in ids:
                ids.append(entry.id)

    def add_cog(self, path: str | Path) -> int:
        """Add French communes (and the départements and régions beside them) from an INSEE COG
        folder or its `communes.csv`; return how many entries were added or enriched."""
        entries = read_cog(Path(path))
        for entry in entries:
            self.add(entry)
        return len(entries)

    def entries(self) -> tuple[RefEntry, ...]:
        """All entries, in load order."""
        return tuple(self._entries.values())

    def get(self, entry_id: str) -> RefEntry | None:
        """The entry with this id, or None; the French index answers "insee/..." ids that no
        entry has."""
        found = self._entries.get(entry_id)
        if found is None and self._french and entry_id.startswith("insee/"):
            return package_index().get(entry_id)
        return found

    # -- the French index ----------------------------------------------------------------------

    def french_match(
        self,
        name: str,
        kind: str = "Commune",
        department: str | None = None,
        region: str | None = None,
        designated: bool = False,
    ) -> FrenchMatch:
        """What the French index makes of `name` as a place of `kind` ("Commune", "Department",
        "Region"; a commune is also looked for among départements and régions when no commune
        bears the name). `department` and `region` are codes or names ("79", "Deux-Sèvres",
        "Nouvelle-Aquitaine"); `designated`: the text calls it a commune ("Commune de Rue").
        Without the index, every name is "unknown"."""
        index = self.french
        if index is None:
            return FrenchMatch(None, (), "unknown")
        dep = index.department_code(department) if department else None
        reg = index.region_code(region) if region else None
        if (department and dep is None) or (region and reg is None):
            return FrenchMatch(None, index.named(name), "elsewhere")  # an unknown cue
        return index.match(name, kind, dep, reg, designated)

    def french_commune(
        self, name: str, department: str | None = None, region: str | None = None
    ) -> RefEntry | None:
        """The French commune `name` names, or None: a name shared by several communes needs
        `department` (code or name) or `region`; so does an ordinary word ("Orange", "Rue", "Y")
        and a short form of a larger commune's name ("Aix")."""
        entry = self.french_match(name, "Commune", department, region).entry
        return entry if entry is not None and entry.kind == "Commune" else None

    def french_communes(self, name: str) -> tuple[RefEntry, ...]:
        """Every French commune bearing `name` (official name, name without its article, name of
        a commune déléguée merged into it), whatever the rules."""
        index = self.french
        return index.named(name, "Commune") if index is not None else ()

    def unambiguous_commune(self, name: str) -> bool:
        """Whether `name` alone names one French commune: no other commune bears it, and it is
        neither an ordinary word nor a short form. Only such a name may be taken for a commune
        without a département, a région or a designator ("Commune de ...")."""
        return self.french_commune(name) is not None

    def french_position(self, entry_id: str) -> tuple[float, float] | None:
        """(latitude, longitude) of a French commune, département or région of the index, to 3
        decimals, or None."""
        index = self.french
        return index.position(entry_id) if index is not None else None

    def names(self) -> Iterator[tuple[str, tuple[RefEntry, ...]]]:
        """(name key, entries) pairs: what fuzzy matching compares against."""
        for key, ids in self._index.items():
            yield key, tuple(self._entries[i] for i in ids)

    def candidates(
        self, key: str, min_share: float = 0.5
    ) -> Iterator[tuple[str, tuple[RefEntry, ...]]]:
        """(name key, entries) pairs sharing at least `min_share` of `key`'s trigrams: the only
        names close enough for fuzzy matching to consider (no scan of every name)."""
        grams = self._gram_index()
        wanted = trigrams(key)
        counts: dict[str, int] = {}
        for gram in wanted:
            for name in grams.get(gram, ()):
                counts[name] = counts.get(name, 0) + 1
        need = max(1, int(min_share * len(wanted)))
        for name, n in counts.items():
            if n >= need:
                yield name, tuple(self._entries[i] for i in self._index[name])

    def _gram_index(self) -> dict[str, set[str]]:
        """trigram -> name keys holding it, built on first use (and again after an `add`)."""
        if self._grams is None:
            self._grams = {}
            for name in self._index:
                for gram in trigrams(name):
                    self._grams.setdefault(gram, set()).add(name)
        return self._grams

    def lookup(
        self,
        name: str,
        kind: str | None = None,
        country: str | None = None,
        code: str | None = None,
    ) -> list[RefEntry]:
        """Entries named `name` (label or alias, accents/case/punctuation ignored), compatible with
        `kind` and `country` when given, in the département `code` when given; best first."""
        key = name_key(name)
        found = [self._entries[i] for i in self._index.get(key, ())]
        found = [e for e in found if accepts(e, kind, country, code)]
        return sorted(found, key=lambda e: (*rank(e, key, kind), e.id))


def accepts(entry: RefEntry, kind: str | None, country: str | None, code: str | None) -> bool:
    """Whether `entry` may be what a mention of this kind, country and département names."""
    if not kind_compatible(kind, entry.kind):
        return False
    if country and entry.country and country.upper() != entry.country:
        return False
    if code:
        department = entry.code("department")
        return department is None or department == normalize_department(code)
    return True


def rank(entry: RefEntry, key: str, kind: str | None) -> tuple[int, int, int, int]:
    """How well `entry` fits a lookup (lower is better); equal ranks are ambiguous."""
    exact = 0 if entry.kind == kind else 1
    preference = PLACE_KINDS.index(entry.kind) if entry.kind in PLACE_KINDS else len(PLACE_KINDS)
    curated = 1 if entry.source == "cog" else 0
    by_alias = 0 if name_key(entry.label) == key else 1
    return exact, preference, curated, by_alias
