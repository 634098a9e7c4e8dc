"""`pip install .` (not editable) gives a coopkg that finds its ontology, shapes, queries and
reference data as package data, from any working directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_non_editable_install_finds_package_data(tmp_path: Path, shared: Path) -> None:
    target = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target)]
    subprocess.run([*pip, str(ROOT)], check=True, capture_output=True, timeout=600)
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = (
        "import kg, kg.vocab, kg.named_queries, kg.reference;"
        "print(kg.__file__);"
        "print(kg.vocab.ontology_path()); print(kg.vocab.shapes_path());"
        "print(len(kg.named_queries.list_queries()));"
        "print(len(kg.reference.Reference.default().entries()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.split("\n")
    assert out[0].startswith(str(target))
    assert out[1].startswith(str(target)) and Path(out[1]).is_file()
    assert Path(out[2]).is_file()
    assert int(out[3]) >= 5 and int(out[4]) > 150
    seed = shared / "seeds" / "004_907021ef8160d5c3.txt"
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(seed), "--store", "st"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
