"""The store's write path: a graph is in the store wholly or not at all, even when the writing
process is killed (SIGKILL, for real) in the middle; one writer at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import store as store_module
from kg.store import PENDING, Store, StoreBusy
from kg.vocab import COOP, RDF

EX = "https://example.org/"


def _doc_triples(graph: str, n: int) -> list[ox.Triple]:
    """A document-like graph: its `a coop:SourceDocument` marker and `n` other triples."""
    g = ox.NamedNode(graph)
    marker = ox.Triple(g, ox.NamedNode(RDF + "type"), ox.NamedNode(COOP.SourceDocument))
    body = [
        ox.Triple(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(f"{EX}p"), ox.Literal(str(i)))
        for i in range(n)
    ]
    return [marker, *body]


def _count(store: Store, graph: str) -> int:
    return len(store.triples(graph))


@pytest.mark.parametrize("batch", [store_module.BATCH, 7])
def test_a_written_graph_is_whole_and_carries_no_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    monkeypatch.setattr(store_module, "BATCH", batch)  # 7: the bulk loader path, many batches
    store = Store(tmp_path / "st")
    graph = f"{EX}doc/a"
    store.replace_graph(graph, iter(_doc_triples(graph, 50)))  # a generator is fine
    assert _count(store, graph) == 51
    assert store.pending() == []
    assert next(store.oxigraph.quads_for_pattern(None, PENDING, None, None), None) is None
    store.replace_graph(graph, _doc_triples(graph, 10))  # replacing: the old triples go
    assert _count(store, graph) == 11


def test_a_small_graph_in_many_chunks_goes_in_one_transaction_and_a_large_one_in_bulk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text document's graph reaches the store in a few chunks of text: it is written in one
    transaction, not through the bulk loader, whose files the next flush would compact (the
    whole store: seconds on a large one)."""
    from kg.ntriples import GraphText
    from kg.summary import FactTap

    monkeypatch.setattr(store_module, "BATCH", 100)
    graph = f"{EX}doc/a"
    lines = [
        f"<{t.subject.value}> <{t.predicate.value}> {t.object} .\n" for t in _doc_triples(graph, 60)
    ]

    def text(n: int) -> GraphText:
        chunks = iter(("".join(lines[i : i + 20]), len(lines[i : i + 20])) for i in range(0, n, 20))
        return GraphText(chunks, FactTap(graph))

    store = Store(tmp_path / "st")
    store.replace_graph(graph, text(61))  # four chunks, 61 triples < BATCH
    assert _count(store, graph) == 61 and not store._bulk_loaded
    monkeypatch.setattr(store_module, "BATCH", 30)
    store.replace_graph(graph, text(61))  # more than BATCH: bulk
    assert _count(store, graph) == 61 and store._bulk_loaded
    assert store.pending() == []


def test_replacing_drops_the_older_graphs_in_the_commit(tmp_path: Path) -> None:
    store = Store(tmp_path / "st")
    old, new = f"{EX}doc/old", f"{EX}doc/new"
    store.replace_graph(old, _doc_triples(old, 5))
    store.replace_graph(new, _doc_triples(new, 3), also_drop=[old])
    assert store.graphs() == [new]
    store.remove_graphs([new])
    assert store.graphs() == []


