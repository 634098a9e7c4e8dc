"""Remote SPARQL servers: the named queries run on any SPARQL 1.1 endpoint, and the store is
pushed to any SPARQL 1.1 Graph Store Protocol service, one named graph per document.

Queries go through SPARQLWrapper, always with a time limit, as GET or as a form-encoded POST
(`application/x-www-form-urlencoded`); never as a POST of `application/sparql-query`, which
hangs on Virtuoso 7. The JSON results are read into the same `kg.results.Table` the embedded
store gives, so they render identically; Virtuoso's old `typed-literal` term type (from the 2005
draft of the JSON results format) is read as a literal.

A push sends each named graph of the store (documents, reference data, ontology) with HTTP PUT,
which replaces the graph on the server, so pushing twice never duplicates a triple. A large graph
goes in chunks: PUT for the first (replace), POST for the others (add); triples sharing a blank
node always travel in the same chunk, since a blank node label means nothing across requests.
Nothing is sent before every chunk has been checked for e-mail addresses (the store is already
redacted; this is the export's own check). With prune, the graphs under the project's base IRI
that the server holds but the store no longer has are deleted afterwards (listed by a SPARQL
query on the server's endpoint).
"""

from __future__ import annotations

import math
import os
import urllib.error
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from kg.errors import CoopkgError, StoreError
from kg.export import check_no_contacts
from kg.redact import EMAIL
from kg.results import Table
from kg.vocab import DEFAULT_BASE

if TYPE_CHECKING:
    import httpx
    from rich.console import Console

    from kg.store import Store

DEFAULT_TIMEOUT = 60.0  #: seconds, for every request
DEFAULT_CHUNK = 5000  #: triples per Graph Store request
GET_LIMIT = 2000  #: longest URL sent as GET; a longer query goes as a form-encoded POST
PASSWORD_ENV = "COOPKG_PASSWORD"
AUTH_SCHEMES = ("digest", "basic")
METHODS = ("auto", "get", "post")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class RemoteError(CoopkgError):
    """A SPARQL server could not be reached, refused a request or answered something that is
    not SPARQL results."""

    exit_code = 5

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status  #: the HTTP status the server answered, when it answered


@dataclass(frozen=True)
class Credentials:
    """Who to log in as, and how: `digest` (Virtuoso's `/sparql-graph-crud-auth`) or `basic`."""

    user: str
    password: str = field(repr=False)
    scheme: str = "basic"

    def httpx_auth(self) -> httpx.Auth:
        import httpx

        if self.scheme == "digest":
            return httpx.DigestAuth(self.user, self.password)
        return httpx.BasicAuth(self.user, self.password)


def auth_scheme(url: str, scheme: str | None = None) -> str:
    """`scheme` checked, or the default for `url`: digest for Virtuoso's digest-protected
    `/sparql-graph-crud-auth`, basic otherwise."""
    if scheme is None:
        path = urlsplit(url).path.rstrip("/")
        return "digest" if path.endswith("/sparql-graph-crud-auth") else "basic"
    if scheme not in AUTH_SCHEMES:
        raise CoopkgError(f"unknown auth {scheme!r} (known: {', '.join(AUTH_SCHEMES)})")
    return scheme


def password_for(user: str, prompt: Callable[[str], str]) -> str:
    """The password of `user`: `$COOPKG_PASSWORD`, else asked with `prompt` (never an
    argument, so it never shows in the process list or the shell history)."""
    return os.environ.get(PASSWORD_ENV) or prompt(f"Password for {user}")


# --- queries ------------------------------------------------------------------------------


