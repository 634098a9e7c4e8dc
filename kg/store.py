"""The embedded store: Oxigraph on disk (or in memory), one named graph per source document.

The write path (shared by every build): a document graph is in the store wholly or not at all,
whatever moment the writing process dies at.

1. One update (one transaction) empties the graph and puts a *pending flag* in it, the triple
   `<graph> <urn:coopkg:store#pendingWrite> "…"`.
2. The triples go in as N-Triples text by batches: in one transaction (`load`) for a graph of
   one batch, through the bulk loader for a larger one (`bulk_load` of each batch, in threads
   of their own: no transaction, far less memory, and batches are written side by side while
   the next ones are made). The build hands its graph over as text already (`kg.ntriples`);
   other callers' triples are serialised batch by batch. The graph's commit marker, the
   document's `a coop:SourceDocument` record, is held back.
3. One update (one transaction) removes the flag, adds the marker and drops the graphs the new
   one replaces (the older builds of the same file).

The summary graph (`kg.summary`), which the aggregation queries read, changes in the same
transactions: step 1 takes the graph's older content out of it, step 3 puts the new document in
and the dropped ones out, and removing graphs updates it with the drop. A store whose summary is
missing or of another version gets it recomputed when it is opened for writing.

A graph that still holds its flag was left half-written by a process that died: it is swept
(dropped) when the store is next opened for writing, when a reader opens it while no writer
holds it, and in the server's copies. The named queries join on the marker, and `graphs()`
leaves flagged graphs out, so nothing reads half a document.

One process writes a store at a time (RocksDB's lock): a second writer waits up to `wait`
seconds, then is refused with `StoreBusy` ("store is busy").
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox

from kg import ntriples as nt
from kg import summary
from kg.errors import StoreError
from kg.ntriples import GraphText
from kg.store_lock import writer_holds
from kg.vocab import COOP, PREFIXES, RDF

DEFAULT_STORE = "coopkg-data"
ENV_STORE = "COOPKG_STORE"

#: the flag a graph carries while it is being written (never in a committed graph)
PENDING = ox.NamedNode("urn:coopkg:store#pendingWrite")
_TYPE = ox.NamedNode(RDF + "type")
_SOURCE_DOCUMENT = ox.NamedNode(COOP.SourceDocument)
#: quads per batch; a graph larger than one batch goes through the bulk loader
BATCH = 100_000
#: threads of the bulk loader (batches are parsed and written side by side)
LOAD_THREADS = 2
_RETRY = 0.2  #: seconds between two tries of a busy store


class StoreBusy(StoreError):
    """Another process holds the store for writing."""


def default_store_path() -> Path:
    """`$COOPKG_STORE`, else `./coopkg-data`."""
    return Path(os.environ.get(ENV_STORE) or DEFAULT_STORE)


class Store:
    """A coopkg store. `Store()` is in memory; `Store(path)` opens or creates one on disk (waiting
    up to `wait` seconds while another process writes it); `Store(path, read_only=True)` opens an
    existing one for reading beside a writer. Graphs left half-written by a killed build are
    swept at opening (see the module's documentation)."""

    def __init__(
        self, path: str | Path | None = None, read_only: bool = False, wait: float = 0.0
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.swept: list[str] = []  #: the half-written graphs dropped when the store opened
        self._bulk_loaded = False  #: the bulk loader wrote files since the last `flush`
        try:
            if self.path is None:
                self._ox = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(f"{self.path}: no store here (run `coopkg build` first)")
                self._ox = self._open_read_only(self.path)
                if not summary.is_current(self._ox) and not writer_holds(self.path):
                    self._ox = self._with_summary(self.path)
            else:
                self._ox = _open_writable(self.path, wait)
                self.swept = sweep(self._ox)
            if not read_only and not summary.is_current(self._ox):
                summary.rebuild(self._ox)  # a store of an older coopkg: once
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    def _with_summary(self, path: Path) -> ox.Store:
        """A store of an older coopkg, opened to be read: its summary is recomputed once, so
        the aggregation queries read it (when another process holds the store, it is read
        as it is, and the next write recomputes it)."""
        del self._ox
        try:
            db = ox.Store(str(path))
        except OSError:
            return self._open_read_only(path)
        summary.rebuild(db)
        db.flush()
        del db
        return self._open_read_only(path)

    def _open_read_only(self, path: Path) -> ox.Store:
        db = ox.Store.read_only(str(path))
        if not pending_graphs(db) or writer_holds(path):
            return db  # beside a running writer, its graph in progress has no marker yet
        del db  # a killed build left a graph half-written: sweep it, then read
        try:
            writable = ox.Store(str(path))
        except OSError:  # a writer came in meanwhile: it sweeps
            return ox.Store.read_only(str(path))
        self.swept = sweep(writable)
        writable.flush()
        del writable
        return ox.Store.read_only(str(path))

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._ox

    def replace_graph(
        self,
        graph: str,
        triples: Iterable[ox.Triple] | GraphText,
        also_drop: Iterable[str] = (),
        on_batch: Callable[[int], None] | None = None,
    ) -> None:
        """Make `graph` hold exactly `triples` and drop the `also_drop` graphs, so that the
        store holds the new graph whole or (if the process dies first) not at all; the old
        graphs go in the same transaction that commits the new one. `triples` may be any
        iterable (a generator: large graphs are never all in memory here) or the emitter's
        N-Triples text (`kg.ntriples.GraphText`, the build's fast path). `on_batch` is told how
        many triples each batch written held (a progress bar)."""
        g = ox.NamedNode(graph)
        drops = [d for d in also_drop if d != graph]
        held: list[ox.Quad] = []
        if isinstance(triples, GraphText):
            tap = triples.tap
            batches = _text_batches(triples, g, held)
        else:
            tap = summary.FactTap(graph)
            batches = _triple_batches(_kept(triples, g, held, tap))
        try:
            first = _one_update(_drop(graph))
            token = ox.Literal(uuid.uuid4().hex)
            flag = ox.Quad(g, PENDING, token, g)
            first += f" ;\nINSERT DATA {{ {_nq(flag)} }}"
            # the graph's older content leaves the summary with it (a force rebuild)
            first += _then(
                summary.delta(self._ox, {graph: summary.facts_of_graph(self._ox, graph)}, {})
            )
            self._ox.update(first)
            self._write_batches(g, batches, on_batch)
            commit = f"DELETE DATA {{ {_nq(flag)} }}"
            if held:
                commit += f" ;\nINSERT DATA {{ {' '.join(map(_nq, held))} }}"
            if tap.is_document or drops:
                gone = {d: summary.facts_of_graph(self._ox, d) for d in drops}
                added = {graph: _facts(self._ox, graph, tap)} if tap.is_document else {}
                commit += _then(summary.delta(self._ox, gone, added))
            if drops:
                commit += " ;\n" + _one_update(_drop(*drops))
            self._ox.update(commit)
        except (OSError, SyntaxError, ValueError) as exc:
            self._abandon(graph)
            raise StoreError(f"cannot write graph {graph}: {exc}") from exc
        except BaseException:  # the triples' maker failed (a builder reading in parts)
            self._abandon(graph)
            raise

    def _write_batches(
        self,
        g: ox.NamedNode,
        batches: Iterator[tuple[bytes, int]],
        on_batch: Callable[[int], None] | None,
    ) -> None:
        """Write N-Triples `batches` into `g`: a graph smaller than `BATCH` triples in one
        transaction (the batches it came in are joined), a larger one through the bulk loader
        (which leaves files to compact: `flush`)."""
        head: list[tuple[bytes, int]] = []
        for batch in batches:
            head.append(batch)
            if sum(n for _, n in head) >= BATCH:
                break
        else:  # a small graph
            if head:
                data = b"".join(d for d, _ in head)
                self._ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=g)
                if on_batch is not None:
                    on_batch(sum(n for _, n in head))
            return
        self._bulk_loaded = True
        loader = _Loader(self._ox, g)
        try:
            for data, n in chain(head, batches):
                loader.put(data)
                if on_batch is not None:
                    on_batch(n)
        finally:
            loader.close()

    def _abandon(self, graph: str) -> None:
        """After a failed write: drop what was written of `graph` (best effort; a flagged graph
        left behind is swept at the next opening)."""
        with contextlib.suppress(OSError, SyntaxError):
            self._ox.update(_one_update(_drop(graph)))

    def drop_graph(self, graph: str) -> None:
        """Take `graph` out of the store (one transaction)."""
        self.remove_graphs([graph])

    def remove_graphs(self, graphs: Iterable[str]) -> None:
        """Take `graphs` out of the store, all in one transaction."""
        names = list(dict.fromkeys(graphs))
        if not names:
            return
        try:
            gone = {g: summary.facts_of_graph(self._ox, g) for g in names}
            self._ox.update(_one_update(_drop(*names)) + _then(summary.delta(self._ox, gone, {})))
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot remove graphs: {exc}") from exc

    def pending(self) -> list[str]:
        """The graphs being written, or left half-written (see the module's documentation)."""
        return pending_graphs(self._ox)

    def graphs(self) -> list[str]:
        """Names of the named graphs, sorted (a graph being written is left out, and so is the
        summary graph, the store's own: `summary_graphs`)."""
        pending = {*self.pending(), summary.SUMMARY_GRAPH}
        return sorted(
            g.value
            for g in self._ox.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value not in pending
        )

    def summary_graphs(self) -> list[str]:
        """The summary graph (`kg.summary`) when the store has one: what a server needs beside
        `graphs()` to answer the aggregation queries."""
        node = ox.NamedNode(summary.SUMMARY_GRAPH)
        return [node.value] if self._ox.contains_named_graph(node) else []

    def triples(self, graph: str) -> list[ox.Triple]:
        """The triples of one named graph."""
        g = ox.NamedNode(graph)
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in self._ox.quads_for_pattern(None, None, None, g)
        ]

    def __len__(self) -> int:
        return len(self._ox)

    def query(
        self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean:
        """Run a SPARQL 1.1 query; `bindings` are bound by a VALUES block (never pasted)."""
        from kg.named_queries import bind

        try:
            return self._ox.query(bind(sparql, bindings or {}))
        except SyntaxError as exc:
            raise StoreError(f"invalid SPARQL: {exc}") from exc

    def select(
        self, sparql: str, bindings: dict[str, ox.NamedNode | ox.Literal] | None = None
    ) -> ox.QuerySolutions:
        """Run a SELECT query (see `query`); any other query form is a `StoreError`."""
        result = self.query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("expected a SELECT query")
        return result

    def dump(self, fmt: ox.RdfFormat, graphs: Sequence[str] | None = None) -> bytes:
        """Serialise `graphs` (all named graphs by default). Triple formats merge the graphs."""
        names = list(graphs) if graphs is not None else self.graphs()
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            quads = [
                q
                for g in names
                for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(g))
            ]
            return ox.serialize(quads, format=fmt, prefixes=_prefixes(fmt)) or b""
        triples = {t for g in names for t in self.triples(g)}
        return ox.serialize(sorted(triples, key=str), format=fmt, prefixes=_prefixes(fmt)) or b""

    def flush(self) -> None:
        """Write what is pending to disk; after a bulk load, first compact the files the bulk
        loader laid down (RocksDB reads them all until then: queries on a freshly loaded
        100,000-partnership store ran 30-40% slower)."""
        if self._bulk_loaded:
            self._bulk_loaded = False
            self._ox.optimize()
        if self.path is not None:
            self._ox.flush()


