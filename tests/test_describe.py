"""`coopkg describe`: the VoID + DCAT description of the export, on the example corpus built by
the real pipeline; every count is checked against the N-Triples export and SPARQL on the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import build_store

from kg.describe import DEFAULT_LICENSE, Options, describe
from kg.errors import CoopkgError
from kg.export import export_graph
from kg.load import iter_paths
from kg.store import Store
from kg.summary import SUMMARY_GRAPH
from kg.vocab import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
RDF = rdflib.Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
XSD = rdflib.Namespace("http://www.w3.org/2001/XMLSchema#")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
ONTOLOGY_GRAPH = DEFAULT_BASE + "graph/ontology"
#: the graphs a description counts: neither the ontology nor the store's own summary
OUTSIDE = f"FILTER (?g NOT IN (<{ONTOLOGY_GRAPH}>, <{SUMMARY_GRAPH}>))"
BASE_URL = "https://data.example.org/coopkg/"
ENDPOINT = "http://127.0.0.1:7878/sparql"


@pytest.fixture(scope="module")
def store() -> Store:
    pipeline, results = build_store(iter_paths([ROOT / "examples"]))
    assert all(r.status == "built" for r in results)
    return pipeline.store  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def files(store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dist")
    out = {}
    for fmt, name in (("nt", "coopkg.nt"), ("turtle", "coopkg.ttl"), ("csv-links", "links.csv")):
        out[fmt] = folder / name
        out[fmt].write_bytes(export_graph(store, fmt))
    return out


@pytest.fixture(scope="module")
def description(store: Store, files: dict[str, Path]) -> rdflib.Graph:
    options = Options(
        publisher="Cités Unies France",
        sparql_endpoint=ENDPOINT,
        distributions=list(files.values()),
        base_url=BASE_URL,
    )
    data = describe(store, options)
    assert data == describe(store, options)  # byte-stable
    assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) > 100  # pyoxigraph reads it
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="turtle")


def _dataset(g: rdflib.Graph) -> rdflib.URIRef:
    both = set(g.subjects(RDF.type, VOID.Dataset)) & set(g.subjects(RDF.type, DCAT.Dataset))
    assert len(both) == 1 and len(set(g.subjects(RDF.type, VOID.Dataset))) == 1
    (ds,) = both
    assert isinstance(ds, rdflib.URIRef)
    return ds


def _one(g: rdflib.Graph, s: rdflib.term.Node, p: rdflib.URIRef) -> rdflib.term.Node:
    values = list(g.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def _select(store: Store, query: str) -> dict[str, int]:
    return {r[0].value: int(r[1].value) for r in store.select(query)}  # type: ignore[index]


def test_one_dataset_with_title_licence_publisher_and_dates(
    store: Store, description: rdflib.Graph
) -> None:
    g = description
    ds = _dataset(g)
    assert {t.language for t in g.objects(ds, DCTERMS.title)} == {"en", "fr"}  # type: ignore[attr-defined]
    assert {t.language for t in g.objects(ds, DCTERMS.description)} == {"en", "fr"}  # type: ignore[attr-defined]
    assert _one(g, ds, DCTERMS.license) == rdflib.URIRef(DEFAULT_LICENSE)
    publisher = _one(g, ds, DCTERMS.publisher)
    assert str(_one(g, publisher, FOAF.name)) == "Cités Unies France"
    times = sorted(
        r[0].value  # type: ignore[index]
        for r in store.select(
            "SELECT ?t WHERE { GRAPH ?g { ?b <http://www.w3.org/ns/prov#endedAtTime> ?t } }"
        )
    )
    issued, modified = _one(g, ds, DCTERMS.issued), _one(g, ds, DCTERMS.modified)
    assert isinstance(issued, rdflib.Literal) and issued.datatype == XSD.dateTime
    assert issued == rdflib.Literal(times[0], datatype=XSD.dateTime)
    assert modified == rdflib.Literal(times[-1], datatype=XSD.dateTime)
    assert _one(g, ds, VOID.sparqlEndpoint) == rdflib.URIRef(ENDPOINT)
    assert "ODbL" in str(_one(g, ds, DCTERMS.rights))  # the Togo reference data's attribution


def test_triples_equal_the_ntriples_export(
    description: rdflib.Graph, files: dict[str, Path]
) -> None:
    ds = _dataset(description)
    lines = files["nt"].read_text("utf-8").splitlines()
    assert int(_one(description, ds, VOID.triples)) == len(lines) > 1000  # type: ignore[call-overload]


def test_class_partitions_are_the_real_counts(store: Store, description: rdflib.Graph) -> None:
    g = description
    ds = _dataset(g)
    partitions = {
        str(_one(g, p, VOID["class"])): int(_one(g, p, VOID.entities))  # type: ignore[call-overload]
        for p in g.objects(ds, VOID.classPartition)
    }
    real = _select(
        store,
        f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{
          GRAPH ?g {{ ?s a ?class }} {OUTSIDE} }} GROUP BY ?class""",
    )
    assert partitions == real
    assert partitions["https://w3id.org/coopkg/ontology#Partnership"] > 5
    assert int(_one(g, ds, VOID.classes)) == len(real)  # type: ignore[call-overload]


