"""The blind rounds' gold files (benchmarks/blind/<round>/gold): each names its document's
public source, and every link end is one of its entities. Blind rounds are measured and
reported (README), never floored: their texts live outside the repo (../blind/<round>/docs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.normalize import fold

BLIND = Path(__file__).resolve().parents[1] / "benchmarks" / "blind"
GOLD = sorted(BLIND.glob("round*/gold/*.json"))
ENDS = {
    "partnership": ("a", "b"),
    "funding": ("funder", "recipient"),
    "participation": ("actor", "programme"),
    "lead": ("actor", "programme"),
    "organised_by": ("event", "organiser"),
}


def test_there_are_two_rounds_of_six_or_more() -> None:
    rounds = {p.parent.parent.name for p in GOLD}
    assert len(rounds) >= 2
    assert all(len(list((BLIND / r / "gold").glob("*.json"))) >= 6 for r in rounds)


@pytest.mark.parametrize("path", GOLD, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_gold_is_well_formed(path: Path) -> None:
    gold = json.loads(path.read_text("utf-8"))
    assert gold["source"].startswith(("http://", "https://"))
    names = {fold(n) for e in gold["entities"] for n in [e["name"], *e.get("aliases", [])]}
    for link in gold["links"]:
        for role in ENDS[link["type"]]:
            assert fold(link[role]) in names, (link, role)