def pending_graphs(db: ox.Store) -> list[str]:
    """The graphs of `db` that carry the pending flag, sorted."""
    found = {
        q.graph_name.value
        for q in db.quads_for_pattern(None, PENDING, None, None)
        if isinstance(q.graph_name, ox.NamedNode) and q.subject == q.graph_name
    }
    return sorted(found)


def sweep(db: ox.Store) -> list[str]:
    """Drop the graphs a dead writer left half-written (one transaction); their names."""
    names = pending_graphs(db)
    if names:
        db.update(_one_update(_drop(*names)))
    return names


def _create(path: Path) -> None:
    """Create an empty store at `path` atomically: built beside it, then renamed into place, so
    a process killed while RocksDB lays out its files leaves no half-made store at `path` (one
    whose column families are missing cannot be opened)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(f".{path.name}.creating-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    made = ox.Store(str(building))
    made.flush()
    del made
    try:
        os.rename(building, path)
    except OSError:  # another process created it first (or it exists): use theirs
        shutil.rmtree(building, ignore_errors=True)


def _open_writable(path: Path, wait: float) -> ox.Store:
    if not path.exists():
        _create(path)
    deadline = time.monotonic() + wait
    while True:
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if "lock" not in str(exc).lower():
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(
                    f"{path}: store is busy: another process (a `coopkg build`?) is writing it"
                    + (f"; waited {wait:g} s" if wait else "")
                ) from exc
            time.sleep(_RETRY)


def _kept(
    triples: Iterable[ox.Triple], g: ox.NamedNode, held: list[ox.Quad], tap: summary.FactTap
) -> Iterator[ox.Triple]:
    """`triples` but the commit marker (`g a coop:SourceDocument`), held back in `held` as a
    quad of `g`; `tap` reads the summary's facts from them on the way."""
    see = tap.see
    for t in triples:
        see(t)
        if t.subject == g and t.predicate == _TYPE and t.object == _SOURCE_DOCUMENT:
            held.append(ox.Quad(t.subject, t.predicate, t.object, g))
        else:
            yield t


