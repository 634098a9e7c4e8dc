"""coopkg at the size of the field: an Atlas-shaped table of N partnerships, built, queried,
exported, drawn, grown by one text document and pushed to a real server, against plain rdflib.

For each N (default 10,000 and 100,000) the script writes a table with the columns of the
shipped `atlas` mapping: real French communes (a few thousand, some named in hundreds of rows),
a few thousand partners in twenty countries, 1-3 fundings per partnership (one row each), some
in CFA francs. Then it measures, for coopkg:

* build: `coopkg build TABLE --mapping atlas` into a fresh store on disk (wall time of the
  command, its peak memory);
* one new text document added to the full store (a development-set text, in a process that has
  already started and loaded its models: only the build is timed);
* each named query below: median and 95th percentile over `--repeats` runs, on the store on
  disk; lookups (the partners of a much-named commune, the links of the added document) and
  aggregations over every funding or partnership;
* `coopkg export --format turtle`, `coopkg viz --max-nodes 5000`, and `coopkg push` to an
  Oxigraph server on loopback (the `oxigraph` binary of the test extra);

and for the baseline a user would otherwise write, rdflib's in-memory `Dataset` and its SPARQL
engine, loaded from the same data (the store's N-Quads) in a subprocess with `--baseline-repeats`
runs per query (it needs several GB at 100,000): load time, peak memory, the same queries —
the aggregations as written over the document graphs (`tests/direct_queries/`), since coopkg's
named ones read its summary graph, which a plain rdflib user would not have.

Last, the extraction throughput of `--jobs 1` and `--jobs 2`: words per second of the readers
over the development set's texts read again and again up to `--words` words (the readers are
timed, not the build: copies of one text would share a hash and be built once).

It prints a table per N with the ratios and the targets, and writes it as Markdown
(`--markdown FILE`) and JSON (`--json FILE`).

    python benchmarks/scale.py [N ...] [--json FILE] [--markdown FILE] [--work DIR]
                               [--repeats R] [--baseline-repeats B] [--no-baseline] [--words W]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("COOPKG_SHARED") or ROOT.parent / "shared")
DEVSET_DOCS = SHARED / "devset" / "docs"
ADDED_DOC = "01_mamoudzou_agoe-nyive2_kloto1_jumelage.txt"
COOPKG = [sys.executable, "-m", "kg.cli"]
OXIGRAPH = Path(sys.executable).with_name("oxigraph")

COUNTRIES = (
    "Togo", "Bénin", "Burkina Faso", "Mali", "Sénégal", "Niger", "Madagascar", "Cameroun",
    "Côte d'Ivoire", "Maroc", "Tunisie", "Haïti", "Viêt Nam", "Liban", "Algérie", "Mauritanie",
    "Guinée", "Cambodge", "Palestine", "Burundi",
)  # fmt: skip
CFA = {"Togo", "Bénin", "Burkina Faso", "Mali", "Sénégal", "Niger", "Côte d'Ivoire"}
SYLLABLES = (
    "ka", "lo", "mé", "ta", "ni", "ba", "dou", "go", "ro", "sa", "ki", "na", "bo", "zi", "fa",
    "ou", "lé", "mba", "ndi", "to",
)  # fmt: skip
THEMES = (
    "Eau et assainissement", "Santé", "Éducation", "Culture", "Agriculture",
    "Gouvernance locale", "Environnement", "Jeunesse", "Économie", "Tourisme",
)  # fmt: skip
STATUSES = ("En cours", "Terminé", "En cours", "En projet")
FUNDERS = (
    "Ministère de l'Europe et des Affaires étrangères", "Agence française de développement",
    "Agence de l'eau Seine-Normandie", "Agence de l'eau Loire-Bretagne", "Région Bretagne",
    "Région Nouvelle-Aquitaine", "Région Hauts-de-France", "Union européenne",
)  # fmt: skip
HEADER = (
    "Titre", "Année de signature de la convention", "Thématique d'intervention",
    "Année de début du partenariat", "Le partenariat est", "Nom de la collectivité territoriale",
    "Nom de la collectivité étrangère", "Pays", "Nom du financeur", "Montant en euros", "Année",
)  # fmt: skip
FRENCH_NAMES = 3000
PARTNER_NAMES = 3000
#: the commune whose partners are looked up: the 21st most named of the table (in some 60 of
#: 100,000 partnerships)
LOOKED_UP = 20

#: (query, kind): the named queries measured; a lookup's parameters are set per run
QUERIES = (
    ("partners_of", "lookup"),
    ("links_of_document", "lookup"),
    ("funding_by_funder", "aggregation"),
    ("funding_by_year", "aggregation"),
    ("funding_by_recipient", "aggregation"),
    ("partnerships_by_country", "aggregation"),
    ("partnerships_by_theme", "aggregation"),
    ("counts", "aggregation"),
)
#: the targets of issue 15 at N = 100,000 (seconds; memory in MB; ratios)
TARGETS = {
    "build": 30.0,
    "build_peak_mb": 1500.0,
    "lookup": 0.010,
    "aggregation": 0.300,
    "add_document": 1.0,
    "aggregation_ratio": 30.0,
    "build_ratio": 2.0,
}


# --- the table ---------------------------------------------------------------------------------


def french_communes(count: int) -> list[str]:
    """`count` real French communes whose name alone names them (no cue needed), shuffled."""
    from kg.reference import Reference

    reference = Reference.default()
    data = gzip.decompress(files("kg.data").joinpath("fr_communes.csv.gz").read_bytes())
    lines = (line for line in data.decode("utf-8").splitlines() if not line.startswith("#"))
    names = sorted({r["label"] for r in csv.DictReader(lines) if r["kind"] == "C"})
    random.Random(7).shuffle(names)
    return [n for n in names if reference.unambiguous_commune(n)][:count]


def partners(count: int) -> list[tuple[str, str]]:
    """`count` made-up foreign towns (name, country), spread over the twenty countries."""
    rng = random.Random(11)
    found: dict[str, str] = {}
    while len(found) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
        found.setdefault(name, COUNTRIES[len(found) % len(COUNTRIES)])
    return sorted(found.items())


def write_table(n: int, path: Path) -> dict[str, Any]:
    """An Atlas-shaped table of `n` partnerships at `path`; returns what it holds."""
    rng = random.Random(n)
    french, foreign = french_communes(FRENCH_NAMES), partners(PARTNER_NAMES)

    def pick(seq: list[Any]) -> Any:  # a few names very often, most now and then
        if rng.random() < 0.3:
            return seq[min(int(rng.paretovariate(1.2)) - 1, len(seq) - 1)]
        return seq[rng.randrange(len(seq))]

    rows = 0
    named: dict[str, int] = {}
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(n):
            a, (b, country) = pick(french), pick(foreign)
            named[a] = named.get(a, 0) + 1
            theme, start, status = rng.choice(THEMES), rng.randint(1985, 2022), rng.choice(STATUSES)
            title = f"{theme} : {a} et {b} ({i + 1})"
            for k in range(rng.randint(1, 3)):
                funder = a if k == 0 and rng.random() < 0.5 else rng.choice(FUNDERS)
                if country in CFA and rng.random() < 0.2:
                    amount = f"{rng.randint(1, 40)} millions de FCFA"
                else:
                    amount = f"{rng.randint(1, 400) * 500:,} €".replace(",", " ")
                cells = (title, start, theme, start, status, a, b, country, funder, amount)
                writer.writerow([*cells, start + k])
                rows += 1
    size = path.stat().st_size
    ranked = sorted(named, key=lambda name: (-named[name], name))
    looked_up = ranked[min(LOOKED_UP, len(ranked) - 1)]
    return {"partnerships": n, "rows": rows, "bytes": size, "looked_up": looked_up}


# --- measuring ---------------------------------------------------------------------------------


def run_measured(args: list[str], timeout: float | None = None) -> tuple[float, float, str]:
    """(wall seconds, peak memory in MB, stdout) of a command, which must succeed."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(args, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = _wait4(process, timeout)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if status != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({status}): {stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def _wait4(process: subprocess.Popen[bytes], timeout: float | None) -> tuple[int, int, Any]:
    deadline = time.monotonic() + timeout if timeout else None
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return pid, process.returncode, usage
        if deadline and time.monotonic() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = -9
            return pid, -9, usage
        time.sleep(0.05)


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "runs": len(ordered)}


