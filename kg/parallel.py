"""Reading documents in several processes: the builders run in `jobs` worker processes, the
caller gets each document's `Extraction` back, in order, and resolves and writes it itself (the
store has one writer). Workers are forked, so they share the caller's registry (a `--mapping`
included) and the models it already loaded; each loads the others at most once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence

from builders.registry import Registry
from kg.document import Document
from kg.errors import BuilderError, CoopkgError, FileError
from kg.extraction import Extraction

#: the registry of the worker process (set by the pool's initializer)
_registry: Registry | None = None

#: what a worker sends back: an extraction, or (path, reason) of the error it hit
_Outcome = Extraction | tuple[str, str]


def _start(registry: Registry) -> None:
    global _registry
    _registry = registry


def _read(task: tuple[Document, str]) -> _Outcome:
    doc, name = task
    assert _registry is not None
    from kg.build import extract  # what the pipeline does in one process (sections and all)

    builder = _registry.get(name)
    try:
        return extract(doc, builder)
    except FileError as exc:
        return exc.path, exc.reason
    except CoopkgError as exc:
        return doc.path, str(exc)
    except Exception as exc:  # a builder bug must cost one document, not the run
        return doc.path, f"builder {name} failed: {exc!r}"


def read_in_processes(
    registry: Registry, tasks: Sequence[tuple[Document, str]], jobs: int
) -> Iterator[Extraction | CoopkgError]:
    """For each (document, builder name), in order: what the builder read, or its error."""
    if not tasks:
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(tasks)), initializer=_start, initargs=(registry,)) as pool:
        for outcome in pool.imap(_read, tasks, chunksize=1):
            yield outcome if isinstance(outcome, Extraction) else BuilderError(*outcome)
