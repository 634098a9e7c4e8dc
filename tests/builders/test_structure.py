"""Structure readers: inline lists of partner pairs, read from the list's shape (sentences of
our own, in the forms real documents use)."""

from __future__ import annotations

import pytest

from builders.news import extract_text


def _pairs(text: str) -> set[frozenset[str]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m for m in mentions}
    return {
        frozenset(by_id[s.roles[r]].name for r in ("a", "b"))
        for s in statements
        if s.kind == "partnership"
    }


def P(a: str, b: str) -> frozenset[str]:
    return frozenset({a, b})


@pytest.mark.slow
def test_pairs_joined_by_et_in_a_list() -> None:
    text = (
        "Les deux pays comptent de nombreux jumelages actifs : Rennes et Sendai, Lyon et "
        "Yokohama, Nantes et Niigata, Bordeaux et le département de la Gironde et bien d'autres."
    )
    found = _pairs(text)
    assert {P("Rennes", "Sendai"), P("Lyon", "Yokohama"), P("Nantes", "Niigata")} <= found
    assert P("Rennes", "Lyon") not in found and P("Rennes", "Yokohama") not in found


@pytest.mark.slow
def test_pairs_with_avec_bare_items_and_shared_partners() -> None:
    text = (
        "Les collectivités les plus engagées sont Toulouse avec Cuzco, Brest avec Valparaiso, "
        "Temuco, et Rennes et Blois avec Arequipa."
    )
    found = _pairs(text)
    expected = {
        P("Toulouse", "Cuzco"),
        P("Brest", "Valparaiso"),
        P("Brest", "Temuco"),
        P("Rennes", "Arequipa"),
        P("Blois", "Arequipa"),
    }
    assert expected <= found
    assert P("Toulouse", "Brest") not in found and P("Toulouse", "Arequipa") not in found


@pytest.mark.slow
def test_two_names_of_one_side_are_no_pair() -> None:
    text = (
        "La commune de Vitré est entrée en partenariat avec la ville de Tsévié et le village "
        "d'Agbélouvé par la signature de deux protocoles de jumelage."
    )
    assert P("Tsévié", "Agbélouvé") not in _pairs(text)


@pytest.mark.slow
def test_several_avec_pairs_in_one_item() -> None:
    text = (
        "Trois partenariats voient le jour : Melle avec Kpélé, Niort avec Sokodé et Celles avec "
        "Bafilo – arrêté depuis 2010."
    )
    found = _pairs(text)
    assert {P("Melle", "Kpélé"), P("Niort", "Sokodé"), P("Celles", "Bafilo")} <= found
    assert P("Niort", "Bafilo") not in found


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("Dans le cadre de la coopération décentralisée Vitré-Tchamba, un forage a été creusé.",
         P("Vitré", "Tchamba")),
        ("Jumelage Pays mellois/Bassar : une convention est signée", P("Pays mellois", "Bassar")),
        ("Le jumelage Issy-les-Moulineaux-Dapaong a vingt ans.",
         P("Issy-les-Moulineaux", "Dapaong")),
    ],
)  # fmt: skip
def test_a_pair_named_after_a_partnership_noun(text: str, pair: frozenset[str]) -> None:
    assert pair in _pairs(text)


@pytest.mark.slow
def test_a_hyphenated_town_after_a_partnership_noun_stays_whole() -> None:
    found = _pairs("La coopération Saint-Denis est ancienne, avec Kara depuis 1990.")
    assert all("Saint" not in p and "Denis" not in p for p in found)


@pytest.mark.slow
def test_an_association_named_amitie_is_no_pair() -> None:
    text = "Le projet est porté par l'association Amitié Vienne-Réo depuis 2015."
    assert P("Vienne", "Réo") not in _pairs(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "La commune de Kara et celle de Melle ont formalisé leur partenariat en mai.",
        "Depuis vingt ans, Melle entretient des relations de jumelage avec la ville de Kara.",
        "La ville de Melle s'est jumelée avec la commune de Kara en 1990.",
    ],
)
def test_partnership_by_syntax(text: str) -> None:
    assert P("Melle", "Kara") in _pairs(text)


