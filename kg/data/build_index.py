"""Derive `fr_communes.csv.gz`, the package's index of French communes, départements and régions,
from the INSEE COG 2024 extract kept beside the checkout (`../shared/reference/fr_cog_2024`).

Run by hand when the COG changes (nothing calls it at run time, nothing downloads):

    .venv/bin/python -m kg.data.build_index [COG_FOLDER] [-o kg/data/fr_communes.csv.gz]

(COG_FOLDER defaults to `$COOPKG_SHARED/reference/fr_cog_2024`, else `../shared/...` beside the
checkout.) The output is byte-for-byte the same on every run: a test rebuilds it and compares.

What it keeps: names, INSEE codes, the département of a commune and the région of a département,
coordinates rounded to 3 decimals (about 100 m), and two flags (below); no population, postcode
or other statistics. Communes déléguées (COG type COMD) become other names of the commune they
were merged into (`insee_parente`); Paris, Lyon and Marseille, listed only through their
arrondissements (type ARM), are rebuilt from them, as `kg.reference_cog.read_cog` does.

Flags, for the resolver's rule that a gazetteer hit alone never makes an entity of a word:

- `w`: the name is an ordinary French word ("Orange", "Rue", "Y", "Bar", "Port", "Sens"): a word
  of the lemmatizer tables of spaCy's `fr_core_news_sm` (nouns, adjectives, adverbs, verbs and
  their forms), or of one or two letters. Préfectures (chefs-lieux of a département or région)
  and communes of 40,000 inhabitants or more are left unflagged: "Bordeaux", "Limoges", "Vannes"
  name the city before the colour or the lace.
- `s`: the name begins the name of a more populous commune ("Aix" in Corrèze, 300 inhabitants,
  is what documents call Aix-en-Provence; "Bourg", "Boulogne", "Charleville"): a short form.

The population figures of the COG only decide these flags; they are not kept. A commune
déléguée whose name is an ordinary word or a short form is left out of the names: a former
commune "Bois" is not worth the risk.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.normalize import fold

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("COOPKG_SHARED") or ROOT.parent / "shared")
DEFAULT_COG = SHARED / "reference" / "fr_cog_2024"
DEFAULT_OUT = Path(__file__).with_name("fr_communes.csv.gz")
COLUMNS = ("kind", "code", "label", "names", "parent", "lat", "lon", "flags")
#: communes at least this populous are known as places before anything else
_CITY = 40_000
_ARTICLE = re.compile(r"^(?:la|le|les)\s+|^l['’]\s*", re.IGNORECASE)
_ARRONDISSEMENT = re.compile(r"^(.+?)\s+\d+(?:er|e|ème)?\s+arrondissement$", re.IGNORECASE)
HEADER = """\
# French régions, départements and communes: INSEE codes, names, coordinates.
# Source: INSEE, Code officiel géographique (COG) 2024 (https://www.insee.fr/fr/information/7766585),
# through the extract in ../shared/reference/fr_cog_2024 (rcarlier/datas.fun, commit b9874080, with
# coordinates from INSEE's Base du comparateur de territoires and IGN). Licence Ouverte / Open
# Licence 2.0 (Etalab, https://www.etalab.gouv.fr/licence-ouverte-open-licence): reuse with
# attribution. Derived by kg/data/build_index.py (names, codes, rounded coordinates and two flags
# only; see kg/data/README.md).
# Columns: kind (R région, D département, C commune); code (INSEE); label (official name, with its
# article); names (other names, |-separated: the name without its article, the communes déléguées
# merged into it); parent (a commune's département, a département's région); lat, lon (WGS 84,
# 3 decimals); flags (w: an ordinary French word, s: a short form of a larger commune's name).
"""


@dataclass
class Place:
    """One row of the index, while it is built."""

    kind: str
    code: str
    label: str
    parent: str
    lat: str
    lon: str
    own: list[str] = field(default_factory=list)  # label and name without article
    delegated: list[str] = field(default_factory=list)
    population: int = 0
    chef_lieu: bool = False
    flags: str = ""


def _rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _without_article(name: str) -> str:
    """ "La Réunion" -> "Réunion" (départements and régions: their article is often dropped)."""
    return _ARTICLE.sub("", name)


def _coordinate(value: str) -> str:
    return f"{float(value):.3f}" if value.strip() else ""


def _population(value: str) -> int:
    return int(float(value)) if value.strip() else 0


def read_places(folder: Path) -> list[Place]:
    """Régions, départements and communes of a COG folder, names not yet flagged."""
    places: list[Place] = []
    chefs: set[str] = set()
    for r in _rows(folder / "regions.csv"):
        label = r["region_article"] or r["region"]
        places.append(
            Place("R", r["insee_reg"], label, "", _coordinate(r["lat"]), _coordinate(r["lng"]))
        )
        places[-1].own = [label, r["region"], _without_article(label)]
        chefs.add(r["insee_reg_cheflieu"])
    for r in _rows(folder / "departements.csv"):
        label = r["departement_article"] or r["departement"]
        lat, lon = _coordinate(r["lat"]), _coordinate(r["lng"])
        places.append(Place("D", r["insee_dep"], label, r["insee_reg"], lat, lon))
        places[-1].own = [label, r["departement"], _without_article(label)]
        chefs.add(r["insee_com_cheflieu"])
    return places + _communes(folder / "communes.csv", chefs)


def _communes(path: Path, chefs: set[str]) -> list[Place]:
    communes: dict[str, Place] = {}
    delegated: dict[str, list[tuple[str, int]]] = {}
    districts: dict[str, list[dict[str, str]]] = {}
    for r in _rows(path):
        code, kind = r["insee_com"], r["commune_type"]
        if kind == "COM" and code not in communes:
            label = r["commune_article"] or r["commune"]
            place = Place("C", code, label, r["insee_dep"], _coordinate(r["lat"]), "")
            place.lon = _coordinate(r["lng"])
            place.own = [label, r["commune"]]
            place.population = _population(r["population_2021"])
            communes[code] = place
        elif kind == "COMD" and r["insee_parente"]:
            entry = (r["commune"], _population(r["population_2021"]))
            delegated.setdefault(r["insee_parente"], []).append(entry)
        elif kind == "ARM" and _ARRONDISSEMENT.match(r["commune"]):
            districts.setdefault(r["insee_parente"] or code, []).append(r)
    for code, parts in districts.items():
        if code not in communes:
            communes[code] = _city(code, parts)
    for code, names in delegated.items():
        if code in communes:
            communes[code].delegated = [n for n, _ in names]
    for place in communes.values():
        place.chef_lieu = place.code in chefs
    return sorted(communes.values(), key=lambda p: p.code)


def _city(code: str, parts: list[dict[str, str]]) -> Place:
    """Paris, Lyon or Marseille from its arrondissements (centre: their mean position)."""
    match = _ARRONDISSEMENT.match(parts[0]["commune"])
    name = match.group(1) if match else parts[0]["commune"]
    lats = [float(p["lat"]) for p in parts if p["lat"]]
    lons = [float(p["lng"]) for p in parts if p["lng"]]
    lat = f"{sum(lats) / len(lats):.3f}" if lats else ""
    lon = f"{sum(lons) / len(lons):.3f}" if lons else ""
    place = Place("C", code, name, parts[0]["insee_dep"], lat, lon, own=[name])
    place.population = sum(_population(p["population_2021"]) for p in parts)
    place.chef_lieu = True
    return place


def french_words() -> set[str]:
    """Folded ordinary French words: the lemmatizer tables of spaCy's `fr_core_news_sm`."""
    import spacy

    nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner", "senter"])
    lemmatizer: Any = nlp.get_pipe("lemmatizer")
    tables = lemmatizer.lookups
    words: set[str] = set()
    for name in ("lemma_index", "lemma_exc"):
        table = tables.get_table(name)
        for pos in table:
            words.update(fold(str(w)) for w in table[pos])
    return words


