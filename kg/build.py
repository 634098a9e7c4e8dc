"""The build pipeline: paths -> documents -> extractions -> resolved entities -> document graphs.

Each document is built on its own: a failure is reported for that file and the run goes on.
A document whose graph already holds the same text built by the same builder version is left
as it is (status "unchanged") unless `force` is set, so building twice changes nothing.

Every document that loads is recorded. One that no builder claims (a text in another language)
gets a graph with its provenance and no statements, built by the pseudo-builder `unread`, and a
warning; one in which its builder finds nothing is built and warned about too. Rows a table
builder skipped are the result's `warnings` ("PATH:LINE: reason"); the rest is built.

With `jobs` > 1 the builders read the documents in that many processes (`kg.parallel`) while
this one resolves and writes them, in order: the store gets the same graphs as with one job. A
document's triples stream into the store as they are emitted (never a whole large graph here).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox

from builders.base import Builder, BuildsInParts, ReadsInBatches
from builders.registry import Registry
from kg.document import Document
from kg.emit import Iris, emit_parts, reference_triples
from kg.errors import BuilderError, CoopkgError
from kg.extraction import Extraction
from kg.load import DEFAULT_MAX_BYTES, load
from kg.ntriples import GraphText
from kg.reference import Reference
from kg.resolve import Resolver
from kg.sections import read_in_sections
from kg.store import Store
from kg.vocab import COOP, DEFAULT_BASE, PROV, ontology_path


@dataclass
class BuildResult:
    """What happened to one path."""

    path: str
    status: str  # "built" | "unchanged" | "failed"
    graph: str | None = None
    builder: str | None = None
    triples: int = 0
    error: str | None = None
    warning: str | None = None  #: one line `PATH: what was not read`, for a built document
    #: what the builder skipped and the rest was built without ("PATH:LINE: reason")
    warnings: list[str] = field(default_factory=list)


#: the builders that read prose locally (sentence by sentence), so a long text can be given to
#: them in sections (`kg.sections`); a plug-in says so with `reads_in_sections = True`
SECTIONED_BUILDERS = frozenset({"news-text"})

T = TypeVar("T")

#: documents read one after the other are planned in batches of up to this many characters of
#: text and this many documents, for the builders that read in batches (`ReadsInBatches`)
BATCH_CHARS = 50_000
BATCH_DOCS = 32

#: the pseudo-builder of a document no builder claims: recorded, not read
UNREAD = "unread"
UNREAD_VERSION = "1"


@dataclass
class Pipeline:
    """Everything a build needs; no global state."""

    store: Store
    registry: Registry
    resolver: Resolver
    base: str = DEFAULT_BASE
    max_bytes: int = DEFAULT_MAX_BYTES  #: a larger file is refused by name
    #: told (path, triples) after each batch of a document's triples is written: a progress bar
    on_written: Callable[[str, int], None] | None = None

    @classmethod
    def default(cls, store: Store, reference: Reference | None = None) -> Pipeline:
        return cls(store, Registry.default(), Resolver(reference or Reference.default()))

    @property
    def reference_graph(self) -> str:
        return f"{self.base}graph/reference"

    @property
    def ontology_graph(self) -> str:
        return f"{self.base}graph/ontology"

    def build(
        self,
        paths: Iterable[Path],
        builder: str | None = None,
        force: bool = False,
        on_result: Callable[[BuildResult], None] | None = None,
        jobs: int = 1,
    ) -> list[BuildResult]:
        """Build every path; one result per path, in order (`jobs` > 1: read in processes)."""
        self.ensure_static_graphs()
        results = []
        if jobs > 1:
            steps = self._build_parallel(paths, builder, force, jobs)
        else:
            steps = self._build_serial(paths, builder, force)
        for result in steps:
            results.append(result)
            if on_result:
                on_result(result)
        self.store.flush()
        return results

    def build_one(self, path: Path, builder: str | None = None, force: bool = False) -> BuildResult:
        planned = self._planned(path, builder, force)
        if isinstance(planned, BuildResult):
            return planned
        return self._read_and_write(path, *planned)

    def _build_serial(
        self, paths: Iterable[Path], builder: str | None, force: bool
    ) -> Iterator[BuildResult]:
        """`build_one` for each path, in order, the documents planned a batch ahead so that a
        builder reading in batches (`ReadsInBatches`) prepares them together: a batch holds
        documents up to `BATCH_CHARS` characters of text, and never two of the same content
        (the second is up to date once the first is written)."""
        batch: list[tuple[Path, tuple[Document, Builder | None] | BuildResult]] = []
        chars, shas = 0, set[str]()
        for path in paths:
            planned = self._planned(path, builder, force)
            if not isinstance(planned, BuildResult) and planned[0].sha256 in shas:
                yield from self._build_batch(batch)
                batch, chars, shas = [], 0, set()
                planned = self._planned(path, builder, force)
            batch.append((path, planned))
            if not isinstance(planned, BuildResult):
                chars += len(planned[0].text)
                shas.add(planned[0].sha256)
            if chars >= BATCH_CHARS or len(batch) >= BATCH_DOCS:
                yield from self._build_batch(batch)
                batch, chars, shas = [], 0, set()
        yield from self._build_batch(batch)

    def _build_batch(
        self, batch: list[tuple[Path, tuple[Document, Builder | None] | BuildResult]]
    ) -> Iterator[BuildResult]:
        prepare([p for _, p in batch if not isinstance(p, BuildResult)])
        for path, planned in batch:
            yield (
                planned
                if isinstance(planned, BuildResult)
                else self._read_and_write(path, *planned)
            )

    def _planned(
        self, path: Path, builder: str | None, force: bool
    ) -> tuple[Document, Builder | None] | BuildResult:
        """`_plan`, its errors as a failed result."""
        try:
            return self._plan(path, builder, force)
        except CoopkgError as exc:
            return BuildResult(str(path), "failed", error=str(exc))
        except Exception as exc:  # a bug must cost one document, not the run
            return BuildResult(str(path), "failed", error=f"{path}: internal error: {exc!r}")

    def _read_and_write(self, path: Path, doc: Document, chosen: Builder | None) -> BuildResult:
        try:
            parts = extract_parts(doc, chosen) if chosen else [Extraction(UNREAD, UNREAD_VERSION)]
            return self._write(path, doc, chosen, parts)
        except CoopkgError as exc:
            return BuildResult(str(path), "failed", error=str(exc))
        except Exception as exc:  # a bug must cost one document, not the run
            return BuildResult(str(path), "failed", error=f"{path}: internal error: {exc!r}")

    def _plan(
        self, path: Path, builder: str | None, force: bool
    ) -> tuple[Document, Builder | None] | BuildResult:
        """The document and its builder (None: no builder claims it), or the result when it
        is up to date."""
        doc = load(path, self.max_bytes)
        chosen = self._choose(doc, builder)
        name, version = (chosen.name, chosen.version) if chosen else (UNREAD, UNREAD_VERSION)
        graph = Iris(self.base).document(doc.sha256)
        if not force and self._up_to_date(graph, name, version):
            warning = None if chosen else _unread(path)
            return BuildResult(str(path), "unchanged", graph, name, warning=warning)
        return doc, chosen

    def _build_parallel(
        self, paths: Iterable[Path], builder: str | None, force: bool, jobs: int
    ) -> Iterator[BuildResult]:
        from kg.parallel import read_in_processes

        planned: list[tuple[Path, Document, Builder | None] | BuildResult] = []
        for path in paths:
            step = self._planned(path, builder, force)
            planned.append(step if isinstance(step, BuildResult) else (path, *step))
        todo = [(p[1], p[2].name) for p in planned if not isinstance(p, BuildResult) and p[2]]
        read = read_in_processes(self.registry, todo, jobs)
        for item in planned:
            if isinstance(item, BuildResult):
                yield item
                continue
            path, doc, chosen = item
            outcome = next(read) if chosen else Extraction(UNREAD, UNREAD_VERSION)
            if isinstance(outcome, CoopkgError):
                yield BuildResult(str(path), "failed", error=str(outcome))
            else:
                yield self._write(path, doc, chosen, [outcome])

    def _write(
        self, path: Path, doc: Document, chosen: Builder | None, parts: Iterable[Extraction]
    ) -> BuildResult:
        """Resolve, emit and store one document's extraction (in parts as the builder hands it
        over), streaming its triples."""
        try:
            graph = Iris(self.base).document(doc.sha256)
            extraction = _Tally(parts)
            with _collector_paused():
                text = self.emit_parts(doc, extraction)
                told = self.on_written
                on_batch = (lambda n: told(str(path), n)) if told else None
                older = self._older_graphs(path, graph)
                self.store.replace_graph(graph, text, older, on_batch)
            warning = _unread(path) if chosen is None else None
            if chosen and not extraction.mentions and not extraction.statements:
                warning = f"{path}: no actors or links found"
            name = chosen.name if chosen else UNREAD
            built = BuildResult(str(path), "built", graph, name, text.count, warning=warning)
            built.warnings = extraction.warnings
            return built
        except CoopkgError as exc:
            return BuildResult(str(path), "failed", error=str(exc))
        except Exception as exc:  # a bug must cost one document, not the run
            return BuildResult(str(path), "failed", error=f"{path}: internal error: {exc!r}")

    def _choose(self, doc: Document, builder: str | None) -> Builder | None:
        """The builder named, else the one claiming `doc` best; None when none claims it."""
        if builder is not None:
            return self.registry.get(builder)
        scored = [(self.registry.get(n).claim(doc), n) for n in self.registry.names()]
        score, best = max(scored, default=(0.0, ""))
        return self.registry.get(best) if score > 0 else None

    def triples(self, doc: Document, builder: Builder) -> list[ox.Triple]:
        """The graph of `doc` as read by `builder` (nothing is stored)."""
        return self.emit_triples(doc, self.extract(doc, builder))

    def extract(self, doc: Document, builder: Builder) -> Extraction:
        """What `builder` reads in `doc` (see `extract`)."""
        return extract(doc, builder)

    def emit_triples(self, doc: Document, extraction: Extraction) -> list[ox.Triple]:
        """The triples of `doc`'s graph for `extraction`, its entities resolved."""
        return list(self.emit_stream(doc, extraction))

    def emit_stream(self, doc: Document, extraction: Extraction) -> Iterator[ox.Triple]:
        """`emit_triples`, made as they are consumed (a large graph is never whole here)."""
        return self.emit_text(doc, extraction).triples()

    def emit_text(self, doc: Document, extraction: Extraction) -> GraphText:
        """The graph of `doc` for `extraction` as N-Triples text, made as it is consumed."""
        return self.emit_parts(doc, [extraction])

    def emit_parts(self, doc: Document, parts: Iterable[Extraction]) -> GraphText:
        """`emit_text` for an extraction in parts: each part's mentions are resolved as it
        comes, and the part written."""
        scope = doc.sha256[:16]
        resolved = ((p, self.resolver.resolve_all(p.mentions, scope=scope)) for p in parts)
        now = datetime.now(UTC).replace(microsecond=0)
        return emit_parts(doc, resolved, now, self.base, source_key(doc.path))

    def ensure_static_graphs(self) -> None:
        """Write the ontology and reference graphs when their content changed."""
        data = Path(ontology_path()).read_bytes()
        onto = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        self._replace_if_changed(self.ontology_graph, onto, hashlib.sha256(data).hexdigest())
        # the project's own reference tables; a loaded COG (35,000 communes) stays out: its
        # communes reach the graph through the documents that mention them
        own = (e for e in self.resolver.reference.entries() if e.source != "cog")
        entries = [self.resolver.entity_for(e) for e in own]
        ref = reference_triples(entries, self.reference_graph, self.base)
        digest = hashlib.sha256("\n".join(sorted(map(str, ref))).encode()).hexdigest()
        self._replace_if_changed(self.reference_graph, ref, digest)

    def _replace_if_changed(self, graph: str, triples: list[ox.Triple], digest: str) -> None:
        """Replace `graph` unless it already holds the content whose hash is `digest`."""
        node = ox.NamedNode(graph)
        stamp = ox.Triple(node, ox.NamedNode(COOP.sha256), ox.Literal(digest))
        if next(
            self.store.oxigraph.quads_for_pattern(node, stamp.predicate, stamp.object, node), None
        ):
            return
        self.store.replace_graph(graph, [*triples, stamp])

    def _up_to_date(self, graph: str, builder: str, version: str) -> bool:
        q = self.store.query(
            f"ASK WHERE {{ GRAPH ?g {{ ?b <{PROV}wasAssociatedWith> ?builder . "
            f"?builder <{COOP.builderVersion}> ?v }} }}",
            {
                "g": ox.NamedNode(graph),
                "builder": ox.NamedNode(Iris(self.base).builder(builder)),
                "v": ox.Literal(version),
            },
        )
        return bool(q)

    def _older_graphs(self, path: Path, graph: str) -> list[str]:
        rows = self.store.select(
            f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g <{COOP.sourceKey}> ?k }} }}",
            {"k": ox.Literal(source_key(str(path)))},
        )
        return [r["g"].value for r in rows if r["g"].value != graph]


