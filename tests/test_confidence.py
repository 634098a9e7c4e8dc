"""Confidence per link: statements carry a rule and a confidence, the emitter stores every link
with one (its own, else the calibrated figure of its builder and rule), the link's IRI never
depends on either, and the calibration script measures the table on a folder with gold."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.calibrate import (
    DEFAULT_CONFIDENCE,
    Calibration,
    Outcome,
    bands,
    calibrate,
    default_calibration,
    held_out_confidences,
    main,
    measure,
    with_confidences,
)
from kg.document import Document
from kg.emit import emit
from kg.extraction import Extraction
from kg.resolve import Resolver
from kg.validate import validate_triples
from kg.vocab import COOP

ROOT = Path(__file__).resolve().parents[1]
TEXT = "La commune de Bressuire est jumelée avec Kpalimé depuis 1991."
DOC = Document("jumelage.txt", TEXT, "text/plain")


def _extraction(builder: str = "hand", **statement: object) -> Extraction:
    ex = Extraction(builder=builder, builder_version="1")
    i, j = TEXT.index("Bressuire"), TEXT.index("Kpalimé")
    a = ex.add_mention("Bressuire", i, i + 9, "Commune", country="FR")
    b = ex.add_mention("Kpalimé", j, j + 7, "Commune", country="TG")
    ex.add_statement("partnership", {"a": a.id, "b": b.id}, 0, len(TEXT), TEXT, **statement)
    return ex


def _links(ex: Extraction, calibration: Calibration | None = None) -> dict[str, dict[str, str]]:
    """link IRI -> {property local name: value} of the links `emit` writes for `ex`."""
    entities = Resolver().resolve_all(ex.mentions, scope=DOC.sha256[:16])
    triples = emit(DOC, ex, entities, datetime.now(UTC), calibration=calibration)
    assert validate_triples(triples) == []
    links: dict[str, dict[str, str]] = {}
    for t in triples:
        if t.predicate.value in (COOP.confidence, COOP.extractionRule):
            links.setdefault(t.subject.value, {})[t.predicate.value.split("#")[1]] = t.object.value
    return links


# --- the model ---------------------------------------------------------------------------------


def test_rule_and_confidence_are_fields_not_attributes() -> None:
    ex = _extraction(rule="twinning-cue", confidence=0.7, start_year=1991)
    [s] = ex.statements
    assert (s.rule, s.confidence, s.attrs) == ("twinning-cue", 0.7, {"start_year": 1991})
    back = Extraction.from_dict(json.loads(ex.to_json()))
    assert back.statements[0] == s
    plain = _extraction().statements[0]
    assert (plain.rule, plain.confidence) == ("", None)


def test_older_extractions_still_load() -> None:
    data = _extraction().to_dict()
    for s in data["statements"]:
        del s["rule"], s["confidence"]
    assert Extraction.from_dict(data).statements[0].confidence is None


@pytest.mark.parametrize("bad", [1.5, -0.1])
def test_confidence_out_of_range_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="not in"):
        _extraction(confidence=bad)


# --- the IRI -----------------------------------------------------------------------------------


def test_recalibrating_never_renames_a_link() -> None:
    """Same statement, two confidences (and two rules) -> same IRI, different confidence."""
    low = _links(_extraction(confidence=0.3))
    high = _links(_extraction(confidence=0.9, rule="twinning-cue"))
    table = Calibration({("hand", ""): (0.42, 10)})
    calibrated = _links(_extraction(), table)
    assert list(low) == list(high) == list(calibrated)
    [iri] = low
    assert (low[iri], high[iri]) == (
        {"confidence": "0.3"},
        {"confidence": "0.9", "extractionRule": "twinning-cue"},
    )
    assert calibrated[iri] == {"confidence": "0.42"}


def test_what_the_link_states_is_part_of_its_iri() -> None:
    assert list(_links(_extraction(start_year=1991))) != list(_links(_extraction()))


def test_the_same_link_read_twice_keeps_its_highest_confidence() -> None:
    ex = _extraction(confidence=0.6, rule="one")
    s = ex.statements[0]
    ex.add_statement(s.kind, s.roles, s.start, s.end, s.evidence, rule="two", confidence=0.8)
    [values] = _links(ex).values()
    assert values == {"confidence": "0.8", "extractionRule": "two"}


def test_every_link_is_generated_by_the_build() -> None:
    ex = _extraction()
    entities = Resolver().resolve_all(ex.mentions, scope=DOC.sha256[:16])
    triples = emit(DOC, ex, entities, datetime.now(UTC))
    generated = [t for t in triples if t.predicate.value.endswith("#wasGeneratedBy")]
    builds = {t.subject for t in triples if t.object == ox.NamedNode(COOP.BuildActivity)}
    assert len(generated) == 1 and {t.object for t in generated} == builds


# --- the table ---------------------------------------------------------------------------------


def test_lookup_falls_back_to_the_builder_then_the_default() -> None:
    table = Calibration({("b", ""): (0.8, 30), ("b", "cue"): (0.6, 10)})
    assert table.confidence("b", "cue") == 0.6
    assert table.confidence("b", "new-rule") == table.confidence("b") == 0.8
    assert table.confidence("other", "cue") == DEFAULT_CONFIDENCE == 0.5


def test_the_shipped_table_covers_the_builders() -> None:
    table = default_calibration()
    assert table.rows and all(0 <= c <= 1 and n > 0 for c, n in table.rows.values())
    for name in ("atlas-fiche", "news-text", "programme-pairs"):
        assert (name, "") in table.rows, name
    assert Calibration.parse(table.to_csv("a comment")) == table


def test_table_errors_name_the_row() -> None:
    with pytest.raises(ValueError, match="row 2"):
        Calibration.parse("builder,rule,confidence,support\nb,,high,3\n")
    with pytest.raises(ValueError, match="not in"):
        Calibration.parse("builder,rule,confidence,support\nb,,1.5,3\n")


def test_with_confidences_fills_in_the_calibrated_figure() -> None:
    ex = _extraction("news-text")
    ex.add_statement("partnership", dict(ex.statements[0].roles), 0, 9, TEXT[:9], confidence=0.2)
    filled = with_confidences(ex)
    assert [s.confidence for s in filled.statements] == [
        default_calibration().confidence("news-text"),
        0.2,
    ]
    assert ex.statements[0].confidence is None  # the original is left as it is


def _outcome(doc: str, builder: str, rule: str, correct: bool, confidence: float = 0.5) -> Outcome:
    return Outcome(doc, builder, rule, "partnership", confidence, correct)


def test_calibration_is_smoothed_precision_per_rule_and_pooled_per_builder() -> None:
    outcomes = [
        _outcome("d1", "b", "cue", True),
        _outcome("d1", "b", "cue", True),
        _outcome("d2", "b", "cue", False),
        _outcome("d2", "b", "", True),
        _outcome("d2", "c", "", False),
    ]
    table = calibrate(outcomes)
    assert table.rows == {
        ("b", "cue"): (0.6, 3),  # (2 + 1) / (3 + 2)
        ("b", ""): (round(4 / 6, 3), 4),  # every link of b
        ("c", ""): (0.333, 1),
    }
    held = held_out_confidences(outcomes)
    assert held[0] == calibrate(outcomes[2:]).confidence("b", "cue") == 0.333
    assert held[4] == DEFAULT_CONFIDENCE  # c has no link outside d2


def test_bands_close_the_last_one() -> None:
    outcomes = [_outcome("d", "b", "", ok) for ok in (True, False, True, True)]
    report = bands(outcomes, [0.2, 0.6, 0.8, 1.0])
    assert [(b["band"], b["links"], b["precision"]) for b in report] == [
        ("[0.0, 0.5)", 1, 1.0),
        ("[0.5, 0.8)", 1, 0.0),
        ("[0.8, 1.0]", 2, 1.0),
    ]


def test_calibration_script_on_a_folder_with_gold(tmp_path: Path) -> None:
    """One Atlas fiche of the examples, with a gold naming one of its links: the builder's row
    is the smoothed precision of its links, and the table is written for the emitter."""
    folder = tmp_path / "set"
    (folder / "docs").mkdir(parents=True)
    (folder / "gold").mkdir()
    shutil.copy(ROOT / "examples" / "atlas_bressuire_kpalime.txt", folder / "docs" / "a.txt")
    gold = {
        "entities": [
            {"name": "Bressuire", "type": "Commune", "country": "FR", "aliases": []},
            {"name": "Kpalimé", "type": "Commune", "country": "TG", "aliases": ["Kloto 1"]},
        ],
        "links": [{"type": "partnership", "a": "Bressuire", "b": "Kpalimé"}],
    }
    (folder / "gold" / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    outcomes = measure(folder)
    assert {o.builder for o in outcomes} == {"atlas-fiche"}
    assert sum(o.correct for o in outcomes) == 1 and len(outcomes) > 1
    assert all(o.confidence == default_calibration().confidence("atlas-fiche") for o in outcomes)
    out = tmp_path / "confidence.csv"
    assert main(["--devset", str(folder), "--output", str(out)]) == 0
    table = Calibration.load(out)
    assert table.rows == {("atlas-fiche", ""): (round(2 / (len(outcomes) + 2), 3), len(outcomes))}
