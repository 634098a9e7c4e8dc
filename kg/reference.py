"""Reference data: the actors and territories coopkg knows by name, with aliases and codes.

The package ships three tables in `kg/data` (see its README): `countries.csv`, `actors.csv`
(ministries, agencies, networks, programmes, the French authorities of the examples) and
`togo_communes.csv` (Togo's regions, prefectures and 117 communes). `Reference.add_cog` adds the
French communes, départements and régions of an INSEE COG file the user points to.

Every entry has a stable `id` that is also its entity key: "insee/79049" for a French commune,
"insee/dep/79" and "insee/reg/75" for départements and régions, "country/tg" for countries, else
"<country>/<kind>/<slug>" ("tg/commune/kloto-1") unless the table names its own id.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from pathlib import Path

from kg.countries import countries
from kg.errors import CoopkgError
from kg.normalize import fold, slug

#: Kinds a reference entry may have (ontology class local names).
REF_KINDS = frozenset(
    {
        "Commune",
        "Intercommunality",
        "Department",
        "Region",
        "LocalAuthority",
        "Ministry",
        "StateBody",
        "Agency",
        "Funder",
        "Association",
        "Network",
        "Programme",
        "Project",
        "Country",
    }
)
#: Territorial kinds, in the order a bare place name prefers them (towns first).
PLACE_KINDS = ("Commune", "Intercommunality", "LocalAuthority", "Department", "Region")
_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset(PLACE_KINDS),
    frozenset({"Ministry", "StateBody", "Agency"}),
    frozenset({"Association", "Network"}),
    frozenset({"Programme", "Project"}),
)
_ACTOR_KINDS = REF_KINDS - {"Programme", "Project"}
#: Mention kinds that say little: what each may match.
_GENERIC: dict[str | None, frozenset[str]] = {
    None: REF_KINDS,
    "Place": frozenset({*PLACE_KINDS, "Country"}),
    "Actor": _ACTOR_KINDS,
    "Funder": _ACTOR_KINDS,
}
#: Kinds whose keys carry no country ("programme/prodeg-iv").
UNCOUNTRIED = frozenset({"Programme", "Project", "Event"})
#: Code schemes that make an entry's id, in order of preference.
_CODE_PATHS = (("insee", "insee/{}"), ("insee_dep", "insee/dep/{}"), ("insee_reg", "insee/reg/{}"))
_ID = re.compile(r"^[a-z0-9][a-z0-9/-]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SCHEME = re.compile(r"^[a-z0-9_-]+$")
_ACTOR_COLUMNS = ["id", "label", "kind", "country", "aliases", "codes", "parent"]
_TOGO_COLUMNS = ["kind", "label", "parent", "chef_lieu", "iso3166_2", "aliases"]
_TOGO_PARENT = {"Department": "Region", "Commune": "Department"}


def name_key(text: str) -> str:
    """The matching key of a name: `fold`, with spelt-out acronyms joined ("M.A.E." -> "mae")."""
    key = fold(text)
    words = key.split()
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)
    return key


def kind_compatible(mention_kind: str | None, entry_kind: str) -> bool:
    """Whether a mention of `mention_kind` may name an entry of `entry_kind`."""
    if mention_kind in _GENERIC:
        return entry_kind in _GENERIC[mention_kind]
    if mention_kind == entry_kind:
        return True
    return any(mention_kind in f and entry_kind in f for f in _FAMILIES)


def kind_segment(kind: str) -> str:
    """The key segment of a kind: "LocalAuthority" -> "local-authority"."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower()


def entity_path(kind: str, country: str | None, name: str) -> str:
    """The key of a thing known by kind, country and name only: "fr/commune/bressuire"."""
    tail = f"{kind_segment(kind)}/{slug(name)}"
    if country and kind not in UNCOUNTRIED:
        return f"{country.lower()}/{tail}"
    return tail


def department_of(insee_commune: str) -> str:
    """The département number in an INSEE commune code ("79049" -> "79", "97611" -> "976")."""
    return insee_commune[:3] if insee_commune.startswith("97") else insee_commune[:2]


def normalize_department(code: str) -> str:
    """ "1" -> "01", "2a" -> "2A"."""
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


@dataclass(frozen=True)
class RefEntry:
    """One known actor or territory."""

    id: str
    label: str
    kind: str
    country: str | None
    aliases: tuple[str, ...] = ()
    codes: tuple[tuple[str, str], ...] = ()
    parent: str | None = None
    source: str = ""

    def code(self, scheme: str) -> str | None:
        """The value of one code scheme, or None."""
        return next((v for k, v in self.codes if k == scheme), None)

    @property
    def names(self) -> tuple[str, ...]:
        """The label, then the aliases."""
        return (self.label, *self.aliases)


