"""Council minutes, deliberations and lists of pairs: long association names, French places
written without their hyphens, pairs written with arrows, a town list under a French heading,
an assembly's paperwork, dates after names and article numbers (texts of our own)."""

from __future__ import annotations

import pytest
from extracted import links

from builders.news import extract_text
from builders.news.builder import NewsTextBuilder
from kg.document import Document


def _mentions(text: str) -> dict[str, str]:
    """The names read in `text`, each with its kind."""
    mentions, _ = extract_text(text)
    return {m.name: m.kind for m in mentions}


@pytest.mark.slow
def test_an_association_name_runs_over_four_small_words_to_its_place() -> None:
    text = (
        "La commune de Vertou soutient l'Association pour la promotion culturelle d’Ouahigouya "
        "depuis 2004."
    )
    names = _mentions(text)
    assert "Association pour la promotion culturelle d’Ouahigouya" in names


@pytest.mark.slow
def test_a_long_run_of_small_words_stops_at_a_number_or_a_coordination() -> None:
    text = (
        "Le programme est financé par l'ambassade de France au Niger pour le développement de "
        "12 communes rurales."
    )
    assert not any("12" in name for name in _mentions(text))


@pytest.mark.slow
def test_french_places_written_without_hyphens_are_read_whole() -> None:
    text = (
        "Le département d'Ille et Vilaine et la ville de Bourg en Bresse travaillent avec la "
        "province de Kayes. La région Grand Est coopère avec la province de Lviv."
    )
    names = _mentions(text)
    assert names.get("Ille et Vilaine") == "Department"
    assert names.get("Bourg en Bresse") == "Commune"
    assert "Vilaine" not in names and "Bresse" not in names
    assert {kind for name, kind in names.items() if "Grand Est" in name} == {"Region"}


@pytest.mark.slow
def test_pairs_written_with_an_arrow_and_a_coordinated_side() -> None:
    text = (
        "Nos coopérations décentralisées :\nBretagne <=> Poznan et Sopot\nNormandie <=> Cracovie\n"
    )
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    assert pairs == {
        frozenset({"Bretagne", "Poznan"}),
        frozenset({"Bretagne", "Sopot"}),
        frozenset({"Normandie", "Cracovie"}),
    }


def test_a_list_of_towns_under_a_french_heading_is_claimed_as_french() -> None:
    text = (
        "Coopérations décentralisées de la région\n\n"
        "Poznan Sopot Cracovie Gdansk Lodz Lublin Torun Wroclaw Szczecin Katowice Opole Kielce "
        "Rzeszow Bialystok Olsztyn Zielona Gora Gorzow Bydgoszcz Tarnow Plock Radom Elblag\n"
        "Bretagne <=> Poznan et Sopot\n"
    )
    doc = Document(path="list.txt", text=text, media_type="text/plain")
    assert NewsTextBuilder().claim(doc) > 0
    english = "The region and its partners\n\nPoznan Sopot Cracovie Gdansk\nthe city of Lodz"
    doc = Document(path="en.txt", text=english, media_type="text/plain")
    assert NewsTextBuilder().claim(doc) == 0


@pytest.mark.slow
def test_an_assemblys_paperwork_is_no_initiative_nor_body() -> None:
    text = (
        "Conseil Municipal\n\n"
        "Débat/ Conseil municipal/ Mars 2021\n\n"
        "Le projet de délibération DRI 12 attribue une subvention de 8 000 euros à "
        "l'association Kassa Solidarité pour son action à Matam."
    )
    names = _mentions(text)
    paperwork = ("délibération", "conseil", "débat")
    assert not [n for n in names if any(w in n.lower() for w in paperwork)]
    assert "Kassa Solidarité" in " ".join(names)


@pytest.mark.slow
def test_a_date_after_a_designated_name_and_article_numbers_are_no_part_of_names() -> None:
    text = (
        "VU le code général des collectivités territoriales et notamment ses articles L.1115-1 "
        "à L.1115-7 ; VU l'accord de coopération entre la Région Bretagne et la Communauté "
        "urbaine de Nouadhibou du 12 avril 2010."
    )
    names = _mentions(text)
    assert "Communauté urbaine de Nouadhibou" in names
    assert not any(n.startswith("L.") or "du 12" in n for n in names)


