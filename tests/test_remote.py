"""Remote SPARQL servers, for real: the example corpus is built into a store, pushed with
`coopkg push` (SPARQL 1.1 Graph Store Protocol) to the Oxigraph server and to Virtuoso 7, both
running on loopback (started once per session, see `servers.py`), and every named query must
give there the rows it gives on the embedded store: same lexical values per column, multi-valued
(` | `-joined) columns compared sorted, row order compared only when the query's ORDER BY is a
total key on the data.

Where a server's SPARQL differs, the difference is named below (`DIALECTS`) with the rewrite
that avoids it; a query that trips one is an expected failure whose message names the query to
rewrite, and the test proves the rewrite gives the same rows on that server and on the store.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from servers import (  # noqa: F401  (session fixtures)
    Server,
    env_without,
    isql,
    oxigraph_server,
    virtuoso_server,
)

from kg.errors import CoopkgError
from kg.named_queries import NamedQuery, list_queries
from kg.remote import (
    Credentials,
    RemoteError,
    auth_scheme,
    graph_url,
    plan_push,
    push,
    remote_select,
    server_graphs,
    split_triples,
    table_from_json,
)
from kg.results import FORMATS, Table, render
from kg.store import Store
from kg.vocab import DEFAULT_BASE

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg"]
BASE = DEFAULT_BASE
CHUNK = 400  # triples per request in the tests' pushes: the reference and ontology graphs split
PUSHER, PUSHER_PASSWORD = "coopkg_pusher", "pw-7Qx-" + os.urandom(6).hex()  # Virtuoso user

# --- parameter values ----------------------------------------------------------------------
# A query with required parameters gets its value by parameter name, else by type. `iri`
# parameters are looked up in the built store (see `iri_values`).
PARAM_VALUES = {
    "actor": "Kpalimé",
    "entity": "Kpalimé",
    "name": "Kpalimé",
    "partner": "Bressuire",
    "funder": "Ministère des Affaires étrangères",
    "recipient": "Kpalimé",
    "programme": "Programme concerté",
    "country": "TG",
    "department": "Deux-Sèvres",
    "region": "Nouvelle-Aquitaine",
    "theme": "eau",
    "from": "1990",
    "since": "1990",
    "start": "1990",
    "to": "2030",
    "until": "2030",
    "end": "2030",
    "year": "1991",
    "min_confidence": "0",
}
TYPE_VALUES = {"fold": "Kpalimé", "string": "Kpalimé", "integer": "2", "decimal": "0.5"}
TYPE_VALUES["year"] = "1991"
# a few runs with non-default optional parameters, when the query still declares them
EXTRA_CASES = {
    "links": {"min_confidence": "0.95"},
    "network_edges": {"min_confidence": "0.95"},
    "partnerships_started": {"from": "1990", "to": "2000"},
}


# --- dialect differences ---------------------------------------------------------------------


P = """PREFIX coop: <https://w3id.org/coopkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True)
class Dialect:
    """A way a server's SPARQL differs from the standard and from the embedded Oxigraph, with a
    query showing it (`demo`, checked by `test_dialect_difference_is_real`) and, when it can be
    done mechanically, the rewrite that avoids it."""

    server: str
    name: str
    detail: str
    affects: str  #: "rows" (other values) or "order" (same rows, another order)
    applies: Callable[[str, Table], bool]  #: does a query (text, embedded rows) use it?
    demo: str
    rewrite: Callable[[str], str] | None = None


def _in_text(pattern: re.Pattern[str]) -> Callable[[str, Table], bool]:
    return lambda text, _: bool(pattern.search(_strip_comments(text)))


def _has_booleans(_: str, table: Table) -> bool:
    return any(
        isinstance(t, ox.Literal) and t.datatype.value == XSD + "boolean"
        for row in table.rows
        for t in row
    )


def _orders_mixed_terms(text: str, table: Table) -> bool:
    """An ORDER BY key column mixing IRIs, numbers and strings."""
    for key in order_keys(text) or []:
        if key in table.columns:
            i = table.columns.index(key)
            kinds = {_term_kind(r[i]) for r in table.rows if r[i] is not None}
            if len(kinds) > 1:
                return True
    return False


