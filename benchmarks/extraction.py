"""Score the builders on the development set, through what a user gets.

Each document of `<devset>/docs/` is built into a fresh in-memory store with the default
pipeline; the graph is read back with the `entities` and `links` named queries and compared with
`<devset>/gold/<same name>.json`. Names match accent- and case-insensitively, through the gold
aliases and through every name the graph knows for an entity (label and aliases). Prints entity
and link precision, recall and F1 per document and overall (micro-averaged), then the false
positives and false negatives of each document.

    python benchmarks/extraction.py [--devset ../shared/devset] [--json] [--check FLOOR.json]

With `--check`, exits 1 when an overall figure falls below the floor file's.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kg.build import Pipeline
from kg.named_queries import get_query
from kg.normalize import fold
from kg.reference import Reference
from kg.results import Table
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DEVSET = ROOT.parent / "shared" / "devset"
FLOOR = Path(__file__).with_name("extraction_floor.json")

#: gold link type -> (graph link kind, gold source field, gold target field, symmetric)
LINK_TYPES = {
    "partnership": ("partnership", "a", "b", True),
    "funding": ("funding", "funder", "recipient", False),
    "participation": ("member", "actor", "programme", False),
    "lead": ("lead", "actor", "programme", False),
    "organised_by": ("organiser", "organiser", "event", False),
}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class DocResult:
    name: str
    entities: Score = field(default_factory=Score)
    links: Score = field(default_factory=Score)
    entity_fp: list[str] = field(default_factory=list)
    entity_fn: list[str] = field(default_factory=list)
    link_fp: list[str] = field(default_factory=list)
    link_fn: list[str] = field(default_factory=list)
    error: str | None = None


def names_of(label: str, aliases: str | list[str] | None) -> frozenset[str]:
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split(" | ") if a]
    return frozenset(fold(n) for n in [label, *(aliases or [])] if fold(n))


def match_entities(
    predicted: list[frozenset[str]], gold: list[frozenset[str]]
) -> list[tuple[int, int]]:
    """One-to-one matches (predicted index, gold index) of name sets that share a name."""
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi not in used and p & g:
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def read_graph(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    entities = Table.from_solutions(store.query(get_query("entities").text)).values()
    links = Table.from_solutions(store.query(get_query("links").text)).values()
    return entities, links


def score_document(doc: Path, gold: dict[str, Any], reference: Reference) -> DocResult:
    result = DocResult(doc.stem)
    pipeline = Pipeline.default(Store(), reference)
    [built] = pipeline.build([doc])
    if built.status == "failed":
        result.error = built.error
    entities, links = read_graph(pipeline.store)
    names = {e["entity"]: names_of(e["label"], e["aliases"]) for e in entities}
    _score_entities(result, entities, names, gold)
    _score_links(result, links, names, gold)
    return result


def _score_entities(
    result: DocResult,
    entities: list[dict[str, Any]],
    names: dict[str, frozenset[str]],
    gold: dict[str, Any],
) -> None:
    predicted = [names[e["entity"]] for e in entities]
    gold_sets = [names_of(g["name"], g.get("aliases")) for g in gold["entities"]]
    matches = match_entities(predicted, gold_sets)
    matched_p, matched_g = {p for p, _ in matches}, {g for _, g in matches}
    result.entities = Score(
        len(matches), len(predicted) - len(matches), len(gold_sets) - len(matches)
    )
    result.entity_fp = [
        f"{e['label']} ({e['kind']})" for i, e in enumerate(entities) if i not in matched_p
    ]
    result.entity_fn = [
        f"{g['name']} ({g['type']})" for i, g in enumerate(gold["entities"]) if i not in matched_g
    ]


def _gold_names(name: str, gold: dict[str, Any]) -> frozenset[str]:
    key = fold(name)
    for g in gold["entities"]:
        full = names_of(g["name"], g.get("aliases"))
        if key in full:
            return full
    return frozenset({key})


def _score_links(
    result: DocResult,
    links: list[dict[str, Any]],
    names: dict[str, frozenset[str]],
    gold: dict[str, Any],
) -> None:
    def ends(link: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        return (
            names.get(link["source"], names_of(link["source_label"] or "", None)),
            names.get(link["target"], names_of(link["target_label"] or "", None)),
        )

    predicted = [(lk["kind"], *ends(lk)) for lk in links]
    used: set[int] = set()
    for g in gold["links"]:
        kind, src, dst, symmetric = LINK_TYPES[g["type"]]
        gs, gd = _gold_names(g[src], gold), _gold_names(g[dst], gold)
        hit = next(
            (
                i
                for i, (k, ps, pd) in enumerate(predicted)
                if i not in used
                and k == kind
                and ((ps & gs and pd & gd) or (symmetric and ps & gd and pd & gs))
            ),
            None,
        )
        if hit is None:
            result.link_fn.append(f"{g['type']}: {g[src]} -> {g[dst]}")
        else:
            used.add(hit)
    tp = len(used)
    result.links = Score(tp, len(predicted) - tp, len(gold["links"]) - tp)
    result.link_fp = [
        f"{lk['kind']}: {lk['source_label']} -> {lk['target_label']}"
        for i, lk in enumerate(links)
        if i not in used
    ]


def run(devset: Path) -> list[DocResult]:
    reference = Reference.default()
    results = []
    for doc in sorted((devset / "docs").glob("*.txt")):
        gold_path = devset / "gold" / f"{doc.stem}.json"
        if gold_path.is_file():
            results.append(score_document(doc, json.loads(gold_path.read_text("utf-8")), reference))
    return results


def totals(results: list[DocResult]) -> dict[str, Score]:
    ent, lnk = Score(), Score()
    for r in results:
        ent.add(r.entities)
        lnk.add(r.links)
    return {"entities": ent, "links": lnk}


def figures(results: list[DocResult]) -> dict[str, float]:
    t = totals(results)
    return {
        f"{k}_{m}": round(getattr(s, m), 3)
        for k, s in t.items()
        for m in ("precision", "recall", "f1")
    }


def print_report(results: list[DocResult]) -> None:
    cols = ("ent P", "ent R", "ent F1", "link P", "link R", "link F1")
    head = f"{'document':52} " + " ".join(f"{c:>7}" for c in cols)
    print(head)
    print("-" * len(head))
    for r in [*results, None]:
        name, e, lk = (
            (r.name, r.entities, r.links) if r else ("OVERALL (micro)", *totals(results).values())
        )
        print(
            f"{name[:52]:52} {e.precision:6.2f} {e.recall:6.2f} {e.f1:6.2f}  "
            f"{lk.precision:6.2f} {lk.recall:6.2f} {lk.f1:7.2f}"
        )
    for r in results:
        print(f"\n== {r.name}" + (f"  [build failed: {r.error}]" if r.error else ""))
        for title, items in (
            ("entity FP", r.entity_fp),
            ("entity FN", r.entity_fn),
            ("link FP", r.link_fp),
            ("link FN", r.link_fn),
        ):
            if items:
                print(f"  {title}: " + "; ".join(items))


def check(results: list[DocResult], floor_path: Path) -> list[str]:
    """Figures below the floor, as messages (empty when all are at or above it)."""
    floor = json.loads(floor_path.read_text("utf-8"))
    now = figures(results)
    return [
        f"{k}: {now[k]:.3f} < floor {v:.3f}" for k, v in floor.items() if now.get(k, 0) + 1e-9 < v
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--check", type=Path, nargs="?", const=FLOOR, help="floor file to enforce")
    args = parser.parse_args(argv)
    results = run(args.devset)
    if args.json:
        print(
            json.dumps(
                {"overall": figures(results), "documents": [asdict(r) for r in results]},
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        print_report(results)
    if args.check:
        failures = check(results, args.check)
        for f in failures:
            print(f"below floor: {f}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
