"""How sure coopkg is of each link: the calibration table the emitter reads, and the script
that measures it on a development set.

The table (`kg/data/confidence.csv`; columns `builder,rule,confidence,support`) gives, for each
builder and rule, the precision of its links on the development set with add-one smoothing,
`(correct + 1) / (links + 2)`, over `support` links. A builder's row with an empty rule pools all
its links. A statement with no confidence of its own gets the figure of (builder, rule), else of
(builder, ""), else `DEFAULT_CONFIDENCE` (0.5: what add-one smoothing gives with no evidence).

    python -m kg.calibrate [--devset ../shared/devset] [--output kg/data/confidence.csv]

builds each document of `<devset>/docs/` with a gold file in `<devset>/gold/` into a fresh store,
reads its links back through the `links` named query, matches them with the gold links (names
accent- and case-insensitively, through the gold aliases and every name the graph knows, as
`benchmarks/extraction.py` does), writes the table, and prints it with the precision of the links
by confidence band, both in-sample and with each document's confidences calibrated on the others.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from kg.extraction import Extraction, Statement
from kg.normalize import fold

#: the confidence of a statement whose builder the table does not know
DEFAULT_CONFIDENCE = 0.5
COLUMNS = ("builder", "rule", "confidence", "support")
#: the confidence bands the report gives the precision of: [low, high)
BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.0))


@dataclass(frozen=True)
class Calibration:
    """(builder, rule) -> (confidence, support): how often that rule's links are right."""

    rows: dict[tuple[str, str], tuple[float, int]] = field(default_factory=dict)

    def confidence(self, builder: str, rule: str = "") -> float:
        """The figure of (builder, rule), else (builder, ""), else `DEFAULT_CONFIDENCE`."""
        for key in ((builder, rule), (builder, "")):
            if key in self.rows:
                return self.rows[key][0]
        return DEFAULT_CONFIDENCE

    def of(self, builder: str, statement: Statement) -> float:
        """The statement's own confidence, else its calibrated one."""
        if statement.confidence is not None:
            return statement.confidence
        return self.confidence(builder, statement.rule)

    @classmethod
    def parse(cls, text: str) -> Calibration:
        """Read the CSV table (lines starting with `#` are comments)."""
        lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
        rows = {}
        for i, row in enumerate(csv.DictReader(lines), start=2):
            try:
                value, support = float(row["confidence"]), int(row["support"] or 0)
            except (KeyError, TypeError, ValueError) as exc:
                raise ValueError(f"confidence table, row {i}: {row}") from exc
            if not 0 <= value <= 1:
                raise ValueError(f"confidence table, row {i}: {value} is not in [0, 1]")
            rows[(row["builder"], row["rule"] or "")] = (value, support)
        return cls(rows)

    @classmethod
    def load(cls, path: Path) -> Calibration:
        return cls.parse(path.read_text(encoding="utf-8"))

    def to_csv(self, header: str = "") -> str:
        out = io.StringIO()
        out.write("".join(f"# {line}\n" for line in header.splitlines()))
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for (builder, rule), (value, support) in sorted(self.rows.items()):
            writer.writerow((builder, rule, f"{value:.3f}", support))
        return out.getvalue()


@cache
def default_calibration() -> Calibration:
    """The table shipped in `kg/data/confidence.csv` (read once)."""
    return Calibration.parse(files("kg.data").joinpath("confidence.csv").read_text("utf-8"))


def with_confidences(ex: Extraction, calibration: Calibration | None = None) -> Extraction:
    """A copy of `ex` whose statements all carry a confidence (their own, else calibrated)."""
    table = calibration or default_calibration()
    statements = [replace(s, confidence=table.of(ex.builder, s)) for s in ex.statements]
    return replace(ex, statements=statements)


# --- measuring -------------------------------------------------------------------------------

#: gold link type -> (graph link kind, gold source field, gold target field, symmetric)
GOLD_TYPES = {
    "partnership": ("partnership", "a", "b", True),
    "funding": ("funding", "funder", "recipient", False),
    "participation": ("member", "actor", "programme", False),
    "lead": ("lead", "actor", "programme", False),
    "organised_by": ("organiser", "organiser", "event", False),
}


@dataclass(frozen=True)
class Outcome:
    """One link a build produced, and whether the gold has it."""

    document: str
    builder: str
    rule: str
    kind: str
    confidence: float | None  #: as stored in the graph
    correct: bool


def smoothed(correct: int, total: int) -> float:
    """Precision with add-one smoothing."""
    return (correct + 1) / (total + 2)


def calibrate(outcomes: Iterable[Outcome]) -> Calibration:
    """The table measured on `outcomes`: one row per named rule, one per builder (pooled)."""
    counts: dict[tuple[str, str], list[int]] = {}
    for o in outcomes:
        keys = [(o.builder, "")] + ([(o.builder, o.rule)] if o.rule else [])
        for key in keys:
            c = counts.setdefault(key, [0, 0])
            c[0] += o.correct
            c[1] += 1
    return Calibration({k: (round(smoothed(c, n), 3), n) for k, (c, n) in counts.items()})


def bands(outcomes: Sequence[Outcome], confidences: Sequence[float | None]) -> list[dict[str, Any]]:
    """Per band of `BANDS` (the last one closed): links, correct ones, precision."""
    report = []
    for low, high in BANDS:
        last = high >= BANDS[-1][1]
        inside = [
            o
            for o, c in zip(outcomes, confidences, strict=True)
            if c is not None and low <= c and (c < high or (last and c <= high))
        ]
        correct = sum(o.correct for o in inside)
        precision = round(correct / len(inside), 3) if inside else None
        report.append(
            {"band": f"[{low}, {high}{']' if last else ')'}", "links": len(inside),
             "correct": correct, "precision": precision}
        )  # fmt: skip
    return report


