"""The N-Triples text the emitter writes: terms rendered once, a graph handed over in chunks.

A large document's graph is millions of triples. Making a Python term object for each one and
serialising it again cost a table's build more than the store's own work did (6 µs a triple at
100,000 partnerships), so the emitter (`kg.emit`) writes each triple as its N-Triples line:
IRIs and literals are rendered here, the IRIs once per distinct value (remembered), and the
store's bulk loader parses the lines in Rust (`kg.store`). `GraphText` is such a graph on its
way to the store: its text in chunks of whole lines, and the summary's facts read from its
triples as they were written (`kg.summary.FactTap`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from kg.summary import FactTap

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


@lru_cache(maxsize=1 << 16)
def iri(value: str) -> str:
    """`<value>`; a `ValueError` when `value` is no IRI (checked once per distinct value)."""
    return f"<{ox.NamedNode(value).value}>"


def literal(text: str) -> str:
    """A plain literal: `"text"`, escaped as N-Triples asks."""
    return f'"{text.translate(_ESCAPES)}"'


def typed(lexical: str, datatype: str) -> str:
    """A typed literal: `"lexical"^^<datatype>`."""
    return f'"{lexical.translate(_ESCAPES)}"^^{iri(datatype)}'


def line(subject: str, predicate: str, obj: str) -> str:
    """One triple's line, from rendered terms."""
    return f"{subject} {predicate} {obj} .\n"


def value_of(term: str) -> str:
    """What `iri` or `literal`/`typed` rendered: the IRI, or the literal's lexical form."""
    if term.startswith("<"):
        return term[1:-1]
    body = term[1 : term.rindex('"')]
    if "\\" not in body:
        return body
    return body.encode("latin-1", "backslashreplace").decode("unicode_escape")


def parse(text: str) -> list[ox.Triple]:
    """The triples of N-Triples `text`, in order."""
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    ]


@dataclass
class GraphText:
    """A graph as N-Triples text: `chunks` of whole lines with the number of triples in each,
    handed over as they are made; `tap` has read the summary's facts of the triples written
    so far (all of them once the chunks are consumed); `count` is how many went by."""

    chunks: Iterator[tuple[str, int]]
    tap: FactTap
    count: int = field(default=0)

    def __iter__(self) -> Iterator[tuple[str, int]]:
        for text, n in self.chunks:
            self.count += n
            yield text, n

    def triples(self) -> Iterator[ox.Triple]:
        """The graph's triples, chunk by chunk (for callers that want term objects)."""
        for text, _ in self:
            yield from parse(text)
