"""How fast coopkg builds and queries a large graph, against plain rdflib in memory.

Makes one synthetic document of N partnerships (each with two authorities, a funding row and
two memberships, as the structured builders produce), then times, in the same run:

* resolve + emit (the pipeline's own work, no I/O),
* writing the document graph into Oxigraph (one atomic SPARQL update, as `coopkg build` does),
  in memory and on disk, and into an rdflib Graph (what a user would otherwise pick),
* the named queries `partners_of` (one actor) and `funding_by_funder` (aggregation over all
  fundings) on Oxigraph and on rdflib.

    python benchmarks/build_speed.py [N ...]      (default: 1000 10000 100000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import rdflib

from kg.bridge import to_rdflib
from kg.document import Document
from kg.emit import emit
from kg.extraction import Extraction
from kg.named_queries import get_query
from kg.resolve import Resolver
from kg.store import Store


def synthetic(n: int) -> tuple[Document, Extraction]:
    lines = [f"Commune de Villeneuve-{i} (79)   Partenaire-{i}" for i in range(n)]
    text = "\n".join(lines)
    ex = Extraction("benchmark", "1")
    prog = ex.add_mention("Programme", 0, 0, "Programme", name="Programme de test")
    offset = 0
    for i, line in enumerate(lines):
        a = ex.add_mention(
            line[:24], offset, offset + 24, "Commune", country="FR", name=f"Villeneuve-{i}"
        )
        b = ex.add_mention(
            line[-12:],
            offset + len(line) - 12,
            offset + len(line),
            "Commune",
            country="TG",
            name=f"Partenaire-{i}",
        )
        end = offset + len(line)
        ex.add_statement("partnership", {"a": a.id, "b": b.id}, offset, end, line, start_year=1991)
        ex.add_statement(
            "funding",
            {"funder": a.id, "recipient": prog.id},
            offset,
            end,
            line,
            amount=str(1000 + i),
            currency="EUR",
            year=2000 + i % 20,
        )
        ex.add_statement("member", {"member": a.id, "programme": prog.id}, offset, end, line)
        ex.add_statement("member", {"member": b.id, "programme": prog.id}, offset, end, line)
        offset = end + 1
    return Document("synthetic.txt", text, "text/plain"), ex


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def rdflib_query(graph: rdflib.Dataset, text: str) -> int:
    return len(list(graph.query(text)))


def run(n: int) -> dict[str, float]:
    doc, ex = synthetic(n)
    resolver = Resolver()
    t_emit, triples = timed(
        lambda: emit(doc, ex, resolver.resolve_all(ex.mentions, "bench"), datetime.now(UTC))
    )
    graph = triples[0].subject.value  # the document IRI
    mem = Store()
    t_mem, _ = timed(lambda: mem.replace_graph(graph, triples))
    with tempfile.TemporaryDirectory() as tmp:
        t_disk = _write_to_disk(tmp, graph, triples)
    t_rdflib, ds = timed(lambda: _rdflib_dataset(graph, triples))
    partners = get_query("partners_of").bound({"actor": f"Villeneuve-{n // 2}"})
    funding = get_query("funding_by_funder").text
    q_ox_p, _ = timed(lambda: len(list(mem.query(partners))))
    q_rd_p, _ = timed(lambda: rdflib_query(ds, partners))
    q_ox_f, _ = timed(lambda: len(list(mem.query(funding))))
    q_rd_f, _ = timed(lambda: rdflib_query(ds, funding))
    return {
        "n": n,
        "triples": len(triples),
        "emit": t_emit,
        "oxigraph mem": t_mem,
        "oxigraph disk": t_disk,
        "rdflib": t_rdflib,
        "partners_of ox": q_ox_p,
        "partners_of rdflib": q_rd_p,
        "funding ox": q_ox_f,
        "funding rdflib": q_rd_f,
    }


def _write_to_disk(folder: str, graph: str, triples: list[Any]) -> float:
    disk = Store(folder)
    t0 = time.perf_counter()
    disk.replace_graph(graph, triples)
    disk.flush()
    return time.perf_counter() - t0


def _rdflib_dataset(graph: str, triples: list[Any]) -> rdflib.Dataset:
    ds = rdflib.Dataset()
    g = ds.graph(rdflib.URIRef(graph))
    for t in to_rdflib(triples):
        g.add(t)
    return ds


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1000, 10000, 100000]
    rows = [run(n) for n in sizes]
    cols = list(rows[0])
    print(" | ".join(f"{c:>18}" for c in cols))
    for r in rows:
        print(
            " | ".join(f"{r[c]:>18}" if isinstance(r[c], int) else f"{r[c]:>17.3f}s" for c in cols)
        )


if __name__ == "__main__":
    main(sys.argv[1:])
