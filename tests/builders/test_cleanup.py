"""Names cleaned of what the model stuck to them (sentences of our own)."""

from __future__ import annotations

import pytest

from builders.candidates import Cand
from builders.news import extract_text
from builders.news.builder import text_reader
from builders.news.cleanup import clean_names
from builders.news.nlp import analyse


def _names(text: str) -> dict[str, str]:
    mentions, _ = extract_text(text)
    return {m.name: m.kind for m in mentions}


@pytest.mark.slow
def test_two_acronyms_joined_by_a_slash_are_two_bodies_when_one_is_known() -> None:
    names = _names("Le projet a reçu en 2012 un appui (MEAE/DAECT) pour la commune de Kita.")
    assert "MEAE/DAECT" not in names
    assert {"MEAE", "DAECT"} <= set(names)
    assert "RIO/TEK" in _names("Le projet a été réalisé par l'opérateur RIO/TEK à Kita.")


@pytest.mark.slow
def test_a_nationality_is_no_town() -> None:
    names = _names(
        "Les échanges entre Béninois et Français se poursuivent à Ouidah depuis vingt ans."
    )
    assert "Béninois" not in names
    assert "Français" not in names


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "written", "kept"),
    [
        (
            "En mai, Cap-Haïtien a accueilli les élus de Niort.",
            "Cap-Haïtien a accueilli",
            "Cap-Haïtien",
        ),
        (
            "L'Union européenne en 2008 a financé le projet.",
            "Union européenne en 2008",
            "Union européenne",
        ),
        (
            "La Commission nationale de la coopération décentralisée se réunit.",
            "Commission nationale de la coopération décentralisée",
            "Commission nationale de la coopération décentralisée",
        ),
    ],
)
def test_a_name_stops_before_a_verb_or_a_year_the_model_swallowed(
    text: str, written: str, kept: str
) -> None:
    reader = text_reader()
    doc = analyse(reader.nlp, text)
    start = text.index(written)
    kind = "Commune" if kept == "Cap-Haïtien" else "Association"
    cand = Cand(start, start + len(written), kind, written, source="model")
    [cleaned] = clean_names(doc, text, [cand], reader.reference)
    assert cleaned.name == kept
