"""The build pipeline: paths -> documents -> extractions -> resolved entities -> document graphs.

Each document is built on its own: a failure is reported for that file and the run goes on.
A document whose graph already holds the same text built by the same builder version is left
as it is (status "unchanged") unless `force` is set, so building twice changes nothing.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from builders.base import Builder
from builders.registry import Registry
from kg.document import Document
from kg.emit import Iris, emit_stream, reference_triples
from kg.errors import BuilderError, CoopkgError
from kg.extraction import Extraction
from kg.load import load
from kg.reference import Reference
from kg.resolve import Resolver
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
    #: what the builder skipped and the rest was built without ("PATH:LINE: reason")
    warnings: list[str] = field(default_factory=list)


@dataclass
class Pipeline:
    """Everything a build needs; no global state."""

    store: Store
    registry: Registry
    resolver: Resolver
    base: str = DEFAULT_BASE

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
        """Build every path; one result per path, in order. With `jobs` > 1 the builders read
        the documents in that many processes (`kg.parallel`) while this one resolves and writes
        them, in order, so the store gets the same graphs as with one job."""
        self.ensure_static_graphs()
        results = []
        steps = self._build_parallel(paths, builder, force, jobs) if jobs > 1 else None
        for result in steps or (self.build_one(p, builder, force) for p in paths):
            results.append(result)
            if on_result:
                on_result(result)
        self.store.flush()
        return results

    def _build_parallel(
        self, paths: Iterable[Path], builder: str | None, force: bool, jobs: int
    ) -> Iterator[BuildResult]:
        from kg.parallel import read_in_processes

        planned: list[tuple[Path, Document, Builder] | BuildResult] = []
        for path in paths:
            try:
                doc = load(path)
                chosen = self.registry.choose(doc, builder)
                graph = Iris(self.base).document(doc.sha256)
                if not force and self._up_to_date(graph, chosen):
                    planned.append(BuildResult(str(path), "unchanged", graph, chosen.name))
                else:
                    planned.append((path, doc, chosen))
            except CoopkgError as exc:
                planned.append(BuildResult(str(path), "failed", error=str(exc)))
        todo = [(p[1], p[2].name) for p in planned if not isinstance(p, BuildResult)]
        read = read_in_processes(self.registry, todo, jobs)
        for item in planned:
            if isinstance(item, BuildResult):
                yield item
                continue
            path, doc, chosen = item
            outcome = next(read)
            yield self._write(path, doc, chosen, outcome)

    def build_one(self, path: Path, builder: str | None = None, force: bool = False) -> BuildResult:
        try:
            doc = load(path)
            chosen = self.registry.choose(doc, builder)
            graph = Iris(self.base).document(doc.sha256)
            if not force and self._up_to_date(graph, chosen):
                return BuildResult(str(path), "unchanged", graph, chosen.name)
            return self._write(path, doc, chosen, self.read(doc, chosen))
        except CoopkgError as exc:
            return BuildResult(str(path), "failed", error=str(exc))
        except Exception as exc:  # a bug must cost one document, not the run
            return BuildResult(str(path), "failed", error=f"{path}: internal error: {exc!r}")

    def _write(
        self, path: Path, doc: Document, chosen: Builder, extraction: Extraction | CoopkgError
    ) -> BuildResult:
        """Resolve, emit and store one document's extraction (or report its failure)."""
        try:
            if isinstance(extraction, CoopkgError):
                raise extraction
            graph = Iris(self.base).document(doc.sha256)
            with _collector_paused():
                triples = _Counted(self.emit_stream(doc, extraction))
                self.store.replace_graph(graph, triples, self._older_graphs(path, graph))
            built = BuildResult(str(path), "built", graph, chosen.name, triples.count)
            built.warnings = list(extraction.warnings)
            return built
        except CoopkgError as exc:
            return BuildResult(str(path), "failed", error=str(exc))
        except Exception as exc:  # a bug must cost one document, not the run
            return BuildResult(str(path), "failed", error=f"{path}: internal error: {exc!r}")

    def read(self, doc: Document, builder: Builder) -> Extraction:
        """What `builder` reads in `doc`; a builder's bug becomes a `BuilderError`."""
        try:
            return builder.build(doc)
        except CoopkgError:
            raise
        except Exception as exc:  # a builder bug must not stop the run
            raise BuilderError(doc.path, f"builder {builder.name} failed: {exc!r}") from exc

    def triples(self, doc: Document, builder: Builder) -> list[ox.Triple]:
        """The graph of `doc` as read by `builder` (nothing is stored)."""
        return self.emit(doc, self.read(doc, builder))

    def emit(self, doc: Document, extraction: Extraction) -> list[ox.Triple]:
        """The graph of `doc` from what its builder read (nothing is stored)."""
        return list(self.emit_stream(doc, extraction))

    def emit_stream(self, doc: Document, extraction: Extraction) -> Iterator[ox.Triple]:
        """`emit`'s triples, made as they are consumed (a large graph is never whole here)."""
        entities = self.resolver.resolve_all(extraction.mentions, scope=doc.sha256[:16])
        now = datetime.now(UTC).replace(microsecond=0)
        return emit_stream(doc, extraction, entities, now, self.base, source_key(doc.path))

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

    def _up_to_date(self, graph: str, builder: Builder) -> bool:
        q = self.store.query(
            f"ASK WHERE {{ GRAPH ?g {{ ?b <{PROV}wasAssociatedWith> ?builder . "
            f"?builder <{COOP.builderVersion}> ?v }} }}",
            {
                "g": ox.NamedNode(graph),
                "builder": ox.NamedNode(Iris(self.base).builder(builder.name)),
                "v": ox.Literal(builder.version),
            },
        )
        return bool(q)

    def _older_graphs(self, path: Path, graph: str) -> list[str]:
        rows = self.store.select(
            f"SELECT ?g WHERE {{ GRAPH ?g {{ ?g <{COOP.sourceKey}> ?k }} }}",
            {"k": ox.Literal(source_key(str(path)))},
        )
        return [r["g"].value for r in rows if r["g"].value != graph]


class _Counted:
    """An iterator of triples that counts what went through."""

    def __init__(self, triples: Iterator[ox.Triple]) -> None:
        self._triples = triples
        self.count = 0

    def __iter__(self) -> Iterator[ox.Triple]:
        for t in self._triples:
            self.count += 1
            yield t


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