_RECORD = (
    "Fiche projet\n\n"
    "Intitulé :\n\n"
    "Programme LUMA (Lumière pour les Marchés)\n\n"
    "Porteurs et partenaires du projet :\n\n"
    "Collectivités françaises\n\n"
    "Ville de Besançon, Communauté d'Agglomération du Grand Dole, Conseil départemental du Jura\n\n"
    "Collectivités burkinabè :\n\n"
    "Commune de Réo, Commune de Koudougou\n\n"
    "Partenaires financiers :\n\n"
    "Agence de l'eau Rhône Méditerranée Corse\n\n"
    "Contexte :\n\n"
    "La Ville de Chambéry a lancé un autre projet en 2009 avec la commune de Ouahigouya et "
    "l'association Tétraktys pour les marchés du Nord.\n"
)


@pytest.mark.slow
def test_every_actor_a_records_partner_section_lists_takes_part_in_its_project() -> None:
    members = {x[1] for x in links(_RECORD) if x[0] == "member" and "LUMA" in x[2]}
    assert {"Besançon", "Réo", "Koudougou"} <= {m.replace("Ville de ", "") for m in members}
    assert any("Jura" in m for m in members) and any("Dole" in m for m in members)
    # the section ends at the record's next heading: the context's actors are not partners
    assert not [m for m in members if "Chambéry" in m or "Ouahigouya" in m]
    # the funders' block is no partner section
    assert not [m for m in members if "Agence" in m]


@pytest.mark.slow
def test_designators_and_buildings_alone_are_no_names() -> None:
    text = (
        "Le Département a signé la convention avec la commune de Pabré. La délégation a visité "
        "le Musée Dauphinois et le Musée de la Résistance avec le maire."
    )
    names = _mentions(text)
    assert "Département" not in names
    assert not [n for n in names if n.startswith("Musée")]


@pytest.mark.slow
def test_a_list_heading_names_the_authority_whose_partners_it_lists() -> None:
    text = (
        "Villes partenaires\n\n"
        "La capitale de la Nouvelle-Aquitaine entretient des liens avec plusieurs villes.\n\n"
        "Les villes partenaires de Poitiers :\n\n"
        "  • Marburg (Allemagne)\n"
        "  • Coïmbra (Portugal)\n"
        "  • Iaroslavl (Russie)\n\n"
        "Direction des relations internationales\n"
    )
    pairs = {x[1:] for x in links(text) if x[0] == "partnership"}
    assert {b for a, b in pairs if a == "Poitiers"} == {"Marburg", "Coïmbra", "Iaroslavl"}
    assert not [p for p in pairs if "Nouvelle-Aquitaine" in p]


@pytest.mark.slow
def test_a_country_named_with_its_form_of_state_is_a_country() -> None:
    mentions, _ = extract_text(
        "La commune de Rezé coopère avec la Commune Urbaine de Mamou en République de Guinée."
    )
    assert {m.kind for m in mentions if "République" in m.text} == {"Country"}


@pytest.mark.slow
def test_each_coordinated_subject_of_a_partner_verb_pairs_with_its_avec_partner() -> None:
    # the small model parses this sentence into two roots: the verb keeps no subject and the
    # "avec" phrase hangs off the other root; every listed town is still a partner of Dapaong
    text = (
        "Angers, Tours, Poitiers et Niort coopèrent depuis 2012 avec la ville de Dapaong dans "
        "le domaine de l'eau."
    )
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    for town in ("Angers", "Tours", "Poitiers", "Niort"):
        assert frozenset({town, "Dapaong"}) in pairs


@pytest.mark.slow
def test_a_project_of_twinning_between_two_towns_is_their_partnership_not_a_project() -> None:
    # "entre" relates the phrase's proper names: the phrase states a link, it names nothing
    text = (
        "Le conseil municipal approuve un projet de jumelage entre la ville de Vernon et la "
        "commune de Bassar."
    )
    assert not [n for n, kind in _mentions(text).items() if kind in ("Project", "Programme")]
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    assert frozenset({"Vernon", "Bassar"}) in pairs


@pytest.mark.slow
def test_a_deliberations_article_funds_with_the_deliberating_authority() -> None:
    # an article's verb has no subject: the assembly of the text's authority decides; the
    # body after "une subvention de fonctionnement au" receives the money, it gives none
    text = (
        "CONSEIL DEPARTEMENTAL DE LA GIRONDE\n\n"
        "Article 3 :\n\n"
        "Décide de participer au financement du projet EAUSUD détaillé en annexe, par "
        "l'attribution d'une subvention de fonctionnement au Comité populaire de Hué, soit "
        "un montant maximum de 25 000 €."
    )
    funded = {(x[1], x[2]) for x in links(text) if x[0] == "funding"}
    assert [f for f in funded if f[1] == "projet EAUSUD" and "GIRONDE" in f[0].upper()]
    assert not [f for f in funded if "Comité" in f[0]]


