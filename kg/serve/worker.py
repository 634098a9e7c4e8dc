"""A query worker: a process of its own that opens snapshots read-only and answers jobs.

Run as `python -m kg.serve.worker READ_FD WRITE_FD MEMORY_MB` by the pool, which talks to it
over two pipes (pickled `QueryJob`/`EntityJob` in, `Reply` out) and kills it when a query runs
past its time limit: pyoxigraph cannot cancel a running query, a process can be stopped.
Its address space is capped (`MEMORY_MB`), so a query that sorts a cross join fails here
instead of starving the machine.
"""

from __future__ import annotations

import json
import os
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.serve.protocol import GRAPH, RESULTS, EntityJob, Format, QueryJob, Reply, negotiate

_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class OpenSnapshot:
    """The snapshot this worker has open (one at a time: a new path closes the old one)."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.store: ox.Store | None = None

    def open(self, path: str) -> ox.Store:
        if self.store is None or path != self.path:
            self.store = None  # drop the old snapshot first: it may be deleted soon
            self.store = ox.Store.read_only(path)
            self.path = path
        return self.store


def _not_acceptable(kind: str, job: QueryJob) -> Reply:
    from kg.serve.protocol import formats

    offered = ", ".join(f.media_type for f in formats(kind))
    asked = f"format={job.format}" if job.format else f"Accept: {job.accept}"
    return Reply.error(406, f"cannot answer {asked}; this query's results come as: {offered}")


def _term(term: object) -> dict[str, object]:
    """A term in the SPARQL 1.1 JSON results format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _term(term.subject),
                "predicate": _term(term.predicate),
                "object": _term(term.object),
            },
        }
    raise TypeError(f"unexpected term {term!r}")


def _limit_error(job: QueryJob, what: str) -> Reply:
    return Reply.error(
        422,
        f"the query gives more than {job.max_rows} {what} (the row limit, `coopkg serve "
        "--max-rows`): add a LIMIT, or narrow it down",
    )


def _solutions(result: ox.QuerySolutions, fmt: Format, job: QueryJob) -> Reply:
    """Read at most `max_rows` solutions, then write them with pyoxigraph's serialiser."""
    names = [v.value for v in result.variables]
    bindings: list[dict[str, dict[str, object]]] = []
    for row in result:
        if len(bindings) >= job.max_rows:
            return _limit_error(job, "rows")
        bindings.append({n: _term(row[i]) for i, n in enumerate(names) if row[i] is not None})
    data = json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}})
    parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    body = parsed.serialize(format=_RESULT_FORMATS[fmt.name]) or b""
    return Reply(200, fmt.content_type, body)


def _triples(result: ox.QueryTriples, fmt: Format, job: QueryJob) -> Reply:
    from kg.vocab import PREFIXES

    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) >= job.max_rows:
            return _limit_error(job, "triples")
        triples.append(triple)
    rdf = _GRAPH_FORMATS[fmt.name]
    prefixes = PREFIXES if rdf == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=rdf, prefixes=prefixes) or b""
    return Reply(200, fmt.content_type, body)


def run_query(job: QueryJob, snapshots: OpenSnapshot) -> Reply:
    from kg.serve.protocol import refusal

    why = refusal(job.query)  # checked by the server already; a worker never runs these
    if why:
        return Reply.error(403, why)
    store = snapshots.open(job.snapshot)
    try:
        if job.default_graphs or job.named_graphs:
            result = store.query(
                job.query,
                default_graph=[ox.NamedNode(g) for g in job.default_graphs] or None,
                named_graphs=[ox.NamedNode(g) for g in job.named_graphs] or None,
            )
        else:
            result = store.query(job.query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryTriples):
            fmt = negotiate(GRAPH, job.accept, job.format)
            if fmt is None:
                return _not_acceptable(GRAPH, job)
            return _triples(result, fmt, job)
        fmt = negotiate(RESULTS, job.accept, job.format)
        if fmt is None:
            return _not_acceptable(RESULTS, job)
        if isinstance(result, ox.QueryBoolean):
            body = result.serialize(format=_RESULT_FORMATS[fmt.name]) or b""
            return Reply(200, fmt.content_type, body)
        return _solutions(result, fmt, job)
    except SyntaxError as exc:
        return Reply.error(400, f"invalid SPARQL query: {exc}")
    except ValueError as exc:  # an invalid IRI in default-graph-uri / named-graph-uri
        return Reply.error(400, f"invalid request: {exc}")
    except OSError as exc:
        return Reply.error(500, f"the query failed: {exc}")


def handle(job: object, snapshots: OpenSnapshot) -> Reply:
    if isinstance(job, QueryJob):
        return run_query(job, snapshots)
    if isinstance(job, EntityJob):
        from kg.serve.entity import describe

        try:
            return Reply(200, data=describe(snapshots.open(job.snapshot), job.iri))
        except ValueError as exc:
            return Reply.error(400, f"not an IRI: {exc}")
    return Reply.error(500, f"unknown job {type(job).__name__}")


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def main(argv: list[str]) -> int:
    rx = Connection(int(argv[0]), writable=False)
    tx = Connection(int(argv[1]), readable=False)
    _limit_memory(int(argv[2]) if len(argv) > 2 else 0)
    import kg.serve.entity  # noqa: F401  (loaded before the first job, not during it)

    snapshots = OpenSnapshot()
    tx.send(("ready", os.getpid()))
    while True:
        try:
            job = rx.recv()
        except (EOFError, OSError):  # the server is gone
            return 0
        try:
            reply = handle(job, snapshots)
        except MemoryError:
            reply = Reply.error(507, "the query needs more memory than a worker may use")
        except Exception as exc:  # a bug must cost one query, not the worker
            reply = Reply.error(500, f"internal error: {exc!r}")
        try:
            tx.send(reply)
        except (BrokenPipeError, OSError):
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
