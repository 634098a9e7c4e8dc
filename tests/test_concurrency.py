"""Concurrent use of one store: `coopkg serve` keeps answering while `coopkg build` writes many
documents; two builds started at once queue (`--wait`) or one refuses, "store is busy"; a
bounded load test on loopback (8 clients, 2,000 named queries) reports its latency percentiles
(printed, not asserted) with no failed request."""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_serve import EXAMPLES, Endpoint, build, serve

from kg.store import Store
from kg.store_lock import writer_holds
from kg.validate import validate_store

pytestmark = [pytest.mark.server, pytest.mark.slow]

NOTE = (
    "La commune de {town} a signé une convention de partenariat avec la commune de {partner} au "
    "Togo ; le Département des Deux-Sèvres finance à hauteur de {amount} euros le projet de la "
    "commune de {town}.\n"
)
TOWNS = ("Bressuire", "Niort", "Parthenay", "Thouars", "Melle", "Airvault", "Poitiers", "Chinon")
PARTNERS = ("Kpalimé", "Atakpamé", "Tsévié", "Sokodé")
DOC_GRAPHS = (
    "PREFIX coop: <https://w3id.org/coopkg/ontology#>\n"
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g a coop:SourceDocument . ?s ?p ?o } } "
    "GROUP BY ?g"
)


def _notes(folder: Path, first: int, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(first, first + count):
        text = NOTE.format(town=TOWNS[i % 8], partner=PARTNERS[i % 4], amount=1000 * (i + 1))
        (folder / f"note-{i:02d}.txt").write_text(text)
    return folder


def _start_build(folder: Path, store: Path, *options: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), *options]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_answers_while_builds_write_and_a_second_build_queues_or_refuses(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    build(store, _notes(tmp_path / "first", 0, 3))
    later = _notes(tmp_path / "later", 3, 8)
    queued_docs = _notes(tmp_path / "queued", 11, 2)
    answers: list[int] = []
    sizes: list[dict[str, int]] = []
    stop = threading.Event()
    for endpoint in serve(store, tmp_path / "serve.log"):

        def watch(endpoint: Endpoint = endpoint) -> None:
            while not stop.is_set():
                r = endpoint.query(DOC_GRAPHS)
                answers.append(r.status_code)
                if r.status_code == 200:
                    rows = r.json()["results"]["bindings"]
                    sizes.append({b["g"]["value"]: int(b["n"]["value"]) for b in rows})
                time.sleep(0.02)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            writer = _start_build(later, store)
            deadline = time.monotonic() + 120
            while not writer_holds(store) and time.monotonic() < deadline:
                time.sleep(0.02)
            refused = subprocess.run(
                [sys.executable, "-m", "kg", "build", str(queued_docs), "--store", str(store)],
                capture_output=True,
                text=True,
                timeout=300,
            )
            queued = _start_build(queued_docs, store, "--wait", "600")
            _, errors = writer.communicate(timeout=900)
            assert writer.returncode == 0, errors
            q_out, q_errors = queued.communicate(timeout=900)
            assert queued.returncode == 0, q_errors
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and (not sizes or len(sizes[-1]) < 13):
                time.sleep(0.1)
        finally:
            stop.set()
            watcher.join()
    assert refused.returncode == 4
    assert "store is busy" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert q_out.count("built     ") == 2 and "2 built or up to date, 0 failed" in q_out
    assert answers and set(answers) == {200}, set(answers)  # answered all along
    final = sizes[-1]
    assert len(final) == 13
    for seen in sizes:  # every document the endpoint showed was whole
        assert all(final[g] == n for g, n in seen.items())
    s = Store(store, read_only=True)
    assert len([g for g in s.graphs() if "/doc/" in g]) == 13
    assert validate_store(s).violations == []
    print(f"\n{len(answers)} queries answered while the builds ran")


#: the mixed named queries of the load test, with their parameters
LOAD_MIX: tuple[tuple[str, dict[str, str]], ...] = (
    ("actors", {}),
    ("partners_of", {"actor": "Kpalimé"}),
    ("links", {}),
    ("counts", {}),
    ("funding_by_funder", {}),
    ("programmes", {}),
    ("entities", {}),
    ("partnerships_by_country", {}),
)
CLIENTS, QUERIES = 8, 2000


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    folder = tmp_path_factory.mktemp("load")
    build(folder / "store", EXAMPLES)
    yield from serve(folder / "store", folder / "serve.log")


def test_load_eight_clients_two_thousand_queries(loaded: Endpoint) -> None:
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        with httpx.Client(base_url=loaded.url, timeout=120) as http:
            for i in range(n, QUERIES, CLIENTS):
                name, params = LOAD_MIX[i % len(LOAD_MIX)]
                start = time.perf_counter()
                r = http.get(f"/named/{name}", params={**params, "format": "json"})
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    if r.status_code != 200:
                        failures.append(f"{name}: {r.status_code} {r.text[:200]}")

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    assert len(latencies) == QUERIES
    assert failures == []
    cuts = statistics.quantiles(latencies, n=100)
    print(
        f"\nload test: {CLIENTS} clients, {QUERIES} named queries in {wall:.1f} s "
        f"({QUERIES / wall:.0f} queries/s); latency p50 {cuts[49] * 1000:.0f} ms, "
        f"p90 {cuts[89] * 1000:.0f} ms, p99 {cuts[98] * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms; {len(failures)} failed"
    )
