"""Score the builders on a set of documents with gold, through what a user gets.

Each document of `<folder>/docs/` is built into a fresh in-memory store with the default
pipeline; the graph is read back with the `entities` and `links` named queries and compared with
`<folder>/gold/<same name>.json`. Names match accent- and case-insensitively, through the gold
aliases and through every name the graph knows for an entity (label and aliases); a link matches
when its kind agrees and both of its ends match (either way round for a partnership). Prints
entity and link precision, recall and F1 per document and overall (micro-averaged), then:

- typed entity scores: a hit must also agree on the family of its kind (authority, organisation,
  initiative: see `FAMILIES`); Person and Country entities are left out on both sides;
- link recall (and precision) by kind over the whole set;
- with `--bootstrap N`, a 95% interval of entity and link F1 from N resamples of the documents;
- unless `--quiet`, the false positives and negatives of each document.

    python benchmarks/extraction.py [--docs ../shared/devset] [--quiet] [--json]
                                    [--bootstrap N [--seed S]] [--check [FLOOR.json]]

With `--check`, exits 1 when an overall figure falls below the floor file's (only the figures the
floor file names are compared).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.build import Pipeline
from kg.named_queries import get_query
from kg.normalize import fold
from kg.reference import Reference
from kg.results import Table
from kg.store import Store
from kg.vocab import COOP_NS, ontology_path

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

#: the family a typed hit must agree on; `UNSCORED` kinds are left out of the typed figure,
#: kinds in no family (nor under one in the ontology) are `OTHER` and never a typed hit
UNSCORED, OTHER = "unscored", "other"
FAMILIES: dict[str, str] = {
    **dict.fromkeys(
        ("Commune", "LocalAuthority", "Department", "Region", "Intercommunality"), "authority"
    ),
    **dict.fromkeys(
        ("Agency", "Ministry", "StateBody", "Funder", "Association", "Network"), "organisation"
    ),
    **dict.fromkeys(("Programme", "Project", "Event", "Initiative"), "initiative"),
    **dict.fromkeys(("Person", "Country"), UNSCORED),
}
FAMILY_ORDER = ("authority", "organisation", "initiative", OTHER)
_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


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
    #: typed entity scores by family (tp and fn under the gold's family, fp under the graph's)
    typed: dict[str, Score] = field(default_factory=dict)
    #: link scores by gold link type (fp: unmatched graph links of that type's kind)
    links_by_kind: dict[str, Score] = field(default_factory=dict)
    entity_fp: list[str] = field(default_factory=list)
    entity_fn: list[str] = field(default_factory=list)
    entity_mistyped: list[str] = field(default_factory=list)
    link_fp: list[str] = field(default_factory=list)
    link_fn: list[str] = field(default_factory=list)
    error: str | None = None


def names_of(label: str, aliases: str | list[str] | None) -> frozenset[str]:
    if isinstance(aliases, str):
        aliases = [a for a in aliases.split(" | ") if a]
    return frozenset(fold(n) for n in [label, *(aliases or [])] if fold(n))


def _greedy_matches(
    predicted: list[frozenset[str]],
    gold: list[frozenset[str]],
    agree: Callable[[int, int], bool],
) -> list[tuple[int, int]]:
    pairs, used = [], set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if pi not in used and p & g and agree(pi, gi):
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def match_entities(
    predicted: list[frozenset[str]], gold: list[frozenset[str]]
) -> list[tuple[int, int]]:
    """One-to-one matches (predicted index, gold index) of name sets that share a name."""
    return _greedy_matches(predicted, gold, lambda pi, gi: True)


@cache
def _superclasses() -> dict[str, tuple[str, ...]]:
    """Direct coop: superclasses of each coop: class of the ontology, by local name."""
    parents: dict[str, list[str]] = {}
    for t in ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE):
        s, o = t.subject, t.object
        if (
            t.predicate.value == _SUBCLASS_OF
            and isinstance(s, ox.NamedNode)
            and isinstance(o, ox.NamedNode)
            and s.value.startswith(COOP_NS)
            and o.value.startswith(COOP_NS)
        ):
            parents.setdefault(s.value[len(COOP_NS) :], []).append(o.value[len(COOP_NS) :])
    return {k: tuple(v) for k, v in parents.items()}


def family_of(kind: str | None) -> str:
    """The family of a kind (graph class or gold type), through the ontology's superclasses."""
    todo, seen = [kind or ""], set()
    while todo:
        k = todo.pop(0)
        if k in FAMILIES:
            return FAMILIES[k]
        if k not in seen:
            seen.add(k)
            todo.extend(_superclasses().get(k, ()))
    return OTHER


