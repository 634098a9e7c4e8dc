"""The scorer of `benchmarks/extraction.py` on hand-made gold and predictions (no build): typed
entity matching, both ends of every link, link recall by kind, the bootstrap, the floor check and
the quiet report."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "extraction", ROOT / "benchmarks" / "extraction.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["extraction"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _total(scores: dict[str, Any]) -> tuple[int, int, int]:
    return (
        sum(s.tp for s in scores.values()),
        sum(s.fp for s in scores.values()),
        sum(s.fn for s in scores.values()),
    )


# -- typed entities


@pytest.mark.parametrize(
    ("kind", "family"),
    [
        ("Commune", "authority"),
        ("LocalAuthority", "authority"),
        ("Department", "authority"),
        ("Region", "authority"),
        ("Intercommunality", "authority"),
        ("Agency", "organisation"),
        ("Ministry", "organisation"),
        ("StateBody", "organisation"),
        ("Funder", "organisation"),
        ("Association", "organisation"),
        ("Network", "organisation"),
        ("Programme", "initiative"),
        ("Project", "initiative"),
        ("Event", "initiative"),
        ("Person", "unscored"),
        ("Country", "unscored"),
        ("Actor", "other"),
        ("Theme", "other"),
        (None, "other"),
    ],
)
def test_kinds_map_to_their_family(scorer: ModuleType, kind: str | None, family: str) -> None:
    assert scorer.family_of(kind) == family


def test_every_ontology_class_under_a_family_root_gets_that_family(scorer: ModuleType) -> None:
    parents = scorer._superclasses()
    assert "LocalAuthority" in parents["Commune"]

    def ancestors(kind: str) -> set[str]:
        found, todo = set(), [kind]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in found:
                    found.add(p)
                    todo.append(p)
        return found

    roots = {"LocalAuthority": "authority", "Association": "organisation"}
    roots |= {"StateBody": "organisation", "Initiative": "initiative"}
    for kind in parents:
        for root, family in roots.items():
            if root in ancestors(kind):
                assert scorer.family_of(kind) == family, kind


def test_a_commune_matched_to_a_gold_department_is_a_typed_hit(scorer: ModuleType) -> None:
    names = scorer.names_of("Kloto 1", "Kpalimé")
    scores = scorer.typed_scores(
        [(names, "Commune")], [(scorer.names_of("Kpalime", []), "Department")]
    )
    assert _total(scores) == (1, 0, 0)
    assert (scores["authority"].tp, scores["authority"].fp) == (1, 0)


def test_a_commune_matched_to_a_gold_person_is_no_typed_hit(scorer: ModuleType) -> None:
    # the untyped score counts it; the typed one drops the gold Person and keeps the false Commune
    predicted, gold = [scorer.names_of("Jean Koumy", None)], [scorer.names_of("Jean Koumy", [])]
    assert scorer.match_entities(predicted, gold) == [(0, 0)]
    scores = scorer.typed_scores([(predicted[0], "Commune")], [(gold[0], "Person")])
    assert _total(scores) == (0, 1, 0)


def test_a_commune_matched_to_a_gold_association_is_no_typed_hit(scorer: ModuleType) -> None:
    names = scorer.names_of("Hay's Club", None)
    scores = scorer.typed_scores([(names, "Commune")], [(names, "Association")])
    assert _total(scores) == (0, 1, 1)
    assert (scores["authority"].fp, scores["organisation"].fn) == (1, 1)


def test_persons_and_countries_are_left_out_of_the_typed_score(scorer: ModuleType) -> None:
    togo, person = scorer.names_of("Togo", None), scorer.names_of("Zara Moussa", None)
    predicted = [(togo, "Country"), (person, "Person"), (scorer.names_of("Lomé", None), "Commune")]
    gold = [(togo, "Country"), (person, "Person"), (scorer.names_of("Lome", []), "Commune")]
    assert _total(scorer.typed_scores(predicted, gold)) == (1, 0, 0)


def test_a_typed_match_may_take_a_later_entity_of_the_right_family(scorer: ModuleType) -> None:
    # "Kloto" names both a gold préfecture and a predicted association and commune
    kloto = scorer.names_of("Kloto", None)
    predicted = [(kloto, "Association"), (kloto, "Commune")]
    scores = scorer.typed_scores(predicted, [(kloto, "Department")])
    assert (scores["authority"].tp, scores["organisation"].fp) == (1, 1)


def test_document_entities_are_typed_through_the_kind_column(scorer: ModuleType) -> None:
    entities = [
        _entity("e1", "Mairie de Masis", "Commune", "Masis"),
        _entity("e2", "Arménie", "Commune"),
        _entity("e3", "Hay's Club", "Commune"),
    ]
    gold = {
        "entities": [
            {"name": "Masis", "type": "Commune"},
            {"name": "Arménie", "type": "Country"},
            {"name": "Hay's Club", "type": "Association"},
        ],
        "links": [],
    }
    result = _score(scorer, entities, [], gold)
    assert (result.entities.tp, result.entities.fp, result.entities.fn) == (3, 0, 0)
    assert _total(result.typed) == (1, 2, 1)
    assert len(result.entity_mistyped) == 2


# -- links


def _entity(iri: str, label: str, kind: str, aliases: str = "") -> dict[str, Any]:
    return {"entity": iri, "label": label, "kind": kind, "aliases": aliases}


def _link(kind: str, source: str, target: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "source": source,
        "source_label": source,
        "target": target,
        "target_label": target,
    }


def _score(
    scorer: ModuleType,
    entities: list[dict[str, Any]],
    links: list[dict[str, Any]],
    gold: dict[str, Any],
) -> Any:
    result = scorer.DocResult("hand-made")
    names = {e["entity"]: scorer.names_of(e["label"], e["aliases"]) for e in entities}
    scorer._score_entities(result, entities, names, gold)
    scorer._score_links(result, links, names, gold)
    return result


#: one gold link of each type, between "A" (source field) and "B" (target field)
GOLD_LINKS = {
    "partnership": {"type": "partnership", "a": "A", "b": "B"},
    "funding": {"type": "funding", "funder": "A", "recipient": "B"},
    "participation": {"type": "participation", "actor": "A", "programme": "B"},
    "lead": {"type": "lead", "actor": "A", "programme": "B"},
    "organised_by": {"type": "organised_by", "organiser": "A", "event": "B"},
}


def _matches(scorer: ModuleType, gold_type: str, source: str, target: str) -> bool:
    gold = {"entities": [], "links": [GOLD_LINKS[gold_type]]}
    kind = scorer.LINK_TYPES[gold_type][0]
    return bool(scorer.match_links([_link(kind, source, target)], {}, gold))


@pytest.mark.parametrize("gold_type", sorted(GOLD_LINKS))
def test_a_link_matches_only_when_both_ends_do(scorer: ModuleType, gold_type: str) -> None:
    assert _matches(scorer, gold_type, "A", "B")
    assert not _matches(scorer, gold_type, "A", "C")  # right source, wrong target
    assert not _matches(scorer, gold_type, "C", "B")  # wrong source, right target


@pytest.mark.parametrize("gold_type", sorted(GOLD_LINKS))
def test_only_a_partnership_matches_either_way_round(scorer: ModuleType, gold_type: str) -> None:
    assert _matches(scorer, gold_type, "B", "A") == (gold_type == "partnership")


def test_funding_recipient_and_organised_event_are_checked(scorer: ModuleType) -> None:
    gold = {
        "entities": [{"name": "Programme PACT", "type": "Programme", "aliases": ["PACT"]}],
        "links": [
            {"type": "funding", "funder": "AFD", "recipient": "Programme PACT"},
            {"type": "organised_by", "organiser": "CUF", "event": "Assises de Lomé"},
        ],
    }
    wrong = [_link("funding", "AFD", "Commune de Kara"), _link("organiser", "CUF", "Forum")]
    right = [_link("funding", "AFD", "PACT"), _link("organiser", "CUF", "Assises de Lome")]
    assert scorer.match_links(wrong, {}, gold) == []
    assert scorer.match_links(right, {}, gold) == [(0, 0), (1, 1)]


def test_link_ends_match_through_every_name_the_graph_knows(scorer: ModuleType) -> None:
    names = {"iri:kloto": scorer.names_of("Kloto 1", "Kpalimé")}
    link = {**_link("partnership", "iri:kloto", "Mamoudzou"), "source_label": "Kloto 1"}
    gold = {"entities": [], "links": [{"type": "partnership", "a": "Mamoudzou", "b": "Kpalime"}]}
    assert scorer.match_links([link], names, gold) == [(0, 0)]


def test_link_recall_by_kind(scorer: ModuleType) -> None:
    gold = {
        "entities": [],
        "links": [
            {"type": "partnership", "a": "Arles", "b": "Zio 2"},
            {"type": "partnership", "a": "Chinon", "b": "Tenkodogo"},
            {"type": "funding", "funder": "AFD", "recipient": "PACT"},
            {"type": "organised_by", "organiser": "CUF", "event": "Forum"},
            {"type": "lead", "actor": "Arles", "programme": "PACT"},
        ],
    }
    links = [
        _link("partnership", "Zio 2", "Arles"),  # hit, either way round
        _link("funding", "AFD", "Zio 2"),  # wrong recipient: a false positive and a miss
        _link("organiser", "CUF", "Forum"),  # hit
        _link("lead", "Arles", "PACT"),  # hit
        _link("participant", "Arles", "Forum"),  # a kind no gold type has
    ]
    result = _score(scorer, [], links, gold)
    by_kind = {k: (s.tp, s.fp, s.fn) for k, s in result.links_by_kind.items()}
    assert by_kind == {
        "partnership": (1, 0, 1),
        "funding": (0, 1, 1),
        "participation": (0, 0, 0),
        "lead": (1, 0, 0),
        "organised_by": (1, 0, 0),
    }
    assert (result.links.tp, result.links.fp, result.links.fn) == (3, 2, 2)
    figures = scorer.figures([result, result])
    assert figures["links_recall_partnership"] == 0.5
    assert figures["links_recall_funding"] == 0.0
    assert figures["links_recall_lead"] == figures["links_recall_organised_by"] == 1.0
    assert "links_recall_participation" not in figures  # no gold link of that type
    assert figures["links_recall"] == 0.6


# -- the set: figures, bootstrap, floor, report


def _results(scorer: ModuleType) -> list[Any]:
    score = scorer.Score
    rows = [((9, 1, 0), (4, 1, 2)), ((5, 0, 1), (1, 2, 3)), ((8, 2, 2), (6, 0, 0))]
    rows += [((7, 0, 0), (0, 1, 2)), ((3, 1, 1), (2, 0, 1)), ((6, 2, 0), (3, 1, 1))]
    return [
        scorer.DocResult(
            f"doc{i}", score(*e), score(*lk), typed={"authority": score(*e)}, links_by_kind={}
        )
        for i, (e, lk) in enumerate(rows)
    ]


def test_figures_name_the_typed_scores(scorer: ModuleType) -> None:
    figures = scorer.figures(_results(scorer))
    for m in ("precision", "recall", "f1"):
        assert figures[f"typed_entities_{m}"] == figures[f"entities_{m}"]


def test_bootstrap_is_seeded_and_holds_the_point_estimate(scorer: ModuleType) -> None:
    results = _results(scorer)
    first = scorer.bootstrap(results, 500, seed=7)
    assert first == scorer.bootstrap(results, 500, seed=7)
    assert first != scorer.bootstrap(results, 500, seed=8)
    totals = scorer.totals(results)
    for key, point in (("entities_f1", totals["entities"].f1), ("links_f1", totals["links"].f1)):
        lo, hi = first[key]
        assert 0 <= lo < point < hi <= 1, key


def test_bootstrap_of_one_document_is_its_score(scorer: ModuleType) -> None:
    [one] = _results(scorer)[:1]
    lo, hi = scorer.bootstrap([one], 50)["links_f1"]
    assert lo == hi == one.links.f1
    with pytest.raises(ValueError):
        scorer.bootstrap([], 50)


def test_check_compares_only_the_figures_the_floor_names(
    scorer: ModuleType, tmp_path: Path
) -> None:
    results = _results(scorer)
    figures = scorer.figures(results)
    floor = tmp_path / "floor.json"
    floor.write_text(json.dumps({"links_f1": figures["links_f1"]}))
    assert scorer.check(results, floor) == []
    floor.write_text(json.dumps({"links_f1": figures["links_f1"] + 0.01}))
    assert [m.split(":")[0] for m in scorer.check(results, floor)] == ["links_f1"]


def test_quiet_report_has_the_tables_and_no_errors(
    scorer: ModuleType, capsys: pytest.CaptureFixture[str]
) -> None:
    results = _results(scorer)
    results[0].entity_fp = ["Nowhere (Commune)"]
    interval = scorer.bootstrap_report(results, 100, seed=1)
    scorer.print_report(results, quiet=True, interval=interval)
    quiet = capsys.readouterr().out
    for line in ("OVERALL (micro)", "OVERALL typed entities", "typed family", "link kind"):
        assert line in quiet
    assert "95% bootstrap interval (100 resamples of the documents, seed 1)" in quiet
    assert "Nowhere" not in quiet and "\n== " not in quiet
    scorer.print_report(results)
    assert "entity FP: Nowhere (Commune)" in capsys.readouterr().out


def test_docs_must_hold_docs_and_gold(scorer: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(SystemExit) as exit_:
        scorer.main(["--docs", str(tmp_path), "--quiet"])
    assert exit_.value.code == 2
    (tmp_path / "gold").mkdir()
    assert scorer.main(["--docs", str(tmp_path)]) == 2  # no document with gold
