"""The resolver: same thing, same key; near-misses reviewed, not merged."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from kg.extraction import Mention
from kg.names import parse_name
from kg.reference import Reference
from kg.resolve import Entity, Resolver

KEY = re.compile(r"^[a-z0-9][a-z0-9/-]*$")


def mention(text: str, kind: str = "Place", country: str | None = None, **attrs: Any) -> Mention:
    """A mention as a builder writes it: name and department read by `parse_name`."""
    parsed = parse_name(text)
    if parsed.code:
        attrs.setdefault("department", parsed.code)
    return Mention("m1", text, 0, len(text), kind, name=parsed.name, country=country, attrs=attrs)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver()


@pytest.fixture(scope="module")
def cog_resolver(shared: Path) -> Resolver:
    reference = Reference.default()
    reference.add_cog(shared / "reference" / "fr_cog_2024")
    return Resolver(reference)


def key(
    resolver: Resolver,
    text: str,
    kind: str = "Place",
    country: str | None = None,
    scope: str = "doc-a",
    **attrs: Any,
) -> str:
    """The key `resolver` gives `text` read as a mention."""
    entity = resolver.resolve(mention(text, kind, country, **attrs), scope)
    assert KEY.match(entity.key), entity.key
    return entity.key


@pytest.mark.parametrize("text", ["KPALIME", "Kpalimé", "kpalimé", "Kpalime"])
@pytest.mark.parametrize("kind", ["Commune", "Place"])
@pytest.mark.parametrize("country", ["TG", None])
def test_kpalime_is_kloto_1(resolver: Resolver, text: str, kind: str, country: str | None) -> None:
    entity = resolver.resolve(mention(text, kind, country), "doc-a")
    assert entity.label == "Kloto 1"
    assert entity.key == "tg/commune/kloto-1"
    assert entity.kind == "Commune"
    assert entity.country == "TG"
    assert "Kpalimé" in entity.aliases
    assert entity.reference_id == "tg/commune/kloto-1"


def test_foreign_affairs_ministry_is_one_entity(resolver: Resolver) -> None:
    names = [
        "Ministère des Affaires étrangères (MAE)",
        "MAE",
        "MAEE",
        "MEAE",
        "Ministère de l'Europe et des Affaires étrangères",
        "Ministère des Affaires étrangères et européennes",
        "Quai d’Orsay",
        "ministère français des Affaires étrangères",
        "Ministère des Affaires étrangères français",
    ]
    keys = {key(resolver, n, "Ministry") for n in names}
    keys |= {key(resolver, n, "Funder", "FR") for n in names}
    assert keys == {"fr/ministry/meae"}


def test_bressuire_with_and_without_department(resolver: Resolver) -> None:
    parsed = parse_name("Commune de BRESSUIRE (79)")
    assert (parsed.name, parsed.code) == ("Bressuire", "79")
    written = key(resolver, "Commune de BRESSUIRE (79)", "Commune", "FR")
    assert written == key(resolver, "Bressuire", "Commune") == "insee/79049"
    entity = resolver.resolve(mention("Bressuire", "Commune", "FR"), "doc-b")
    assert ("insee", "79049") in entity.codes and ("department", "79") in entity.codes


def test_former_region_has_one_key_across_documents(resolver: Resolver) -> None:
    first = key(resolver, "Région Poitou-Charentes", "Region", "FR", scope="doc-a")
    second = key(resolver, "Région Poitou-Charentes", "Region", "FR", scope="doc-b")
    assert first == second == key(resolver, "Poitou-Charentes", "Region", scope="doc-c")


def test_document_scoped_funders_stay_apart(resolver: Resolver) -> None:
    def other(scope: str) -> Entity:
        return resolver.resolve(mention("Autre", "Funder", scope="document"), scope)

    first, second = other("atlas-1").key, other("atlas-2").key
    assert first != second
    assert first == "doc/atlas-1/funder/autre" and second.startswith("doc/atlas-2/")
    assert first == other("atlas-1").key


def test_unknown_commune_gets_a_stable_key() -> None:
    text = "Commune de SAINT-TRUCMUCHE-SUR-MER"
    first = key(Resolver(), text, "Commune", "FR")
    assert first == key(Resolver(), "Saint-Trucmuche-sur-Mer", "Commune", "FR")
    assert first == "fr/commune/saint-trucmuche-sur-mer"
    entity = Resolver().resolve(mention(text, "Commune", "FR"), "d")
    assert entity.label == "Saint-Trucmuche-sur-Mer"
    assert entity.reference_id is None


def test_keys_without_country_and_events(resolver: Resolver) -> None:
    assert key(resolver, "Projet Eau pour Tous", "Project", "TG") == "project/projet-eau-pour-tous"
    event = key(resolver, "Atelier de lancement", "Event", "TG", date="2025-08-27")
    assert event == "event/2025-08-27/atelier-de-lancement"
    assert key(resolver, "Kossi Mensah", "Person", "TG") == "person/tg/kossi-mensah"
    assert key(resolver, "Association Xyz", "Association", "TG") == "tg/association/association-xyz"


@pytest.mark.parametrize(
    ("text", "kind"),
    [("PRODEG IV", "Programme"), ("ProDeG IV", "Project"), ("Prodeg IV", "Programme")],
)
def test_prodeg_iv_is_one_programme(resolver: Resolver, text: str, kind: str) -> None:
    assert key(resolver, text, kind, "TG") == key(resolver, text, kind) == "programme/prodeg-iv"


def test_prodeg_long_name(resolver: Resolver) -> None:
    long = "Programme décentralisation et bonne gouvernance"
    assert key(resolver, long, "Programme", "TG") == "programme/prodeg-iv"


def test_cog_communes_get_insee_keys(cog_resolver: Resolver) -> None:
    assert key(cog_resolver, "Mamoudzou", "Commune", "FR") == "insee/97611"
    assert key(cog_resolver, "PLAINFAING", "Commune") == "insee/88349"
    assert key(cog_resolver, "Ville de Mamoudzou", "Commune", "FR") == "insee/97611"
    assert key(cog_resolver, "Département de Mayotte", "Department", "FR") == "insee/dep/976"


def test_cog_homonyms_need_a_department(cog_resolver: Resolver) -> None:
    assert key(cog_resolver, "Commune de Beaulieu (15)", "Commune", "FR") == "insee/15020"
    assert key(cog_resolver, "Beaulieu", "Commune", "FR", department="63") == "insee/63031"
    assert key(cog_resolver, "Beaulieu", "Commune", "FR") == "fr/commune/beaulieu"
    ambiguous = [r for r in cog_resolver.review if r.reason == "ambiguous"]
    assert {r.candidate_key for r in ambiguous} >= {"insee/15020", "insee/63031"}


def test_curated_entries_beat_cog_homonyms(cog_resolver: Resolver) -> None:
    assert key(cog_resolver, "Coulon", "Commune", "FR") == "insee/79100"
    assert key(cog_resolver, "Bressuire", "Commune") == "insee/79049"


def test_near_miss_goes_to_review() -> None:
    resolver = Resolver()
    assert key(resolver, "Brassuire", "Commune", "FR") == "fr/commune/brassuire"
    [item] = resolver.review
    assert (item.name, item.candidate) == ("Brassuire", "Bressuire")
    assert item.candidate_key == "insee/79049"
    assert 0.85 <= item.score < 0.92


def test_close_typo_is_merged_and_recorded() -> None:
    resolver = Resolver()
    assert key(resolver, "Bressuir", "Commune", "FR") == "insee/79049"
    assert resolver.review == []
    assert [m.candidate_key for m in resolver.merged] == ["insee/79049"]


def test_threshold_is_a_parameter() -> None:
    strict = Resolver(fuzzy_threshold=0.99)
    assert key(strict, "Bressuir", "Commune", "FR") == "fr/commune/bressuir"
    assert strict.review[0].candidate_key == "insee/79049"


def test_numbered_communes_never_merge_fuzzily(resolver: Resolver) -> None:
    assert key(resolver, "Golfe 12", "Commune", "TG") == "tg/commune/golfe-12"
    assert key(resolver, "Agoènyivé 2", "Commune", "TG") == "tg/commune/agoe-nyive-2"


def test_kind_and_country_compatibility(resolver: Resolver) -> None:
    assert key(resolver, "Kara", "Region", "TG") == "tg/region/kara"
    assert key(resolver, "Kara", "Commune", "TG") == "tg/commune/kozah-1"
    assert key(resolver, "Région de la Kara", "Region", "TG") == "tg/region/kara"
    assert key(resolver, "Préfecture du Zio", "Department", "TG") == "tg/department/zio"
    assert key(resolver, "Tsévié", "Commune", "TG") == "tg/commune/zio-1"
    assert key(resolver, "Kpalimé", "Commune", "FR") == "fr/commune/kpalime"
    assert key(resolver, "Kpalimé", "Association", "TG") == "tg/association/kpalime"


def test_actor_table_entries(resolver: Resolver) -> None:
    assert key(resolver, "DAECL", "Agency", "FR") == "fr/agency/daect"
    assert key(resolver, "Faîtière des Communes du Togo (FCT)", "Association") == (
        "tg/association/fct"
    )
    assert key(resolver, "GIZ", "Agency") == "de/agency/giz"
    assert key(resolver, "coopération allemande", "Funder") != "de/agency/giz"
    assert key(resolver, "UCLG Africa", "Network") == "network/cglu-afrique"
    assert key(resolver, "CGLU", "Association") == "network/cglu"
    assert key(resolver, "Cités unies France", "Association", "FR") == "fr/association/cuf"
    assert key(resolver, "République togolaise", "Country") == "country/tg"


def test_entity_for_matches_resolve(resolver: Resolver) -> None:
    entry = resolver.reference.lookup("Kloto 1")[0]
    assert resolver.entity_for(entry) == resolver.resolve(mention("Kpalimé", "Commune"), "d")
    assert isinstance(resolver.entity_for(entry), Entity)


def test_resolve_all_maps_mention_ids(resolver: Resolver) -> None:
    first, second = mention("MAEE", "Ministry"), mention("Kpalimé", "Commune")
    second.id = "m2"
    assert {k: e.key for k, e in resolver.resolve_all([first, second], "d").items()} == {
        "m1": "fr/ministry/meae",
        "m2": "tg/commune/kloto-1",
    }


def test_cities_known_by_arrondissements_only(cog_resolver: Resolver) -> None:
    assert key(cog_resolver, "Paris", "Commune", "FR") == "insee/75056"
    assert key(cog_resolver, "Lyon", "Commune", "FR") == "insee/69123"
    assert key(cog_resolver, "Paris", "Department", "FR") == "insee/dep/75"


def test_fuzzy_prefers_the_mention_kind(cog_resolver: Resolver) -> None:
    # "Bretagne" is a région and two communes: the typo of a région goes to the région.
    assert key(cog_resolver, "Région Bretage", "Region", "FR") == "insee/reg/53"


# -- every French commune, known by default (the package's French index) -----------------------


@pytest.mark.parametrize(
    ("text", "kind", "country"),
    [
        ("Plainfaing", "Commune", "FR"),
        ("Commune de PLAINFAING", "Commune", None),
        ("commune de Plainfaing (88)", "Commune", "FR"),
        ("Plainfaing", "LocalAuthority", None),
    ],
)
def test_a_french_commune_absent_from_actors_csv_resolves_by_default(
    resolver: Resolver, text: str, kind: str, country: str | None
) -> None:
    assert resolver.reference.lookup("Plainfaing") == []  # not in the package's tables
    entity = resolver.resolve(mention(text, kind, country), "doc-a")
    assert (entity.key, entity.label, entity.kind) == ("insee/88349", "Plainfaing", "Commune")
    assert ("insee", "88349") in entity.codes and ("department", "88") in entity.codes
    assert entity.reference_id == "insee/88349"


def test_communes_departments_and_regions_of_the_index(resolver: Resolver) -> None:
    assert key(resolver, "Ville de Mamoudzou", "Commune", "FR") == "insee/97611"
    assert key(resolver, "Mûr-de-Bretagne", "Commune") == "insee/22158"  # now Guerlédan
    assert key(resolver, "Département de Mayotte", "Department", "FR") == "insee/dep/976"
    assert key(resolver, "Conseil Général de l'Hérault", "Department") == "insee/dep/34"
    assert key(resolver, "Région Île-de-France", "Region") == "insee/reg/11"
    assert key(resolver, "Seine Saint Denis", "Commune") == "insee/dep/93"  # no such commune
    assert key(resolver, "Région Bretage", "Region") == "insee/reg/53"  # a typo, fuzzily


@pytest.mark.parametrize("name", ["Saint-Denis", "Sainte-Marie"])
def test_a_shared_name_stays_unresolved_without_a_department(name: str) -> None:
    resolver = Resolver()
    for kind in ("Commune", "LocalAuthority", "Place"):
        assert not key(resolver, name, kind, "FR").startswith("insee/"), kind
        assert not key(resolver, f"Commune de {name}", kind).startswith("insee/"), kind
    ambiguous = {r.candidate_key for r in resolver.review if r.reason == "ambiguous"}
    assert len(ambiguous) >= 4 and all(k.startswith("insee/") for k in ambiguous)


@pytest.mark.parametrize(
    ("text", "attrs", "expected"),
    [
        ("Saint-Denis (93)", {}, "insee/93066"),
        ("Commune de SAINT-DENIS (974)", {}, "insee/97411"),
        ("Saint-Denis (La Réunion)", {}, "insee/97411"),
        ("Saint-Denis", {"department": "Seine-Saint-Denis"}, "insee/93066"),
        ("Sainte-Marie", {"department": "972"}, "insee/97228"),
        ("Sainte-Marie", {"region": "La Réunion"}, "insee/97418"),
        ("Sainte-Marie (Martinique)", {}, "insee/97228"),
    ],
)
def test_a_shared_name_resolves_with_a_department_cue(
    resolver: Resolver, text: str, attrs: dict[str, str], expected: str
) -> None:
    assert key(resolver, text, "Commune", "FR", **attrs) == expected


def test_a_cue_from_another_department_resolves_nothing(resolver: Resolver) -> None:
    assert key(resolver, "Sainte-Marie (79)", "Commune", "FR") == "fr/commune/sainte-marie"
    assert key(resolver, "Plainfaing (79)", "Commune", "FR") == "fr/commune/plainfaing"


@pytest.mark.parametrize(("name", "code"), [("Orange", "84"), ("Rue", "80"), ("Y", "80")])
def test_a_common_word_commune_needs_a_cue(name: str, code: str) -> None:
    resolver = Resolver()
    for kind in ("Commune", "LocalAuthority"):
        for country in ("FR", None):
            assert not key(resolver, name, kind, country).startswith("insee/"), (kind, country)
    for kind in ("Association", "Funder", "Agency", "Place"):  # a word, or a company
        assert not key(resolver, name, kind).startswith("insee/"), kind
    found = {r.candidate_key for r in resolver.review}
    assert len(found) == 1 and found <= {e.id for e in resolver.reference.french_communes(name)}
    insee = key(resolver, f"{name} ({code})", "Commune", "FR")
    assert insee.startswith(f"insee/{code}")
    assert key(resolver, f"Commune de {name}", "Commune", "FR") == insee  # named a commune


def test_a_short_form_is_not_a_small_commune(resolver: Resolver) -> None:
    # Aix (Corrèze) is the only commune named so; documents mean Aix-en-Provence
    assert key(resolver, "Aix", "Commune") == "commune/aix"
    assert key(resolver, "Ville d’Aix", "Commune") == "commune/aix"
    assert key(resolver, "Aix (19)", "Commune") == "insee/19002"
    assert key(resolver, "Ville d’Aix-en-Provence", "Commune") == "insee/13001"


def test_a_foreign_mention_is_no_french_commune(resolver: Resolver) -> None:
    assert key(resolver, "Plainfaing", "Commune", "TG") == "tg/commune/plainfaing"
    assert key(resolver, "Mamoudzou", "Commune", "BF") == "bf/commune/mamoudzou"


def test_fuzzy_matching_reaches_communes_only_within_a_department() -> None:
    resolver = Resolver()
    assert key(resolver, "Plainfain (88)", "Commune", "FR") == "insee/88349"
    assert [m.candidate_key for m in resolver.merged] == ["insee/88349"]
    assert key(resolver, "Plainfain", "Commune", "FR") == "fr/commune/plainfain"


def test_a_loaded_cog_keeps_the_index_rules(cog_resolver: Resolver) -> None:
    assert not key(cog_resolver, "Orange", "Funder").startswith("insee/")  # the company
    assert not key(cog_resolver, "Orange", "Commune", "FR").startswith("insee/")
    assert key(cog_resolver, "Orange (84)", "Commune", "FR") == "insee/84087"
    assert key(cog_resolver, "Ville d'Orange", "Commune", "FR") == "insee/84087"
    assert key(cog_resolver, "Aix", "Commune") == "commune/aix"


# -- the label to show -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["Kpalimé", "Kloto 1", "Commune de Kloto 1"])
def test_kloto_1_is_shown_with_kpalime(resolver: Resolver, text: str) -> None:
    entity = resolver.resolve(mention(text, "Commune", "TG"), "doc-a")
    assert entity.key == "tg/commune/kloto-1"
    assert entity.label == "Kloto 1"  # the official name stays the preferred label
    assert entity.display_label == "Kloto 1 (Kpalimé)"


def test_entities_whose_label_is_enough_have_no_display_label(resolver: Resolver) -> None:
    for text, kind in (("Bassar", "Commune"), ("Bressuire", "Commune"), ("MAE", "Ministry")):
        assert resolver.resolve(mention(text, kind), "d").display_label is None, text
    assert resolver.resolve(mention("Nowhere-sur-Mer", "Commune"), "d").display_label is None
    assert key(resolver, "Kozah 1", "Commune", "TG") == "tg/commune/kozah-1"
    kozah = resolver.resolve(mention("Kara", "Commune", "TG"), "d")
    assert kozah.display_label == "Kozah 1 (Kara)"