#: the aggregation queries written over the document graphs, as without a summary graph (the
#: named ones read coopkg's summary): what the rdflib baseline runs
DIRECT_QUERIES = ROOT / "tests" / "direct_queries"


def query_texts(params: dict[str, dict[str, str]], direct: bool = False) -> dict[str, str]:
    """The measured queries, bound; `direct`: the aggregations over the document graphs."""
    from kg.named_queries import get_query, parse_query

    out = {}
    for name, _ in QUERIES:
        query = get_query(name)
        written = DIRECT_QUERIES / f"{name}.rq"
        if direct and written.is_file():
            query = parse_query(name, written.read_text(encoding="utf-8"))
        out[name] = query.bound(params.get(name, {}))
    return out


def time_queries(store_path: Path, texts: dict[str, str], repeats: int) -> dict[str, Any]:
    from kg.store import Store

    store = Store(store_path, read_only=True)
    out: dict[str, Any] = {}
    for name, text in texts.items():
        times, rows = [], 0
        for _ in range(repeats):
            started = time.perf_counter()
            rows = sum(1 for _ in store.query(text))
            times.append(time.perf_counter() - started)
        out[name] = {**summary(times), "rows": rows}
    del store
    return out


ADD_SCRIPT = """
import json, sys, time
from pathlib import Path
from kg.build import Pipeline
from kg.store import Store
doc = Path(sys.argv[2])
Pipeline.default(Store()).build([doc])  # loads the reference data and the language model
pipeline = Pipeline.default(Store(sys.argv[1]))
started = time.perf_counter()
[result] = pipeline.build([doc])
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "graph": result.graph, "status": result.status}))
"""