def flag(places: list[Place], words: set[str]) -> None:
    """Set every place's flags and drop the communes déléguées that are words or short forms."""
    largest: dict[str, int] = {}  # leading words of a commune's name -> its largest population
    for place in places:
        if place.kind != "C":
            continue
        for key in {fold(n) for n in place.own}:
            parts = key.split()
            for i in range(1, len(parts)):
                head = " ".join(parts[:i])
                largest[head] = max(largest.get(head, 0), place.population)

    def is_word(key: str) -> bool:
        return key in words or len(key.replace(" ", "")) <= 2

    for place in places:
        keys = {fold(n) for n in place.own}
        city = place.kind == "C" and (place.chef_lieu or place.population >= _CITY)
        word = not city and any(is_word(k) for k in keys)
        short = place.kind == "C" and any(largest.get(k, 0) > place.population for k in keys)
        place.flags = ("w" if word else "") + ("s" if short else "")
        place.delegated = [
            n
            for n in dict.fromkeys(place.delegated)
            if fold(n) not in keys and not is_word(fold(n)) and fold(n) not in largest
        ]


def render(places: list[Place]) -> bytes:
    """The index file: the header comments, then one CSV row per place (gzip, reproducible)."""
    text = io.StringIO()
    text.write(HEADER)
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p in places:
        others = [n for n in dict.fromkeys(p.own[1:] + p.delegated) if n and n != p.label]
        names = "|".join(others)
        writer.writerow([p.kind, p.code, p.label, names, p.parent, p.lat, p.lon, p.flags])
    return gzip.compress(text.getvalue().encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("cog", nargs="?", type=Path, default=DEFAULT_COG, help="COG folder")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUT, help="index file")
    args = parser.parse_args(argv)
    places = read_places(args.cog)
    flag(places, french_words())
    data = render(places)
    args.output.write_bytes(data)
    kinds = {k: sum(p.kind == k for p in places) for k in "RDC"}
    flagged = {f: sum(f in p.flags for p in places) for f in "ws"}
    print(
        f"{args.output}: {len(data) / 1024:.0f} KB, {kinds['R']} régions, {kinds['D']} "
        f"départements, {kinds['C']} communes; flagged {flagged['w']} words, "
        f"{flagged['s']} short forms",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
