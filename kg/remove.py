"""Taking documents out of the store: `coopkg remove PATH|DOCUMENT_IRI`.

A target is a document IRI (the name of its graph, `<base>doc/<hash>`), or the path of a file
that was built: the graphs built from that path (by its source key), and the graph of its
present content if the file is still there. Every graph found goes in one transaction, with
everything in it: the document's record, its mentions and its links.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import source_key
from kg.emit import document_iri
from kg.errors import CoopkgError, FileError
from kg.link_kinds import LINK_KINDS
from kg.store import Store
from kg.vocab import COOP, DCTERMS, RDF


@dataclass(frozen=True)
class Removed:
    """One document graph taken out."""

    graph: str
    title: str | None
    triples: int
    links: int
    mentions: int

    def line(self) -> str:
        title = f" ({self.title})" if self.title else ""
        return (
            f"removed {self.graph}{title}: {self.triples} triples, {self.links} links, "
            f"{self.mentions} mentions"
        )


def document_graphs(store: Store, target: str) -> list[str]:
    """The document graphs `target` (a document IRI or a path) names; [] when none."""
    graphs = set(store.graphs())
    if target in graphs:
        return [target]
    rows = store.select(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{COOP.sourceKey}> ?k }} }}",
        {"k": ox.Literal(source_key(target))},
    )
    found = {r["g"].value for r in rows}
    path = Path(target)
    if path.is_file():
        from kg.load import load

        with contextlib.suppress(CoopkgError):  # unreadable now: what was built from the path
            found.add(document_iri(load(path)))
    return sorted(found & graphs)


def describe(store: Store, graph: str) -> Removed:
    """What the document graph `graph` holds: its title, triples, links and mentions."""
    triples = store.triples(graph)
    link_classes = {COOP[k.cls] for k in LINK_KINDS}
    typed = [
        str(getattr(t.object, "value", "")) for t in triples if t.predicate.value == RDF + "type"
    ]
    node = ox.NamedNode(graph)
    titles = [
        str(getattr(t.object, "value", ""))
        for t in triples
        if t.subject == node and t.predicate.value == DCTERMS + "title"
    ]
    return Removed(
        graph,
        titles[0] if titles else None,
        len(triples),
        sum(c in link_classes for c in typed),
        sum(c == COOP.Mention for c in typed),
    )


def remove_documents(store: Store, targets: list[str]) -> list[Removed]:
    """Take the documents `targets` name out of `store`, all in one transaction; what was
    removed. A target that names nothing is a `FileError` and nothing is removed."""
    named: dict[str, None] = {}  # in order, without repeats
    for target in targets:
        found = document_graphs(store, target)
        if not found:
            raise FileError(
                target, "no such document in the store (give a built file or a document IRI)"
            )
        named.update(dict.fromkeys(found))
    graphs = list(named)
    removed = [describe(store, g) for g in graphs]
    store.remove_graphs(graphs)
    store.flush()
    return removed
