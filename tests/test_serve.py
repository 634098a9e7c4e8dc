"""`coopkg serve`, for real: the server runs as a subprocess (`python -m kg serve`) on a free
loopback port, over a store the CLI built from `examples/`, and is spoken to over HTTP.

What it shows: the SPARQL 1.1 Protocol (GET, POST direct and form-encoded; results in JSON, XML,
CSV and TSV; graphs in Turtle, N-Triples and JSON-LD), updates refused with the store left
unchanged, a runaway query stopped at its time limit while the next query answers, the row
limit, named queries bound by the server, a document built while serving visible within seconds
and never half, and document text escaped (and contact details masked) in the entity view.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg.serve.protocol import negotiate, refusal, update_operation
from kg.serve.snapshot import signature, writer_holds

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
COOP = "https://w3id.org/coopkg/ontology#"
KLOTO = "https://w3id.org/coopkg/id/tg/commune/kloto-1"
PREFIXES = f"PREFIX coop: <{COOP}>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
COMMUNES = (
    PREFIXES + "SELECT DISTINCT ?entity ?label WHERE { GRAPH ?g { ?entity a coop:Commune ; "
    "skos:prefLabel ?label } } ORDER BY ?label ?entity"
)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 3  #: the test server's time limit per query, in seconds
MAX_ROWS = 1000


def coopkg(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "kg", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def build(store: Path, *paths: Path) -> subprocess.CompletedProcess[str]:
    done = coopkg("build", *paths, "--store", store)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Endpoint:
    """A running `coopkg serve` and an HTTP client on it."""

    def __init__(self, store: Path, log: Path, *options: str) -> None:
        self.store = store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log = log.open("w")
        cmd = [sys.executable, "-m", "kg", "serve", "--store", str(store)]
        cmd += ["--port", str(self.port), *options]
        start = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT, cwd=ROOT)
        self.http = httpx.Client(base_url=self.url, timeout=60)
        while True:
            if self.proc.poll() is not None:
                raise AssertionError(f"the server exited: {log.read_text()}")
            try:
                if self.http.get("/status").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.perf_counter() - start > 60:
                raise AssertionError(f"the server did not answer: {log.read_text()}")
            time.sleep(0.05)
        self.startup_seconds = time.perf_counter() - start

    def query(self, text: str, accept: str = "application/sparql-results+json") -> httpx.Response:
        return self.http.post("/sparql", data={"query": text}, headers={"Accept": accept})

    def select(self, text: str) -> list[dict[str, str]]:
        r = self.query(text)
        assert r.status_code == 200, r.text
        rows = r.json()["results"]["bindings"]
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def status(self) -> dict[str, Any]:
        data: dict[str, Any] = self.http.get("/status").json()
        return data

    def stop(self) -> int:
        self.http.close()
        self.proc.terminate()
        try:
            code = self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self._log.close()
        return code


def serve(store: Path, log: Path, *options: str) -> Iterator[Endpoint]:
    endpoint = Endpoint(store, log, *options)
    try:
        yield endpoint
    finally:
        code = endpoint.stop()
        assert code == 0, endpoint.log.read_text()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    build(path, EXAMPLES)
    return path


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    log = tmp_path_factory.mktemp("serve-log") / "serve.log"
    yield from serve(store, log, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS))


# -- the protocol's rules, as functions ------------------------------------------------------


def test_negotiation_follows_accept_and_format() -> None:
    def pick(kind: str, accept: str | None, fmt: str | None = None) -> str | None:
        found = negotiate(kind, accept, fmt)
        return found.name if found else None

    assert pick("results", None) == "json"
    assert pick("results", "text/csv;q=0.5, application/sparql-results+xml") == "xml"
    assert pick("results", "application/sparql-results+json,*/*;q=0.9") == "json"
    assert pick("results", "text/*") == "csv"
    assert pick("results", "image/png") is None
    assert pick("graph", "text/turtle,*/*;q=0.9") == "turtle"
    assert pick("graph", "application/json") == "jsonld"
    assert pick("graph", None, "json") == "jsonld"
    assert pick("results", "text/csv", "tsv") == "tsv"
    assert pick("results", None, "turtle") is None


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <a:b> <a:b> <a:c> }",
        "insert data { <a:b> <a:b> <a:c> }",
        "# a comment\nPREFIX ex: <http://ex.org/#x>\nBASE <http://b/>\nDELETE WHERE { ?s ?p ?o }",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DROP ALL",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR DEFAULT",
        r"\u0049NSERT DATA { <a:b> <a:b> <a:c> }",
    ],
)
def test_updates_are_recognised(text: str) -> None:
    assert update_operation(text) is not None
    assert refusal(text) and "read-only" in (refusal(text) or "")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service WHERE { BIND('SERVICE' AS ?service) }",
        "SELECT * WHERE { <http://ex.org/SERVICE> ?p ?o } # SERVICE in a comment",
        'SELECT * WHERE { ?s ?p "INSERT DATA" }',
        "PREFIX insert: <http://ex.org/>\nSELECT * WHERE { ?s insert:drop ?o }",
    ],
)
def test_queries_are_not_mistaken_for_updates_or_services(text: str) -> None:
    assert refusal(text) is None


def test_federated_queries_are_recognised() -> None:
    assert refusal("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
    assert refusal("SELECT * WHERE { service silent ?endpoint { ?s ?p ?o } }")


# -- the SPARQL 1.1 Protocol -----------------------------------------------------------------


def test_select_in_the_four_result_formats(server: Endpoint) -> None:
    answers = {}
    for accept, ctype in [
        ("application/sparql-results+json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ]:
        r = server.query(COMMUNES, accept)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(ctype)
        answers[ctype] = r.content
    json_rows = [
        {k: v["value"] for k, v in b.items()}
        for b in json.loads(answers["application/sparql-results+json"])["results"]["bindings"]
    ]
    labels = [r["label"] for r in json_rows]
    assert "Kloto 1" in labels and "Bressuire" in labels and len(labels) > 20
    assert labels == sorted(labels)
    for fmt, data in [
        (ox.QueryResultsFormat.XML, answers["application/sparql-results+xml"]),
        (ox.QueryResultsFormat.TSV, answers["text/tab-separated-values"]),
    ]:
        parsed = ox.parse_query_results(data, fmt)
        assert isinstance(parsed, ox.QuerySolutions)
        rows = [{"entity": s["entity"].value, "label": s["label"].value} for s in parsed]
        assert rows == json_rows, fmt
    csv_rows = list(csv.DictReader(io.StringIO(answers["text/csv"].decode("utf-8"))))
    assert csv_rows == json_rows


def test_get_post_and_form_agree(server: Endpoint) -> None:
    accept = {"Accept": "application/sparql-results+json"}
    by_get = server.http.get("/sparql", params={"query": COMMUNES}, headers=accept)
    by_post = server.http.post(
        "/sparql",
        content=COMMUNES.encode("utf-8"),
        headers={**accept, "Content-Type": "application/sparql-query"},
    )
    by_form = server.http.post("/sparql", data={"query": COMMUNES}, headers=accept)
    assert by_get.status_code == by_post.status_code == by_form.status_code == 200
    assert by_get.json() == by_post.json() == by_form.json()


def test_ask_and_format_parameter(server: Endpoint) -> None:
    ask = f"ASK {{ GRAPH ?g {{ <{KLOTO}> ?p ?o }} }}"
    assert server.query(ask).json()["boolean"] is True
    r = server.http.get("/sparql", params={"query": COMMUNES, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv") and "Kloto 1" in r.text


def test_construct_and_describe_as_turtle_ntriples_and_jsonld(server: Endpoint) -> None:
    construct = (
        PREFIXES + "CONSTRUCT { ?e a coop:Commune ; skos:prefLabel ?l } "
        "WHERE { GRAPH ?g { ?e a coop:Commune ; skos:prefLabel ?l } }"
    )
    graphs = {}
    for accept, rdflib_format in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ]:
        r = server.query(construct, accept)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(accept)
        graphs[accept] = rdflib.Graph().parse(data=r.text, format=rdflib_format)
    turtle = graphs["text/turtle"]
    assert (rdflib.URIRef(KLOTO), rdflib.SKOS.prefLabel, rdflib.Literal("Kloto 1")) in turtle
    assert len(turtle) > 40
    assert isomorphic(turtle, graphs["application/n-triples"])
    assert isomorphic(turtle, graphs["application/ld+json"])
    assert "@prefix coop:" in server.query(construct, "text/turtle").text
    described = server.query(f"DESCRIBE <{KLOTO}>", "text/turtle")
    assert described.status_code == 200
    g = rdflib.Graph().parse(data=described.text, format="turtle")
    assert (rdflib.URIRef(KLOTO), rdflib.SKOS.prefLabel, rdflib.Literal("Kloto 1")) in g


def test_bad_requests_are_4xx_with_a_reason(server: Endpoint) -> None:
    assert server.http.get("/sparql").status_code == 400
    syntax = server.query("SELEC * WHERE { ?s ?p ?o }")
    assert syntax.status_code == 400 and "invalid SPARQL" in syntax.text
    wrong_type = server.http.post("/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    assert server.http.put("/sparql", content=b"x").status_code == 405
    too_big = server.http.post(
        "/sparql",
        content=b"SELECT * WHERE { ?s ?p ?o } #" + b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert too_big.status_code == 413
    r = server.query(COMMUNES, "image/png")
    assert r.status_code == 406 and "text/csv" in r.text
    two = server.http.get("/sparql", params=[("query", COMMUNES), ("query", COMMUNES)])
    assert two.status_code == 400


def test_updates_are_refused_and_the_store_is_unchanged(server: Endpoint) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before_count = server.select(count)[0]["n"]
    before_files = signature(server.store)
    update = "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> <urn:x:o> } }"
    attempts = [
        server.http.post("/sparql", data={"update": update}),
        server.http.post(
            "/sparql",
            content=update.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        server.http.get("/sparql", params={"update": update}),
        server.http.get("/sparql", params={"query": update}),
        server.query(f"{PREFIXES}# sneaky\n{update}"),
        server.query("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"),
        server.query("DROP ALL"),
        server.query("LOAD <http://127.0.0.1:9/x.ttl>"),
        server.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
    ]
    for r in attempts:
        assert r.status_code == 403, (r.request.method, r.text)
        assert "refused" in r.text
    assert server.query("ASK { GRAPH ?g { <urn:x:s> ?p ?o } }").json()["boolean"] is False
    assert server.select(count)[0]["n"] == before_count
    assert signature(server.store) == before_files
    assert not writer_holds(server.store)


def test_a_runaway_query_is_stopped_while_others_answer(server: Endpoint) -> None:
    replaced = server.status()["workers_replaced"]
    result: dict[str, Any] = {}

    def runaway() -> None:
        start = time.perf_counter()
        result["response"] = server.query(RUNAWAY)
        result["seconds"] = time.perf_counter() - start

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    during = time.perf_counter()
    answered = server.select(COMMUNES)  # the other worker answers meanwhile
    during = time.perf_counter() - during
    assert answered and during < TIMEOUT
    thread.join(timeout=60)
    r = result["response"]
    assert r.status_code == 503, r.text
    assert f"longer than {TIMEOUT} s" in r.text and "time limit" in r.text
    assert TIMEOUT - 0.5 < result["seconds"] < TIMEOUT + 10
    after = time.perf_counter()
    assert server.select(COMMUNES) == answered  # and the next query answers
    after = time.perf_counter() - after
    status = server.status()
    assert status["workers_replaced"] == replaced + 1
    deadline = time.monotonic() + 30
    while server.status()["workers"] < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert server.status()["workers"] == 2
    print(
        f"\nrunaway stopped after {result['seconds']:.2f} s; a query during it "
        f"took {during:.3f} s, the next one {after:.3f} s"
    )


def test_a_query_past_the_memory_cap_is_stopped(store: Path, tmp_path: Path) -> None:
    """Sorting a three-way cross join needs memory fast: the worker's cap stops it (instead of
    the machine's memory running out) and the next query answers."""
    sort = "SELECT ?a ?b ?c WHERE { ?a ?p ?o . ?b ?q ?r . ?c ?s ?t } ORDER BY ?a ?b ?c LIMIT 1"
    for endpoint in serve(store, tmp_path / "serve.log", "--memory", "1536", "--timeout", "60"):
        start = time.perf_counter()
        r = endpoint.query(sort)
        seconds = time.perf_counter() - start
        assert r.status_code == 507, r.text
        assert "more memory than a worker may use (1536 MiB" in r.text
        assert endpoint.select(COMMUNES)
        print(f"\nsort of a cross join stopped by the memory cap after {seconds:.1f} s")