def trigrams(key: str) -> set[str]:
    """Character trigrams of a padded name key."""
    padded = f"  {key} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Reference:
    """A set of reference entries indexed by folded name."""

    def __init__(self, entries: Iterable[RefEntry] = ()) -> None:
        self._entries: dict[str, RefEntry] = {}
        self._index: dict[str, list[str]] = {}
        #: trigram -> name keys holding it, for fuzzy candidates (built on first use)
        self._grams: dict[str, set[str]] | None = None
        for entry in entries:
            self.add(entry)

    @classmethod
    def default(cls) -> Reference:
        """The reference data shipped with the package."""
        return cls(_package_entries())

    def add(self, entry: RefEntry) -> None:
        """Add an entry; an entry with a known id merges its names into the existing one."""
        old = self._entries.get(entry.id)
        if old is not None:
            extra = tuple(n for n in entry.names if n not in old.names)
            codes = old.codes + tuple(c for c in entry.codes if c not in old.codes)
            entry = replace(
                old, aliases=old.aliases + extra, codes=codes, parent=old.parent or entry.parent
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
        """The entry with this id, or None."""
        return self._entries.get(entry_id)

    def names(self) -> Iterator[tuple[str, tuple[RefEntry, ...]]]:
        """(name key, entries) pairs: what fuzzy matching compares against."""
        for key, ids in self._index.items():
            yield key, tuple(self._entries[i] for i in ids)

    def candidates(
        self, key: str, min_share: float = 0.5
    ) -> Iterator[tuple[str, tuple[RefEntry, ...]]]:
        """(name key, entries) pairs sharing at least `min_share` of `key`'s trigrams: the only
        names close enough for fuzzy matching to consider (no scan of every name)."""
        if self._grams is None:
            self._grams = {}
            for name in self._index:
                for gram in trigrams(name):
                    self._grams.setdefault(gram, set()).add(name)
        wanted = trigrams(key)
        counts: dict[str, int] = {}
        for gram in wanted:
            for name in self._grams.get(gram, ()):
                counts[name] = counts.get(name, 0) + 1
        need = max(1, int(min_share * len(wanted)))
        for name, n in counts.items():
            if n >= need:
                yield name, tuple(self._entries[i] for i in self._index[name])

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


def read_table(text: str, source: str, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV whose `#` lines are comments, as (line number, row) pairs."""
    numbered = [
        (n, line)
        for n, line in enumerate(text.splitlines(), 1)
        if line.strip() and not line.startswith("#")
    ]
    rows = csv.reader([line for _, line in numbered])
    header = next(rows, None)
    if header != columns:
        line = numbered[0][0] if numbered else 1
        raise CoopkgError(f"{source}:{line}: expected columns {','.join(columns)}")
    for (number, _), row in zip(numbered[1:], rows, strict=True):
        if len(row) != len(columns):
            raise CoopkgError(f"{source}:{number}: {len(row)} fields, expected {len(columns)}")
        yield number, dict(zip(columns, (v.strip() for v in row), strict=True))


def parse_codes(text: str, where: str) -> tuple[tuple[str, str], ...]:
    """ "insee=79049;department=79" -> (("insee", "79049"), ("department", "79"))."""
    pairs = []
    for item in filter(None, (p.strip() for p in text.split(";"))):
        scheme, sep, value = (s.strip() for s in item.partition("="))
        if not sep or not _SCHEME.match(scheme) or not value:
            raise CoopkgError(f"{where}: bad code {item!r} (expected scheme=value)")
        pairs.append((scheme, value))
    return tuple(pairs)


def split_aliases(text: str) -> tuple[str, ...]:
    """ "a|b||c" -> ("a", "b", "c")."""
    return tuple(a.strip() for a in text.split("|") if a.strip())


def with_department(codes: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Add the département number an INSEE commune or département code implies."""
    known = dict(codes)
    if "department" in known:
        return codes
    if "insee" in known:
        return (*codes, ("department", department_of(known["insee"])))
    if "insee_dep" in known:
        return (*codes, ("department", known["insee_dep"]))
    return codes


def entry_id(
    given: str,
    kind: str,
    country: str | None,
    label: str,
    codes: tuple[tuple[str, str], ...],
    where: str,
) -> str:
    """The id of a table row: from its official code, else as given, else derived."""
    known = dict(codes)
    coded = next((p.format(known[s].lower()) for s, p in _CODE_PATHS if s in known), None)
    if coded and given and given != coded:
        raise CoopkgError(f"{where}: id {given!r} contradicts its code (expected {coded!r})")
    entry = coded or given or entity_path(kind, country, label)
    if not _ID.match(entry):
        raise CoopkgError(f"{where}: bad id {entry!r} (only a-z, 0-9, / and -)")
    return entry


def check_row(row: dict[str, str], where: str) -> None:
    """Raise on a missing label, an unknown kind or a malformed country code."""
    if not row["label"]:
        raise CoopkgError(f"{where}: empty label")
    if row["kind"] not in REF_KINDS:
        raise CoopkgError(f"{where}: unknown kind {row['kind']!r}")
    if row.get("country") and not _COUNTRY.match(row["country"]):
        raise CoopkgError(f"{where}: bad country {row['country']!r} (ISO alpha-2, capitals)")


def actor_entries(text: str, source: str) -> Iterator[tuple[str, RefEntry]]:
    """(where, entry) pairs of an actors table."""
    for number, row in read_table(text, source, _ACTOR_COLUMNS):
        where = f"{source}:{number}"
        check_row(row, where)
        codes = with_department(parse_codes(row["codes"], where))
        country = row["country"] or None
        ident = entry_id(row["id"], row["kind"], country, row["label"], codes, where)
        yield (
            where,
            RefEntry(
                ident,
                row["label"],
                row["kind"],
                country,
                split_aliases(row["aliases"]),
                codes,
                row["parent"] or None,
                source,
            ),
        )


def togo_entries(text: str, source: str) -> Iterator[tuple[str, RefEntry]]:
    """(where, entry) pairs of the Togolese territories table."""
    for number, row in read_table(text, source, _TOGO_COLUMNS):
        where = f"{source}:{number}"
        check_row(row, where)
        kind = row["kind"]
        if kind not in ("Region", "Department", "Commune"):
            raise CoopkgError(f"{where}: kind must be Region, Department or Commune")
        if (kind == "Region") == bool(row["parent"]):
            raise CoopkgError(f"{where}: regions have no parent, other rows need one")
        parent = entity_path(_TOGO_PARENT[kind], "TG", row["parent"]) if row["parent"] else None
        codes = (("iso3166-2", row["iso3166_2"]),) if row["iso3166_2"] else ()
        yield (
            where,
            RefEntry(
                entity_path(kind, "TG", row["label"]),
                row["label"],
                kind,
                "TG",
                split_aliases(row["aliases"]),
                codes,
                parent,
                source,
            ),
        )


def country_entries() -> Iterator[RefEntry]:
    """The countries of `countries.csv` as entries keyed "country/<code>"."""
    for c in countries():
        aliases = tuple(dict.fromkeys(n for n in (c.name_en, *c.forms) if n != c.name_fr))
        yield RefEntry(
            f"country/{c.code.lower()}",
            c.name_fr,
            "Country",
            c.code,
            aliases,
            (("iso3166-1", c.code),),
            None,
            "countries.csv",
        )


def check_links(located: list[tuple[str, RefEntry]]) -> None:
    """Raise on a duplicate id or a parent that names no entry."""
    ids: dict[str, str] = {}
    for where, entry in located:
        if entry.id in ids:
            raise CoopkgError(f"{where}: duplicate id {entry.id!r} (first at {ids[entry.id]})")
        ids[entry.id] = where
    for where, entry in located:
        if entry.parent and entry.parent not in ids:
            raise CoopkgError(f"{where}: unknown parent {entry.parent!r}")


def load_tables(tables: dict[str, str]) -> tuple[RefEntry, ...]:
    """Entries of the named table texts ({"actors.csv": text, "togo_communes.csv": text})."""
    located = [("countries.csv", e) for e in country_entries()]
    readers = {"actors.csv": actor_entries, "togo_communes.csv": togo_entries}
    for source, text in tables.items():
        located.extend(readers[source](text, source))
    check_links(located)
    return tuple(entry for _, entry in located)


@cache
def _package_entries() -> tuple[RefEntry, ...]:
    """The entries of the package's data files (immutable, read once)."""
    data = files("kg.data")
    names = ("togo_communes.csv", "actors.csv")
    return load_tables({n: data.joinpath(n).read_text(encoding="utf-8") for n in names})


def _cog_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a COG CSV file, checking its header names `required`."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = [c for c in required if c not in header]
        if missing:
            raise CoopkgError(f"{path}:1: missing columns {', '.join(missing)}")
        where = [header.index(c) for c in required]
        for number, row in enumerate(reader, 2):
            if len(row) != len(header):
                raise CoopkgError(f"{path}:{number}: {len(row)} fields, expected {len(header)}")
            yield number, {c: row[i].strip() for c, i in zip(required, where, strict=True)}


def _named(label: str, *others: str) -> tuple[str, ...]:
    """The other names of an entry, without repeats of its label."""
    return tuple(dict.fromkeys(o for o in others if o and o != label))


def _cog_regions(path: Path) -> list[RefEntry]:
    """Régions of a COG regions.csv."""
    rows = _cog_rows(path, ("insee_reg", "region", "region_article"))
    return [
        RefEntry(
            f"insee/reg/{r['insee_reg'].lower()}",
            r["region"],
            "Region",
            "FR",
            _named(r["region"], r["region_article"]),
            (("insee_reg", r["insee_reg"]),),
            None,
            "cog",
        )
        for _, r in rows
    ]


def _cog_departments(path: Path) -> list[RefEntry]:
    """Départements of a COG departements.csv."""
    rows = _cog_rows(path, ("insee_dep", "insee_reg", "departement", "departement_article"))
    return [
        RefEntry(
            f"insee/dep/{r['insee_dep'].lower()}",
            r["departement"],
            "Department",
            "FR",
            _named(r["departement"], r["departement_article"]),
            (("insee_dep", r["insee_dep"]), ("department", r["insee_dep"])),
            f"insee/reg/{r['insee_reg'].lower()}" if r["insee_reg"] else None,
            "cog",
        )
        for _, r in rows
    ]


_INSEE = re.compile(r"^[0-9][0-9AB][0-9]{3}$")
_COG_COLUMNS = (
    "insee_com",
    "insee_dep",
    "commune",
    "commune_article",
    "commune_type",
    "insee_parente",
)


_ARRONDISSEMENT = re.compile(r"^(.+?)\s+\d+(?:er|e|ème)?\s+arrondissement$", re.IGNORECASE)


def _cog_communes(path: Path, departments: set[str]) -> list[RefEntry]:
    """Communes (type COM) of a COG communes.csv, with their communes déléguées as aliases.

    Paris, Lyon and Marseille may appear only through their arrondissements (type ARM): their
    commune is then made from the arrondissements' parent code and common name."""
    main: dict[str, dict[str, str]] = {}
    delegated: dict[str, list[str]] = {}
    cities: dict[str, dict[str, str]] = {}
    for number, row in _cog_rows(path, _COG_COLUMNS):
        code, kind = row["insee_com"], row["commune_type"]
        if not _INSEE.match(code):
            raise CoopkgError(f"{path}:{number}: bad INSEE code {code!r}")
        if kind == "COM":
            main.setdefault(code, row)
        elif kind == "COMD" and row["insee_parente"]:
            delegated.setdefault(row["insee_parente"], []).append(row["commune"])
        elif kind == "ARM" and (city := _ARRONDISSEMENT.match(row["commune"])):
            name = city.group(1)
            parent = row["insee_parente"] or code
            cities.setdefault(parent, {**row, "commune": name, "commune_article": name})
    for code, row in cities.items():
        main.setdefault(code, row)
    return [
        _cog_commune(code, row, delegated.get(code, []), departments) for code, row in main.items()
    ]


def _cog_commune(
    code: str, row: dict[str, str], delegated: list[str], departments: set[str]
) -> RefEntry:
    """One COG commune as an entry."""
    label = row["commune_article"] or row["commune"]
    department = row["insee_dep"] or department_of(code)
    parent = f"insee/dep/{department.lower()}" if department in departments else None
    return RefEntry(
        f"insee/{code.lower()}",
        label,
        "Commune",
        "FR",
        _named(label, row["commune"], *delegated),
        (("insee", code), ("department", department)),
        parent,
        "cog",
    )


def read_cog(path: Path) -> list[RefEntry]:
    """Régions, départements and communes of a COG folder (or of the folder of communes.csv)."""
    communes = path if path.is_file() else path / "communes.csv"
    if not communes.is_file():
        raise CoopkgError(f"{path}: no COG communes.csv there")
    folder = communes.parent
    regions = _cog_regions(folder / "regions.csv") if (folder / "regions.csv").is_file() else []
    departments = []
    if (folder / "departements.csv").is_file():
        departments = _cog_departments(folder / "departements.csv")
    known = {d.code("insee_dep") or "" for d in departments}
    return [*regions, *departments, *_cog_communes(communes, known)]