def add_document(store: Path, doc: Path) -> dict[str, Any]:
    _, peak, out = run_measured([sys.executable, "-c", ADD_SCRIPT, str(store), str(doc)])
    return {**json.loads(out.strip().splitlines()[-1]), "peak_mb": peak}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def push(store: Path, work: Path) -> dict[str, Any]:
    """`coopkg push` of the store to a fresh Oxigraph server on loopback."""
    if not OXIGRAPH.exists():
        return {"error": f"{OXIGRAPH} missing (pip install oxigraph)"}
    folder = work / "oxigraph-server"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        seconds, peak, out = run_measured(
            [*COOPKG, "push", "--graph-store", f"{base}/store", "--store", str(store)]
        )
        return {"seconds": seconds, "peak_mb": peak, "report": out.strip().splitlines()[-1]}
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# --- the baseline ------------------------------------------------------------------------------


class _TimeUp(Exception):
    pass


def _time_up(signum: int, frame: Any) -> None:
    raise _TimeUp


def baseline_worker(nquads: str, queries_file: str, repeats: int, limit: float) -> None:
    """(In the subprocess) load the N-Quads into an rdflib Dataset, run the queries, each for
    at most `limit` seconds; one JSON line per step."""
    import rdflib

    started = time.perf_counter()
    dataset = rdflib.Dataset()
    dataset.parse(nquads, format="nquads")
    print(json.dumps({"load": time.perf_counter() - started}), flush=True)
    signal.signal(signal.SIGALRM, _time_up)
    for name, text in json.loads(Path(queries_file).read_text(encoding="utf-8")).items():
        times: list[float] = []
        rows = 0
        try:
            for _ in range(repeats):
                signal.setitimer(signal.ITIMER_REAL, limit)
                t0 = time.perf_counter()
                rows = len(list(dataset.query(text)))
                times.append(time.perf_counter() - t0)
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _TimeUp:
            print(json.dumps({"query": name, "over": limit}), flush=True)
            continue
        print(json.dumps({"query": name, "times": times, "rows": rows}), flush=True)