def test_the_row_limit_stops_a_query_with_too_many_rows(server: Endpoint) -> None:
    r = server.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert r.status_code == 422
    assert f"more than {MAX_ROWS} rows" in r.text and "--max-rows" in r.text
    r = server.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "text/turtle")
    assert r.status_code == 422 and "triples" in r.text
    small = server.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 10")
    assert len(small.json()["results"]["bindings"]) == 10


# -- named queries ---------------------------------------------------------------------------


def test_named_queries_are_listed_and_bound_by_the_server(server: Endpoint) -> None:
    listed = {q["name"]: q for q in server.http.get("/named").json()}
    assert {"actors", "partners_of", "links"} <= set(listed)
    assert [p["name"] for p in listed["partners_of"]["params"]] == ["actor"]
    r = server.http.get("/named/partners_of", params={"actor": "KPALIME"})
    assert r.status_code == 200, r.text
    partners = {b["partner_label"]["value"] for b in r.json()["results"]["bindings"]}
    assert "Bressuire" in partners
    text = server.http.get("/named/partners_of/query", params={"actor": "Kpalimé"})
    assert text.headers["content-type"].startswith("application/sparql-query")
    assert 'VALUES (?actor) { ("kpalime") }' in text.text
    csv_text = server.http.get("/named/actors", params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("actor,label")


def test_named_query_endpoint_matches_the_command_line(server: Endpoint) -> None:
    cli = coopkg("query", "actors", "--format", "json", "--store", server.store)
    assert cli.returncode == 0, cli.stderr
    via_http = server.http.get("/named/actors").json()
    assert via_http["results"]["bindings"] == json.loads(cli.stdout)["results"]["bindings"]


def test_named_query_parameters_are_checked_and_matched_literally(server: Endpoint) -> None:
    missing = server.http.get("/named/partners_of")
    assert missing.status_code == 400 and "missing parameter" in missing.text
    unknown = server.http.get("/named/partners_of", params={"actor": "x", "nope": "1"})
    assert unknown.status_code == 400 and "unknown parameter" in unknown.text
    assert server.http.get("/named/no_such_query").status_code == 404
    assert server.http.get("/named/..%2Fqueries%2Factors.rq").status_code == 404
    nasty = 'Kpalimé" } } ; DROP ALL ; SELECT * { ?s ?p "'
    r = server.http.get("/named/partners_of", params={"actor": nasty})
    assert r.status_code == 200, r.text
    assert r.json()["results"]["bindings"] == []


# -- the pages -------------------------------------------------------------------------------


def test_the_query_page_loads_only_local_assets(server: Endpoint) -> None:
    r = server.http.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    for name in ("actors", "partners_of", "funding_by_funder"):
        assert f'data-name="{name}"' in html
    config = json.loads(html.split('id="coopkg-config">')[1].split("</script>")[0])
    assert config["prefixes"]["coop"] == COOP
    assert f"PREFIX coop: <{COOP}>" in config["defaultQuery"]
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith(("/", "data:")), url
    for asset in ("yasgui.min.js", "yasgui.min.css", "coopkg.js", "YASGUI-LICENSE.txt"):
        assert server.http.get(f"/static/{asset}").status_code == 200, asset
    licence = server.http.get("/static/YASGUI-LICENSE.txt").text
    assert "MIT License" in licence and "@zazuko/yasgui 4.6.2" in licence


def test_the_entity_view_shows_label_kind_links_evidence_and_sources(server: Endpoint) -> None:
    r = server.http.get("/entity", params={"iri": KLOTO})
    assert r.status_code == 200
    html = r.text
    assert '<h1 id="label">Kloto 1</h1>' in html
    assert ">Commune</a>" in html and "Togo" in html and "Kpalimé" in html
    assert "partner of" in html and ">Bressuire</a>" in html
    assert "Développement urbain, économique et social de Kpalimé" in html  # a document title
    assert 'class="evidence"><q>' in html
    assert server.http.get("/entity").status_code == 400
    assert server.http.get("/entity", params={"iri": "not an iri"}).status_code == 400
    nothing = server.http.get("/entity", params={"iri": "https://example.org/nothing"})
    assert nothing.status_code == 200 and "says nothing" in nothing.text


# -- building while serving ------------------------------------------------------------------


@pytest.fixture()
def own_server(store: Path, tmp_path: Path) -> Iterator[Endpoint]:
    """A server of its own, on a copy of the examples store that the test may build into."""
    copy = tmp_path / "store"
    shutil.copytree(store, copy)
    yield from serve(copy, tmp_path / "serve.log", "--timeout", str(TIMEOUT))


def test_a_document_built_while_serving_shows_within_seconds_and_whole(
    own_server: Endpoint, tmp_path: Path
) -> None:
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = {r["g"] for r in own_server.select(graphs)}
    text = (EXAMPLES / "atlas_bressuire_kpalime.txt").read_text("utf-8")
    doc = tmp_path / "docs" / "atlas_copie.txt"
    doc.parent.mkdir()
    doc.write_text(text.replace("Exemple rédigé", "Copie rédigée pendant un service"), "utf-8")
    counts = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    seen: list[dict[str, int]] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append({r["g"]: int(r["n"]) for r in own_server.select(counts)})
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        start = time.perf_counter()
        done = build(own_server.store, doc)  # the server does not hold the store: no lock error
        built_at = time.perf_counter()
        found = re.search(r"\[[\w-]+, (\d+) triples\]", done.stdout)
        assert found, done.stdout
        triples = int(found.group(1))
        new: set[str] = set()
        while time.perf_counter() - built_at < 10 and not new:
            new = {r["g"] for r in own_server.select(graphs)} - before
            time.sleep(0.05)
        visible_after = time.perf_counter() - built_at
    finally:
        stop.set()
        watcher.join()
    assert len(new) == 1, "the new document never showed"
    (graph,) = new
    assert visible_after < 5
    observed = {s.get(graph, 0) for s in seen}
    assert observed <= {0, triples}, observed  # never half a document
    assert triples in observed
    assert len(seen) > 5  # queries were answered throughout the build
    row = own_server.select(
        f"SELECT ?t WHERE {{ GRAPH <{graph}> {{ <{graph}> <http://purl.org/dc/terms/title> ?t }} }}"
    )
    assert row and row[0]["t"]
    print(
        f"\nbuild took {built_at - start:.1f} s; the document showed {visible_after:.2f} s "
        f"after it ended ({len(seen)} queries answered meanwhile, {triples} triples)"
    )


# -- document text in HTML -------------------------------------------------------------------


def xss_fiche(folder: Path) -> Path:
    """An Atlas fiche whose foreign partner is named `<img src=x onerror=alert(1)>`, whose title
    holds a script element and whose text holds contact details."""
    source = ROOT / "tests/builders/cases/atlas-fiche/synthetic/source.txt"
    text = source.read_text("utf-8")
    text = text.replace("Zogbodomey | Bénin", "<img src=x onerror=alert(1)> | Bénin")
    text = text.replace("Des puits pour", "Des puits <script>alert(2)</script> pour")
    text = text.replace(
        "trois villages voisins",
        "écrire à jean.dupont@example.org ou au 05 49 12 34 56 ; trois villages voisins",
    )
    folder.mkdir(parents=True, exist_ok=True)
    fiche = folder / "fiche_xss.txt"
    fiche.write_text(text, "utf-8")
    return fiche


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    folder = tmp_path_factory.mktemp("xss")
    build(folder / "store", xss_fiche(folder / "docs"))
    yield from serve(folder / "store", folder / "serve.log")


def _partners_named_like(server: Endpoint, needle: str) -> tuple[str, str]:
    rows = server.select(
        PREFIXES + "SELECT ?mine ?theirs WHERE { GRAPH ?g { ?l a coop:Partnership ; "
        "coop:firstPartner ?mine ; coop:secondPartner ?theirs . ?theirs skos:prefLabel ?n "
        f'FILTER (CONTAINS(?n, "{needle}")) }} }}'
    )
    assert rows, f"no partner named like {needle}"
    return rows[0]["mine"], rows[0]["theirs"]


def test_document_text_is_escaped_in_the_entity_view(xss_server: Endpoint) -> None:
    mine, theirs = _partners_named_like(xss_server, "onerror")
    pages = [xss_server.http.get("/entity", params={"iri": iri}).text for iri in (mine, theirs)]
    for html in pages:
        assert "<img src=x" not in html
        assert "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Des puits &lt;script&gt;alert(2)&lt;/script&gt; pour" in pages[0]  # the title
    for html in pages:
        for contact in ("jean.dupont", "@example.org", "05 49 12 34 56", "lucie.ferrand"):
            assert contact not in html
        assert "@" not in html.replace("&#64;", "")


def test_no_e_mail_or_phone_in_any_entity_page(xss_server: Endpoint) -> None:
    entities = xss_server.select(
        "SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e ?p ?o } "
        'FILTER (STRSTARTS(STR(?g), "https://w3id.org/coopkg/doc/")) }'
    )
    assert len(entities) > 10
    for row in entities:
        html = xss_server.http.get("/entity", params={"iri": row["e"]}).text
        for contact in ("@example", "@exemple", "05 49", "+229", "0612345678"):
            assert contact not in html, (row["e"], contact)
