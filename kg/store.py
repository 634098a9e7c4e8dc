"""The embedded store: Oxigraph on disk (or in memory), one named graph per source document.

Writes are bulk and atomic: a document's graph is replaced by one SPARQL update (drop + insert)
which Oxigraph applies in a single transaction, so a reader never sees half a document and a
failed write leaves the previous graph in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.vocab import PREFIXES

DEFAULT_STORE = "coopkg-data"
ENV_STORE = "COOPKG_STORE"


def default_store_path() -> Path:
    """`$COOPKG_STORE`, else `./coopkg-data`."""
    return Path(os.environ.get(ENV_STORE) or DEFAULT_STORE)


class Store:
    """A coopkg store. `Store()` is in memory; `Store(path)` opens or creates one on disk;
    `Store(path, read_only=True)` opens an existing one for reading beside a writer."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._ox = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(f"{self.path}: no store here (run `coopkg build` first)")
                self._ox = ox.Store.read_only(str(self.path))
            else:
                self._ox = ox.Store(str(self.path))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store, for callers that need its full API."""
        return self._ox

    def replace_graph(
        self, graph: str, triples: Sequence[ox.Triple], also_drop: Iterable[str] = ()
    ) -> None:
        """Make `graph` hold exactly `triples` (dropping `also_drop` graphs too), atomically.

        A graph new to the store is written with one transactional bulk insert; replacing an
        existing graph is one SPARQL update (drop + insert) that Oxigraph applies in a single
        transaction, so readers see either the old graph or the new one, never a mix."""
        drops = [g for g in (graph, *also_drop) if self._has_graph(g)]
        g = ox.NamedNode(graph)
        try:
            if not drops:
                self._ox.extend(ox.Quad(t.subject, t.predicate, t.object, g) for t in triples)
                return
            body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
            update = " ;\n".join(f"DROP SILENT GRAPH <{d}>" for d in drops)
            if triples:
                update += f" ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"
            self._ox.update(update)
        except (OSError, SyntaxError) as exc:
            raise StoreError(f"cannot write graph {graph}: {exc}") from exc

    def _has_graph(self, graph: str) -> bool:
        g = ox.NamedNode(graph)
        return next(self._ox.quads_for_pattern(None, None, None, g), None) is not None

    def drop_graph(self, graph: str) -> None:
        self.replace_graph(graph, [])

    def graphs(self) -> list[str]:
        """Names of the named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

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
        if self.path is not None:
            self._ox.flush()


def _prefixes(fmt: ox.RdfFormat) -> dict[str, str] | None:
    return PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
