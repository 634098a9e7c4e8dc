"""The reference tables shipped in `kg/data`: `countries.csv`, `actors.csv`,
`togo_communes.csv` and the partner countries' territories (`bj_communes.csv`,
`bf_provinces.csv`, `ml_cercles.csv`, `sn_departements.csv`), read and checked row by row into
`RefEntry` values.

Every malformed row raises a `CoopkgError` naming the file and line.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from kg.countries import countries
from kg.errors import CoopkgError
from kg.normalize import fold
from kg.reference_entry import REF_KINDS, RefEntry, department_of, entity_path, name_key

#: Code schemes that make an entry's id, in order of preference.
_CODE_PATHS = (("insee", "insee/{}"), ("insee_dep", "insee/dep/{}"), ("insee_reg", "insee/reg/{}"))
_ID = re.compile(r"^[a-z0-9][a-z0-9/-]*$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SCHEME = re.compile(r"^[a-z0-9_-]+$")
_ACTOR_COLUMNS = ["id", "label", "kind", "country", "aliases", "codes", "parent"]
_TOGO_COLUMNS = ["kind", "label", "parent", "chef_lieu", "iso3166_2", "aliases"]
_TOGO_PARENT = {"Department": "Region", "Commune": "Department"}
_PARTNER_COLUMNS = ["kind", "name", "label", "parent", "codes", "aliases", "flags"]
#: The partner countries' territory tables and the country each describes.
PARTNER_TABLES = {
    "bj_communes.csv": "BJ",
    "bf_provinces.csv": "BF",
    "ml_cercles.csv": "ML",
    "sn_departements.csv": "SN",
}
#: The kind of a row's parent, by the row's kind (regions and Benin's départements have none).
_PARTNER_PARENT = {"Commune": "Department", "Department": "Region", "LocalAuthority": "Region"}
#: Flags keeping a row's bare name out of its names: an ordinary word or a name of one or two
#: letters (w), a French commune's name (f), a name known as another place (a).
_HIDDEN = frozenset("wfa")


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


def usual_name(aliases: tuple[str, ...], chef_lieu: str, prefecture: tuple[str, ...]) -> str:
    """The town a Togolese commune is known by when its label does not say it: the chef-lieu of
    its prefecture, if the commune has it as an alias and the prefecture is not named after it
    ("Kloto 1": "Kpalimé"; "Bassar 1", "Tandjoaré 1": "", their label names the town)."""
    town = fold(chef_lieu)
    if not town or town not in {fold(a) for a in aliases}:
        return ""
    return "" if town in {fold(p) for p in prefecture} else chef_lieu


def togo_entries(text: str, source: str) -> Iterator[tuple[str, RefEntry]]:
    """(where, entry) pairs of the Togolese territories table."""
    rows = list(read_table(text, source, _TOGO_COLUMNS))
    prefectures = {r["label"]: r for _, r in rows if r["kind"] == "Department"}
    for number, row in rows:
        where = f"{source}:{number}"
        check_row(row, where)
        kind = row["kind"]
        if kind not in ("Region", "Department", "Commune"):
            raise CoopkgError(f"{where}: kind must be Region, Department or Commune")
        if (kind == "Region") == bool(row["parent"]):
            raise CoopkgError(f"{where}: regions have no parent, other rows need one")
        parent = entity_path(_TOGO_PARENT[kind], "TG", row["parent"]) if row["parent"] else None
        codes = (("iso3166-2", row["iso3166_2"]),) if row["iso3166_2"] else ()
        aliases = split_aliases(row["aliases"])
        usual = ""
        if kind == "Commune" and row["parent"] in prefectures:
            prefecture = prefectures[row["parent"]]
            names = (prefecture["label"], *split_aliases(prefecture["aliases"]))
            usual = usual_name(aliases, prefecture["chef_lieu"], names)
        yield (
            where,
            RefEntry(
                entity_path(kind, "TG", row["label"]),
                row["label"],
                kind,
                "TG",
                aliases,
                codes,
                parent,
                source,
                usual,
            ),
        )


def partner_entries(text: str, source: str, country: str) -> Iterator[tuple[str, RefEntry]]:
    """(where, entry) pairs of a partner country's territories table (`PARTNER_TABLES`).

    The id comes from `name` ("bj/commune/bohicon"); a flagged row (an ordinary word, a French
    commune's name, a name known as another place) keeps its bare name out of its names, so that
    name-finding never sees it, and is labelled with the name qualified by its country
    ("Plateau (Bénin)", "Est (Burkina Faso)"). A mention "Département du Plateau" of a Beninese
    text then gets the same key from the resolver's fallback (kind, country, name)."""
    for number, row in read_table(text, source, _PARTNER_COLUMNS):
        where = f"{source}:{number}"
        kind, name, flags = row["kind"], row["name"], row["flags"]
        check_row({**row, "label": name}, where)
        if kind not in ("Region", "Department", "LocalAuthority", "Commune"):
            raise CoopkgError(f"{where}: kind must be Region, Department, LocalAuthority, Commune")
        if set(flags) - _HIDDEN:
            raise CoopkgError(f"{where}: unknown flag in {flags!r} (expected w, f or a)")
        hidden = bool(flags)
        label = row["label"] or name
        if hidden and name_key(label) == name_key(name):
            raise CoopkgError(f"{where}: a flagged row needs a label of its own")
        parent_kind = _PARTNER_PARENT.get(kind)
        if parent_kind is None and row["parent"]:
            raise CoopkgError(f"{where}: regions have no parent")
        parent = None
        if parent_kind and row["parent"]:
            parent = entity_path(parent_kind, country, row["parent"])
        if kind in ("Commune", "LocalAuthority") and parent is None:
            raise CoopkgError(f"{where}: {kind} rows need a parent")
        extra = () if hidden or name_key(name) == name_key(label) else (name,)
        aliases = tuple(dict.fromkeys((*extra, *split_aliases(row["aliases"]))))
        yield (
            where,
            RefEntry(
                entity_path(kind, country, name),
                label,
                kind,
                country,
                aliases,
                parse_codes(row["codes"], where),
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
    """Entries of the named table texts ({"actors.csv": text, "togo_communes.csv": text,
    "bj_communes.csv": text, ...})."""
    located = [("countries.csv", e) for e in country_entries()]
    readers = {"actors.csv": actor_entries, "togo_communes.csv": togo_entries}
    for source, text in tables.items():
        if source in PARTNER_TABLES:
            located.extend(partner_entries(text, source, PARTNER_TABLES[source]))
        else:
            located.extend(readers[source](text, source))
    check_links(located)
    return tuple(entry for _, entry in located)


@cache
def package_entries() -> tuple[RefEntry, ...]:
    """The entries of the package's data files (immutable, read once)."""
    data = files("kg.data")
    names = ("togo_communes.csv", *PARTNER_TABLES, "actors.csv")
    return load_tables({n: data.joinpath(n).read_text(encoding="utf-8") for n in names})
