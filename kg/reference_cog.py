"""The INSEE COG loader: French régions, départements and communes (communes déléguées as
aliases, Paris, Lyon and Marseille rebuilt from their arrondissements) as `RefEntry` values.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import CoopkgError
from kg.reference_entry import RefEntry, department_of

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