def extract(doc: Document, builder: Builder) -> Extraction:
    """What `builder` reads in `doc` (a long prose text in sections, so that memory stays
    bounded); a builder's bug is a `BuilderError` for `doc`."""
    sectioned = builder.name in SECTIONED_BUILDERS or getattr(builder, "reads_in_sections", False)
    with _builder_bugs(doc, builder.name):
        if sectioned and not doc.rows:
            return read_in_sections(doc, builder.build)
        return builder.build(doc)


def prepare(batch: Sequence[tuple[Document, Builder | None]]) -> None:
    """Let each builder that reads in batches (`ReadsInBatches`) prepare its documents of
    `batch` together (tables and documents no builder reads aside)."""
    chosen: dict[str, tuple[ReadsInBatches, list[Document]]] = {}
    for doc, builder in batch:
        if isinstance(builder, ReadsInBatches) and not doc.rows:
            chosen.setdefault(getattr(builder, "name", ""), (builder, []))[1].append(doc)
    for reader, docs in chosen.values():
        # a failure here only loses the batching: each document is then read alone, and
        # whatever is wrong with it fails it there, with its own error
        with contextlib.suppress(Exception):
            reader.prepare(docs)


def batches(
    items: Iterable[T], chars: Callable[[T], int], most: int = BATCH_DOCS
) -> Iterator[list[T]]:
    """`items` in consecutive batches of up to `most` (at most `BATCH_DOCS`) items and
    `BATCH_CHARS` characters (`chars` of an item; a larger item is a batch of its own)."""
    most = max(1, min(most, BATCH_DOCS))
    batch: list[T] = []
    size = 0
    for item in items:
        batch.append(item)
        size += chars(item)
        if size >= BATCH_CHARS or len(batch) >= most:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def extract_parts(doc: Document, builder: Builder) -> Iterable[Extraction]:
    """What `builder` reads in `doc`, in parts when the builder hands a document over so
    (`BuildsInParts`), else whole (`extract`); a builder's bug is a `BuilderError` for `doc`,
    raised when the part it happens in is asked for."""
    if not isinstance(builder, BuildsInParts):
        return [extract(doc, builder)]
    with _builder_bugs(doc, builder.name):
        return _guarded(doc, builder.name, builder.build_parts(doc))