def test_property_partitions_are_the_real_counts(store: Store, description: rdflib.Graph) -> None:
    g = description
    ds = _dataset(g)
    partitions = {
        str(_one(g, p, VOID.property)): int(_one(g, p, VOID.triples))  # type: ignore[call-overload]
        for p in g.objects(ds, VOID.propertyPartition)
    }
    real = _select(
        store,
        f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
          GRAPH ?g {{ ?s ?p ?o }} {OUTSIDE} }} }} GROUP BY ?p""",
    )
    assert partitions == real
    assert sum(partitions.values()) == int(_one(g, ds, VOID.triples))  # type: ignore[call-overload]


def test_example_resources_are_in_the_data(store: Store, description: rdflib.Graph) -> None:
    examples = list(description.objects(_dataset(description), VOID.exampleResource))
    assert len(examples) >= 3
    for e in examples:
        assert next(store.oxigraph.quads_for_pattern(ox.NamedNode(str(e)), None, None), None)


def test_one_distribution_per_file(description: rdflib.Graph, files: dict[str, Path]) -> None:
    g = description
    ds = _dataset(g)
    distributions = set(g.objects(ds, DCAT.distribution))
    assert len(distributions) == len(files)
    media = {"nt": "application/n-triples", "turtle": "text/turtle", "csv-links": "text/csv"}
    for fmt, path in files.items():
        url = rdflib.URIRef(BASE_URL + path.name)
        assert url in distributions
        assert (url, RDF.type, DCAT.Distribution) in g
        assert _one(g, url, DCAT.downloadURL) == url
        assert int(_one(g, url, DCAT.byteSize)) == path.stat().st_size  # type: ignore[call-overload]
        assert str(_one(g, url, DCAT.mediaType)).endswith("/media-types/" + media[fmt])
    dumps = {str(u) for u in g.objects(ds, VOID.dataDump)}
    assert dumps == {BASE_URL + "coopkg.nt", BASE_URL + "coopkg.ttl"}


def test_no_endpoint_unless_given_and_distributions_need_a_base_url(
    store: Store, files: dict[str, Path]
) -> None:
    g = rdflib.Graph().parse(data=describe(store).decode("utf-8"), format="turtle")
    ds = _dataset(g)
    assert not list(g.objects(ds, VOID.sparqlEndpoint)) and not list(
        g.objects(ds, DCAT.distribution)
    )
    with pytest.raises(CoopkgError, match="--base-url"):
        describe(store, Options(distributions=[files["nt"]]))
    with pytest.raises(CoopkgError, match="not an"):
        describe(store, Options(license="not a licence"))


def test_cli_describe(tmp_path: Path) -> None:
    def coopkg(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kg", *args, "--store", str(tmp_path / "store")],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    assert coopkg("build", str(ROOT / "examples" / "atlas_bressuire_kpalime.txt")).returncode == 0
    nt = tmp_path / "coopkg.nt"
    assert coopkg("export", "--format", "nt", "-o", str(nt)).returncode == 0
    out = tmp_path / "void.ttl"
    licence = "https://creativecommons.org/licenses/by/4.0/"
    r = coopkg("describe", "-o", str(out), "--license", licence, "--publisher",
               "https://example.org/publisher", "--distribution", str(nt), "--base-url", BASE_URL,
               "--sparql-endpoint", ENDPOINT)  # fmt: skip
    assert r.returncode == 0, r.stderr
    g = rdflib.Graph().parse(out, format="turtle")
    ds = _dataset(g)
    assert _one(g, ds, DCTERMS.license) == rdflib.URIRef(licence)
    assert _one(g, ds, DCTERMS.publisher) == rdflib.URIRef("https://example.org/publisher")
    assert int(_one(g, ds, VOID.triples)) == len(nt.read_text("utf-8").splitlines())  # type: ignore[call-overload]
    bad = coopkg("describe", "--distribution", str(nt))
    assert bad.returncode == 2 and "--base-url" in bad.stderr
