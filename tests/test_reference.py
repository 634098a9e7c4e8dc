"""The reference tables: package data, COG loading, lookup and malformed rows."""

from __future__ import annotations

import csv
import gzip
import time
from importlib.resources import files
from pathlib import Path

import pytest

from builders.news.nlp import ruler_patterns
from kg.errors import CoopkgError
from kg.extraction import Mention
from kg.names import parse_name
from kg.normalize import fold
from kg.reference import (
    FrenchIndex,
    RefEntry,
    Reference,
    entity_path,
    load_tables,
    name_key,
    read_cog,
)
from kg.reference_cog import INDEX_FILE
from kg.resolve import Resolver


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


def test_every_iso_country_is_known_by_its_french_name_but_none_by_a_given_name() -> None:
    from kg.countries import countries, country_code, demonym_code

    assert len(countries()) >= 230  # ISO 3166-1 less France's own overseas collectivities
    assert country_code("Arménie") == "AM" and country_code("Moldavie") == "MD"
    assert country_code("République tchèque") == "CZ" and demonym_code("mexicaine") == "MX"
    assert country_code("Maurice") is None and country_code("Dominique") is None
    assert country_code("La Réunion") is None  # a French region here, not a country


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


# -- the French index shipped with the package (kg/data/fr_communes.csv.gz) --------------------


def test_the_index_holds_every_commune_department_and_region(ref: Reference) -> None:
    index = ref.french
    assert index is not None
    assert len(index.named("Saint-Denis", "Commune")) == 4
    kinds = [e.kind for e in (index.get(f"insee/{c}") for c in ("79049", "dep/79", "reg/75")) if e]
    assert kinds == ["Commune", "Department", "Region"]
    assert len(index) == 34931 + 3 + 101 + 18  # + Paris, Lyon, Marseille (arrondissements only)
    assert len(index.territories()) == 101 + 18


def test_the_index_agrees_with_the_full_cog(ref: Reference, cog_dir: Path) -> None:
    index = ref.french
    assert index is not None
    for entry in read_cog(cog_dir):
        mine = index.get(entry.id)
        assert mine is not None, entry.id
        assert (mine.label, mine.kind, mine.parent) == (entry.label, entry.kind, entry.parent)
        assert dict(mine.codes) == dict(entry.codes), entry.id
        assert mine in index.named(entry.label), entry.label
    assert index.get("insee/01015") is not None  # Arboys en Bugey, with its communes déléguées
    assert "Arbignieu" in index.get("insee/01015").aliases  # type: ignore[union-attr]


def test_the_index_finds_every_name_it_holds(ref: Reference) -> None:
    index = ref.french
    assert index is not None
    for code in ("97411", "2a004", "01001", "75056", "dep/2a", "reg/04"):
        entry = index.get(f"insee/{code}")
        assert entry is not None, code
        for name in entry.names:
            assert entry in index.named(name), name
            assert entry in index.named(name.upper()), name


def test_the_index_stays_out_of_lookup_and_entries(ref: Reference) -> None:
    # builders make entity-ruler patterns and gazetteer checks of these: no 35,000 names there
    assert len(ref.entries()) < 1000
    assert ref.lookup("Plainfaing") == [] and ref.lookup("Orange") == []
    assert all(name != "plainfaing" for name, _ in ref.names())
    assert list(ref.candidates("plainfaing")) == []
    assert Reference().french is None and Reference().french_commune("Plainfaing") is None


def test_a_commune_absent_from_actors_csv_is_known(ref: Reference) -> None:
    assert ref.get("insee/88349") is not None and ref.get("insee/88349") not in ref.entries()
    plainfaing = ref.french_commune("PLAINFAING")
    assert plainfaing is not None and plainfaing.id == "insee/88349"
    assert plainfaing.code("department") == "88" and plainfaing.parent == "insee/dep/88"
    assert ref.unambiguous_commune("Plainfaing")
    assert ref.french_commune("Arbignieu").id == "insee/01015"  # type: ignore[union-attr]
    lat, lon = ref.french_position("insee/79049") or (0.0, 0.0)
    assert abs(lat - 46.84) < 0.05 and abs(lon + 0.48) < 0.05