def _guarded(doc: Document, name: str, parts: Iterator[Extraction]) -> Iterator[Extraction]:
    with _builder_bugs(doc, name):
        yield from parts


@contextmanager
def _builder_bugs(doc: Document, name: str) -> Iterator[None]:
    """A builder's bug (an error that is not coopkg's own) as a `BuilderError` for `doc`: it
    must cost that document, not the run."""
    try:
        yield
    except CoopkgError:
        raise
    except Exception as exc:
        raise BuilderError(doc.path, f"builder {name} failed: {exc!r}") from exc


class _Tally:
    """The parts of an extraction as they go by, with what the build result reports of them:
    whether any mention or statement came, and the warnings."""

    def __init__(self, parts: Iterable[Extraction]) -> None:
        self._parts = parts
        self.mentions = self.statements = 0
        self.warnings: list[str] = []

    def __iter__(self) -> Iterator[Extraction]:
        for part in self._parts:
            self.mentions += len(part.mentions)
            self.statements += len(part.statements)
            self.warnings += part.warnings
            yield part


def _unread(path: Path) -> str:
    return (
        f"{path}: not read: no builder reads this document (not French prose, nor a "
        "known record or table); recorded without statements"
    )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a while: emitting a large document makes
    millions of objects, none in a cycle, and each collection would walk them all again."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def source_key(path: str) -> str:
    """A stable, non-revealing key for where a document was read from."""
    return hashlib.sha256(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]
