"""The reference tables: package data, COG loading, lookup and malformed rows."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from kg.errors import CoopkgError
from kg.normalize import fold
from kg.reference import RefEntry, Reference, entity_path, load_tables, name_key


@pytest.fixture(scope="module")
def ref() -> Reference:
    return Reference.default()


@pytest.fixture(scope="module")
def cog_dir(shared: Path) -> Path:
    return shared / "reference" / "fr_cog_2024"


@pytest.fixture(scope="module")
def with_cog(cog_dir: Path) -> Reference:
    reference = Reference.default()
    reference.add_cog(cog_dir)
    return reference


def of_kind(ref: Reference, kind: str, country: str | None = None) -> list[RefEntry]:
    return [e for e in ref.entries() if e.kind == kind and country in (None, e.country)]


def test_togo_has_117_communes_39_prefectures_5_regions(ref: Reference) -> None:
    assert len(of_kind(ref, "Commune", "TG")) == 117 + 1  # + Lomé, from actors.csv
    assert len(of_kind(ref, "Department", "TG")) == 39
    regions = {e.label: e.code("iso3166-2") for e in of_kind(ref, "Region", "TG")}
    assert regions == {
        "Savanes": "TG-S",
        "Kara": "TG-K",
        "Centrale": "TG-C",
        "Plateaux": "TG-P",
        "Maritime": "TG-M",
    }


def test_togo_communes_match_the_shared_source(ref: Reference, shared: Path) -> None:
    path = shared / "reference" / "togo_communes" / "communes_joined.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        entry = ref.get(entity_path("Commune", "TG", row["commune"]))
        assert entry is not None, row["commune"]
        assert entry.parent == entity_path("Department", "TG", row["prefecture"])
        prefecture = ref.get(entry.parent)
        assert prefecture is not None
        assert prefecture.parent == entity_path("Region", "TG", row["region"])


def test_first_commune_of_a_prefecture_carries_its_chef_lieu(ref: Reference, shared: Path) -> None:
    path = shared / "reference" / "togo_communes" / "prefectures.csv"
    with path.open(encoding="utf-8") as handle:
        prefectures = list(csv.DictReader(handle))
    for row in prefectures:
        if row["chef_lieu"] in ("Lomé", "Agouè-Nyivé"):
            continue
        first = [e for e in of_kind(ref, "Commune", "TG") if e.label.endswith(" 1")]
        first = [e for e in first if e.parent == entity_path("Department", "TG", row["nom"])]
        assert len(first) == 1, row["nom"]
        assert fold(row["chef_lieu"]) in {fold(a) for a in first[0].aliases}, row["nom"]


def test_lome_is_no_alias_of_a_commune(ref: Reference) -> None:
    assert [e.id for e in ref.lookup("Lomé")] == ["tg/commune/lome"]


def test_lookup_ignores_accents_case_and_punctuation(ref: Reference) -> None:
    for name in ("KPALIME", "Kpalimé", "kpalimé", "Kpalime"):
        assert [e.label for e in ref.lookup(name)] == ["Kloto 1"]
    assert [e.id for e in ref.lookup("M.A.E.")] == ["fr/ministry/meae"]
    assert [e.id for e in ref.lookup("Agouè-Nyivé 2")] == ["tg/commune/agoe-nyive-2"]


def test_lookup_filters_by_kind_and_country(ref: Reference) -> None:
    assert ref.lookup("Kara", kind="Region")[0].id == "tg/region/kara"
    assert ref.lookup("Kara", kind="Place")[0].id == "tg/commune/kozah-1"
    assert ref.lookup("Kpalimé", country="FR") == []
    assert ref.lookup("MAE", kind="Association") == []
    assert ref.lookup("MAE", kind="Agency")[0].id == "fr/ministry/meae"


def test_french_entries_have_insee_ids(ref: Reference) -> None:
    bressuire = ref.lookup("Bressuire")[0]
    assert bressuire.id == "insee/79049"
    assert bressuire.code("department") == "79"
    assert ref.lookup("Deux-Sèvres")[0].id == "insee/dep/79"
    assert ref.lookup("Grand Est")[0].id == "insee/reg/44"
    assert ref.lookup("Poitou-Charentes")[0].id == "fr/region/poitou-charentes"


def test_countries_come_from_countries_csv(ref: Reference) -> None:
    assert [e.id for e in ref.lookup("République togolaise")] == ["country/tg"]
    assert len(of_kind(ref, "Country")) == len({e.id for e in of_kind(ref, "Country")})


def test_ids_are_iri_safe_and_unique(ref: Reference) -> None:
    ids = [e.id for e in ref.entries()]
    assert len(ids) == len(set(ids))
    assert all(set(i) <= set("abcdefghijklmnopqrstuvwxyz0123456789/-") for i in ids)


def test_name_key_joins_spelt_acronyms() -> None:
    assert name_key("M.A.E.") == "mae"
    assert name_key("Kloto 1") == "kloto 1"


def test_add_cog_is_fast_and_complete(cog_dir: Path) -> None:
    reference = Reference.default()
    start = time.perf_counter()
    reference.add_cog(cog_dir / "communes.csv")
    assert time.perf_counter() - start < 2.0  # about 0.6 s here; slack for slow machines
    communes = [e for e in reference.entries() if e.kind == "Commune" and e.country == "FR"]
    assert len(communes) == 34931 + 3  # + Paris, Lyon, Marseille (arrondissements only)
    assert reference.get("insee/97611") is not None
    assert reference.get("insee/dep/976") is not None


def test_cog_merges_into_package_entries(with_cog: Reference) -> None:
    bressuire = with_cog.get("insee/79049")
    assert bressuire is not None and bressuire.source == "actors.csv"
    assert bressuire.parent == "insee/dep/79"
    assert with_cog.get("insee/dep/79").parent == "insee/reg/75"  # type: ignore[union-attr]


def test_cog_homonyms_narrowed_by_department(with_cog: Reference) -> None:
    assert len(with_cog.lookup("Beaulieu", kind="Commune")) > 5
    assert [e.id for e in with_cog.lookup("Beaulieu", kind="Commune", code="15")] == ["insee/15020"]


def test_cog_delegated_communes_are_aliases(with_cog: Reference) -> None:
    # Arbignieu is a commune déléguée of Arboys en Bugey (01015) in COG 2024.
    [entry] = with_cog.lookup("Arbignieu")
    assert (entry.id, entry.label) == ("insee/01015", "Arboys en Bugey")


def test_add_cog_without_communes_raises(tmp_path: Path) -> None:
    with pytest.raises(CoopkgError, match=r"communes\.csv"):
        Reference().add_cog(tmp_path)


def test_add_cog_bad_header_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "communes.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(CoopkgError, match=r"communes\.csv:1: missing columns"):
        Reference().add_cog(tmp_path)


HEADER = "id,label,kind,country,aliases,codes,parent\n"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",X,Planet,FR,,,", "unknown kind"),
        (",X,Commune,France,,,", "bad country"),
        (",X,Commune,FR,,insee,", "bad code"),
        ("Bad Id,X,Commune,FR,,,", "bad id"),
        (",X,Commune,FR,,,", None),
        ("fr/commune/x,X,Commune,FR,,insee=79049,", "contradicts its code"),
        (",X,Commune,FR,,,nowhere", "unknown parent"),
        (",X,Commune,FR", "fields"),
        (",,Commune,FR,,,", "empty label"),
    ],
)
def test_malformed_rows_name_file_and_line(row: str, message: str | None) -> None:
    text = f"# comment\n{HEADER}{row}\n"
    if message is None:
        assert load_tables({"actors.csv": text})[-1].id == "fr/commune/x"
        return
    with pytest.raises(CoopkgError, match=rf"actors\.csv:3: .*{message}"):
        load_tables({"actors.csv": text})


def test_duplicate_ids_are_refused() -> None:
    text = f"{HEADER},X,Commune,FR,,,\n,X,Commune,FR,,,\n"
    with pytest.raises(CoopkgError, match=r"actors\.csv:3: duplicate id"):
        load_tables({"actors.csv": text})


def test_togo_rows_need_their_parent() -> None:
    text = "kind,label,parent,chef_lieu,iso3166_2,aliases\nCommune,Kloto 9,,,,\n"
    with pytest.raises(CoopkgError, match=r"togo_communes\.csv:2: "):
        load_tables({"togo_communes.csv": text})