def baseline(
    store: Path, texts: dict[str, str], repeats: int, work: Path, limit: float, query_limit: float
) -> Any:
    """The rdflib figures: load time, peak memory, the queries (as far as `limit` seconds go)."""
    import pyoxigraph as ox

    from kg.store import Store

    nquads, queries = work / "store.nq", work / "queries.json"
    source = Store(store, read_only=True)
    started = time.perf_counter()
    nquads.write_bytes(source.dump(ox.RdfFormat.N_QUADS))
    dump_seconds = time.perf_counter() - started
    del source
    queries.write_text(json.dumps(texts), encoding="utf-8")
    args = [sys.executable, __file__, "--baseline-worker", str(nquads), str(queries)]
    args += [str(repeats), str(query_limit)]
    out_file = work / "baseline.jsonl"
    with out_file.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = _wait4(process, limit)
    result: dict[str, Any] = {"queries": {}, "peak_mb": usage.ru_maxrss / 1024, "status": status}
    result["nquads_dump"] = dump_seconds
    for line in out_file.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if "load" in item:
            result["load"] = item["load"]
        elif "over" in item:
            result["queries"][item["query"]] = {"over": item["over"]}
        else:
            result["queries"][item["query"]] = {**summary(item["times"]), "rows": item["rows"]}
    nquads.unlink()
    return result


# --- extraction throughput ---------------------------------------------------------------------


def throughput(words: int) -> dict[str, Any]:
    """Words per second of the readers over the development set's texts, with 1 and 2 jobs."""
    from builders.registry import Registry
    from kg.load import iter_paths, load
    from kg.parallel import read_in_processes

    registry = Registry.default()
    docs = []
    for path in iter_paths([DEVSET_DOCS]):
        doc = load(path)
        builder = registry.choose(doc)
        builder.build(doc)  # warm: models loaded, before the workers are forked
        docs.append((doc, builder.name, len(doc.text.split())))
    tasks, total = [], 0
    while total < words:
        for doc, name, count in docs:
            tasks.append((doc, name))
            total += count
            if total >= words:
                break
    out: dict[str, Any] = {"words": total, "documents": len(tasks)}
    started, cpu = time.perf_counter(), os.times()
    for _ in read_in_processes(registry, tasks, 1):
        pass
    wall = time.perf_counter() - started
    out["jobs_1"] = total / wall
    out["jobs_1_cpu_share"] = _cpu(cpu, os.times()) / wall  # of one core: 1.0 = all of it
    started, cpu = time.perf_counter(), os.times()
    for _ in read_in_processes(registry, tasks, 2):
        pass
    wall = time.perf_counter() - started
    out["jobs_2"] = total / wall
    out["jobs_2_cpu_share"] = _cpu(cpu, os.times()) / wall  # 2.0: both cores all along
    out["load_average"] = os.getloadavg()[0]  # other work on the machine meanwhile
    return out


def _cpu(before: os.times_result, after: os.times_result) -> float:
    """CPU seconds used between two `os.times()`, this process and its children."""
    return sum(getattr(after, k) - getattr(before, k) for k in ("user", "system")) + sum(
        getattr(after, k) - getattr(before, k) for k in ("children_user", "children_system")
    )


# --- one size ----------------------------------------------------------------------------------


@dataclass
class Run:
    n: int
    figures: dict[str, Any] = field(default_factory=dict)


def _step(run: Run, key: str, work: Callable[[], Any], options: argparse.Namespace) -> None:
    """Run one measure into `run.figures[key]`; a failure is recorded, the others still run.
    The figures so far are written to `--json` after each step."""
    started = time.perf_counter()
    print(f"[{time.strftime('%H:%M:%S')}] N={run.n:,}: {key}", file=sys.stderr, flush=True)
    try:
        run.figures[key] = work()
    except Exception as exc:  # a measure that fails is reported, not fatal
        run.figures[key] = {"error": f"{type(exc).__name__}: {exc}"[:2000]}
    run.figures.setdefault("step_seconds", {})[key] = time.perf_counter() - started
    if options.json:
        partial = {"machine": machine(), "runs": [{"n": run.n, **run.figures}], "partial": True}
        options.json.write_text(json.dumps(partial, indent=2, ensure_ascii=False), "utf-8")


