"""The command line, run for real as a subprocess on on-disk stores."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS_STRUCTURED

COMMANDS = [
    "build", "extract", "query", "queries", "export", "validate", "stats", "viz", "serve", "push",
    "describe", "ontology-docs",
]  # fmt: skip


def coopkg(*args: str | Path, store: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "kg", *map(str, args)]
    if store is not None:
        cmd += ["--store", str(store)]
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared: Path) -> Path:  # type: ignore[no-untyped-def]
    store = tmp_path_factory.mktemp("cli") / "store"
    r = coopkg("build", *(shared / "seeds" / n for n in SEEDS_STRUCTURED), store=store)
    assert r.returncode == 0, r.stderr
    return store


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_documented(command: str) -> None:
    r = coopkg(command, "--help")
    assert r.returncode == 0
    assert len(r.stdout.split("Usage:")[1].strip()) > 40
    if command not in ("queries",):
        # every command over the store takes --store (extract reads a file, ontology-docs the
        # ontology)
        assert "--store" in r.stdout or command in ("extract", "ontology-docs")


def test_build_reports_failures_and_goes_on(tmp_path: Path, shared: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(shared / "seeds" / SEEDS_STRUCTURED[1], docs / "fiche.txt")
    (docs / "empty.txt").write_text("")
    (docs / "data.xyz").write_text("x")
    r = coopkg("build", docs, docs / "data.xyz", store=tmp_path / "s")
    assert r.returncode == 1
    errors = r.stderr.strip().splitlines()
    assert f"{docs / 'empty.txt'}: empty file" in errors
    assert any(line.startswith(f"{docs / 'data.xyz'}: unsupported format") for line in errors)
    assert "Traceback" not in r.stderr
    assert "built" in r.stdout and "fiche.txt" in r.stdout


def test_query_json_is_sparql_results(built: Path) -> None:
    r = coopkg("query", "partners_of", "--param", "actor=Kpalimé", "--format", "json", store=built)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["head"]["vars"][0] == "partner"
    labels = {b["partner_label"]["value"] for b in data["results"]["bindings"]}
    assert labels == {"Bressuire"}


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_query_formats(built: Path, fmt: str) -> None:
    r = coopkg("query", "actors", "--format", fmt, store=built)
    assert r.returncode == 0, r.stderr
    assert "Kloto 1" in r.stdout


def test_query_from_file(built: Path, tmp_path: Path) -> None:
    rq = tmp_path / "mine.rq"
    rq.write_text(
        "# title: Documents\nPREFIX coop: <https://w3id.org/coopkg/ontology#>\n"
        "SELECT ?d WHERE { GRAPH ?d { ?d a coop:SourceDocument } }\n"
    )
    r = coopkg("query", rq, "--format", "csv", store=built)
    assert r.returncode == 0 and len(r.stdout.strip().splitlines()) == 3


def test_unknown_query_is_one_line(built: Path) -> None:
    r = coopkg("query", "nope", store=built)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "no query named" in r.stderr


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld", "trig", "nquads"])
def test_export_formats(built: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"g.{fmt}"
    r = coopkg("export", "--format", fmt, "-o", out, store=built)
    assert r.returncode == 0, r.stderr
    import rdflib

    kind = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nquads": "nquads"}
    g = rdflib.Dataset() if fmt in ("trig", "nquads") else rdflib.Graph()
    g.parse(out, format=kind[fmt])
    assert len(g) > 0 or sum(len(c) for c in g.graphs()) > 100


def test_validate_and_stats(built: Path) -> None:
    r = coopkg("validate", store=built)
    assert r.returncode == 0, r.stderr
    assert "2 graphs checked, 0 violations" in r.stdout
    s = coopkg("stats", store=built)
    assert s.returncode == 0 and "Partnership" in s.stdout and "Funding" in s.stdout


def test_validate_reports_violations(tmp_path: Path, shared: Path) -> None:
    store = tmp_path / "bad"
    assert coopkg("build", shared / "seeds" / SEEDS_STRUCTURED[1], store=store).returncode == 0
    import pyoxigraph as ox

    s = ox.Store(str(store))
    s.update(
        "DELETE { GRAPH ?g { ?l <https://w3id.org/coopkg/ontology#evidence> ?e } } "
        "WHERE { GRAPH ?g { ?l a <https://w3id.org/coopkg/ontology#Funding> ; "
        "<https://w3id.org/coopkg/ontology#evidence> ?e } }"
    )
    del s
    r = coopkg("validate", store=store)
    assert r.returncode == 3
    assert "evidence" in r.stderr and "coop:evidence" in r.stderr
    assert "5 violations" in r.stdout  # one per funding row that names its funder


def test_extract_prints_the_extraction(shared: Path) -> None:
    r = coopkg("extract", shared / "seeds" / SEEDS_STRUCTURED[1])
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["builder"] == "atlas-fiche"
    assert sum(s["kind"] == "funding" for s in data["statements"]) == 5  # "Autre" names none
    assert "@" not in r.stdout


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    r = coopkg("query", "actors", store=tmp_path / "nowhere")
    assert r.returncode == 4 and "no store here" in r.stderr


def test_extract_highlight_marks_mentions(shared: Path) -> None:
    from rich.console import Console

    from builders.registry import Registry
    from kg.highlight import print_highlighted
    from kg.load import load

    doc = load(shared / "seeds" / SEEDS_STRUCTURED[0])
    ex = Registry.default().choose(doc).build(doc)
    console = Console(record=True, width=160, force_terminal=True, color_system="standard")
    print_highlighted(doc.text, ex, console)
    plain = console.export_text(clear=False)
    ansi = console.export_text(styles=True)
    kloto = next(m for m in ex.mentions if m.text == "KPALIME")
    assert "\x1b[" in ansi and kloto.text in plain
    assert "partnership" in ansi and "lead" in ansi


def test_extract_shows_confidence_and_rule(shared: Path) -> None:
    from kg.calibrate import default_calibration

    r = coopkg("extract", shared / "seeds" / SEEDS_STRUCTURED[1])
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    table = default_calibration()
    for s in data["statements"]:
        assert isinstance(s["rule"], str)
        assert s["confidence"] == table.confidence(data["builder"], s["rule"])
        assert "confidence" not in s["attrs"] and "rule" not in s["attrs"]


def _confidences(store: Path) -> list[float]:
    r = coopkg("query", "links", "--format", "json", store=store)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)["results"]["bindings"]
    return [float(b["confidence"]["value"]) for b in rows]


def test_query_links_min_confidence(built: Path) -> None:
    confidences = _confidences(built)
    top = max(confidences)
    r = coopkg("query", "links", "-p", f"min_confidence={top}", "-f", "json", store=built)
    assert r.returncode == 0, r.stderr
    kept = json.loads(r.stdout)["results"]["bindings"]
    assert len(kept) == sum(c >= top for c in confidences) > 0
    bad = coopkg("query", "links", "-p", "min_confidence=high", store=built)
    assert bad.returncode == 2 and "not a valid decimal" in bad.stderr
    listing = coopkg("queries")
    assert "[--param min_confidence=0]" in listing.stdout


def _links_in_export(store: Path, tmp_path: Path, fmt: str, *args: str) -> int:
    import rdflib

    out = tmp_path / f"links{len(args)}.{fmt}"
    r = coopkg("export", "--format", fmt, "-o", out, *args, store=store)
    assert r.returncode == 0, r.stderr
    g = rdflib.Dataset() if fmt == "trig" else rdflib.Graph()
    g.parse(out, format=fmt)
    confidence = rdflib.URIRef("https://w3id.org/coopkg/ontology#confidence")
    evidence = rdflib.URIRef("https://w3id.org/coopkg/ontology#evidence")
    quads = g.quads((None, None, None, None)) if fmt == "trig" else ((*t, None) for t in g)
    links = {(s, c) for s, p, _, c in quads if p in (confidence, evidence)}
    return len(links)


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_export_min_confidence_drops_low_links(built: Path, tmp_path: Path, fmt: str) -> None:
    confidences = _confidences(built)
    top = max(confidences)
    every = _links_in_export(built, tmp_path, fmt)
    high = _links_in_export(built, tmp_path, fmt, "--min-confidence", str(top))
    none = _links_in_export(built, tmp_path, fmt, "--min-confidence", "1")
    assert every >= len(confidences) and every >= high > 0
    assert none == 0 if top < 1 else none == high
    assert high == every - sum(c < top for c in confidences)
    bad = coopkg("export", "--min-confidence", "1.5", store=built)
    assert bad.returncode == 2
