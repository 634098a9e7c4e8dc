"""`benchmarks/scale.py` runs end to end at a small N: table, build, queries, export, viz, one
more document, push to a real Oxigraph server, the rdflib baseline and the throughput of 1 and 2
jobs. Its figures are printed, never asserted (speed is measured, not tested)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.server
def test_the_scale_benchmark_runs_at_a_small_size(shared: Path, tmp_path: Path) -> None:
    out_json, out_md = tmp_path / "scale.json", tmp_path / "scale.md"
    args = [sys.executable, str(ROOT / "benchmarks" / "scale.py"), "300", "--work", str(tmp_path)]
    args += ["--repeats", "2", "--baseline-repeats", "1", "--query-limit", "10", "--words", "3000"]
    args += ["--json", str(out_json), "--markdown", str(out_md)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    print(done.stdout)  # the figures, for whoever runs the suite with -s
    data = json.loads(out_json.read_text(encoding="utf-8"))
    [run] = data["runs"]
    assert run["n"] == 300 and run["table"]["rows"] >= 300
    assert run["build"]["triples"] > 300 * 10
    assert run["add_document"]["status"] == "built"
    assert set(run["queries"]) >= {"partners_of", "links_of_document", "funding_by_funder"}
    assert run["queries"]["partners_of"]["rows"] > 0  # the looked-up commune has partners
    assert run["queries"]["links_of_document"]["rows"] > 0
    assert "pushed" in run["push"]["report"]
    assert run["baseline"]["load"] > 0 and run["baseline"]["queries"]
    assert data["throughput"]["words"] >= 3000
    table = out_md.read_text(encoding="utf-8")
    assert "**N = 300 partnerships**" in table and table in done.stdout
    assert data["machine"]["cores"] and data["machine"]["cpu"] in table
