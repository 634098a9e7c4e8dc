"""The one bridge between pyoxigraph and rdflib: libraries that need an rdflib graph (pySHACL,
owlready2 via RDF/XML) get one here, through N-Triples, nowhere else."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib


def to_rdflib(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib Graph holding `triples`."""
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    graph = rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def from_rdflib(graph: rdflib.Graph) -> list[ox.Triple]:
    """pyoxigraph triples of an rdflib Graph."""
    data = graph.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