@pytest.mark.slow
def test_mayors_named_after_their_role_are_people() -> None:
    mentions, _ = extract_text(
        "La cérémonie a vu la signature des documents par les maires des deux communes, "
        "Koffi Agbéko et Pierre Martin."
    )
    kinds = {m.name: m.kind for m in mentions}
    assert kinds.get("Koffi Agbéko") == "Person" and kinds.get("Pierre Martin") == "Person"


_TABLE = """Annexe : les jumelages du département

Collectivité française Collectivité partenaire Pays Année
Bressuire Kloto 1 Togo 1991
Issy-les-
Moulineaux Dapaong Togo 1990
Bamako Mali 1994
Département des Deux-Sèvres Région des Plateaux Togo 1989

Le tableau est tenu à jour chaque année.
"""


def test_a_flattened_table_is_read_row_by_row() -> None:
    from builders.structure import french_name, table_pairs
    from kg.reference import Reference

    found = table_pairs(_TABLE, french_name(Reference.default()))
    rows = [(_TABLE[slice(*p.french)], _TABLE[slice(*p.partner)], p.country, p.year) for p in found]
    assert rows == [
        ("Bressuire", "Kloto 1", "TG", 1991),
        ("Issy-les-\nMoulineaux", "Dapaong", "TG", 1990),
        ("Issy-les-\nMoulineaux", "Bamako", "ML", 1994),  # a row span: a second partner
        ("Département des Deux-Sèvres", "Région des Plateaux", "TG", 1989),
    ]


@pytest.mark.slow
def test_a_table_document_goes_to_a_reader_that_reads_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from builders.registry import Registry
    from kg.load import load

    path = tmp_path / "table.txt"
    path.write_text(_TABLE, encoding="utf-8")
    doc = load(path)
    registry = Registry.default()
    for builder in (
        registry.choose(doc),
        registry.get("programme-pairs"),
        registry.get("news-text"),
    ):
        ex = builder.build(doc)
        names = {m.id: m.name for m in ex.mentions}
        pairs = {
            frozenset((names[s.roles["a"]], names[s.roles["b"]]))
            for s in ex.statements
            if s.kind == "partnership"
        }
        assert P("Issy-les-Moulineaux", "Bamako") in pairs, builder.name
        assert len(pairs) == 4, builder.name


def test_a_short_french_text_is_still_read() -> None:
    from builders.news import NewsTextBuilder
    from kg.document import Document

    doc = Document("s.txt", "Le jumelage entre Melle et Sokodé a été signé en 2001.", "text/plain")
    assert NewsTextBuilder().claim(doc) > 0


@pytest.mark.slow
def test_they_and_their_twinning_across_sentences() -> None:
    text = (
        "Le 3 mai, la commune de Melle recevait les représentants de la commune de Kpélé. "
        "Ensemble, elles officialisaient la création de leur jumelage."
    )
    assert P("Melle", "Kpélé") in _pairs(text)


@pytest.mark.slow
def test_a_towns_twinning_page_pairs_its_owner_with_the_towns_it_lists() -> None:
    text = (
        "Villes jumelées\n\n"
        "Les villes jumelées avec la ville de Melle\n\n"
        "Trois jumelages sont très actifs aujourd'hui : Sokodé au Togo, Bafilo au Togo et "
        "Kpalimé au Togo.\n\n"
        "Sokodé est une grande ville du centre du Togo."
    )
    found = _pairs(text)
    assert {P("Melle", "Sokodé"), P("Melle", "Bafilo")} <= found


@pytest.mark.slow
def test_a_page_that_does_not_speak_of_twinning_has_no_owner_pairs() -> None:
    text = (
        "Actualités de la ville de Melle\n\n"
        "Les communes bénéficiaires : Sokodé au Togo et Bafilo au Togo."
    )
    assert P("Melle", "Sokodé") not in _pairs(text)


@pytest.mark.slow
def test_a_region_page_that_calls_itself_la_region_pairs_it_with_its_agreements() -> None:
    text = (
        "L'action internationale\n\n"
        "La Région Bretagne signe des accords avec des collectivités du monde entier. "
        "La Région vise des partenariats économiques durables.\n\n"
        "En 2018, plusieurs accords de coopération ont été conclus : Province du Hunan (Chine) "
        "et District autonome d'Abidjan (Côte d'Ivoire)."
    )
    found = _pairs(text)
    assert P("Région Bretagne", "Hunan") in found or P("Bretagne", "Hunan") in found