@pytest.mark.parametrize(
    ("name", "department", "region", "expected"),
    [
        ("Saint-Denis", None, None, None),
        ("Saint-Denis", "93", None, "insee/93066"),
        ("Saint-Denis", "Seine-Saint-Denis", None, "insee/93066"),
        ("Saint-Denis", None, "La Réunion", "insee/97411"),
        ("Sainte-Marie", None, None, None),
        ("Sainte-Marie", "974", None, "insee/97418"),
        ("Sainte-Marie", None, "Martinique", "insee/97228"),
        ("Sainte-Marie", "79", None, None),  # no Sainte-Marie in the Deux-Sèvres
        ("Sainte-Marie", "99", None, None),  # no such département
    ],
)
def test_a_shared_name_needs_a_department_or_region(
    ref: Reference, name: str, department: str | None, region: str | None, expected: str | None
) -> None:
    found = ref.french_commune(name, department, region)
    assert (found.id if found else None) == expected
    assert len(ref.french_communes(name)) > 1
    assert not ref.unambiguous_commune(name)


@pytest.mark.parametrize(
    ("name", "department", "code"),
    [
        ("Orange", "84", "84087"),
        ("Rue", "80", "80688"),
        ("Y", "80", "80829"),
        ("Eu", "76", "76255"),
    ],
)
def test_a_common_word_names_a_commune_only_with_a_cue(
    ref: Reference, name: str, department: str, code: str
) -> None:
    assert [e.id for e in ref.french_communes(name)] == [f"insee/{code}"]  # one commune...
    assert ref.french_commune(name) is None  # ...but an ordinary word
    assert not ref.unambiguous_commune(name)
    assert ref.french_commune(name, department).id == f"insee/{code}"  # type: ignore[union-attr]
    assert ref.french_match(name, designated=True).entry.id == f"insee/{code}"  # type: ignore[union-attr]


def test_a_short_form_needs_a_department(ref: Reference) -> None:
    # Aix (Corrèze, 19) is one commune, but "Aix" in a document is Aix-en-Provence
    assert ref.french_commune("Aix") is None
    assert ref.french_match("Aix", designated=True).entry is None
    assert ref.french_commune("Aix", "19").id == "insee/19002"  # type: ignore[union-attr]
    assert ref.french_commune("Aix-en-Provence").id == "insee/13001"  # type: ignore[union-attr]


def test_cities_named_like_words_stay_known(ref: Reference) -> None:
    for name, code in (("Bordeaux", "33063"), ("Lille", "59350"), ("Paris", "75056")):
        assert ref.french_commune(name).id == f"insee/{code}", name  # type: ignore[union-attr]


def test_departments_and_regions_of_the_index(ref: Reference) -> None:
    assert ref.french_match("Seine-Maritime", "Department").entry.id == "insee/dep/76"  # type: ignore[union-attr]
    assert ref.french_match("Réunion", "Region").entry.id == "insee/reg/04"  # type: ignore[union-attr]
    assert ref.french_match("Nord", "Department").entry.id == "insee/dep/59"  # type: ignore[union-attr]
    # a commune mention naming a département: only when the name is no ordinary word
    assert ref.french_match("Morbihan").entry.id == "insee/dep/56"  # type: ignore[union-attr]
    assert ref.french_match("Nord").entry is None


def test_a_malformed_index_row_names_its_line() -> None:
    text = "# comment\nkind,code,label,names,parent,lat,lon,flags\nX,1,A,,,,,\n"
    with pytest.raises(CoopkgError, match=r"fr_communes\.csv\.gz:3: "):
        FrenchIndex.read(text)
    with pytest.raises(CoopkgError, match=r"fr_communes\.csv\.gz:2: expected columns"):
        FrenchIndex.read("# comment\ncode,label\n")


@pytest.mark.slow
def test_the_shipped_index_is_what_build_index_derives(cog_dir: Path, tmp_path: Path) -> None:
    from kg.data import build_index

    out = tmp_path / "index.csv.gz"
    assert build_index.main([str(cog_dir), "-o", str(out)]) == 0
    shipped = files("kg.data").joinpath(INDEX_FILE).read_bytes()
    assert out.read_bytes() == shipped
    text = gzip.decompress(shipped).decode("utf-8")
    assert "Licence Ouverte" in text.split("\nkind,")[0] and "INSEE" in text.split("\nkind,")[0]


