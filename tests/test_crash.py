"""`coopkg build` killed with SIGKILL, for real, at several moments of a build of many
documents: each time the store opens, answers queries and validates, every document in it is
whole (as many triples as an uninterrupted build gives it), and the next build completes with
every document once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.named_queries import get_query
from kg.store import Store
from kg.validate import validate_store

NOTE = (
    "La commune de {town} a signé une convention de partenariat avec la commune de {partner} au "
    "Togo ; le Département des Deux-Sèvres finance à hauteur de {amount} euros le projet de la "
    "commune de {town}.\n"
)
TOWNS = ("Bressuire", "Niort", "Parthenay", "Thouars", "Melle", "Airvault", "Poitiers", "Chinon")
PARTNERS = ("Kpalimé", "Atakpamé", "Tsévié", "Sokodé")


def _documents(folder: Path) -> None:
    folder.mkdir()
    for i in range(12):
        note = NOTE.format(
            town=TOWNS[i % len(TOWNS)], partner=PARTNERS[i % len(PARTNERS)], amount=1000 * (i + 1)
        )
        (folder / f"note-{i:02d}.txt").write_text(note)
    # one long document, read in several sections and written with many triples
    long = "\n".join(
        NOTE.format(town=TOWNS[i % 8], partner=PARTNERS[i % 4], amount=500 + i) for i in range(700)
    )
    (folder / "note-06-long.txt").write_text(long)


def _build(folder: Path, store: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _graph_sizes(store: Path) -> dict[str, int]:
    s = Store(store, read_only=True)
    try:
        return {g: len(s.triples(g)) for g in s.graphs() if "/doc/" in g}
    finally:
        del s


def _kill_after(proc: subprocess.Popen[str], documents: int, delay: float) -> int:
    """SIGKILL `proc` `delay` seconds after it reported `documents` documents; how many it
    had reported when killed."""
    seen = [0]
    reached = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith(("built", "unchanged")):
                seen[0] += 1
            if seen[0] >= documents:
                reached.set()
        reached.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if documents:
        reached.wait(timeout=600)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    reader.join(timeout=10)
    return seen[0]


def _check(store: Path, complete: dict[str, int]) -> int:
    """The store opens, answers, validates; every document graph in it is whole. How many
    documents it holds."""
    if not (store / "CURRENT").exists():
        return 0  # killed before the store was created
    s = Store(store, read_only=True)
    try:
        assert s.pending() == []
        docs = [g for g in s.graphs() if "/doc/" in g]
        for g in docs:
            assert len(s.triples(g)) == complete[g], g  # whole, not half
        rows = list(s.select(get_query("counts").text))  # it answers
        assert bool(rows) == bool(docs)
        assert validate_store(s).violations == []
        return len(docs)
    finally:
        del s


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_a_sound_store(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    _documents(folder)
    reference = tmp_path / "reference"
    whole = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(folder), "--store", str(reference)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert whole.returncode == 0, whole.stderr
    complete = _graph_sizes(reference)
    assert len(complete) == 13

    store = tmp_path / "store"
    # while starting, while writing the static graphs or reading the first document, between
    # two documents, inside one (the long one is read in sections, then written at length)
    moments = [(0, 0.3), (0, 5.0), (2, 0.0), (5, 0.4), (6, 1.5), (6, 4.0), (10, 0.05)]
    held = []
    for documents, delay in moments:
        proc = _build(folder, store)
        reported = _kill_after(proc, documents, delay)
        assert proc.returncode == -signal.SIGKILL, (documents, delay, reported)
        held.append(_check(store, complete))
    print(f"\ndocuments in the store after each kill: {held}")

    final = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert final.returncode == 0, final.stderr
    assert _check(store, complete) == 13
    assert _graph_sizes(store) == complete  # every document once, whole
