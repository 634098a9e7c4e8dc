"""Named queries as data: headers parse, parameters are declared and bound, columns are the
contract, and values are bound as terms (an injection attempt is only a strange name)."""

from __future__ import annotations

import re

import pytest
from conftest import select

from kg.errors import UnknownQuery
from kg.named_queries import get_query, list_queries

COLUMNS = {
    "actors": ["actor", "label", "kind", "country", "documents"],
    "links": [
        "kind",
        "source",
        "source_label",
        "target",
        "target_label",
        "amount",
        "currency",
        "year",
        "document",
    ],
    "partners_of": ["partner", "partner_label", "kind", "country", "start_year", "document"],
    "funding_by_funder": [
        "funder",
        "funder_label",
        "currency",
        "fundings",
        "total",
        "first_year",
        "last_year",
        "recipients",
    ],
    "counts": ["kind", "count"],
}


def test_every_query_has_a_header() -> None:
    names = [q.name for q in list_queries()]
    assert set(COLUMNS) <= set(names)
    for q in list_queries():
        assert q.title and q.title != q.name and q.description, q.name


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_declared_parameters_are_the_ones_used(query) -> None:  # type: ignore[no-untyped-def]
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    used = set(re.findall(r"\?(\w+)", body))
    for p in query.params:
        assert p.name in used, f"{query.name}: declared ?{p.name} unused"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_are_the_contract(seed_store, name: str) -> None:  # type: ignore[no-untyped-def]
    q = get_query(name)
    params = {p.name: "Bressuire" for p in q.params}
    solutions = seed_store.query(q.bound(params))
    assert [v.value for v in solutions.variables] == COLUMNS[name]


def test_actors_lists_only_mentioned_actors(seed_store) -> None:  # type: ignore[no-untyped-def]
    actors = select(seed_store, "actors")
    labels = {a["label"] for a in actors}
    assert "Kloto 1" in labels and "Bressuire" in labels
    assert "Blitta 1" not in labels  # in the reference data, mentioned by no document
    kloto = next(a for a in actors if a["label"] == "Kloto 1")
    assert (kloto["kind"], kloto["country"], kloto["documents"]) == ("Commune", "TG", "2")


def test_partners_of_matches_any_case_and_accents(seed_store) -> None:  # type: ignore[no-untyped-def]
    expected = select(seed_store, "partners_of", actor="Kpalimé")
    assert {r["partner_label"] for r in expected} == {"Bressuire"}
    for spelling in ("KPALIME", "kpalime", "Kloto 1", "kpalimé"):
        assert select(seed_store, "partners_of", actor=spelling) == expected


def test_parameter_is_bound_not_pasted(seed_store) -> None:  # type: ignore[no-untyped-def]
    hostile = 'x" } } UNION { GRAPH ?g { ?self ?p ?o } } #'
    assert select(seed_store, "partners_of", actor=hostile) == []


def test_funding_by_funder_totals(seed_store) -> None:  # type: ignore[no-untyped-def]
    rows = select(seed_store, "funding_by_funder")
    bressuire = next(r for r in rows if r["funder_label"] == "Bressuire")
    assert (bressuire["total"], bressuire["fundings"], bressuire["first_year"]) == (
        "19300",
        "1",
        "1991",
    )


def test_missing_or_unknown_parameter() -> None:
    q = get_query("partners_of")
    with pytest.raises(UnknownQuery, match="missing parameter"):
        q.bound({})
    with pytest.raises(UnknownQuery, match="unknown parameter"):
        q.bound({"actor": "x", "year": "1991"})
    with pytest.raises(UnknownQuery, match="no query named"):
        get_query("nope")