def typed_scores(
    predicted: list[tuple[frozenset[str], str]], gold: list[tuple[frozenset[str], str]]
) -> dict[str, Score]:
    """Scores by family of one-to-one matches of (names, kind) pairs that share a name and a
    family; pairs whose kind is Person or Country are dropped from both sides first."""
    pred = [(n, f) for n, k in predicted if (f := family_of(k)) != UNSCORED]
    gold_ = [(n, f) for n, k in gold if (f := family_of(k)) != UNSCORED]
    matches = _greedy_matches(
        [n for n, _ in pred],
        [n for n, _ in gold_],
        lambda pi, gi: pred[pi][1] == gold_[gi][1] != OTHER,
    )
    scores = {f: Score() for f in FAMILY_ORDER}
    matched_p, matched_g = {p for p, _ in matches}, {g for _, g in matches}
    for gi, (_, f) in enumerate(gold_):
        scores[f].tp += gi in matched_g
        scores[f].fn += gi not in matched_g
    for pi, (_, f) in enumerate(pred):
        scores[f].fp += pi not in matched_p
    return scores


def read_graph(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    entities = Table.from_solutions(store.select(get_query("entities").text)).values()
    links = Table.from_solutions(store.select(get_query("links").text)).values()
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
    result.typed = typed_scores(
        [(n, e["kind"]) for n, e in zip(predicted, entities, strict=True)],
        [(n, g["type"]) for n, g in zip(gold_sets, gold["entities"], strict=True)],
    )
    result.entity_mistyped = [
        f"{entities[p]['label']} ({entities[p]['kind']}) ≠ gold {g['name']} ({g['type']})"
        for p, gi in matches
        if family_of(entities[p]["kind"]) != family_of((g := gold["entities"][gi])["type"])
    ]


def _gold_names(name: str, gold: dict[str, Any]) -> frozenset[str]:
    key = fold(name)
    for g in gold["entities"]:
        full = names_of(g["name"], g.get("aliases"))
        if key in full:
            return full
    return frozenset({key})


def match_links(
    links: list[dict[str, Any]], names: dict[str, frozenset[str]], gold: dict[str, Any]
) -> list[tuple[int, int]]:
    """One-to-one matches (graph link index, gold link index): the kind agrees and both ends
    share a name (source with the gold's source field, target with its target field — the
    recipient of a funding, the event of an organiser link — or crossed for a partnership)."""

    def ends(link: dict[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
        return (
            names.get(link["source"], names_of(link["source_label"] or "", None)),
            names.get(link["target"], names_of(link["target_label"] or "", None)),
        )

    predicted = [(lk["kind"], *ends(lk)) for lk in links]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold["links"]):
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
        if hit is not None:
            pairs.append((hit, gi))
            used.add(hit)
    return pairs


def links_by_kind(
    links: list[dict[str, Any]], gold: dict[str, Any], matches: Iterable[tuple[int, int]]
) -> dict[str, Score]:
    """Link scores by gold link type: tp and fn over the gold links of that type, fp over the
    unmatched graph links of its kind (graph kinds no gold type has are left out)."""
    matches = list(matches)
    matched_p, matched_g = {p for p, _ in matches}, {g for _, g in matches}
    graph_kind = {gtype: spec[0] for gtype, spec in LINK_TYPES.items()}
    scores = {gtype: Score() for gtype in LINK_TYPES}
    for gi, g in enumerate(gold["links"]):
        scores[g["type"]].tp += gi in matched_g
        scores[g["type"]].fn += gi not in matched_g
    for gtype, kind in graph_kind.items():
        scores[gtype].fp = sum(
            1 for i, lk in enumerate(links) if lk["kind"] == kind and i not in matched_p
        )
    return scores


def _score_links(
    result: DocResult,
    links: list[dict[str, Any]],
    names: dict[str, frozenset[str]],
    gold: dict[str, Any],
) -> None:
    matches = match_links(links, names, gold)
    matched_p, matched_g = {p for p, _ in matches}, {g for _, g in matches}
    tp = len(matches)
    result.links = Score(tp, len(links) - tp, len(gold["links"]) - tp)
    result.links_by_kind = links_by_kind(links, gold, matches)
    result.link_fn = [
        f"{g['type']}: {g[LINK_TYPES[g['type']][1]]} -> {g[LINK_TYPES[g['type']][2]]}"
        for i, g in enumerate(gold["links"])
        if i not in matched_g
    ]
    result.link_fp = [
        f"{lk['kind']}: {lk['source_label']} -> {lk['target_label']}"
        for i, lk in enumerate(links)
        if i not in matched_p
    ]


def run(devset: Path, gold: Path | None = None) -> list[DocResult]:
    """Score every document of `devset/docs/*.txt` that has `<gold>/<name>.json` (`gold`
    defaults to `devset/gold`: a blind round keeps its texts outside the repo, its gold in
    `benchmarks/blind/<round>/gold`)."""
    reference = Reference.default()
    results = []
    gold = gold or devset / "gold"
    for doc in sorted((devset / "docs").glob("*.txt")):
        gold_path = gold / f"{doc.stem}.json"
        if gold_path.is_file():
            results.append(score_document(doc, json.loads(gold_path.read_text("utf-8")), reference))
    return results


def _summed(scores: Iterable[Score]) -> Score:
    total = Score()
    for s in scores:
        total.add(s)
    return total


def totals(results: list[DocResult]) -> dict[str, Score]:
    """Micro-averaged entity, link and typed entity scores over `results`."""
    return {
        "entities": _summed(r.entities for r in results),
        "links": _summed(r.links for r in results),
        "typed_entities": _summed(s for r in results for s in r.typed.values()),
    }


def _keyed_totals(results: list[DocResult], attr: str, keys: Iterable[str]) -> dict[str, Score]:
    return {k: _summed(getattr(r, attr).get(k, Score()) for r in results) for k in keys}


def family_totals(results: list[DocResult]) -> dict[str, Score]:
    """Typed entity scores by family over `results`."""
    return _keyed_totals(results, "typed", FAMILY_ORDER)


def kind_totals(results: list[DocResult]) -> dict[str, Score]:
    """Link scores by gold link type over `results`."""
    return _keyed_totals(results, "links_by_kind", LINK_TYPES)


def figures(results: list[DocResult]) -> dict[str, float]:
    """Overall figures: `{entities,links,typed_entities}_{precision,recall,f1}` and
    `links_recall_<gold link type>` (only for the types the gold of `results` has)."""
    out = {
        f"{k}_{m}": round(getattr(s, m), 3)
        for k, s in totals(results).items()
        for m in ("precision", "recall", "f1")
    }
    for kind, s in kind_totals(results).items():
        if s.tp + s.fn:
            out[f"links_recall_{kind}"] = round(s.recall, 3)
    return out


def _quantile(values: list[float], q: float) -> float:
    """The q-quantile of `values`, interpolated linearly between order statistics."""
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def bootstrap(
    results: list[DocResult], resamples: int, seed: int = 0, level: float = 0.95
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals of the micro entity and link F1, from `resamples` draws
    (with replacement, seeded) of as many documents as `results` holds."""
    if not results or resamples < 1:
        raise ValueError("bootstrap needs at least one document and one resample")
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {"entities_f1": [], "links_f1": []}
    for _ in range(resamples):
        t = totals(rng.choices(results, k=len(results)))
        samples["entities_f1"].append(t["entities"].f1)
        samples["links_f1"].append(t["links"].f1)
    tail = (1 - level) / 2
    return {k: (_quantile(v, tail), _quantile(v, 1 - tail)) for k, v in samples.items()}


def _print_scores(results: list[DocResult]) -> None:
    cols = ("ent P", "ent R", "ent F1", "link P", "link R", "link F1")
    head = f"{'document':52} " + " ".join(f"{c:>7}" for c in cols)
    print(head)
    print("-" * len(head))
    t = totals(results)
    for r in [*results, None]:
        name, e, lk = (
            (r.name, r.entities, r.links) if r else ("OVERALL (micro)", t["entities"], t["links"])
        )
        print(
            f"{name[:52]:52} {e.precision:6.2f} {e.recall:6.2f} {e.f1:6.2f}  "
            f"{lk.precision:6.2f} {lk.recall:6.2f} {lk.f1:7.2f}"
        )
    ty = t["typed_entities"]
    print(
        f"{'OVERALL typed entities':52} {ty.precision:6.2f} {ty.recall:6.2f} {ty.f1:6.2f}"
        "  (family must agree; Person and Country not scored)"
    )


def _print_table(title: str, rows: dict[str, Score]) -> None:
    """`rows` with their gold and found counts; "-" where a figure has nothing to measure."""
    head = f"{title:16} {'gold':>5} {'found':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"
    print(f"\n{head}\n" + "-" * len(head))
    for name, s in rows.items():
        gold, found = s.tp + s.fn, s.tp + s.fp
        p = f"{s.precision:6.2f}" if found else f"{'-':>6}"
        r = f"{s.recall:6.2f}" if gold else f"{'-':>6}"
        f1 = f"{s.f1:6.2f}" if gold and found else f"{'-':>6}"
        print(f"{name:16} {gold:5} {found:5} {s.tp:5} {p} {r} {f1}")


def _print_bootstrap(point: dict[str, float], interval: dict[str, Any]) -> None:
    print(
        f"\n{interval['level']:.0%} bootstrap interval ({interval['resamples']} resamples of the "
        f"documents, seed {interval['seed']})"
    )
    for key, label in (("entities_f1", "entity F1"), ("links_f1", "link F1")):
        lo, hi = interval[key]
        print(f"  {label:10} {point[key]:.3f}  [{lo:.3f}, {hi:.3f}]")


def _print_errors(results: list[DocResult]) -> None:
    for r in results:
        print(f"\n== {r.name}" + (f"  [build failed: {r.error}]" if r.error else ""))
        for title, items in (
            ("entity FP", r.entity_fp),
            ("entity FN", r.entity_fn),
            ("entity mistyped", r.entity_mistyped),
            ("link FP", r.link_fp),
            ("link FN", r.link_fn),
        ):
            if items:
                print(f"  {title}: " + "; ".join(items))


def print_report(
    results: list[DocResult], quiet: bool = False, interval: dict[str, Any] | None = None
) -> None:
    """The score table (per document, overall, typed), the typed scores by family, link scores
    by kind, the bootstrap `interval` if given and, unless `quiet`, each document's errors."""
    _print_scores(results)
    families = family_totals(results)
    if not families[OTHER].tp + families[OTHER].fp + families[OTHER].fn:
        del families[OTHER]
    _print_table("typed family", families)
    _print_table("link kind", kind_totals(results))
    if interval:
        _print_bootstrap(figures(results), interval)
    if not quiet:
        _print_errors(results)


def bootstrap_report(
    results: list[DocResult], resamples: int, seed: int = 0, level: float = 0.95
) -> dict[str, Any]:
    """`bootstrap` as a JSON-ready dict, with its parameters."""
    intervals = bootstrap(results, resamples, seed, level)
    rounded = {k: [round(lo, 3), round(hi, 3)] for k, (lo, hi) in intervals.items()}
    return {"resamples": resamples, "seed": seed, "level": level, **rounded}


def check(results: list[DocResult], floor_path: Path) -> list[str]:
    """Figures below the floor, as messages (empty when all are at or above it); only the
    figures the floor file names are compared."""
    floor = json.loads(floor_path.read_text("utf-8"))
    now = figures(results)
    return [
        f"{k}: {now.get(k, 0):.3f} < floor {v:.3f}"
        for k, v in floor.items()
        if now.get(k, 0) + 1e-9 < v
    ]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--docs",
        "--devset",
        dest="docs",
        type=Path,
        default=DEFAULT_DEVSET,
        help="a folder holding docs/*.txt and gold/*.json (default: ../shared/devset)",
    )
    parser.add_argument("--gold", type=Path, help="the gold folder (default: <docs>/gold)")
    parser.add_argument("--json", action="store_true", help="print figures as JSON")
    parser.add_argument("--quiet", action="store_true", help="tables only, no per-document errors")
    parser.add_argument("--bootstrap", type=int, metavar="N", help="95%% interval, N resamples")
    parser.add_argument("--seed", type=int, default=0, help="seed of the bootstrap (default 0)")
    parser.add_argument("--check", type=Path, nargs="?", const=FLOOR, help="floor file to enforce")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    gold = args.gold or args.docs / "gold"
    if not ((args.docs / "docs").is_dir() and gold.is_dir()):
        parser.error(f"{args.docs} holds no docs/ folder, or {gold} is no folder")
    if args.bootstrap is not None and args.bootstrap < 1:
        parser.error("--bootstrap needs a positive number of resamples")
    results = run(args.docs, gold)
    if not results:
        print(f"no document of {args.docs / 'docs'} has a gold file", file=sys.stderr)
        return 2
    interval = bootstrap_report(results, args.bootstrap, args.seed) if args.bootstrap else None
    if args.json:
        report: dict[str, Any] = {
            "overall": figures(results),
            "typed_by_family": {k: asdict(s) for k, s in family_totals(results).items()},
            "links_by_kind": {k: asdict(s) for k, s in kind_totals(results).items()},
        }
        if interval:
            report["bootstrap"] = interval
        report["documents"] = [asdict(r) for r in results]
        print(json.dumps(report, ensure_ascii=False, indent=1))
    else:
        print_report(results, quiet=args.quiet, interval=interval)
    if args.check:
        failures = check(results, args.check)
        for f in failures:
            print(f"below floor: {f}", file=sys.stderr)
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