def measure(n: int, work: Path, options: argparse.Namespace) -> Run:
    run = Run(n)
    f = run.figures
    table = work / f"atlas-{n}.csv"
    store = work / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)

    def build() -> dict[str, Any]:
        seconds, peak, out = run_measured(
            [*COOPKG, "build", str(table), "--mapping", "atlas", "--store", str(store)]
        )
        triples = int(out.split("[table, ")[1].split(" triples")[0])
        return {"seconds": seconds, "peak_mb": peak, "triples": triples}

    def timed_command(*args: str) -> dict[str, Any]:
        seconds, peak, out = run_measured([*COOPKG, *args, "--store", str(store)])
        return {"seconds": seconds, "peak_mb": peak, "output": out.strip().splitlines()[-1]}

    f["table"] = write_table(n, table)
    _step(run, "build", build, options)
    _step(run, "add_document", lambda: add_document(store, DEVSET_DOCS / ADDED_DOC), options)
    params = {
        "partners_of": {"actor": f["table"]["looked_up"]},
        "links_of_document": {"document": f["add_document"].get("graph", "urn:x")},
    }
    texts = query_texts(params)
    _step(run, "queries", lambda: time_queries(store, texts, options.repeats), options)
    ttl, page = work / "x.ttl", work / "x.html"
    _step(
        run,
        "export_turtle",
        lambda: timed_command("export", "-f", "turtle", "-o", str(ttl)),
        options,
    )
    _step(run, "viz", lambda: timed_command("viz", "--max-nodes", "5000", "-o", str(page)), options)
    for leftover in (ttl, page):
        leftover.unlink(missing_ok=True)
    if options.push:
        _step(run, "push", lambda: push(store, work), options)
    if options.baseline:
        _step(
            run,
            "baseline",
            lambda: baseline(
                store,
                query_texts(params, direct=True),
                options.baseline_repeats,
                work,
                options.limit,
                options.query_limit,
            ),
            options,
        )
    if not options.keep:
        shutil.rmtree(store, ignore_errors=True)
        table.unlink()
    return run


# --- the report --------------------------------------------------------------------------------


def _s(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.1f} s"


def _ratio(ours: float | None, theirs: float | None) -> str:
    if not (ours and theirs):
        return "—"
    ratio = theirs / ours
    return f"{ratio:.1f}×" if ratio < 10 else f"{ratio:.0f}×"


def _met(value: float | None, target: float | None, higher: bool = False) -> str:
    if value is None or target is None:
        return ""
    return "yes" if (value >= target if higher else value <= target) else "**no**"


def table_rows(run: Run) -> list[list[str]]:
    f = run.figures
    base = f.get("baseline") or {}
    base = {} if "error" in base else base
    at_target = run.n >= 100_000
    rows: list[list[str]] = []
    build, load = f["build"].get("seconds"), base.get("load")
    rows.append(
        [
            "build from the table",
            _s(build),
            _s(load) + (" (load only)" if load else ""),
            _ratio(build, load),
            "< 30 s, ≥ 2×",
            " ".join(
                [_met(build, TARGETS["build"])]
                + ([_met(load / build, TARGETS["build_ratio"], True)] if load and build else [])
            )
            if at_target
            else "",
        ]
    )
    rows.append(
        [
            "peak memory of the build",
            f"{f['build'].get('peak_mb', 0):.0f} MB",
            f"{base['peak_mb']:.0f} MB" if base else "—",
            "",
            "< 1.5 GB",
            _met(f["build"].get("peak_mb"), TARGETS["build_peak_mb"]) if at_target else "",
        ]
    )
    for name, kind in QUERIES:
        ours = f["queries"].get(name)
        if ours is None:
            continue
        theirs = base.get("queries", {}).get(name)
        target = TARGETS[kind]
        theirs_median = (theirs or {}).get("median") or (theirs or {}).get("over")
        ratio_ok = ""
        if kind == "aggregation" and theirs_median and at_target:
            ratio_ok = _met(theirs_median / ours["median"], TARGETS["aggregation_ratio"], True)
        met = _met(ours["median"], target) if at_target else ""
        over = theirs is not None and "over" in theirs
        rows.append(
            [
                f"`{name}` ({kind}, {ours['rows']} rows): median / p95",
                f"{_s(ours['median'])} / {_s(ours['p95'])}",
                (f"> {_s(theirs_median)}" if over else _s(theirs_median)) if theirs else "—",
                (">" if over else "") + _ratio(ours["median"], theirs_median),
                f"< {_s(target)}" + (", ≥ 30×" if kind == "aggregation" else ""),
                " ".join(x for x in (met, ratio_ok) if x),
            ]
        )
    add = f["add_document"].get("seconds")
    rows.append(["one new text document", _s(add), "—", "", "< 1 s", _met(add, 1.0)])
    rows.append(["Turtle export", _s(f["export_turtle"].get("seconds")), "—", "", "", ""])
    rows.append(["`viz --max-nodes 5000`", _s(f["viz"].get("seconds")), "—", "", "", ""])
    pushed = f.get("push") or {}
    rows.append(["`push` to Oxigraph on loopback", _s(pushed.get("seconds")), "—", "", "", ""])
    return rows