def remote_select(
    endpoint: str,
    query: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    method: str = "auto",
    credentials: Credentials | None = None,
) -> Table:
    """Run a SELECT on a SPARQL 1.1 endpoint; the rows as a `Table` of RDF terms.

    `method`: `get`, `post` (form-encoded) or `auto` (GET while the URL stays short)."""
    from SPARQLWrapper import BASIC, DIGEST, GET, JSON, POST, SELECT, URLENCODED, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    if method not in METHODS:
        raise CoopkgError(f"unknown method {method!r} (known: {', '.join(METHODS)})")
    if not timeout > 0:
        raise CoopkgError("the timeout must be a positive number of seconds")
    _check_url(endpoint)
    sparql = SPARQLWrapper(endpoint)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sparql.setQuery(query)
    # SPARQLWrapper guesses the query form from the text, but its comment stripping misses
    # every other line of a comment block, so a header mentioning "add" or "delete" makes it
    # send a SELECT as an update: this function only runs SELECTs, so say so.
    sparql.queryType = SELECT
    sparql.setReturnFormat(JSON)
    sparql.setOnlyConneg(True)  # the Accept header only, no format=/output= parameters
    sparql.setTimeout(max(1, math.ceil(timeout)))
    long_url = len(endpoint) + len(urlencode({"query": query})) + 1 > GET_LIMIT
    sparql.setMethod(POST if method == "post" or (method == "auto" and long_url) else GET)
    sparql.setRequestMethod(URLENCODED)  # never POSTDIRECTLY: it hangs on Virtuoso
    if credentials is not None:
        sparql.setHTTPAuth(DIGEST if credentials.scheme == "digest" else BASIC)
        sparql.setCredentials(credentials.user, credentials.password)
    try:
        response = sparql.query()
        capped = response.info().get("x-sparql-maxrows")
        result = response.convert()
    except SPARQLWrapperException as exc:
        status = _STATUS.get(type(exc).__name__)
        raise RemoteError(f"{endpoint}: {_server_said(exc)}", status) from exc
    except urllib.error.HTTPError as exc:
        raise RemoteError(f"{endpoint}: HTTP {exc.code} {_body(exc.read())}", exc.code) from exc
    except urllib.error.URLError as exc:
        raise RemoteError(f"{endpoint}: cannot reach the server ({exc.reason})") from exc
    except TimeoutError as exc:
        raise RemoteError(f"{endpoint}: no answer within {timeout:g} s") from exc
    except (OSError, ValueError) as exc:  # a reset connection; a body that is not JSON
        raise RemoteError(f"{endpoint}: unreadable answer ({exc})") from exc
    if not isinstance(result, dict):
        raise RemoteError(f"{endpoint}: the answer is not SPARQL JSON results")
    if capped:  # Virtuoso's ResultSetMaxRows: a partial table must not pass for the whole
        raise RemoteError(
            f"{endpoint}: the server cut the results at {capped} rows (Virtuoso: raise "
            "ResultSetMaxRows in [SPARQL] of virtuoso.ini)"
        )
    return table_from_json(result)


_STATUS = {
    "QueryBadFormed": 400,
    "Unauthorized": 401,
    "EndPointNotFound": 404,
    "URITooLong": 414,
    "EndPointInternalError": 500,
}


