"""Reading documents in several processes: the builders run in `jobs` worker processes, the
caller gets each document's `Extraction` back, in order, and resolves and writes it itself (the
store has one writer). Workers are forked, so they share the caller's registry (a `--mapping`
included) and the models it already loaded; each loads the others at most once.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from itertools import chain

from builders.base import Builder
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


def _read_batch(
    tasks: list[tuple[Document, str]], registry: Registry | None = None
) -> list[_Outcome]:
    """The documents of one batch, prepared together (`kg.build.prepare`), then each read
    (with `registry`, else the worker's)."""
    from kg.build import prepare

    chosen = registry or _registry
    assert chosen is not None
    prepare([(doc, chosen.get(name)) for doc, name in tasks])
    return [_read(doc, chosen.get(name)) for doc, name in tasks]


def _read(doc: Document, builder: Builder) -> _Outcome:
    from kg.build import extract  # what the pipeline does in one process (sections and all)

    name = builder.name
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
    """For each (document, builder name), in order: what the builder read, or its error. The
    tasks go to the workers in batches (`kg.build.batches`), each prepared together; with
    `jobs` 1, the same batches are read in this process."""
    if not tasks:
        return
    from kg.build import batches

    # every worker gets at least two batches, so that none waits while another reads them all
    most = -(-len(tasks) // (2 * jobs))
    work = list(batches(tasks, lambda task: len(task[0].text), most))
    if jobs <= 1:  # in this process, the same batches
        for outcome in chain.from_iterable(_read_batch(batch, registry) for batch in work):
            yield outcome if isinstance(outcome, Extraction) else BuilderError(*outcome)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(min(jobs, len(work)), initializer=_start, initargs=(registry,)) as pool:
        for outcomes in pool.imap(_read_batch, work, chunksize=1):
            for outcome in outcomes:
                yield outcome if isinstance(outcome, Extraction) else BuilderError(*outcome)