def machine() -> dict[str, Any]:
    import pyoxigraph
    import rdflib

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            int(line.split()[1]) // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
    }


def markdown(runs: list[Run], rate: dict[str, Any] | None, host: dict[str, Any]) -> str:
    lines = [
        f"Machine: {host['cpu']}, {host['cores']} cores, {host['memory_mb'] / 1024:.0f} GB, "
        f"{host['system']}; Python {host['python']}, pyoxigraph {host['pyoxigraph']}, "
        f"rdflib {host['rdflib']}.",
    ]
    for run in runs:
        f = run.figures
        lines += [
            "",
            f"**N = {run.n:,} partnerships** ({f['table']['rows']:,} rows, "
            f"{f['build'].get('triples', 0):,} triples, "
            f"{f['build'].get('triples', 0) / run.n:.0f} per partnership)",
            "",
            "| measure | coopkg | rdflib Dataset | ratio | target at 100,000 | met |",
            "|---|---|---|---|---|---|",
        ]
        lines += ["| " + " | ".join(row) + " |" for row in table_rows(run)]
        failed = [(k, v["error"]) for k, v in f.items() if isinstance(v, dict) and "error" in v]
        lines += [f"\n{key} failed: {error[:300]}" for key, error in failed]
    if rate:
        lines += [
            "",
            f"Extraction throughput over the development set's texts ({rate['words']:,} words): "
            f"`--jobs 1` {rate['jobs_1']:,.0f} words/s, `--jobs 2` {rate['jobs_2']:,.0f} words/s"
            + (
                f" (CPU in use: {rate['jobs_1_cpu_share']:.2f} and {rate['jobs_2_cpu_share']:.2f}"
                f" cores; load average {rate['load_average']:.1f} on {os.cpu_count()} cores)."
                if "jobs_1_cpu_share" in rate
                else "."
            ),
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if argv[:1] == ["--baseline-worker"]:
        baseline_worker(argv[1], argv[2], int(argv[3]), float(argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--markdown", type=Path, help="write the tables as Markdown")
    parser.add_argument("--work", type=Path, help="folder for tables and stores (default: temp)")
    parser.add_argument("--repeats", type=int, default=9, help="runs per coopkg query")
    parser.add_argument("--baseline-repeats", type=int, default=2, help="runs per rdflib query")
    parser.add_argument("--limit", type=float, default=3600, help="seconds for the baseline")
    parser.add_argument(
        "--query-limit", type=float, default=120, help="seconds per rdflib query run"
    )
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--no-push", dest="push", action="store_false")
    parser.add_argument("--keep", action="store_true", help="keep the tables and stores")
    parser.add_argument("--words", type=int, default=100_000, help="words read per throughput")
    options = parser.parse_args(argv)
    work = options.work or Path(tempfile.mkdtemp(prefix="coopkg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    host = machine()
    runs = []
    for n in options.sizes:
        runs.append(measure(n, work, options))
        print(markdown(runs[-1:], None, host), file=sys.stderr, flush=True)  # progress
    rate = throughput(options.words) if options.words else None
    text = markdown(runs, rate, host)
    print(text)
    if options.markdown:
        options.markdown.write_text(text, encoding="utf-8")
    if options.json:
        data = {"machine": host, "runs": [{"n": r.n, **r.figures} for r in runs]}
        data["throughput"] = rate
        options.json.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    if not options.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