def test_kloto_1_shows_its_chef_lieu(ref: Reference) -> None:
    kloto = ref.get("tg/commune/kloto-1")
    assert kloto is not None
    assert (kloto.label, kloto.display_label) == ("Kloto 1", "Kloto 1 (Kpalimé)")
    kozah = ref.get("tg/commune/kozah-1")
    assert kozah is not None and kozah.display_label == "Kozah 1 (Kara)"
    for plain in ("tg/commune/bassar-1", "tg/commune/kloto-2", "tg/commune/golfe-1"):
        entry = ref.get(plain)
        assert entry is not None and entry.display_label is None, plain
    bressuire = ref.get("insee/79049")
    assert bressuire is not None and bressuire.display_label is None


# -- the partner countries' territories (bj_communes.csv, bf_provinces.csv, ...) ---------------

PARTNER_FILES = {
    "bj_communes.csv": ("BJ", {"Commune": 77, "Department": 12}),
    "bf_provinces.csv": ("BF", {"Department": 45, "Region": 13}),
    "ml_cercles.csv": ("ML", {"LocalAuthority": 52, "Region": 10}),
    "sn_departements.csv": ("SN", {"Department": 46, "Region": 14}),
}


def partner_text(name: str) -> str:
    return files("kg.data").joinpath(name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(PARTNER_FILES))
def test_partner_tables_name_their_source_and_licence(name: str) -> None:
    header = partner_text(name).split("\nkind,")[0]
    assert header.startswith("# ")
    assert "Global P-Code List" in header and "OCHA" in header and "CC BY" in header
    assert "hdx-python-country" in header and "b40de354" in header
    if name == "bj_communes.csv":
        assert "benin-geo 0.1.0" in header and "MIT License" in header


@pytest.mark.parametrize("name", sorted(PARTNER_FILES))
def test_partner_tables_hold_every_unit_of_their_source(ref: Reference, name: str) -> None:
    country, counts = PARTNER_FILES[name]
    mine = [e for e in ref.entries() if e.source == name]
    assert {e.country for e in mine} == {country}
    assert {k: sum(e.kind == k for e in mine) for k in counts} == counts
    assert len(mine) == sum(counts.values())
    assert all((e.code("pcode") or "").startswith(country) for e in mine)


@pytest.mark.parametrize(
    ("text", "kind", "entry_id", "parent"),
    [
        ("Commune de Bohicon", "Commune", "bj/commune/bohicon", "bj/department/zou"),
        ("SEME-PODJI", "Commune", "bj/commune/seme-kpodji", "bj/department/oueme"),
        ("Département de l'Alibori", "Department", "bj/department/alibori", None),
        ("Province du Boulgou", "Department", "bf/department/boulgou", "bf/region/centre-est"),
        ("Boucle du Mouhoun", "Region", "bf/region/boucle-du-mouhoun", None),
        ("cercle de Yélimané", "LocalAuthority", "ml/local-authority/yelimane", "ml/region/kayes"),
        ("Région de Kayes", "Region", "ml/region/kayes", None),
        ("Département de Bignona", "Department", "sn/department/bignona", "sn/region/ziguinchor"),
        ("Thies", "Department", "sn/department/thies", "sn/region/thies"),
    ],
)
def test_a_unit_of_each_partner_country_resolves(
    text: str, kind: str, entry_id: str, parent: str | None
) -> None:
    name = parse_name(text).name
    entity = Resolver().resolve(Mention("m1", text, 0, len(text), kind, name=name), "d")
    assert entity.key == entry_id
    assert entity.country == entry_id[:2].upper()
    entry = Reference.default().get(entry_id)
    assert entry is not None and entry.parent == parent


