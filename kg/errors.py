"""One exception tree for the whole project; the CLI maps each class to an exit code."""

from __future__ import annotations

from pathlib import Path


class CoopkgError(Exception):
    """Base class of every error coopkg raises on purpose."""

    exit_code = 2


class FileError(CoopkgError):
    """An error about one file: its message is the one line `PATH: reason`."""

    exit_code = 1

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnreadableDocument(FileError):
    """A file could not be turned into a Document (empty, binary, truncated, unknown format...)."""


class BuilderError(FileError):
    """A builder failed on a document it had claimed."""


class UnknownQuery(CoopkgError):
    """A named query does not exist, or a parameter is missing or unknown."""

    exit_code = 2


class InvalidGraph(CoopkgError):
    """A graph does not conform to the shapes, or the ontology is inconsistent."""

    exit_code = 3


class StoreError(CoopkgError):
    """The store could not be opened or written (locked, corrupt, wrong path)."""

    exit_code = 4