def held_out_confidences(outcomes: Sequence[Outcome]) -> list[float]:
    """Each link's confidence from a table measured on the other documents only."""
    tables = {
        doc: calibrate(o for o in outcomes if o.document != doc)
        for doc in {o.document for o in outcomes}
    }
    return [tables[o.document].confidence(o.builder, o.rule) for o in outcomes]


def _names(label: str, aliases: str | list[str] | None) -> frozenset[str]:
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split(" | ") if a]
    return frozenset(fold(n) for n in [label, *(aliases or [])] if fold(n))


def _gold_names(name: str, gold: dict[str, Any]) -> frozenset[str]:
    for g in gold["entities"]:
        full = _names(g["name"], g.get("aliases"))
        if fold(name) in full:
            return full
    return frozenset({fold(name)})


def matched(
    links: list[dict[str, Any]], names: dict[str, frozenset[str]], gold: dict[str, Any]
) -> set[int]:
    """Indices of the `links` rows the gold links match, one each, first come first served."""

    def ends(row: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        return (
            names.get(row["source"], _names(row["source_label"] or "", None)),
            names.get(row["target"], _names(row["target_label"] or "", None)),
        )

    predicted = [(row["kind"], *ends(row)) for row in links]
    used: set[int] = set()
    for g in gold["links"]:
        kind, src, dst, symmetric = GOLD_TYPES[g["type"]]
        gs, gd = _gold_names(g[src], gold), _gold_names(g[dst], gold)
        for i, (k, ps, pd) in enumerate(predicted):
            if i in used or k != kind:
                continue
            if (ps & gs and pd & gd) or (symmetric and ps & gd and pd & gs):
                used.add(i)
                break
    return used


def document_outcomes(doc: Path, gold: dict[str, Any], reference: Any) -> list[Outcome]:
    """Build `doc` alone and judge each of its links against `gold`."""
    from kg.build import Pipeline
    from kg.named_queries import get_query
    from kg.results import Table
    from kg.store import Store

    pipeline = Pipeline.default(Store(), reference)
    [built] = pipeline.build([doc])
    if built.status != "built" or built.builder is None:
        raise RuntimeError(f"{doc}: {built.error}")
    store = pipeline.store
    entities = Table.from_solutions(store.select(get_query("entities").text)).values()
    links = Table.from_solutions(store.select(get_query("links").bound({}))).values()
    names = {e["entity"]: _names(e["label"], e["aliases"]) for e in entities}
    hits = matched(links, names, gold)
    return [
        Outcome(
            doc.stem,
            built.builder,
            str(row["rule"] or "").partition(":")[2],
            row["kind"],
            None if row["confidence"] is None else float(row["confidence"]),
            i in hits,
        )
        for i, row in enumerate(links)
    ]


def measure(devset: Path) -> list[Outcome]:
    """The outcomes of every document of `devset` that has a gold file."""
    from kg.reference import Reference

    reference = Reference.default()
    outcomes: list[Outcome] = []
    for doc in sorted((devset / "docs").glob("*.txt")):
        gold = devset / "gold" / f"{doc.stem}.json"
        if gold.is_file():
            outcomes += document_outcomes(doc, json.loads(gold.read_text("utf-8")), reference)
    return outcomes


def report(outcomes: Sequence[Outcome], table: Calibration) -> dict[str, Any]:
    """The table and the bands: as stored at build time, in-sample and held out."""
    return {
        "links": len(outcomes),
        "correct": sum(o.correct for o in outcomes),
        "table": [
            {"builder": b, "rule": r, "confidence": c, "support": n}
            for (b, r), (c, n) in sorted(table.rows.items())
        ],
        "bands_as_built": bands(outcomes, [o.confidence for o in outcomes]),
        "bands_in_sample": bands(outcomes, [table.confidence(o.builder, o.rule) for o in outcomes]),
        "bands_held_out": bands(outcomes, held_out_confidences(outcomes)),
    }


def _print_report(data: dict[str, Any]) -> None:
    print(f"{data['links']} links, {data['correct']} correct")
    print(f"{'builder':20} {'rule':24} {'confidence':>10} {'support':>8}")
    for row in data["table"]:
        print(f"{row['builder']:20} {row['rule']:24} {row['confidence']:10.3f} {row['support']:8}")
    for key in ("bands_as_built", "bands_in_sample", "bands_held_out"):
        print(f"\n{key.removeprefix('bands_').replace('_', ' ')}:")
        for b in data[key]:
            p = "-" if b["precision"] is None else f"{b['precision']:.3f}"
            print(f"  {b['band']:12} {b['links']:5} links {b['correct']:5} correct  precision {p}")


HEADER = """Calibrated confidence of links, per builder and rule (empty rule: all its links).
confidence = (correct + 1) / (links + 2) on the development set; support = links.
Written by `python -m kg.calibrate --devset {devset}`; do not edit by hand."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=Path("../shared/devset"))
    parser.add_argument("--output", "-o", type=Path, help="write the table here")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    outcomes = measure(args.devset)
    table = calibrate(outcomes)
    if args.output:
        args.output.write_text(table.to_csv(HEADER.format(devset=args.devset.name)), "utf-8")
    data = report(outcomes, table)
    if args.json:
        print(json.dumps(data, indent=1))
    else:
        _print_report(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