@pytest.mark.slow
def test_nationality_compounds_and_common_nouns_are_neither_pairs_nor_people() -> None:
    text = (
        "Avec environ 250 jumelages et partenariats Franco-Roumains, la Roumanie occupe la "
        "deuxième place. La FADERMA est représentée par le Président de son Conseil "
        "d’administration."
    )
    names = _mentions(text)
    assert not [n for n in names if "Franco" in n or "Roumains" in n]
    assert names.get("Conseil d’administration") != "Person"
    assert not [x for x in links(text) if x[0] == "partnership"]


@pytest.mark.slow
def test_a_town_ending_like_a_common_noun_and_a_list_after_jumelee_avec() -> None:
    # "Mayence" ends like "présence"; the model reads it as a place mid-sentence
    text = "La ville de Dijon est jumelée avec Mayence, Skopje et Volgograd."
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    for town in ("Mayence", "Skopje", "Volgograd"):
        assert frozenset({"Dijon", town}) in pairs


@pytest.mark.slow
def test_the_parties_of_an_agreement_block_are_partners() -> None:
    text = (
        "CONVENTION DE COOPÉRATION\n\n"
        "Entre :\n\n"
        "La Commune de Figeac, représentée par son Maire,\n\n"
        "Et :\n\n"
        "La Commune de Bazèga / Burkina Faso, représentée par son Maire,\n\n"
        "Il est convenu ce qui suit."
    )
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    assert frozenset({"Figeac", "Bazèga"}) in pairs


@pytest.mark.slow
def test_officials_saints_places_and_country_compounds_are_read_for_what_they_are() -> None:
    text = (
        "L'accord de jumelage entre Reims et Brazzaville a été signé entre Jean Tardieu, "
        "député-maire de Reims, et Paul Mbemba, adjoint au maire, représentant le maire de "
        "Brazzaville. Les Maires des deux villes se sont revus. Mâcon est jumelée avec Santo "
        "Tirso. Les Assises de la coopération Madagascar-France se sont tenues à Toamasina."
    )
    names = _mentions(text)
    assert names.get("Paul Mbemba") == "Person"
    assert names.get("Santo Tirso") == "Commune"
    assert "Maires" not in names
    pairs = {frozenset(x[1:]) for x in links(text) if x[0] == "partnership"}
    assert frozenset({"Madagascar", "France"}) not in pairs
    assert not [p for p in pairs if "Paul Mbemba" in p]


@pytest.mark.slow
def test_office_holders_states_and_unions_of_municipalities_have_their_kinds() -> None:
    names = _mentions(
        "Le président de la région Alain Rousset a reçu la délégation de l'Union des Comores. "
        "La Fédération des municipalités du Kesrouan signe avec la Communauté du Pays d'Aix, "
        "et l'Union des municipalités du Liban applaudit. La région Bretagne aussi."
    )
    assert names.get("Alain Rousset") == "Person"
    assert names.get("Union des Comores") == "Country"
    assert names.get("Fédération des municipalités du Kesrouan") == "Intercommunality"
    assert names.get("Communauté du Pays d'Aix") == "Intercommunality"
    assert names.get("Union des municipalités du Liban") == "Association"
    assert names.get("Bretagne") == "Region"


@pytest.mark.slow
def test_dotted_acronyms_laws_water_syndicates_and_designated_towns() -> None:
    text = (
        "Depuis 2007, la commune de Saint-Just d'Avray verse une subvention annuelle à "
        "l'A.M.I.S.O., grâce à la loi Oudin-Santini. Le syndicat des eaux de la Vallée verse "
        "aussi à l'AMISO. Des techniciens de l'eau de Saint-Just d'Avray sont partis."
    )
    mentions, _ = extract_text(text)
    kinds = {(m.name, m.kind) for m in mentions}
    assert ("A.M.I.S.O.", "Association") in kinds
    assert {m.name for m in mentions if m.text == "AMISO"} == {"A.M.I.S.O."}
    assert ("syndicat des eaux de la Vallée", "Intercommunality") in kinds
    assert {m.kind for m in mentions if m.name == "Saint-Just d'Avray"} == {"Commune"}
    assert not [m for m in mentions if m.name.lower().startswith("loi")]
