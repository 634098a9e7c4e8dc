"""The builders' scores on the development set may only rise: `benchmarks/extraction.py` is run
on ../shared/devset and its overall figures compared with `benchmarks/extraction_floor.json`."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "extraction", ROOT / "benchmarks" / "extraction.py"
    )
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["extraction"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


@pytest.mark.slow
def test_devset_scores_stay_above_the_floor(shared: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    scorer = _scorer()
    results = scorer.run(shared / "devset")
    assert len(results) >= 10
    scorer.print_report(results)
    report = capsys.readouterr().out
    with capsys.disabled():
        print("\n" + report.split("\n== ")[0])
    assert scorer.check(results, ROOT / "benchmarks" / "extraction_floor.json") == []


def test_scorer_matches_through_aliases_and_accents() -> None:
    scorer = _scorer()
    predicted = [scorer.names_of("Kloto 1", "Kpalimé | KPALIME"), scorer.names_of("Lomé", None)]
    gold = [scorer.names_of("Kpalime", []), scorer.names_of("Atakpamé", ["Atakpame"])]
    assert scorer.match_entities(predicted, gold) == [(0, 0)]


def test_floor_file_is_well_formed() -> None:
    floor = json.loads((ROOT / "benchmarks" / "extraction_floor.json").read_text())
    assert set(floor) <= {
        f"{k}_{m}" for k in ("entities", "links") for m in ("precision", "recall", "f1")
    }
    assert all(0 <= v <= 1 for v in floor.values())
