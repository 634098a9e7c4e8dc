"""The web application: the SPARQL 1.1 Protocol at `/sparql`, the named queries at `/named`, the
entity view at `/entity` and the query page at `/`, on Starlette, run by uvicorn.

- `GET /sparql?query=…`, `POST /sparql` (`application/sparql-query`, or form-encoded
  `query=`): a query; results by `Accept` (or `format=`).
- `GET /named`: the named queries with their parameters, as JSON.
- `GET /named/<name>?param=…`: a named query, its parameters bound by the server, run.
- `GET /named/<name>/query?param=…`: the same query's bound text (what the page puts in the
  editor).
- `GET /entity?iri=…`: what the graph says about one IRI: label, kinds, links with their
  evidence and source documents.
- `GET /status`: the snapshot served (generation, graphs, time) and the workers, as JSON.
- `GET /`: YASGUI with the coopkg prefixes and the named queries.

Every request that reaches the store is a `QueryJob` or `EntityJob` run by the worker pool
against the current snapshot; updates and federated queries are refused before that (403).
"""

from __future__ import annotations

import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from types import FrameType
from typing import Any
from urllib.parse import parse_qsl, quote

import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.errors import UnknownQuery
from kg.named_queries import NamedQuery, list_queries
from kg.serve.config import ServeConfig
from kg.serve.entity import short
from kg.serve.pool import Busy, Pool, QueryTimeout, WorkerLost
from kg.serve.protocol import EntityJob, QueryJob, Reply, refusal
from kg.serve.snapshot import Snapshots
from kg.vocab import DEFAULT_BASE, PREFIXES

MAX_BODY = 1024 * 1024  #: bytes of a POSTed query at most
#: the prefixes the page declares: the vocabularies, and coopkg's main IRI families (named as
#: the Turtle export names them)
PAGE_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "doc": f"{DEFAULT_BASE}doc/",
    "graph": f"{DEFAULT_BASE}graph/",
    "insee": f"{DEFAULT_BASE}id/insee/",
    "country": f"{DEFAULT_BASE}id/country/",
    "programme": f"{DEFAULT_BASE}id/programme/",
    "project": f"{DEFAULT_BASE}id/project/",
    "theme": f"{DEFAULT_BASE}id/theme/",
    "tg_commune": f"{DEFAULT_BASE}id/tg/commune/",
    "tg_department": f"{DEFAULT_BASE}id/tg/department/",
    "tg_region": f"{DEFAULT_BASE}id/tg/region/",
    "fr_region": f"{DEFAULT_BASE}id/fr/region/",
}
DEFAULT_QUERY = """\
# Every partnership, with its partners and the document that states it. The default graph is the
# union of the document graphs; the named queries on the left name their graphs (GRAPH ?document).
SELECT ?partnership ?a ?a_label ?b ?b_label ?document WHERE {
  GRAPH ?document {
    ?partnership a coop:Partnership ; coop:firstPartner ?a ; coop:secondPartner ?b .
    OPTIONAL { ?a skos:prefLabel ?a_label }
    OPTIONAL { ?b skos:prefLabel ?b_label }
  }
}
ORDER BY ?a_label ?b_label
LIMIT 200
"""
#: HTML pages may load nothing but this server's own files
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_NO_STORE = {"Cache-Control": "no-store"}


def _text(status: int, message: str) -> Response:
    return Response((message.rstrip() + "\n").encode("utf-8"), status, headers=_NO_STORE,
                    media_type="text/plain; charset=utf-8")  # fmt: skip


def entity_url(iri: str) -> str:
    return "/entity?iri=" + quote(iri, safe="")