def test_partner_communes_and_divisions_are_looked_up(ref: Reference) -> None:
    cotonou = ref.lookup("Cotonou")
    assert [(e.id, e.country, e.parent) for e in cotonou] == [
        ("bj/commune/cotonou", "BJ", "bj/department/littoral")
    ]
    assert ref.lookup("Porto Novo")[0].code("pcode") == "BJ1008"
    assert ref.lookup("Ouémé")[0].code("iso3166-2") == "BJ-OU"
    assert ref.lookup("Kourittenga")[0].label == "Kouritenga"  # the COD's spelling is an alias
    assert ref.lookup("Kayes", kind="Region")[0].id == "ml/region/kayes"
    assert ref.lookup("Kayes")[0].id == "ml/local-authority/kayes"  # a bare name: the cercle
    assert ref.lookup("Dakar", country="SN")[0].id == "sn/department/dakar"
    assert ref.lookup("Dakar", country="FR") == []


DESIGNATORS = {"Department": "departement du", "Region": "region du", "LocalAuthority": "cercle de"}


@pytest.mark.parametrize(
    ("bare", "entry_id", "label"),
    [
        ("Plateau", "bj/department/plateau", "Plateau (Bénin)"),
        ("Littoral", "bj/department/littoral", "Littoral (Bénin)"),
        ("Centre", "bf/region/centre", "Centre (Burkina Faso)"),
        ("Est", "bf/region/est", "Est (Burkina Faso)"),
        ("Sahel", "bf/region/sahel", "Sahel (Burkina Faso)"),
        ("Centre-Est", "bf/region/centre-est", "Centre-Est (Burkina Faso)"),
        ("San", "ml/local-authority/san", "San (Mali)"),
    ],
)
def test_partner_names_that_are_words_stay_out_of_name_finding(
    ref: Reference, bare: str, entry_id: str, label: str
) -> None:
    entry = ref.get(entry_id)
    assert entry is not None and entry.label == label
    assert fold(bare) not in {fold(n) for n in entry.names}
    assert entry_id not in {e.id for e in ref.lookup(bare)}
    patterns = {fold(p["pattern"]) for p in ruler_patterns((entry,))}
    assert fold(bare) not in patterns and f"{DESIGNATORS[entry.kind]} {fold(bare)}" not in patterns
    assert [e.id for e in ref.lookup(label)] == [entry_id]


def test_saint_louis_of_senegal_is_no_french_name(ref: Reference) -> None:
    region, department = ref.get("sn/region/saint-louis"), ref.get("sn/department/saint-louis")
    assert region is not None and department is not None
    assert region.label == department.label == "Saint-Louis (Sénégal)"
    assert department.parent == region.id
    assert not [e for e in ref.lookup("Saint-Louis") if e.country == "SN"]
    assert len(ref.french_communes("Saint-Louis")) > 1  # the French index still knows its own


@pytest.mark.parametrize(
    ("text", "name", "kind", "country", "key"),
    [
        ("Département du Plateau", "Plateau", "Department", "BJ", "bj/department/plateau"),
        ("région de l'Est", "Est", "Region", "BF", "bf/region/est"),
        ("Plateau (Bénin)", "Plateau (Bénin)", "Department", None, "bj/department/plateau"),
    ],
)
def test_a_flagged_unit_keeps_its_key(
    text: str, name: str, kind: str, country: str | None, key: str
) -> None:
    mention = Mention("m1", text, 0, len(text), kind, name=name, country=country)
    assert Resolver().resolve(mention, "d").key == key


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Commune,X,,,,,", "need a parent"),
        ("Region,X,,Y,,,", "regions have no parent"),
        ("Village,X,,,,,", "unknown kind"),
        ("Department,Plateau,,,,,w", "label of its own"),
        ("Department,X,,,,,z", "unknown flag"),
        ("Department,X,,,pcode,,", "bad code"),
        ("Commune,X,,Nowhere,,,", "unknown parent"),
        ("Department,X,,", "fields"),
    ],
)
def test_malformed_partner_rows_name_file_and_line(row: str, message: str) -> None:
    text = f"# comment\nkind,name,label,parent,codes,aliases,flags\n{row}\n"
    with pytest.raises(CoopkgError, match=rf"sn_departements\.csv:3: .*{message}"):
        load_tables({"sn_departements.csv": text})
