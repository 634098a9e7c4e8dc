"""The builder protocol: claim a document with a score, then read it into an `Extraction`."""

from __future__ import annotations

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
