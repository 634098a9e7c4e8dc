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


SETS = {
    # the shared development set, and the project's own holdout (benchmarks/holdout)
    "devset": (lambda shared: shared / "devset", "extraction_floor.json", 10),
    "holdout": (lambda shared: ROOT / "benchmarks" / "holdout", "holdout_floor.json", 12),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SETS))
def test_scores_stay_above_the_floor(shared: Path, capsys, name: str) -> None:  # type: ignore[no-untyped-def]
    folder, floor, size = SETS[name]
    scorer = _scorer()
    results = scorer.run(folder(shared))
    assert len(results) >= size
    scorer.print_report(results)
    report = capsys.readouterr().out
    with capsys.disabled():
        print(f"\n[{name}]\n" + report.split("\n== ")[0])
    assert scorer.check(results, ROOT / "benchmarks" / floor) == []
    kinds = {f"links_recall_{kind}" for kind in scorer.LINK_TYPES}  # every set has all five
    typed = {f"typed_entities_{m}" for m in ("precision", "recall", "f1")}
    assert kinds | typed <= set(scorer.figures(results))


def test_scorer_matches_through_aliases_and_accents() -> None:
    scorer = _scorer()
    predicted = [scorer.names_of("Kloto 1", "Kpalimé | KPALIME"), scorer.names_of("Lomé", None)]
    gold = [scorer.names_of("Kpalime", []), scorer.names_of("Atakpamé", ["Atakpame"])]
    assert scorer.match_entities(predicted, gold) == [(0, 0)]


@pytest.mark.parametrize("floor_file", ["extraction_floor.json", "holdout_floor.json"])
def test_floor_file_is_well_formed(floor_file: str) -> None:
    floor = json.loads((ROOT / "benchmarks" / floor_file).read_text())
    keys = {f"{k}_{m}" for k in ("entities", "links") for m in ("precision", "recall", "f1")}
    assert floor and set(floor) <= keys
    assert all(0 <= v <= 1 for v in floor.values())
