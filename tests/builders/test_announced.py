"""Statements the prose reader takes from where a sentence puts its names: a list of partners
after a later "avec", the recurring series of meetings named in lower case (sentences of our
own)."""

from __future__ import annotations

import pytest

from builders.news import extract_text


def _links(text: str) -> set[tuple[str, str, str]]:
    mentions, statements = extract_text(text)
    by_id = {m.id: m.name for m in mentions}
    return {
        (s.kind, *sorted(by_id[s.roles[r]] for r in list(s.roles)[:2]))  # type: ignore[misc]
        for s in statements
    }


@pytest.mark.slow
def test_roadmaps_pair_the_subject_with_each_listed_region() -> None:
    text = (
        "Après un premier accord passé avec la Région Bretagne en 1990, la Wallonie suit des "
        "« feuilles de route » avec trois régions françaises : Normandie, Occitanie et "
        "Grand Est."
    )
    pairs = {(a, b) for kind, a, b in _links(text) if kind == "partnership"}
    assert {("Normandie", "Wallonie"), ("Occitanie", "Wallonie"), ("Grand Est", "Wallonie")} <= (
        pairs
    )


@pytest.mark.slow
def test_a_later_avec_names_the_partners_when_the_first_has_no_side_before_it() -> None:
    text = (
        "Après une convention signée avec la Région Bretagne en 2001, la ville de Namur a "
        "conclu des partenariats avec deux départements : Finistère et Morbihan."
    )
    pairs = {(a, b) for kind, a, b in _links(text) if kind == "partnership"}
    assert {("Finistère", "Namur"), ("Morbihan", "Namur")} <= pairs


@pytest.mark.slow
def test_a_series_in_lower_case_is_named_after_another_event() -> None:
    text = (
        "Une table-ronde organisée par l'ambassade de France a ouvert la semaine. Lundi, les "
        "élus ont pris part aux rencontres de la coopération décentralisée franco-ghanéenne "
        "organisées par l'ambassade de France au Ghana."
    )
    events = {n for kind, *names in _links(text) if kind == "organiser" for n in names}
    assert "rencontres de la coopération décentralisée franco-ghanéenne" in events


@pytest.mark.slow
def test_an_edition_of_franco_meetings_and_its_organisers() -> None:
    text = (
        "Les troisièmes rencontres franco-tchadiennes des maires se tiendront lundi à Lyon. "
        "Ces rencontres initiées par Cités Unies France accueilleront cent élus."
    )
    event = "troisièmes rencontres franco-tchadiennes des maires"
    assert ("organiser", "Cités Unies France", event) in _links(text)


@pytest.mark.slow
@pytest.mark.parametrize("mark", ["«", "»"])
def test_a_quoted_title_names_its_event(mark: str) -> None:
    text = (
        f"La conférence {mark} Les villes pour la paix » organisée à Nantes le 4 avril par "
        "Cités Unies France et le Ministère des Affaires étrangères a réuni cent élus."
    )
    links = _links(text)
    assert ("organiser", "Cités Unies France", "Les villes pour la paix") in links
    assert ("organiser", "Les villes pour la paix", "Ministère des Affaires étrangères") in links


@pytest.mark.slow
def test_a_meeting_titled_with_its_date() -> None:
    text = (
        "Réunion du groupe-pays Ghana, le 3 mars 2023\n\n"
        "Le groupe-pays Ghana de Cités Unies France s'est réuni autour de sa présidente."
    )
    mentions, _ = extract_text(text)
    assert ("Event", "Réunion du groupe-pays Ghana") in {(m.kind, m.name) for m in mentions}


@pytest.mark.slow
def test_the_subjects_before_a_partnership_phrase_organise() -> None:
    text = (
        "Cette année encore, la Fédération nationale des villes ghanéennes (FNVG) et Cités "
        "Unies France (CUF), en partenariat avec le ministère ghanéen de l'Intérieur, le "
        "Centre de formation des élus (CFE), l'ambassade de France (et son service de "
        "coopération) organisent les 2 et 3 juin les rencontres de la coopération "
        "décentralisée."
    )
    event = "rencontres de la coopération décentralisée"
    organisers = {a for kind, a, b in _links(text) if kind == "organiser" and b == event}
    organisers |= {b for kind, a, b in _links(text) if kind == "organiser" and a == event}
    assert {"Fédération nationale des villes ghanéennes", "Cités Unies France"} <= organisers
    assert "Centre de formation des élus" not in organisers


@pytest.mark.slow
def test_six_co_organisers_after_the_cue() -> None:
    text = (
        "Préparées de longue date, les 4e Rencontres de la coopération décentralisée "
        "franco-coréenne ont été organisées par la Délégation pour l'action extérieure des "
        "collectivités territoriales, Cités Unies France, l'Ambassade de France, "
        "l'Association coréenne des villes, la Province du Gyeonggi et la ville de Suwon."
    )
    organisers = {a for kind, a, b in _links(text) if kind == "organiser"}
    organisers |= {b for kind, a, b in _links(text) if kind == "organiser"}
    assert {"Cités Unies France", "Suwon", "Gyeonggi"} <= organisers


@pytest.mark.slow
def test_a_series_between_the_collectivities_of_two_countries_keeps_its_subject() -> None:
    text = (
        "Séoul a accueilli en juin les premières journées de coopération décentralisée entre "
        "les collectivités territoriales françaises et coréennes."
    )
    mentions, _ = extract_text(text)
    events = {m.name for m in mentions if m.kind == "Event"}
    assert (
        "premières journées de coopération décentralisée entre les collectivités territoriales "
        "françaises et coréennes"
    ) in events


@pytest.mark.slow
def test_a_cleft_names_the_partners_before_the_subject() -> None:
    text = (
        "C'est avec la Wilaya d'Oran (Algérie) et le Gouvernorat de Sousse (Tunisie) que la "
        "Normandie a signé ses conventions les plus récentes."
    )
    pairs = {(a, b) for kind, a, b in _links(text) if kind == "partnership"}
    assert {("Normandie", "Wilaya d'Oran"), ("Gouvernorat de Sousse", "Normandie")} <= pairs


@pytest.mark.slow
def test_a_counted_plural_stands_for_the_towns_in_its_brackets() -> None:
    text = (
        "Depuis 1998, la coopération décentralisée entre le Val-de-Marne et 3 villes du "
        "Liban-Sud (Tyr, Saïda, Nabatieh) a ouvert une quarantaine de chantiers."
    )
    pairs = {(a, b) for kind, a, b in _links(text) if kind == "partnership"}
    assert {("Tyr", "Val-de-Marne"), ("Saïda", "Val-de-Marne"), ("Nabatieh", "Val-de-Marne")} <= (
        pairs
    )
    assert ("Liban-Sud", "Val-de-Marne") not in pairs


@pytest.mark.slow
def test_an_initiator_named_before_the_one_event_of_the_text() -> None:
    text = (
        "Les élus du Loiret se retrouveront à Orléans en mars, à l'initiative de l'Union des "
        "Communes Solidaires (UCS). Une centaine de maires sont attendus à ce premier Forum "
        "des jumelages Nord-Sud."
    )
    event = "premier Forum des jumelages Nord-Sud"
    assert ("organiser", "Union des Communes Solidaires", event) in _links(text)