def table_from_json(data: dict[str, Any]) -> Table:
    """A `Table` from SPARQL 1.1 JSON results (also Virtuoso's `typed-literal` terms)."""
    if "boolean" in data:
        raise RemoteError("expected a SELECT query, the server answered a boolean (ASK)")
    try:
        columns = [str(v) for v in data["head"]["vars"]]
        bindings = data["results"]["bindings"]
        blanks: dict[str, ox.BlankNode] = {}
        rows = [[_term(b.get(c), blanks) for c in columns] for b in bindings]
    except (KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(f"the answer is not SPARQL JSON results ({exc!r})") from exc
    return Table(columns, rows)


def _term(
    term: dict[str, str] | None, blanks: dict[str, ox.BlankNode]
) -> ox.NamedNode | ox.Literal | ox.BlankNode | None:
    if term is None:
        return None
    kind, value = term["type"], term["value"]
    try:
        if kind == "uri":
            return ox.NamedNode(value)
        if kind == "bnode":  # Virtuoso's are "nodeID://b10006": not a valid label here
            return blanks.setdefault(value, ox.BlankNode())
        if kind in ("literal", "typed-literal"):
            if term.get("xml:lang"):
                return ox.Literal(value, language=term["xml:lang"])
            datatype = term.get("datatype")
            if datatype and datatype != _XSD_STRING:
                return ox.Literal(value, datatype=ox.NamedNode(datatype))
            return ox.Literal(value)
    except ValueError as exc:
        raise RemoteError(f"the server sent an invalid term {term!r}: {exc}") from exc
    raise RemoteError(f"the server sent a term of unknown type {kind!r}")


def _server_said(exc: Exception) -> str:
    text = str(exc)
    name, _, rest = text.partition("Response:\n")
    first = name.split(":", 1)[-1].strip().rstrip(".").strip()
    if rest:
        body = rest.strip()
        if body.startswith(("b'", 'b"')):
            body = body[2:-1].encode().decode("unicode_escape", errors="replace")
        return f"{first}: {_body(body)}"
    return first


def _body(data: bytes | str) -> str:
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return " ".join(text.split())[:400]


def _check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CoopkgError(f"{url!r} is not an http(s) URL")


# --- pushing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chunk:
    """Part of one named graph, as N-Triples; the first chunk of a graph replaces the graph
    (PUT), the others are added to it (POST)."""

    graph: str
    data: bytes
    triples: int
    first: bool


@dataclass
class PushPlan:
    graphs: list[str]
    chunks: list[Chunk]

    @property
    def triples(self) -> int:
        return sum(c.triples for c in self.chunks)


@dataclass
class PushReport:
    graphs: list[str]
    triples: int
    requests: int
    pruned: list[str] = field(default_factory=list)


def plan_push(store: Store, chunk_size: int = DEFAULT_CHUNK) -> PushPlan:
    """Every named graph of `store` cut into chunks of at most `chunk_size` triples (more only
    when that many triples share blank nodes), checked for e-mail addresses: nothing is sent
    unless no chunk holds one."""
    if chunk_size < 1:
        raise CoopkgError("the chunk size must be at least one triple")
    if not store.graphs():
        raise StoreError("the store holds no graph: nothing to push (run `coopkg build` first)")
    graphs = [*store.graphs(), *store.summary_graphs()]  # the aggregation queries read it
    chunks: list[Chunk] = []
    for graph in graphs:
        for i, part in enumerate(split_triples(store.triples(graph), chunk_size)):
            data = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b""
            if EMAIL.search(data.decode("utf-8", errors="replace")):
                raise CoopkgError(f"refusing to push: graph {graph} holds an e-mail address")
            check_no_contacts(part, "push")  # phone numbers too
            chunks.append(Chunk(graph, data, len(part), i == 0))
    return PushPlan(graphs, chunks)


def split_triples(triples: Sequence[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """`triples` in parts of about `size`, keeping together the triples linked by blank nodes
    (an OWL restriction, an RDF list): each part is parsed on its own by the server. At least
    one part, possibly empty."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def root(b: ox.BlankNode) -> ox.BlankNode:
        parent.setdefault(b, b)
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    for t in triples:
        blank = [x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        if len(blank) == 2:
            parent[root(blank[0])] = root(blank[1])
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    parts: list[list[ox.Triple]] = [[]]
    for t in triples:
        first = next((x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)), None)
        if first is None:
            _add(parts, [t], size)
        else:
            groups.setdefault(root(first), []).append(t)
    for group in groups.values():
        _add(parts, group, size)
    return parts


def _add(parts: list[list[ox.Triple]], group: list[ox.Triple], size: int) -> None:
    if parts[-1] and len(parts[-1]) + len(group) > size:
        parts.append([])
    parts[-1].extend(group)


def graph_url(graph_store: str, graph: str) -> str:
    """The Graph Store Protocol URL of a named graph (indirect identification: `?graph=`)."""
    sep = "&" if "?" in graph_store else "?"
    return f"{graph_store}{sep}{urlencode({'graph': graph})}"


def send_plan(
    plan: PushPlan,
    graph_store: str,
    *,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    on_chunk: Callable[[Chunk], None] | None = None,
) -> PushReport:
    """Upload the plan's chunks in order: PUT (replace) for a graph's first chunk, POST (add)
    for the next ones."""
    _check_url(graph_store)
    with _client(credentials, timeout) as client:
        for chunk in plan.chunks:
            _request(client, "PUT" if chunk.first else "POST", graph_store, chunk.graph, chunk.data)
            if on_chunk is not None:
                on_chunk(chunk)
    return PushReport(list(plan.graphs), plan.triples, len(plan.chunks))


def server_graphs(
    endpoint: str,
    base: str = DEFAULT_BASE,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    credentials: Credentials | None = None,
) -> list[str]:
    """The named graphs under `base` that the server at `endpoint` holds (Virtuoso's system
    graphs, and anyone else's, are left out), sorted."""
    query = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER (STRSTARTS(STR(?g), {ox.Literal(base)})) }}"
    )
    try:  # a query endpoint is often open while its graph store is not
        table = remote_select(endpoint, query, timeout=timeout)
    except RemoteError as exc:
        if exc.status != 401 or credentials is None:
            raise
        table = remote_select(endpoint, query, timeout=timeout, credentials=credentials)
    found = {str(row["g"]) for row in table.values() if row.get("g")}
    return sorted(g for g in found if g.startswith(base))


def prune(
    graph_store: str,
    endpoint: str,
    keep: Iterable[str],
    base: str = DEFAULT_BASE,
    *,
    credentials: Credentials | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[str]:
    """Delete the server's graphs under `base` that are not in `keep`; the deleted IRIs."""
    if not base.startswith(("http://", "https://")) or len(base) < len("https://x/"):
        raise CoopkgError(f"refusing to prune under {base!r}")
    kept = set(keep)
    on_server = server_graphs(endpoint, base, timeout=timeout, credentials=credentials)
    stale = [g for g in on_server if g not in kept]
    with _client(credentials, timeout) as client:
        for graph in stale:
            _request(client, "DELETE", graph_store, graph, None)
    return stale


def push(
    store: Store,
    graph_store: str,
    *,
    credentials: Credentials | None = None,
    endpoint: str | None = None,
    prune_stale: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    timeout: float = DEFAULT_TIMEOUT,
    on_plan: Callable[[PushPlan], None] | None = None,
    on_chunk: Callable[[Chunk], None] | None = None,
    base: str = DEFAULT_BASE,
) -> PushReport:
    """Push every named graph of `store` to `graph_store`, then (with `prune_stale`) delete the
    server's graphs under `base` that the store no longer has, listed through `endpoint`.
    `on_plan` sees the plan before anything is sent, `on_chunk` each chunk once sent."""
    if prune_stale and not endpoint:
        raise CoopkgError("--prune needs the server's SPARQL endpoint (--endpoint URL)")
    if endpoint:
        _check_url(endpoint)
    plan = plan_push(store, chunk_size)
    if on_plan is not None:
        on_plan(plan)
    report = send_plan(
        plan, graph_store, credentials=credentials, timeout=timeout, on_chunk=on_chunk
    )
    if prune_stale and endpoint:
        report.pruned = prune(
            graph_store, endpoint, plan.graphs, base, credentials=credentials, timeout=timeout
        )
    return report


def push_with_progress(
    console: Console, store: Store, graph_store: str, **options: Any
) -> PushReport:
    """`push` (same options) with a progress bar on `console`: triples sent out of the total,
    and the graph being sent."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        TaskProgressColumn(),
        MofNCompleteColumn(),
        TextColumn("triples"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as progress:
        task: list[TaskID] = []

        def start(plan: PushPlan) -> None:
            task.append(progress.add_task("pushing", total=plan.triples))

        def advance(chunk: Chunk) -> None:
            progress.update(task[0], advance=chunk.triples, description=_short(chunk.graph))

        return push(store, graph_store, on_plan=start, on_chunk=advance, **options)


def _short(graph: str) -> str:
    return graph.removeprefix(DEFAULT_BASE)


def _client(credentials: Credentials | None, timeout: float) -> httpx.Client:
    import httpx

    auth = credentials.httpx_auth() if credentials is not None else None
    return httpx.Client(auth=auth, timeout=timeout, follow_redirects=False)


def _request(
    client: httpx.Client, method: str, graph_store: str, graph: str, data: bytes | None
) -> None:
    import httpx

    headers = {"Content-Type": "text/turtle; charset=utf-8"} if data is not None else {}
    try:
        response = client.request(
            method, graph_url(graph_store, graph), content=data, headers=headers
        )
    except httpx.TimeoutException as exc:
        raise RemoteError(f"{method} {graph}: no answer from {graph_store} in time") from exc
    except httpx.HTTPError as exc:
        raise RemoteError(f"{method} {graph}: cannot reach {graph_store} ({exc})") from exc
    if method == "DELETE" and response.status_code == 404:
        return  # already gone
    if response.status_code in (401, 403):
        raise RemoteError(
            f"{graph_store} refused the request (HTTP {response.status_code}): check --user, "
            f"--auth and ${PASSWORD_ENV}",
            response.status_code,
        )
    if not 200 <= response.status_code < 300:
        raise RemoteError(
            f"{method} {graph}: HTTP {response.status_code} {_body(response.content)}",
            response.status_code,
        )


__all__ = [
    "Chunk",
    "Credentials",
    "PushPlan",
    "PushReport",
    "RemoteError",
    "auth_scheme",
    "password_for",
    "plan_push",
    "prune",
    "push",
    "push_with_progress",
    "remote_select",
    "send_plan",
    "server_graphs",
    "split_triples",
    "table_from_json",
]