_WRITER = """
import os, signal, sys
import pyoxigraph as ox
from kg import store as store_module
from kg.store import Store
from kg.vocab import COOP, RDF

path, graph, kill_at, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
store_module.BATCH = batch
store = Store(path)
g = ox.NamedNode(graph)
store.replace_graph("https://example.org/doc/kept", [
    ox.Triple(ox.NamedNode("https://example.org/doc/kept"), ox.NamedNode(RDF + "type"),
              ox.NamedNode(COOP.SourceDocument))])
print("kept", flush=True)

def triples():
    yield ox.Triple(g, ox.NamedNode(RDF + "type"), ox.NamedNode(COOP.SourceDocument))
    for i in range(10_000):
        if i == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        yield ox.Triple(ox.NamedNode(f"https://example.org/s{i}"),
                        ox.NamedNode("https://example.org/p"), ox.Literal(str(i)))

store.replace_graph(graph, triples())
print("done", flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize(("kill_at", "batch"), [(0, 100_000), (3_000, 100_000), (3_000, 500)])
def test_a_writer_killed_mid_graph_leaves_no_half_graph(
    tmp_path: Path, kill_at: int, batch: int
) -> None:
    """The writer kills itself with SIGKILL while its graph is being written (before any batch,
    inside the single batch, after several bulk-loaded batches): the store opens, the graph
    is not there, the graph committed before is."""
    path, graph = tmp_path / "st", f"{EX}doc/killed"
    script = textwrap.dedent(_WRITER)
    run = subprocess.run(
        [sys.executable, "-c", script, str(path), graph, str(kill_at), str(batch)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -9, run.stderr
    assert "kept" in run.stdout and "done" not in run.stdout
    reader = Store(path, read_only=True)  # a reader, no writer about: it sweeps
    assert reader.swept == [graph]
    assert reader.graphs() == [f"{EX}doc/kept"]
    assert _count(reader, graph) == 0
    assert reader.pending() == []
    del reader
    store = Store(path)
    assert store.swept == []
    store.replace_graph(graph, _doc_triples(graph, 4))
    assert store.graphs() == sorted([f"{EX}doc/kept", graph])


def test_a_half_written_graph_is_swept_when_a_writer_opens(tmp_path: Path) -> None:
    path, graph = tmp_path / "st", f"{EX}doc/half"
    raw = ox.Store(str(path))
    g = ox.NamedNode(graph)
    raw.add(ox.Quad(g, PENDING, ox.Literal("x"), g))
    raw.add(ox.Quad(ox.NamedNode(f"{EX}s"), ox.NamedNode(f"{EX}p"), ox.Literal("o"), g))
    raw.flush()
    del raw
    store = Store(path)
    assert store.swept == [graph]
    assert store.graphs() == [] and store.triples(graph) == []


def test_graphs_leaves_out_a_graph_being_written() -> None:
    store = Store()
    g = ox.NamedNode(f"{EX}doc/w")
    store.oxigraph.add(ox.Quad(g, PENDING, ox.Literal("x"), g))
    assert store.graphs() == [] and store.pending() == [g.value]


_HOLDER = """
import sys, time
from kg.store import Store
store = Store(sys.argv[1])
print("open", flush=True)
time.sleep(float(sys.argv[2]))
"""


def _hold(path: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process holding the store `path` open for writing for `seconds`."""
    return subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )


def test_a_second_writer_is_refused_with_store_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "st"
    Store(path).flush()
    holder = _hold(path, 3)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreBusy, match="store is busy"):
            Store(path)
        started = time.monotonic()
        queued = Store(path, wait=30)  # queues: opens once the other writer is gone
        assert time.monotonic() - started > 0.5
        assert holder.wait(timeout=30) == 0
        del queued
    finally:
        holder.kill()
        holder.wait()


def test_writers_in_threads_of_one_process_are_refused_not_corrupting(tmp_path: Path) -> None:
    path = tmp_path / "st"
    first = Store(path)
    errors: list[Exception] = []

    def second() -> None:
        try:
            Store(path)
        except StoreBusy as exc:
            errors.append(exc)

    t = threading.Thread(target=second)
    t.start()
    t.join()
    assert len(errors) == 1
    first.replace_graph(f"{EX}doc/x", _doc_triples(f"{EX}doc/x", 2))
    assert first.graphs() == [f"{EX}doc/x"]


def test_build_on_a_busy_store_says_store_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "st"
    note = tmp_path / "note.txt"
    note.write_text("La commune de Bressuire et la commune de Kpalimé sont partenaires.\n")
    holder = _hold(path, 60)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        run = subprocess.run(
            [sys.executable, "-m", "kg", "build", str(note), "--store", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 4
    assert "store is busy" in run.stderr and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_new_store_appears_whole_or_not_at_all(tmp_path: Path) -> None:
    """A store is made beside its path and renamed into place: a build killed while RocksDB
    lays out its files leaves no half-made store that cannot be opened (a leftover of such a
    kill beside the path is cleared by the next creation)."""
    path = tmp_path / "store"
    leftover = tmp_path / f".store.creating-{os.getpid()}"
    leftover.mkdir()
    (leftover / "CURRENT").write_text("half-made")
    Store(path)  # creates it
    assert (path / "CURRENT").exists() and not leftover.exists()
    reader = Store(path, read_only=True)
    assert reader.graphs() == []