def _term_kind(t: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    if not isinstance(t, ox.Literal):
        return type(t).__name__
    numeric = ("integer", "decimal", "double", "float", "int", "long")
    return "number" if t.datatype.value.removeprefix(XSD) in numeric else "literal"


_IF_BOUND = re.compile(r"IF\s*\(\s*BOUND\s*\(\s*\?(\w+)\s*\)", re.IGNORECASE)
_COALESCE_CONCAT = re.compile(r"COALESCE\s*\(\s*CONCAT\s*\(", re.IGNORECASE)
_AGGREGATE = re.compile(r"\b(SAMPLE|MIN|MAX)\s*\(\s*(DISTINCT\s+)?\?(\w+)\s*\)", re.IGNORECASE)

DIALECTS = [
    Dialect(
        "virtuoso",
        "BOUND() of an OPTIONAL variable after other OPTIONALs",
        "Virtuoso 7.2.5 evaluates BOUND(?x) to true for an unbound OPTIONAL variable when the "
        "group has a UNION and other OPTIONALs on the same subject before it (IF(BOUND("
        '?rule_name), CONCAT(?builder, ":", ?rule_name), ?builder) gives "builder:"); '
        'rewrite IF(BOUND(?x), ...) as IF(COALESCE(STR(?x), "") != "", ...)',
        "rows",
        _in_text(_IF_BOUND),
        P
        + """SELECT ?link ?rule WHERE {
  GRAPH ?d {
    { ?link a coop:Partnership } UNION { ?link a coop:Funding }
    OPTIONAL { ?link coop:confidence ?confidence }
    OPTIONAL { ?link coop:extractionRule ?rule_name }
    OPTIONAL { ?build prov:used ?d ; prov:wasAssociatedWith/rdfs:label ?builder }
  }
  BIND (IF(BOUND(?rule_name), CONCAT(COALESCE(?builder, ""), ":", ?rule_name), ?builder)
        AS ?rule)
}""",
        lambda text: _IF_BOUND.sub(r'IF(COALESCE(STR(?\1), "") != ""', text),
    ),
    Dialect(
        "virtuoso",
        "CONCAT() of an unbound variable is no error",
        "Virtuoso 7.2.5 reads an unbound argument of CONCAT as an empty string instead of an "
        "error, so COALESCE(CONCAT(..., ?x), fallback) never falls back; test the variable "
        'instead: IF(COALESCE(STR(?x), "") != "", CONCAT(...), fallback)',
        "rows",
        _in_text(_COALESCE_CONCAT),
        "SELECT ?x ?r WHERE { VALUES ?x { 1 } OPTIONAL { ?x <urn:x-none:p> ?y } "
        'BIND (COALESCE(CONCAT("a", ":", ?y), "fallback") AS ?r) }',
    ),
    Dialect(
        "virtuoso",
        "ORDER BY an aggregate of stored literals",
        "Virtuoso 7.2.5 sorts the value of SAMPLE(?l) (MIN, MAX) over literals read from the "
        "store by its internal string ids, not by their text (ORDER BY ?label after "
        "SAMPLE(?l) AS ?label is not alphabetical); aggregate the string: SAMPLE(STR(?l))",
        "order",
        _in_text(_AGGREGATE),
        P
        + """SELECT ?actor (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?doc) AS ?documents) WHERE {
  GRAPH ?doc {
    ?doc a coop:SourceDocument . ?mention coop:denotes ?actor .
    ?actor a coop:Commune ; skos:prefLabel ?l .
  }
} GROUP BY ?actor ORDER BY DESC(?documents) ?label ?actor""",
        lambda text: _AGGREGATE.sub(
            lambda m: f"{m.group(1)}({m.group(2) or ''}STR(?{m.group(3)}))", text
        ),
    ),
    Dialect(
        "virtuoso",
        "booleans come back as integers",
        "Virtuoso 7.2.5 returns every boolean a query computes (BIND (BOUND(?x) AS ?b), "
        "BIND (?n > 1 AS ?b), even the constant true) as 1 or 0; project a string instead: "
        'IF(BOUND(?x), "true", "false")',
        "rows",
        _has_booleans,
        "SELECT ?x ?b WHERE { VALUES ?x { 1 2 } OPTIONAL { ?x <urn:x-none:p> ?y } "
        "BIND (BOUND(?y) AS ?b) }",
    ),
    Dialect(
        "virtuoso",
        "ORDER BY over IRIs, numbers and strings together",
        "Virtuoso 7.2.5 sorts strings, then IRIs, then numbers when one ORDER BY key mixes "
        "them (SPARQL 1.1, 15.1, and the embedded Oxigraph: IRIs before literals, numbers by "
        "value); keep one kind of term per key, or sort by STR(?x)",
        "order",
        _orders_mixed_terms,
        'SELECT ?y WHERE { VALUES ?y { "b" 2 <http://example.org/a> "c" 1.5 } } ORDER BY ?y',
    ),
]


# --- fixtures ------------------------------------------------------------------------------


def _build_examples(path: Path) -> list[str]:
    from kg.build import Pipeline

    pipeline = Pipeline.default(Store(path))
    results = pipeline.build(sorted((ROOT / "examples").iterdir()))
    pipeline.store.flush()
    return [f"{r.path}: {r.status} {r.error or ''}" for r in results if r.status != "built"]


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ built into a store on disk (the writer is dropped before anyone reads it)."""
    import gc

    path = tmp_path_factory.mktemp("remote") / "store"
    failures = _build_examples(path)
    gc.collect()  # pyoxigraph has no close(): the lock goes with the last reference
    assert not failures, failures
    return path


@pytest.fixture(scope="session")
def embedded(store_dir: Path) -> Store:
    return Store(store_dir, read_only=True)


@pytest.fixture(scope="session")
def iri_values(embedded: Store) -> dict[str, str]:
    """Values for `iri` parameters: the richest document, a partnership link, Kloto 1."""
    docs = [g for g in embedded.graphs() if "/doc/" in g]
    document = max(docs, key=lambda g: (len(embedded.triples(g)), g))
    links = embedded.select(
        "SELECT ?link WHERE { GRAPH ?d { ?link a <https://w3id.org/coopkg/ontology#Partnership> "
        "} } ORDER BY ?link LIMIT 1"
    )
    link = next(iter(links))["link"].value
    return {"document": document, "link": link, "": BASE + "id/tg/commune/kloto-1"}


def _coopkg(
    *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KG, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env if env is not None else env_without("COOPKG_PASSWORD"),
        input=input,
        start_new_session=True,  # no controlling terminal: a prompt reads stdin
        check=False,
    )


def _push_args(server: Server, store_dir: Path, *extra: str) -> tuple[list[str], dict[str, str]]:
    args = ["push", "--graph-store", server.graph_store_url, "--store", str(store_dir)]
    args += ["--chunk-size", str(CHUNK), *extra]
    env = env_without("COOPKG_PASSWORD")
    if server.name == "virtuoso":
        args += ["--user", PUSHER]
        env["COOPKG_PASSWORD"] = PUSHER_PASSWORD
    return args, env


def _credentials(server: Server) -> Credentials | None:
    if server.name == "virtuoso":
        return Credentials(PUSHER, PUSHER_PASSWORD, "digest")
    return None


def _pushed(server: Server, store_dir: Path) -> Server:
    if server.name == "virtuoso" and "pusher" not in server.extra:
        # a user of the tests' own, allowed to write through /sparql-graph-crud-auth
        isql(
            server,
            f"DB.DBA.USER_CREATE('{PUSHER}', '{PUSHER_PASSWORD}'); "
            f'GRANT SPARQL_UPDATE TO "{PUSHER}";',
        )
        server.extra["pusher"] = PUSHER
    args, env = _push_args(server, store_dir)
    started = time.monotonic()
    done = _coopkg(*args, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    server.extra["push_seconds"] = f"{time.monotonic() - started:.2f}"
    return server


@pytest.fixture(scope="session")
def pushed_oxigraph(oxigraph_server: Server, store_dir: Path) -> Server:  # noqa: F811
    return _pushed(oxigraph_server, store_dir)


@pytest.fixture(scope="session")
def pushed_virtuoso(virtuoso_server: Server, store_dir: Path) -> Server:  # noqa: F811
    return _pushed(virtuoso_server, store_dir)


SERVERS = ["oxigraph", pytest.param("virtuoso", marks=pytest.mark.slow)]


@pytest.fixture(params=SERVERS)
def server(request: pytest.FixtureRequest) -> Server:
    """Each server with the store pushed to it (once per session)."""
    pushed: Server = request.getfixturevalue(f"pushed_{request.param}")
    return pushed


# --- comparing results -----------------------------------------------------------------------


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def multi_valued_columns(text: str) -> set[str]:
    """The columns a query builds with GROUP_CONCAT."""
    return set(re.findall(r"GROUP_CONCAT\b.*?\bAS\s+\?(\w+)", _strip_comments(text), re.S | re.I))


def order_keys(text: str) -> list[str] | None:
    """The variables of the outermost ORDER BY, or None when there is none or it sorts by an
    expression (its order is then not compared)."""
    body = _strip_comments(text)
    tail = body[body.rfind("}") + 1 :]
    m = re.search(r"ORDER\s+BY\s+(.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", tail, re.S | re.I)
    if not m:
        return None
    keys = []
    for token in re.findall(r"(?:ASC|DESC)\s*\([^)]*\)|\S+", m.group(1), re.I):
        var = re.fullmatch(r"(?:(?:ASC|DESC)\s*\(\s*)?\?(\w+)\s*\)?", token, re.I)
        if var is None:
            return None
        keys.append(var.group(1))
    return keys


Cell = tuple[int, str]  # (0, "") unbound, (1, lexical value) bound


def canonical_rows(table: Table, multi: set[str]) -> list[tuple[Cell, ...]]:
    """Rows as lexical values; multi-valued cells with their parts sorted."""
    out = []
    for row in table.rows:
        cells: list[Cell] = []
        for column, term in zip(table.columns, row, strict=True):
            if term is None:
                cells.append((0, ""))
                continue
            value = term.value
            if column in multi:
                value = " | ".join(sorted(value.split(" | ")))
            cells.append((1, value))
        out.append(tuple(cells))
    return out


@dataclass
class Comparison:
    same_rows: bool
    same_order: bool | None  #: None: the query's order is not a total key, not compared
    detail: str

    @property
    def ok(self) -> bool:
        return self.same_rows and self.same_order is not False


def compare(text: str, local: Table, remote: Table) -> Comparison:
    if local.columns != remote.columns:
        return Comparison(False, None, f"columns {local.columns} != {remote.columns}")
    multi = multi_valued_columns(text) | {
        c for i, c in enumerate(local.columns) for r in local.rows if r[i] and " | " in r[i].value
    }
    a, b = canonical_rows(local, multi), canonical_rows(remote, multi)
    if sorted(a) != sorted(b):
        only_local = [r for r in a if r not in b][:1]
        only_remote = [r for r in b if r not in a][:1]
        return Comparison(
            False,
            None,
            f"{len(a)} rows embedded, {len(b)} remote; only embedded: {_show(only_local)}; "
            f"only remote: {_show(only_remote)}",
        )
    keys = order_keys(text)
    if keys is None or not set(keys) <= set(local.columns):
        return Comparison(True, None, "")
    index = [local.columns.index(k) for k in keys]
    key_tuples = [tuple(r[i] for i in index) for r in a]
    if len(set(key_tuples)) != len(key_tuples):
        return Comparison(True, None, "")  # ties: the order is not total, not compared
    if a == b:
        return Comparison(True, True, "")
    first = next(i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y)
    return Comparison(
        True,
        False,
        f"ORDER BY {' '.join(keys)}: row {first} is {_show([a[first]])} embedded, "
        f"{_show([b[first]])} remote",
    )


def _show(rows: list[tuple[Cell, ...]]) -> str:
    def cell(bound: int, value: str) -> str:
        return (value if len(value) <= 48 else value[:47] + "…") if bound else "∅"

    return "; ".join("(" + ", ".join(cell(*c) for c in r) + ")" for r in rows) or "-"


def _params(query: NamedQuery, iris: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    values = dict(extra)
    for p in query.params:
        if p.name in values or p.default is not None:
            continue
        if p.type == "iri":
            values[p.name] = iris.get(p.name, iris[""])
        else:
            values[p.name] = PARAM_VALUES.get(p.name, TYPE_VALUES.get(p.type, "Kpalimé"))
    return values


def _cases() -> Iterator[Any]:
    for q in list_queries():
        yield pytest.param(q, {}, id=q.name)
        extra = EXTRA_CASES.get(q.name, {})
        if extra and set(extra) <= {p.name for p in q.params}:
            label = ",".join(f"{k}={v}" for k, v in extra.items())
            yield pytest.param(q, extra, id=f"{q.name}[{label}]")


# --- every named query, same rows ------------------------------------------------------------


@pytest.mark.parametrize(("query", "extra"), list(_cases()))
def test_named_query_gives_the_same_rows_remotely(
    server: Server,
    embedded: Store,
    iri_values: dict[str, str],
    query: NamedQuery,
    extra: dict[str, str],
) -> None:
    text = query.bound(_params(query, iri_values, extra))
    local = Table.from_solutions(embedded.select(text))
    remote = remote_select(server.query_url, text, timeout=60)
    result = compare(text, local, remote)
    if result.ok:
        return
    kind = "rows" if not result.same_rows else "order"
    known = [d for d in DIALECTS if d.server == server.name and d.affects == kind]
    tripped = [d for d in known if d.applies(text, local)]
    assert tripped, f"{query.name} on {server.name}: {result.detail}"
    # prove the rewrite: the rewritten query gives the embedded rows on the server too
    dialect, proof = tripped[0], "to be rewritten by hand"
    if dialect.rewrite is not None:
        rewritten = dialect.rewrite(text)
        same_here = compare(text, local, Table.from_solutions(embedded.select(rewritten))).ok
        there = remote_select(server.query_url, rewritten, timeout=60)
        if same_here and compare(text, local, there).ok:
            proof = "rewritten so, it gives the same rows there and here"
    pytest.xfail(
        f"{server.name} dialect, {dialect.name}: queries/{query.name}.rq must be rewritten "
        f"({dialect.detail}; {proof}). Seen: {result.detail}"
    )


@pytest.mark.parametrize(
    "dialect",
    [pytest.param(d, marks=pytest.mark.slow if d.server == "virtuoso" else ()) for d in DIALECTS],
    ids=lambda d: f"{d.server}: {d.name}",
)
def test_dialect_difference_is_real(
    request: pytest.FixtureRequest, embedded: Store, dialect: Dialect
) -> None:
    """Each difference named above shows on its server (else drop it), is recognised in the
    query showing it, and its rewrite (when there is one) gives the embedded rows there."""
    server: Server = request.getfixturevalue(f"pushed_{dialect.server}")
    local = Table.from_solutions(embedded.select(dialect.demo))
    result = compare(dialect.demo, local, remote_select(server.query_url, dialect.demo))
    assert not result.ok, f"{dialect.name}: not seen on {server.name} any more"
    assert result.same_rows == (dialect.affects == "order"), result.detail
    assert dialect.applies(dialect.demo, local)
    if dialect.rewrite is not None:
        fixed = dialect.rewrite(dialect.demo)
        assert fixed != dialect.demo
        assert compare(dialect.demo, local, Table.from_solutions(embedded.select(fixed))).ok
        assert compare(dialect.demo, local, remote_select(server.query_url, fixed)).ok


def test_every_query_is_checked_with_rows(embedded: Store, iri_values: dict[str, str]) -> None:
    """The comparisons mean something: most named queries give rows on the example corpus."""
    empty = []
    for q in list_queries():
        text = q.bound(_params(q, iri_values, {}))
        if not list(embedded.select(text)):
            empty.append(q.name)
    assert len(empty) <= len(list_queries()) // 4, f"no rows on the examples: {empty}"


# --- the query command ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_query_command_renders_remote_results_like_embedded(
    server: Server, store_dir: Path, fmt: str
) -> None:
    from typer.testing import CliRunner

    from kg.cli import app

    runner = CliRunner()
    for args in (["counts"], ["partners_of", "--param", "actor=KPALIME"]):
        local = runner.invoke(app, ["query", *args, "-f", fmt, "--store", str(store_dir)])
        remote = runner.invoke(
            app, ["query", *args, "-f", fmt, "--endpoint", server.query_url, "--timeout", "30"]
        )
        assert local.exit_code == 0, local.output
        assert remote.exit_code == 0, remote.output
        assert remote.stdout == local.stdout, args


@pytest.mark.parametrize("method", ["get", "post"])
def test_get_and_form_encoded_post(server: Server, method: str) -> None:
    table = remote_select(
        server.query_url,
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{BASE}graph/reference> {{ ?s ?p ?o }} }}",
        method=method,
        timeout=30,
    )
    assert int(table.rows[0][0].value) > 0  # type: ignore[union-attr]


def test_a_silent_server_times_out() -> None:
    """The time limit holds when a server accepts the connection and never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(RemoteError, match="no answer within 1 s"):
            remote_select(url, "SELECT * WHERE { ?s ?p ?o }", timeout=1)
        assert time.monotonic() - started < 10


def test_query_command_reports_an_unreachable_endpoint() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nobody listens there
    done = _coopkg("query", "counts", "--endpoint", f"http://127.0.0.1:{port}/sparql")
    assert done.returncode == 5
    assert "cannot reach the server" in done.stderr


def test_query_command_reports_a_bad_query(pushed_oxigraph: Server, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Bad\n# description: not SPARQL\nSELECT ?x WHERE { ?x ?y }\n")
    done = _coopkg("query", str(bad), "--endpoint", pushed_oxigraph.query_url)
    assert done.returncode == 5
    assert "coopkg:" in done.stderr and "Traceback" not in done.stderr


# --- pushing ----------------------------------------------------------------------------------


def _store_counts(store: Store) -> dict[str, int]:
    # the summary graph goes too: the aggregation queries read it on the server
    return {g: len(store.triples(g)) for g in [*store.graphs(), *store.summary_graphs()]}


def test_push_sends_every_graph(server: Server, embedded: Store) -> None:
    """One named graph per document, the reference and ontology graphs too, triple for
    triple (the ontology's blank nodes included: they travel with their triples)."""
    assert server.graph_counts(BASE) == _store_counts(embedded)
    assert {f"{BASE}graph/reference", f"{BASE}graph/ontology"} <= set(
        server_graphs(server.query_url)
    )


def test_push_again_changes_nothing(server: Server, store_dir: Path, embedded: Store) -> None:
    before = server.graph_counts(BASE)
    args, env = _push_args(server, store_dir)
    done = _coopkg(*args, env=env)
    assert done.returncode == 0, done.stderr
    pushed = len(embedded.graphs()) + len(embedded.summary_graphs())
    assert done.stdout.startswith(f"pushed {pushed} graphs")
    assert server.graph_counts(BASE) == before == _store_counts(embedded)


def _put(server: Server, graph: str, turtle: str) -> None:
    creds = _credentials(server)
    auth = creds.httpx_auth() if creds else None
    response = httpx.put(
        graph_url(server.graph_store_url, graph),
        content=turtle.encode(),
        headers={"Content-Type": "text/turtle"},
        auth=auth,
        timeout=30,
    )
    assert response.status_code in (200, 201, 204), response.text


def _delete(server: Server, graph: str) -> None:
    creds = _credentials(server)
    httpx.delete(
        graph_url(server.graph_store_url, graph),
        auth=creds.httpx_auth() if creds else None,
        timeout=30,
    )


def test_prune_removes_what_the_store_no_longer_has(
    server: Server, store_dir: Path, embedded: Store
) -> None:
    stale = f"{BASE}doc/00000000deadbeef"
    foreign = "http://example.org/another-project/graph"
    _put(server, stale, f"<{stale}> a <{BASE}ontology#SourceDocument> .")
    _put(server, foreign, "<http://example.org/a> <http://example.org/b> 'kept' .")
    try:
        assert stale in server_graphs(server.query_url)
        args, env = _push_args(server, store_dir, "--prune", "--endpoint", server.query_url)
        done = _coopkg(*args, env=env)
        assert done.returncode == 0, done.stderr
        assert f"pruned {stale}" in done.stdout
        assert stale not in server_graphs(server.query_url)
        assert server.graph_counts(BASE) == _store_counts(embedded)
        assert server.graph_counts("http://example.org/") == {foreign: 1}  # not ours: kept
    finally:
        _delete(server, foreign)
        _delete(server, stale)


def test_prune_needs_an_endpoint() -> None:
    done = _coopkg("push", "--graph-store", "http://127.0.0.1:9/store", "--prune")
    assert done.returncode == 2
    assert "--endpoint" in done.stderr


def test_emails_never_leave(pushed_oxigraph: Server) -> None:
    """A store holding an e-mail address is refused before anything is sent."""
    store = Store()
    graph = f"{BASE}doc/00000000e3a11000"
    g = ox.NamedNode(graph)
    store.oxigraph.add(
        ox.Quad(
            g, ox.NamedNode(f"{BASE}ontology#evidence"), ox.Literal("écrire à a.b@mairie.fr"), g
        )
    )
    store.oxigraph.add(ox.Quad(ox.NamedNode(f"{BASE}doc/x"), ox.NamedNode(f"{BASE}p"), g, g))
    with pytest.raises(CoopkgError, match="e-mail"):
        push(store, pushed_oxigraph.graph_store_url)
    assert graph not in server_graphs(pushed_oxigraph.query_url)


# --- passwords --------------------------------------------------------------------------------


def _cmdlines(pid: int) -> list[str]:
    """The command lines of a process and its descendants."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            found.append(Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode())
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _read_until(stream: Any, marker: bytes, timeout: float) -> bytes:
    """What `stream` gives until `marker` shows (or it closes, or `timeout` passes)."""
    import select

    data, deadline = b"", time.monotonic() + timeout
    while marker not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.1)
        if ready:
            chunk = os.read(stream.fileno(), 4096)
            if not chunk:
                break
            data += chunk
    return data


def test_password_is_prompted_and_never_in_the_arguments(server: Server, store_dir: Path) -> None:
    """Without $COOPKG_PASSWORD the password is asked (hidden prompt, here read from stdin);
    while the push runs, its process arguments never hold it. There is no option for it."""
    password = PUSHER_PASSWORD if server.name == "virtuoso" else "pw-" + os.urandom(6).hex()
    user = PUSHER if server.name == "virtuoso" else "someone"
    process = subprocess.Popen(
        [
            *KG,
            "push",
            "--graph-store",
            server.graph_store_url,
            "--store",
            str(store_dir),
            "--user",
            user,
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_without("COOPKG_PASSWORD"),
        start_new_session=True,  # no controlling terminal: the hidden prompt reads stdin
    )
    assert process.stdin and process.stdout and process.stderr
    try:
        prompt = _read_until(process.stderr, b"Password for", timeout=120)
        assert b"Password for" in prompt and process.poll() is None, prompt  # waits there
        lines = _cmdlines(process.pid)
        assert lines and all(password not in line for line in lines)
        out, rest = process.communicate(password.encode() + b"\n", timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    stdout, stderr = out.decode(), (prompt + rest).decode()
    assert process.returncode == 0, stderr
    assert password not in stdout + stderr
    assert "pushed" in stdout
    done = _coopkg("push", "--graph-store", server.graph_store_url, "--password", password)
    assert done.returncode == 2 and "No such option" in done.stderr


@pytest.mark.slow
def test_a_wrong_password_is_refused(pushed_virtuoso: Server, store_dir: Path) -> None:
    args, env = _push_args(pushed_virtuoso, store_dir)
    env["COOPKG_PASSWORD"] = "not-the-password"
    done = _coopkg(*args, env=env)
    assert done.returncode == 5
    assert "HTTP 401" in " ".join(done.stderr.split())


@pytest.mark.slow
def test_virtuoso_open_graph_store_after_the_grant(pushed_virtuoso: Server) -> None:
    """STACK.md's GRANT SPARQL_UPDATE TO "SPARQL" opens /sparql-graph-crud to anyone: push
    works there without a user (basic, i.e. no auth)."""
    store = Store()
    graph = f"{BASE}doc/00000000a0a0a0a0"
    g = ox.NamedNode(graph)
    store.oxigraph.add(ox.Quad(g, ox.NamedNode(f"{BASE}p"), ox.Literal("Kpalimé"), g))
    url = pushed_virtuoso.extra["open_graph_store"]
    try:
        report = push(store, url, timeout=30)
        assert report.requests == 2  # the document, and the summary graph (its stamp)
        assert pushed_virtuoso.graph_counts(graph) == {graph: 1}
        rows = pushed_virtuoso.select(f"SELECT ?o WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert rows == [{"o": "Kpalimé"}]  # UTF-8 kept
    finally:
        httpx.delete(graph_url(url, graph), timeout=30)


# --- units ------------------------------------------------------------------------------------


def test_virtuoso_typed_literals_read_as_literals() -> None:
    data = {
        "head": {"vars": ["n", "label", "iri", "missing"]},
        "results": {
            "bindings": [
                {
                    "n": {
                        "type": "typed-literal",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                        "value": "3",
                    },
                    "label": {"type": "literal", "xml:lang": "fr", "value": "Kpalimé"},
                    "iri": {"type": "uri", "value": f"{BASE}id/tg/commune/kloto-1"},
                },
                {"n": {"type": "bnode", "value": "nodeID://b10006"}},
            ]
        },
    }
    table = table_from_json(data)
    embedded = Table(
        ["n", "label", "iri", "missing"],
        [
            [
                ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
                ox.Literal("Kpalimé", language="fr"),
                ox.NamedNode(f"{BASE}id/tg/commune/kloto-1"),
                None,
            ],
            [table.rows[1][0], None, None, None],
        ],
    )
    assert isinstance(table.rows[1][0], ox.BlankNode)
    for fmt in FORMATS:
        assert render(table, fmt) == render(embedded, fmt)
    assert json.loads(render(table, "json"))["results"]["bindings"][0]["n"]["type"] == "literal"


@pytest.fixture
def fake_endpoint() -> Iterator[tuple[str, dict[str, Any]]]:
    """A canned HTTP endpoint: answers every request with `answer["body"]` (JSON) and
    `answer["headers"]`, and records the requests it got."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    answer: dict[str, Any] = {"body": {}, "headers": {}, "requests": []}

    class Handler(BaseHTTPRequestHandler):
        def _reply(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer["requests"].append((self.command, self.path, dict(self.headers), body))
            data = json.dumps(answer["body"]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            for k, v in answer["headers"].items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _reply

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sparql", answer
    finally:
        httpd.shutdown()
        httpd.server_close()


VIRTUOSO_JSON = {
    "head": {"link": [], "vars": ["n"]},
    "results": {
        "distinct": False,
        "ordered": True,
        "bindings": [{"n": {"type": "typed-literal", "datatype": XSD + "integer", "value": "7"}}],
    },
}


def test_virtuoso_style_answer_through_the_wire(fake_endpoint: tuple[str, dict[str, Any]]) -> None:
    """typed-literal read as a literal; the query goes as GET, or as a form-encoded POST when
    long, never as application/sparql-query; only the Accept header says JSON."""
    url, answer = fake_endpoint
    answer["body"] = VIRTUOSO_JSON
    short = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    long = "# " + "x" * 3000 + "\n" + short
    for text in (short, long):
        table = remote_select(url, text, timeout=5)
        assert render(table, "json") == render(
            Table(["n"], [[ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))]]), "json"
        )
    (m1, path1, h1, _), (m2, _, h2, body2) = answer["requests"]
    assert m1 == "GET" and "query=" in path1 and "format=" not in path1
    assert m2 == "POST" and h2["Content-Type"] == "application/x-www-form-urlencoded"
    assert body2.startswith(b"query=")
    assert "application/sparql-results+json" in h1["Accept"]


def test_results_cut_by_the_server_are_refused(fake_endpoint: tuple[str, dict[str, Any]]) -> None:
    """Virtuoso silently stops at ResultSetMaxRows, saying so only in X-SPARQL-MaxRows."""
    url, answer = fake_endpoint
    answer["body"], answer["headers"] = VIRTUOSO_JSON, {"X-SPARQL-MaxRows": "1"}
    with pytest.raises(RemoteError, match="cut the results at 1 rows"):
        remote_select(url, "SELECT ?n WHERE { ?n ?p ?o }", timeout=5)


def test_split_keeps_blank_node_groups_together() -> None:
    p = ox.NamedNode("urn:p")
    b1, b2, b3 = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    lone = [ox.Triple(ox.NamedNode(f"urn:s{i}"), p, ox.Literal(str(i))) for i in range(7)]
    chain = [
        ox.Triple(ox.NamedNode("urn:c"), p, b1),
        ox.Triple(b1, p, b2),
        ox.Triple(b2, p, ox.Literal("x")),
        ox.Triple(b3, p, ox.Literal("y")),
    ]
    parts = split_triples(lone[:3] + chain + lone[3:], 3)
    assert sorted(map(str, (t for part in parts for t in part))) == sorted(map(str, lone + chain))
    for part in parts:
        blanks = {x for t in part for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)}
        if blanks & {b1, b2}:
            assert {str(t) for t in chain[:3]} <= {str(t) for t in part}
    assert max(len(p) for p in parts) == 3
    assert split_triples([], 10) == [[]]


def test_plan_cuts_graphs_into_chunks(embedded: Store) -> None:
    plan = plan_push(embedded, CHUNK)
    assert plan.triples == len(embedded)
    for graph in plan.graphs:
        chunks = [c for c in plan.chunks if c.graph == graph]
        assert chunks[0].first and not any(c.first for c in chunks[1:])
    assert len([c for c in plan.chunks if c.graph.endswith("graph/reference")]) > 1


def test_auth_defaults() -> None:
    assert auth_scheme("http://h:8890/sparql-graph-crud-auth") == "digest"
    assert auth_scheme("http://h:3030/ds/data") == "basic"
    assert auth_scheme("http://h:8890/sparql-graph-crud-auth", "basic") == "basic"
    with pytest.raises(CoopkgError):
        auth_scheme("http://h/x", "kerberos")
    assert graph_url("http://h/store", f"{BASE}doc/1#x") == (
        "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fcoopkg%2Fdoc%2F1%23x"
    )
    assert graph_url("http://h/rdf?repo=1", "urn:g") == "http://h/rdf?repo=1&graph=urn%3Ag"
    assert "password" not in repr(Credentials("u", "secret"))
