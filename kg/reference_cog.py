"""The INSEE COG loader: French régions, départements and communes (communes déléguées as
aliases, Paris, Lyon and Marseille rebuilt from their arrondissements) as `RefEntry` values;
and `FrenchIndex`, the package's compact index of them (`kg/data/fr_communes.csv.gz`), which
tells a commune from a homonym, an ordinary word or a short form before naming it.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from kg.errors import CoopkgError
from kg.normalize import fold, strip_accents
from kg.reference_entry import RefEntry, department_of, name_key, normalize_department

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


# -- the package's index of French places (kg/data/fr_communes.csv.gz) ---------------------------

#: The index file in `kg.data`, derived from the COG by `kg/data/build_index.py`.
INDEX_FILE = "fr_communes.csv.gz"
_INDEX_COLUMNS = ["kind", "code", "label", "names", "parent", "lat", "lon", "flags"]
_INDEX_KINDS = {"R": "Region", "D": "Department", "C": "Commune"}
#: The kinds a name is tried as, for a mention of each kind: its own first.
_TRIED = {
    "Commune": ("Commune", "Department", "Region"),
    "Department": ("Department", "Region", "Commune"),
    "Region": ("Region", "Department", "Commune"),
}


class _Keys(dict[int, str]):
    """`name_key` for many names at once: each character is folded once (a `str.translate`
    table filled on demand), then spaces are collapsed and spelt-out acronyms joined."""

    def __missing__(self, char: int) -> str:
        folded = fold(chr(char)) or (" " if strip_accents(chr(char)) else "")
        self[char] = folded
        return folded

    def of(self, name: str) -> str:
        words = name.translate(self).split()
        if len(words) > 1 and all(len(w) == 1 for w in words):
            return "".join(words)
        return " ".join(words)


@dataclass(frozen=True)
class FrenchMatch:
    """What the French index makes of a name: the entry it names (or None), the entries it
    could name, and why there is no entry ("unknown", "ambiguous", "needs a cue", "elsewhere":
    the cue rules out every place of that name)."""

    entry: RefEntry | None
    candidates: tuple[RefEntry, ...] = ()
    reason: str = ""


class FrenchIndex:
    """French régions, départements and communes by folded name, with each commune's flags
    (`w`: its name is an ordinary word, `s`: a short form of a larger commune's name) and
    coordinates. Read from the package's index by `package_index`, once per process."""

    def __init__(self) -> None:
        self._by_id: dict[str, RefEntry] = {}
        self._by_key: dict[str, list[RefEntry]] = {}
        self._flags: dict[str, str] = {}
        self._positions: dict[str, tuple[float, float]] = {}
        self._by_department: dict[str, list[RefEntry]] = {}
        self._region_of: dict[str, str] = {}  # département code -> région code
        self._territories: tuple[RefEntry, ...] = ()
        self._pools: dict[str, list[tuple[str, tuple[RefEntry, ...]]]] = {}

    @classmethod
    def read(cls, text: str, source: str = INDEX_FILE) -> FrenchIndex:
        """The index of a text in the layout of `fr_communes.csv.gz` (decompressed)."""
        index = cls()
        lines = text.splitlines()
        skipped = next((i for i, line in enumerate(lines) if not line.startswith("#")), 0)
        rows = csv.reader(lines[skipped:])
        if next(rows, None) != _INDEX_COLUMNS:
            columns = ",".join(_INDEX_COLUMNS)
            raise CoopkgError(f"{source}:{skipped + 1}: expected columns {columns}")
        keys = _Keys()
        for number, row in enumerate(rows, skipped + 2):
            if len(row) != len(_INDEX_COLUMNS):
                raise CoopkgError(f"{source}:{number}: {len(row)} fields, expected 8")
            index._add_row(row, keys, f"{source}:{number}")
        return index

    def _add_row(self, row: list[str], keys: _Keys, where: str) -> None:
        letter, code, label, names, parent, lat, lon, flags = row
        kind = _INDEX_KINDS.get(letter)
        if kind is None or not code or not label:
            raise CoopkgError(f"{where}: expected kind R, D or C with a code and a label")
        aliases = tuple(n for n in names.split("|") if n)
        if kind == "Commune":
            department = parent or department_of(code)
            entry = RefEntry(
                f"insee/{code.lower()}",
                label,
                kind,
                "FR",
                aliases,
                (("insee", code), ("department", department)),
                f"insee/dep/{department.lower()}",
                "cog",
            )
            self._by_department.setdefault(department, []).append(entry)
        elif kind == "Department":
            entry = RefEntry(
                f"insee/dep/{code.lower()}",
                label,
                kind,
                "FR",
                aliases,
                (("insee_dep", code), ("department", code)),
                f"insee/reg/{parent.lower()}" if parent else None,
                "cog",
            )
            self._region_of[code] = parent
        else:
            entry = RefEntry(
                f"insee/reg/{code.lower()}", label, kind, "FR", aliases,
                (("insee_reg", code),), None, "cog",
            )  # fmt: skip
        self._by_id[entry.id] = entry
        if kind != "Commune":
            self._territories += (entry,)
        if flags:
            self._flags[entry.id] = flags
        if lat and lon:
            self._positions[entry.id] = (float(lat), float(lon))
        for key in dict.fromkeys(keys.of(n) for n in entry.names):
            self._by_key.setdefault(key, []).append(entry)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, entry_id: str) -> RefEntry | None:
        """The entry with this id ("insee/79049", "insee/dep/79", "insee/reg/75"), or None."""
        return self._by_id.get(entry_id)

    def named(self, name: str, kind: str | None = None) -> tuple[RefEntry, ...]:
        """Every place named `name` (label, name without article, commune déléguée), of `kind`
        ("Commune", "Department", "Region") when given; no rule applied."""
        found = self._by_key.get(name_key(name), ())
        return tuple(e for e in found if kind is None or e.kind == kind)

    def flags(self, entry_id: str) -> str:
        """ "w" (an ordinary word), "s" (a short form), both or neither."""
        return self._flags.get(entry_id, "")

    def position(self, entry_id: str) -> tuple[float, float] | None:
        """(latitude, longitude) of a place, rounded to 3 decimals, or None."""
        return self._positions.get(entry_id)

    def department_code(self, text: str) -> str | None:
        """The code of the département `text` is the code or the name of ("79", "Deux-Sèvres")."""
        code = normalize_department(text)
        if code in self._region_of:
            return code
        found = self.named(text, "Department")
        return found[0].code("insee_dep") if len(found) == 1 else None

    def region_code(self, text: str) -> str | None:
        """The code of the région `text` is the code or the name of ("75", "Nouvelle-Aquitaine")."""
        if self.get(f"insee/reg/{text.strip().lower()}") is not None:
            return text.strip().upper()
        found = self.named(text, "Region")
        return found[0].code("insee_reg") if len(found) == 1 else None

    def territories(self) -> tuple[RefEntry, ...]:
        """The départements and régions (119 entries)."""
        return self._territories

    def fuzzy_pool(self, department: str | None) -> list[tuple[str, tuple[RefEntry, ...]]]:
        """(name key, entries) pairs fuzzy matching may compare a French place's name with: the
        départements and régions, and the communes of `department` when given (a few hundred
        names, never all 35,000)."""
        wanted = normalize_department(department) if department else ""
        if wanted not in self._pools:
            places = self._territories + self.communes_in(wanted) if wanted else self._territories
            by_key: dict[str, list[RefEntry]] = {}
            for entry in places:
                for key in dict.fromkeys(name_key(n) for n in entry.names):
                    by_key.setdefault(key, []).append(entry)
            self._pools[wanted] = [(k, tuple(v)) for k, v in by_key.items()]
        return self._pools[wanted]

    def communes_in(self, department: str) -> tuple[RefEntry, ...]:
        """The communes of a département (by code)."""
        return tuple(self._by_department.get(normalize_department(department), ()))

    def _within(self, entry: RefEntry, department: str | None, region: str | None) -> bool:
        if entry.kind == "Region":
            code = entry.code("insee_reg")
            return (not region or code == region) and (
                not department or self._region_of.get(department) == code
            )
        dep = entry.code("department") or ""
        return (not department or dep == department) and (
            not region or self._region_of.get(dep) == region
        )

    def match(
        self,
        name: str,
        kind: str = "Commune",
        department: str | None = None,
        region: str | None = None,
        designated: bool = False,
    ) -> FrenchMatch:
        """The place `name` names, by the index's rules: a name several places of the kind
        share needs a département or région to tell them apart; a commune whose name is an
        ordinary word needs one, or a designator (`designated`: "Commune de Rue"); a short
        form ("Aix") needs a département or région. `department` and `region` are codes."""
        key = name_key(name)
        found = self._by_key.get(key, [])
        if not found:
            return FrenchMatch(None, (), "unknown")
        department = normalize_department(department) if department else None
        for tried in _TRIED.get(kind, _TRIED["Commune"]):
            fitting = [e for e in found if e.kind == tried and self._within(e, department, region)]
            if not fitting:
                continue
            best = [e for e in fitting if name_key(e.label) == key] or fitting
            if len(best) > 1:
                return FrenchMatch(None, tuple(best), "ambiguous")
            entry = best[0]
            flags = self.flags(entry.id) if tried == "Commune" or tried != kind else ""
            cued = bool(department or region)
            if ("s" in flags and not cued) or ("w" in flags and not (cued or designated)):
                return FrenchMatch(None, (entry,), "needs a cue")
            return FrenchMatch(entry, (entry,))
        return FrenchMatch(None, tuple(found), "elsewhere")


@cache
def package_index() -> FrenchIndex:
    """The package's French index (read on first use, once per process)."""
    data = files("kg.data").joinpath(INDEX_FILE).read_bytes()
    return FrenchIndex.read(gzip.decompress(data).decode("utf-8"), INDEX_FILE)
