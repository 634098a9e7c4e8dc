"""The builder protocol: claim a document with a score, then read it into an `Extraction`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from kg.document import Document
from kg.extraction import Extraction


@runtime_checkable
class Builder(Protocol):
    """A builder reads one kind of document. It never writes RDF nor touches the store."""

    name: str
    version: str
    description: str

    def claim(self, doc: Document) -> float:
        """How sure this builder is that it can read `doc`, from 0 (not at all) to 1."""
        ...

    def build(self, doc: Document) -> Extraction:
        """Read `doc` into an `Extraction`; raise `kg.errors.BuilderError` on failure."""
        ...


@runtime_checkable
class BuildsInParts(Protocol):
    """A builder that can hand a large document's extraction over in parts as it reads (the
    table builder), so that the build writes each part and lets it go: memory holds one part,
    not the document's statements."""

    def build_parts(self, doc: Document) -> Iterator[Extraction]:
        """`build`'s extraction in parts (`Extraction.next_part`): the first carries the title,
        date and URL; ids go on from part to part, and a part's statements may name the
        mentions and statements of the parts before it. What refuses the whole document is
        raised by the call, before the first part; a `kg.errors.BuilderError` raised between
        parts leaves nothing of the document in the store."""
        ...


@runtime_checkable
class ReadsInBatches(Protocol):
    """A builder whose reading is faster over several documents at once (the prose reader:
    spaCy's components run over a batch of texts, `nlp.pipe`). The build calls `prepare` with
    the next documents this builder will read, then `build` for each, in any order; `build`
    gives the same extraction whether or not its document was prepared."""

    def prepare(self, docs: Sequence[Document]) -> None:
        """Do the batched part of reading `docs` now (what an earlier call left is let go)."""
        ...