class _Loader:
    """The bulk loader in threads of their own (`LOAD_THREADS`): batches go in as N-Triples
    bytes, which pyoxigraph parses and writes without holding Python's lock, so batches are
    written side by side while the next ones are made. `close` waits for the last one and
    raises the first error."""

    def __init__(self, db: ox.Store, graph: ox.NamedNode) -> None:
        self._db, self._graph = db, graph
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=LOAD_THREADS + 1)
        self._error: BaseException | None = None
        self._threads = [
            threading.Thread(target=self._run, name=f"coopkg-bulk-load-{i}", daemon=True)
            for i in range(LOAD_THREADS)
        ]
        for thread in self._threads:
            thread.start()

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._db.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=self._graph)
                except BaseException as exc:  # handed to the writing thread by close()
                    self._error = exc

    def put(self, data: bytes) -> None:
        if self._error is not None:
            self.close()
        self._queue.put(data)

    def close(self) -> None:
        if any(t.is_alive() for t in self._threads):
            for _ in self._threads:
                self._queue.put(None)
            for thread in self._threads:
                thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def _text_batches(
    text: GraphText, g: ox.NamedNode, held: list[ox.Quad]
) -> Iterator[tuple[bytes, int]]:
    """The chunks of `text` as bytes, but the commit marker (`g a coop:SourceDocument`), held
    back in `held` as a quad of `g`."""
    marker = nt.line(nt.iri(g.value), nt.iri(_TYPE.value), nt.iri(_SOURCE_DOCUMENT.value))
    for chunk, n in text:
        if marker in chunk:
            chunk = chunk.replace(marker, "", 1)
            held.append(ox.Quad(g, _TYPE, _SOURCE_DOCUMENT, g))
            n -= 1
        yield chunk.encode("utf-8"), n


