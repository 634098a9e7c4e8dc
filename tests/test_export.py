"""Exports for portals, on the example corpus built by the real pipeline: every RDF syntax re-read
by rdflib and by pyoxigraph gives back the graph of the N-Triples export; exports are
byte-stable; Turtle names come out clean; JSON-LD is compacted with its context inline; CSV
tables hold every actor and link; no contact detail ever leaves."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import build_store
from rdflib.compare import isomorphic

from kg.errors import CoopkgError
from kg.export import FORMATS, export_graph, exported_quads
from kg.export_csv import ACTOR_COLUMNS, LINK_COLUMNS
from kg.export_jsonld import build_context, shipped_context, shipped_context_text
from kg.export_turtle import canonical_blank_nodes, ntriples, turtle
from kg.link_kinds import LINK_KINDS
from kg.load import iter_paths
from kg.store import Store
from kg.vocab import COOP, DEFAULT_BASE, ontology_path

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_GRAPH = DEFAULT_BASE + "graph/ontology"
RDFLIB_FORMATS = {"turtle": "turtle", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "nt": ox.RdfFormat.N_TRIPLES,
}
LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')


@pytest.fixture(scope="module")
def store() -> Store:
    pipeline, results = build_store(iter_paths([ROOT / "examples"]))
    assert [r.status for r in results] == ["built"] * len(results) and len(results) >= 5
    return pipeline.store  # type: ignore[no-any-return]


def _nt_graph(store: Store, with_ontology: bool) -> rdflib.Graph:
    data = export_graph(store, "nt", with_ontology)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def _rdflib_from_ox(triples: object) -> rdflib.Graph:
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""  # type: ignore[call-overload]
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


@pytest.mark.parametrize("with_ontology", [False, True], ids=["data", "with-ontology"])
@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_reparsed_by_rdflib_and_pyoxigraph_isomorphic_to_ntriples(
    store: Store, fmt: str, with_ontology: bool
) -> None:
    expected = _nt_graph(store, with_ontology)
    data = export_graph(store, fmt, with_ontology)
    by_rdflib = rdflib.Graph().parse(data=data.decode("utf-8"), format=RDFLIB_FORMATS[fmt])
    by_oxigraph = _rdflib_from_ox(ox.parse(data, format=OX_FORMATS[fmt]))
    assert len(expected) > 2000
    assert len(by_rdflib) == len(by_oxigraph) == len(expected)
    assert isomorphic(by_rdflib, expected)
    assert isomorphic(by_oxigraph, expected)


def test_ntriples_is_the_stores_triples(store: Store) -> None:
    graphs = [g for g in store.graphs() if g != ONTOLOGY_GRAPH]
    triples = {t for g in graphs for t in store.triples(g)}
    lines = export_graph(store, "nt").decode("utf-8").splitlines()
    assert len(lines) == len(triples)
    parsed = ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES)
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in parsed} == triples


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_quad_formats_keep_every_graph(store: Store, fmt: str) -> None:
    data = export_graph(store, fmt, with_ontology=True)
    for quads in (
        list(ox.parse(data, format=OX_FORMATS[fmt])),
        [
            ox.Quad(*(_ox(t) for t in q))
            for q in rdflib.Dataset().parse(data=data.decode(), format=RDFLIB_FORMATS[fmt]).quads()
        ],
    ):
        names = {q.graph_name.value for q in quads}  # type: ignore[union-attr]
        assert names == set(store.graphs())  # the summary graph, the store's own, left out
        for g in names:
            got = _rdflib_from_ox(ox.Triple(q.subject, q.predicate, q.object) for q in quads
                                  if q.graph_name.value == g)  # type: ignore[union-attr]  # fmt: skip
            assert isomorphic(got, _rdflib_from_ox(store.triples(g))), g


def _ox(term: rdflib.term.Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, rdflib.Literal)
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_exports_are_byte_identical(store: Store, fmt: str) -> None:
    assert export_graph(store, fmt, True) == export_graph(store, fmt, True)
    assert export_graph(store, fmt) == export_graph(store, fmt)


def test_blank_node_labels_do_not_depend_on_the_store() -> None:
    """Two parses of the ontology get different blank node ids; their exports are the same."""
    one = list(ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE))
    two = list(ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE))
    blank = {t.subject for t in one if isinstance(t.subject, ox.BlankNode)}
    assert blank and not blank & {t.subject for t in two}
    g = ox.NamedNode(ONTOLOGY_GRAPH)
    canon = [
        canonical_blank_nodes([ox.Quad(t.subject, t.predicate, t.object, g) for t in ts])
        for ts in (one, two[::-1])
    ]
    as_triples = [[ox.Triple(q.subject, q.predicate, q.object) for q in c] for c in canon]
    assert ntriples(as_triples[0]) == ntriples(as_triples[1])
    assert turtle(as_triples[0]) == turtle(as_triples[1])


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_turtle_names_are_clean(store: Store, fmt: str) -> None:
    text = export_graph(store, fmt, with_ontology=True).decode("utf-8")
    prefixes = dict(re.findall(r"^@prefix ([\w.-]*): <([^>]*)> \.$", text, re.M))
    for name, ns in {
        "coop": COOP.Actor[: -len("Actor")],
        "doc": DEFAULT_BASE + "doc/",
        "insee": DEFAULT_BASE + "id/insee/",
        "tg_commune": DEFAULT_BASE + "id/tg/commune/",
        "country": DEFAULT_BASE + "id/country/",
        "builder": DEFAULT_BASE + "builder/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
        "prov": "http://www.w3.org/ns/prov#",
    }.items():
        assert prefixes.get(name) == ns, name
    body = [line for line in text.splitlines() if not line.startswith("@prefix")]
    outside_literals = "\n".join(LITERAL.sub('""', line) for line in body)
    assert "\\" not in outside_literals  # no escaped local name anywhere
    assert "<https://w3id.org/coopkg/" not in outside_literals  # every coopkg IRI is prefixed
    names = re.findall(r"(?<![\w<\"#])([A-Za-z][\w-]*):([\w.-]*)", outside_literals)
    assert names and {p for p, _ in names} <= set(prefixes) | {"http", "https"}


def test_jsonld_is_compacted_with_its_context_inline(store: Store) -> None:
    doc = json.loads(export_graph(store, "jsonld"))
    assert set(doc) == {"@context", "@graph"}
    assert doc["@context"] == shipped_context()["@context"]
    nodes = doc["@graph"]
    keys = {k for n in nodes for k in n}
    assert {"@id", "@type", "prefLabel", "firstPartner", "evidence", "wasDerivedFrom"} <= keys
    assert not [k for k in keys if k.startswith("http")]  # every key is a term or compact IRI
    assert all(":" in n["@id"] and not n["@id"].startswith("http") for n in nodes)
    partnership = next(n for n in nodes if n.get("@type") == "coop:Partnership")
    assert partnership["@id"].startswith("doc:")
    assert all(p.startswith("entity:") for p in _as_list(partnership["firstPartner"]))
    assert "https://w3id.org/coopkg/" not in json.dumps(nodes)


def _as_list(value: object) -> list[object]:
    return value if isinstance(value, list) else [value]


def test_the_shipped_context_is_the_ontologys() -> None:
    """kg/data/context.jsonld is what build_context() makes from the ontology and the shapes
    (after changing either, regenerate it: see kg/export_jsonld.py)."""
    assert json.loads(shipped_context_text()) == build_context()


def test_csv_tables_hold_every_actor_and_link(store: Store) -> None:
    links = list(csv.reader(io.StringIO(export_graph(store, "csv-links").decode("utf-8"))))
    assert tuple(links[0]) == LINK_COLUMNS
    classes = " ".join(f"<{COOP[k.cls]}>" for k in LINK_KINDS)
    q = f"""SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?l ?g WHERE {{ GRAPH ?g {{
      VALUES ?c {{ {classes} }} ?l a ?c . ?g a <{COOP.SourceDocument}> }} }} }}"""
    assert len(links) - 1 == int(next(iter(store.select(q)))["n"].value) > 20
    rows = [dict(zip(LINK_COLUMNS, r, strict=True)) for r in links[1:]]
    assert {r["kind"] for r in rows} >= {"partnership", "funding", "member"}
    assert all(r["evidence"] and r["document"].startswith(DEFAULT_BASE + "doc/") for r in rows)
    bressuire = [r for r in rows if r["kind"] == "partnership" and "Bressuire" in r["source_label"]]
    assert bressuire and bressuire[0]["target_label"]
    actors = list(csv.reader(io.StringIO(export_graph(store, "csv-actors").decode("utf-8"))))
    assert tuple(actors[0]) == ACTOR_COLUMNS
    by_label = {r[1]: dict(zip(ACTOR_COLUMNS, r, strict=True)) for r in actors[1:]}
    assert by_label["Bressuire"]["country"] == "FR"
    assert (
        by_label["Kloto 1"]["kind"] == "Commune" and "Kpalimé" in by_label["Kloto 1"]["other_names"]
    )
    assert len({r[0] for r in actors[1:]}) == len(actors) - 1


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "text",
    [
        "Contact : jean.dupont@mairie-exemple.fr",
        "Tél. +228 90 12 34 56",
        "appeler le 05 49 12 34 56",
    ],
    ids=["email", "intl-phone", "fr-phone"],
)
def test_no_contact_detail_in_any_export(store: Store, fmt: str, text: str) -> None:
    leaky = Store()
    doc = next(g for g in store.graphs() if "/doc/" in g)
    leaky.oxigraph.extend(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(doc)))
    link = next(t.subject for t in leaky.triples(doc) if t.predicate.value == COOP.evidence)
    leaky.oxigraph.add(
        ox.Quad(link, ox.NamedNode(COOP.evidence), ox.Literal(text), ox.NamedNode(doc))  # type: ignore[arg-type]
    )
    with pytest.raises(CoopkgError, match="refusing to export"):
        export_graph(leaky, fmt)


def test_min_confidence_applies_to_every_format(store: Store) -> None:
    quads = exported_quads(store, min_confidence=1.0)
    kept = {q.subject for q in quads if q.predicate.value == COOP.evidence}
    everything = {q.subject for q in exported_quads(store) if q.predicate.value == COOP.evidence}
    assert len(kept) < len(everything)
    rows = export_graph(store, "csv-links", min_confidence=1.0).decode().splitlines()
    assert len(rows) - 1 < len(export_graph(store, "csv-links").decode().splitlines()) - 1


def test_cli_writes_the_context_beside(tmp_path: Path) -> None:
    disk = tmp_path / "store"
    atlas = ROOT / "examples" / "atlas_bressuire_kpalime.txt"
    built = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(atlas), "--store", str(disk)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    for fmt, name in (("jsonld", "g.jsonld"), ("csv-actors", "actors.csv"), ("csv-links", "l.csv")):
        r = subprocess.run(
            [sys.executable, "-m", "kg", "export", "--format", fmt, "-o", str(tmp_path / name),
             "--context-file", str(tmp_path / "context.jsonld"), "--store", str(disk)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert r.returncode == 0, r.stderr
    context = json.loads((tmp_path / "context.jsonld").read_text("utf-8"))
    inline = json.loads((tmp_path / "g.jsonld").read_text("utf-8"))["@context"]
    assert context == {"@context": inline} == shipped_context()
    assert "Bressuire" in (tmp_path / "actors.csv").read_text("utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "kg", "export", "--format", "xml", "--store", str(disk)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert bad.returncode == 2 and "csv-links" in bad.stderr