class Server:
    """The application's state: settings, snapshots, workers, named queries, templates."""

    def __init__(self, config: ServeConfig, snapshots: Snapshots, pool: Pool) -> None:
        self.config = config
        self.snapshots = snapshots
        self.pool = pool
        self.queries: dict[str, NamedQuery] = {q.name: q for q in list_queries()}
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("kg.serve", "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.globals.update(entity_url=entity_url, short=short)

    # -- running jobs -----------------------------------------------------------------------

    async def _run(self, job_for: Callable[[str], QueryJob | EntityJob]) -> Reply:
        """Run the job `job_for(snapshot_path)` on the current snapshot, in a worker."""
        with self.snapshots.use() as snap:
            job = job_for(str(snap.path))
            try:
                return await run_in_threadpool(self.pool.run, job, self.config.timeout)
            except QueryTimeout:
                return Reply.error(
                    503,
                    f"query stopped: it ran longer than {self.config.timeout:g} s (the time "
                    "limit, `coopkg serve --timeout`); the server goes on answering other queries",
                )
            except Busy:
                return Reply.error(
                    503, f"every query worker ({self.pool.size}) is busy; try again shortly"
                )
            except WorkerLost as lost:
                if lost.out_of_memory:
                    return Reply.error(
                        507,
                        "query stopped: it needed more memory than a worker may use "
                        f"({self.config.memory_mb} MiB, `coopkg serve --memory`)",
                    )
                return Reply.error(
                    500, "the query's worker stopped before answering; it has been replaced"
                )

    async def _answer(
        self, query: str, accept: str | None, params: list[tuple[str, str]]
    ) -> Response:
        why = refusal(query)
        if why:
            return _text(403, why)
        values: dict[str, list[str]] = {}
        for k, v in params:
            values.setdefault(k, []).append(v)
        given = values.get("format") or values.get("output")
        fmt = given[0] if given else None

        def job(path: str) -> QueryJob:
            return QueryJob(
                path,
                query,
                accept,
                fmt,
                self.config.max_rows,
                tuple(values.get("default-graph-uri", ())),
                tuple(values.get("named-graph-uri", ())),
            )

        reply = await self._run(job)
        headers = {**_NO_STORE, "Vary": "Accept"}
        return Response(reply.body, reply.status, headers=headers, media_type=reply.content_type)

    # -- routes -----------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        accept = request.headers.get("accept")
        params = list(request.query_params.multi_items())
        if "update" in request.query_params:
            return _text(403, "SPARQL Update is refused: this endpoint is read-only")
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return _text(403, "SPARQL Update is refused: this endpoint is read-only")
            body = await _body(request)
            if body is None:
                return _text(413, f"the request is larger than {MAX_BODY} bytes")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return _text(400, "the request body is not UTF-8")
            if ctype == "application/sparql-query":
                queries = [text]
                params = [(k, v) for k, v in params if k != "query"]
            elif ctype == "application/x-www-form-urlencoded":
                form = parse_qsl(text, keep_blank_values=True)
                if any(k == "update" for k, _ in form):
                    return _text(403, "SPARQL Update is refused: this endpoint is read-only")
                queries = [v for k, v in form if k == "query"]
                params += [(k, v) for k, v in form if k != "query"]
            else:
                return _text(
                    415,
                    "POST a query as application/sparql-query, or form-encoded "
                    "(application/x-www-form-urlencoded) with query=",
                )
        else:
            queries = request.query_params.getlist("query")
            params = [(k, v) for k, v in params if k != "query"]
        if not queries:
            if request.method == "GET" and "text/html" in (accept or ""):
                return RedirectResponse("/", 303)
            return _text(400, "no query: give one as query=… (SPARQL 1.1 Protocol)")
        if len(queries) > 1:
            return _text(400, "more than one query= parameter")
        return await self._answer(queries[0], accept, params)

    def _named(self, request: Request) -> NamedQuery | Response:
        name = request.path_params["name"]
        q = self.queries.get(name)
        if q is None:
            known = ", ".join(sorted(self.queries))
            return _text(404, f"no query named {name!r} (known: {known})")
        return q

    def _bound(self, q: NamedQuery, request: Request) -> str | Response:
        reserved = {"format", "output"} - {p.name for p in q.params}
        values: dict[str, str] = {}
        for k, v in request.query_params.multi_items():
            if k in reserved:
                continue
            if k in values:
                return _text(400, f"parameter {k} given twice")
            values[k] = v
        try:
            return q.bound(values)
        except UnknownQuery as exc:
            return _text(400, str(exc))

    def _named_text(self, request: Request) -> str | Response:
        """The named query of the request with its parameters bound, or the error response."""
        q = self._named(request)
        return q if isinstance(q, Response) else self._bound(q, request)

    async def named(self, request: Request) -> Response:
        text = self._named_text(request)
        if isinstance(text, Response):
            return text
        fmt = [(k, v) for k, v in request.query_params.multi_items() if k in ("format", "output")]
        return await self._answer(text, request.headers.get("accept"), fmt)

    async def named_text(self, request: Request) -> Response:
        text = self._named_text(request)
        if isinstance(text, Response):
            return text
        return Response(text.encode("utf-8"), headers=_NO_STORE,
                        media_type="application/sparql-query; charset=utf-8")  # fmt: skip

    async def named_list(self, request: Request) -> Response:
        return JSONResponse([_describe_query(q) for q in self.queries.values()])

    async def entity(self, request: Request) -> Response:
        iri = request.query_params.get("iri", "").strip()
        if not iri:
            return self._page("entity.html", {"e": None, "error": "no IRI given (?iri=…)"}, 400)
        reply = await self._run(lambda path: EntityJob(path, iri))
        if reply.status != 200:
            error = reply.body.decode("utf-8", "replace").strip()
            return self._page("entity.html", {"e": None, "error": error}, reply.status)
        return self._page("entity.html", {"e": reply.data, "error": None})

    async def status(self, request: Request) -> Response:
        snap = self.snapshots.current
        return JSONResponse(
            {
                "generation": snap.generation,
                "graphs": snap.graphs,
                "taken": _iso(snap.taken),
                "workers": self.pool.size,
                "workers_replaced": self.pool.replaced,
                "timeout": self.config.timeout,
                "max_rows": self.config.max_rows,
            },
            headers=_NO_STORE,
        )

    async def index(self, request: Request) -> Response:
        snap = self.snapshots.current
        config = {
            "endpoint": "/sparql",
            "named": "/named",
            "entity": "/entity",
            "prefixes": PAGE_PREFIXES,
            "defaultQuery": _prologue(PAGE_PREFIXES) + DEFAULT_QUERY,
        }
        context = {
            "queries": list(self.queries.values()),
            "config": config,
            "graphs": snap.graphs,
            "taken": _iso(snap.taken),
            "timeout": self.config.timeout,
            "max_rows": self.config.max_rows,
        }
        return self._page("index.html", context)

    def _page(self, name: str, context: dict[str, Any], status: int = 200) -> Response:
        html = self.env.get_template(name).render(**context)
        headers = {**_NO_STORE, "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"}
        return HTMLResponse(html, status, headers=headers)

    def app(self) -> Starlette:
        routes = [
            Route("/", self.index, methods=["GET"]),
            Route("/sparql", self.sparql, methods=["GET", "POST"]),
            Route("/named", self.named_list, methods=["GET"]),
            Route("/named/{name}", self.named, methods=["GET"]),
            Route("/named/{name}/query", self.named_text, methods=["GET"]),
            Route("/entity", self.entity, methods=["GET"]),
            Route("/status", self.status, methods=["GET"]),
            Mount("/static", StaticFiles(packages=[("kg.serve", "static")]), name="static"),
        ]

        @asynccontextmanager
        async def lifespan(app: Starlette) -> AsyncIterator[None]:
            yield
            self.pool.close()
            self.snapshots.close()

        middleware = []
        if self.config.cors_origin:  # only when asked: by default no CORS header at all
            middleware.append(
                Middleware(
                    CORSMiddleware,
                    allow_origins=[self.config.cors_origin],
                    allow_methods=["GET", "POST"],
                    allow_headers=["Accept", "Content-Type"],
                )
            )
        return Starlette(routes=routes, lifespan=lifespan, middleware=middleware)


async def _body(request: Request) -> bytes | None:
    """The request body, None past MAX_BODY bytes."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _prologue(prefixes: dict[str, str]) -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items()) + "\n"


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, UTC).replace(microsecond=0).isoformat()


def _describe_query(q: NamedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "params": [
            {"name": p.name, "type": p.type, "description": p.description, "default": p.default}
            for p in q.params
        ],
        "url": f"/named/{q.name}",
    }


class _Uvicorn(uvicorn.Server):
    """uvicorn, stopping on Ctrl-C or SIGTERM without raising the signal again afterwards, so
    `coopkg serve` cleans up and exits 0 (a second Ctrl-C forces the exit)."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit:
            self.force_exit = True
        self.should_exit = True


def run(config: ServeConfig) -> None:
    """Take the first snapshot, start the workers, serve until interrupted, clean up."""
    start = time.monotonic()
    snapshots = Snapshots(config.store, config.poll)
    pool: Pool | None = None
    try:
        snap = snapshots.start()
        pool = Pool(config.workers, config.memory_mb)
        server = Server(config, snapshots, pool)
        host = f"[{config.host}]" if ":" in config.host else config.host
        print(
            f"coopkg serve: http://{host}:{config.port}/ (SPARQL at /sparql) serving "
            f"{config.store} ({snap.graphs} graphs; {config.workers} workers, "
            f"{config.timeout:g} s and {config.max_rows} rows per query; "
            f"ready in {time.monotonic() - start:.1f} s)",
            file=sys.stderr,
            flush=True,
        )
        settings = uvicorn.Config(
            server.app(),
            host=config.host,
            port=config.port,
            log_level="warning",
            access_log=False,
            lifespan="on",
        )
        _Uvicorn(settings).run()
    finally:
        if pool is not None:
            pool.close()
        snapshots.close()


__all__ = ["PAGE_PREFIXES", "Server", "entity_url", "run"]