def _triple_batches(triples: Iterator[ox.Triple]) -> Iterator[tuple[bytes, int]]:
    """`triples` in batches of `BATCH`, as N-Triples bytes."""
    for batch in _batches(triples, BATCH):
        yield ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES) or b"", len(batch)


def _batches(items: Iterator[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    while batch := list(islice(items, size)):
        yield batch


def _drop(*graphs: str) -> list[str]:
    return [f"DROP SILENT GRAPH <{g}>" for g in dict.fromkeys(graphs)]


def _facts(db: ox.Store, graph: str, tap: summary.FactTap) -> summary.Facts:
    """The facts of the document graph just written (not committed yet): the tap's, or read
    back from the graph when its triples did not come link by link."""
    if tap.complete:
        return tap.facts()
    marker = ox.Quad(ox.NamedNode(graph), _TYPE, _SOURCE_DOCUMENT, ox.NamedNode(graph))
    db.add(marker)  # facts_of_graph reads committed graphs; taken out again at once
    try:
        return summary.facts_of_graph(db, graph)
    finally:
        db.remove(marker)


def _then(update: str) -> str:
    """`update` as the next operation of an update text (nothing when empty)."""
    return f" ;\n{update}" if update else ""


def _one_update(parts: list[str]) -> str:
    return " ;\n".join(parts)


def _nq(q: ox.Quad) -> str:
    return f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
