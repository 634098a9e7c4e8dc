"""SHACL validation of document graphs against `ontology/shapes.ttl` (pySHACL)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from kg.bridge import to_rdflib
from kg.store import Store
from kg.vocab import shapes_path

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Violation:
    graph: str
    focus: str
    path: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.graph}: {self.focus} {self.path}: {self.message}{value}"


@dataclass
class Report:
    graphs: int = 0
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations


@cache
def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(shapes_path(), format="turtle")


def validate_triples(triples: Iterable[ox.Triple], graph: str = "") -> list[Violation]:
    """The violations of one graph's triples (empty when it conforms)."""
    data = to_rdflib(triples)
    _, results, _ = shacl_validate(data, shacl_graph=_shapes(), inference="none", advanced=True)
    return sorted(_violations(results, graph), key=str)


def validate_store(store: Store, graphs: Iterable[str] | None = None) -> Report:
    """Validate every document graph of `store` (or the given ones) separately."""
    report = Report()
    names = list(graphs) if graphs is not None else [g for g in store.graphs() if "/doc/" in g]
    for g in names:
        report.graphs += 1
        report.violations += validate_triples(store.triples(g), g)
    return report


def _violations(results: rdflib.Graph, graph: str) -> Iterable[Violation]:
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        yield Violation(
            graph=graph,
            focus=_short(results.value(r, SH.focusNode)),
            path=_short(results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or "constraint violated"),
            value=_short(results.value(r, SH.value)) or None,
        )


def _short(term: object) -> str:
    if term is None:
        return ""
    text = str(term)
    for ns, prefix in (
        ("https://w3id.org/coopkg/ontology#", "coop:"),
        ("http://www.w3.org/2004/02/skos/core#", "skos:"),
        ("http://www.w3.org/ns/prov#", "prov:"),
    ):
        text = text.replace(ns, prefix)
    return (
        text if isinstance(term, rdflib.URIRef) else (text if len(text) < 80 else text[:77] + "...")
    )
