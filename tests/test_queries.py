"""Named queries as data: headers parse, parameters are declared and bound, columns are the
contract, and values are bound as terms (an injection attempt is only a strange name)."""

from __future__ import annotations

import re

import pytest
from conftest import select

from kg.errors import UnknownQuery
from kg.named_queries import get_query, list_queries, parse_query

COLUMNS = {
    "actors": ["actor", "label", "display_label", "kind", "country", "documents"],
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
        "confidence",
        "rule",
    ],
    "network_edges": [
        "link",
        "kind",
        "source",
        "target",
        "amount",
        "currency",
        "year",
        "end_year",
        "evidence",
        "document",
        "confidence",
        "rule",
    ],
    "partners_of": ["partner", "partner_label", "kind", "country", "start_year", "document"],
    "funding_by_funder": [
        "funder",
        "funder_label",
        "currency",
        "fundings",
        "total",
        "unknown_amounts",
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
    params = {p.name: "Bressuire" for p in q.params if p.default is None}
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


def test_links_carry_confidence_and_rule(seed_store) -> None:  # type: ignore[no-untyped-def]
    from kg.calibrate import default_calibration

    rows = select(seed_store, "links")
    assert rows
    builders = {"atlas-fiche", "programme-pairs"}
    for row in rows:
        builder, _, rule = row["rule"].partition(":")
        assert builder in builders, row["rule"]
        assert float(row["confidence"]) == default_calibration().confidence(builder, rule)


def test_min_confidence_is_optional_and_bound_as_a_decimal() -> None:
    q = get_query("links")
    [param] = q.params
    assert (param.name, param.type, param.default) == ("min_confidence", "decimal", "0")
    assert f'VALUES (?min_confidence) {{ ("0"^^<{XSD_DECIMAL}>) }}' in q.bound({})
    bound = q.bindings({"min_confidence": "0.90"})["min_confidence"]
    assert (bound.value, bound.datatype.value) == ("0.90", XSD_DECIMAL)  # type: ignore[union-attr]
    for bad in ("high", "nan", "1,5"):
        with pytest.raises(UnknownQuery, match="not a valid decimal"):
            q.bound({"min_confidence": bad})
    assert [p.name for p in get_query("network_edges").params] == ["min_confidence"]


XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def test_param_header_with_a_default() -> None:
    q = parse_query(
        "q",
        "# param: actor (fold) who\n# param: since (year, default 1990) from when\n"
        "SELECT ?x WHERE { ?x ?actor ?since }",
    )
    actor, since = q.params
    assert (actor.default, since.default, since.description) == (None, "1990", "from when")
    assert set(q.bindings({"actor": "a"})) == {"actor", "since"}
    with pytest.raises(UnknownQuery, match="missing parameter"):
        q.bindings({"since": "2000"})


def test_min_confidence_filters_links(confidence_store) -> None:  # type: ignore[no-untyped-def]
    every = select(confidence_store, "links")
    assert sorted(r["confidence"] for r in every) == ["0.3", "0.7", "0.95"]
    assert select(confidence_store, "links", min_confidence="0") == every
    high = select(confidence_store, "links", min_confidence="0.9")
    assert [(r["confidence"], r["rule"]) for r in high] == [("0.95", "hand:pair-rule")]
    assert len(select(confidence_store, "links", min_confidence="0.5")) == 2
    assert select(confidence_store, "links", min_confidence="1") == []
    # the query text run as is (no VALUES block) keeps every link
    unbound = confidence_store.select(get_query("links").text)
    assert len(list(unbound)) == 3
    edges = select(confidence_store, "network_edges", min_confidence="0.9")
    assert [r["confidence"] for r in edges] == ["0.95"]


@pytest.fixture(scope="module")
def confidence_store():  # type: ignore[no-untyped-def]
    """Three partnerships of one document, of confidence 0.3, 0.7 and 0.95."""
    from datetime import UTC, datetime

    from kg.document import Document
    from kg.emit import emit
    from kg.extraction import Extraction
    from kg.resolve import Resolver
    from kg.store import Store

    text = "Bressuire et Kpalimé. Niort et Atakpamé. Chauray et Tsévié."
    doc = Document("hand.txt", text, "text/plain")
    ex = Extraction(builder="hand", builder_version="1")
    for (a, b), confidence, rule in zip(
        [("Bressuire", "Kpalimé"), ("Niort", "Atakpamé"), ("Chauray", "Tsévié")],
        (0.3, 0.7, None),
        ("", "", "pair-rule"),
        strict=True,
    ):
        i, j = text.index(a), text.index(b)
        ma = ex.add_mention(a, i, i + len(a), "Commune", country="FR")
        mb = ex.add_mention(b, j, j + len(b), "Commune", country="TG")
        ex.add_statement(
            "partnership", {"a": ma.id, "b": mb.id}, i, j + len(b), text[i : j + len(b)],
            rule=rule, confidence=0.95 if confidence is None else confidence,
        )  # fmt: skip
    entities = Resolver().resolve_all(ex.mentions, scope=doc.sha256[:16])
    store = Store()
    graph = f"https://w3id.org/coopkg/doc/{doc.sha256[:16]}"
    store.replace_graph(graph, emit(doc, ex, entities, datetime.now(UTC)))
    return store


def test_display_label_shows_the_usual_name_beside_the_official_one(seed_store) -> None:  # type: ignore[no-untyped-def]
    rows = {r["label"]: r["display_label"] for r in select(seed_store, "entities")}
    assert rows["Kloto 1"] == "Kloto 1 (Kpalimé)"
    assert rows["Bressuire"] == "Bressuire"  # no other name to show: the label itself
