"""coopkg: a knowledge graph of decentralized cooperation.

The stable names of the library, loaded on first use (`kg.build` loads the builder registry, so
an eager import here would close a cycle between `kg` and `builders`)::

    from kg import Pipeline, Store, get_query

    store = Store()                         # in memory; Store("dir") on disk
    Pipeline.default(store).build([Path("examples/atlas_bressuire_kpalime.txt")])
    rows = store.select(get_query("partners_of").bound({"actor": "Kpalimé"}))
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: public name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "BuildResult": "kg.build",
    "Pipeline": "kg.build",
    "Store": "kg.store",
    "Document": "kg.document",
    "load": "kg.load",
    "Extraction": "kg.extraction",
    "Mention": "kg.extraction",
    "Statement": "kg.extraction",
    "LINK_KINDS": "kg.link_kinds",
    "LinkKind": "kg.link_kinds",
    "Reference": "kg.reference",
    "NamedQuery": "kg.named_queries",
    "get_query": "kg.named_queries",
    "list_queries": "kg.named_queries",
    "Table": "kg.results",
    "render": "kg.results",
    "export_graph": "kg.export",
    "write_network": "kg.graph_export",
    "read_network": "kg.graph_export",
    "link_graph": "kg.network",
    "analyse": "kg.network",
    "validate_store": "kg.validate",
    "CoopkgError": "kg.errors",
}

__all__ = [
    "LINK_KINDS",
    "BuildResult",
    "CoopkgError",
    "Document",
    "Extraction",
    "LinkKind",
    "Mention",
    "NamedQuery",
    "Pipeline",
    "Reference",
    "Statement",
    "Store",
    "Table",
    "analyse",
    "export_graph",
    "get_query",
    "link_graph",
    "list_queries",
    "load",
    "read_network",
    "render",
    "validate_store",
    "write_network",
]

if TYPE_CHECKING:
    from kg.build import BuildResult, Pipeline
    from kg.document import Document
    from kg.errors import CoopkgError
    from kg.export import export_graph
    from kg.extraction import Extraction, Mention, Statement
    from kg.graph_export import read_network, write_network
    from kg.link_kinds import LINK_KINDS, LinkKind
    from kg.load import load
    from kg.named_queries import NamedQuery, get_query, list_queries
    from kg.network import analyse, link_graph
    from kg.reference import Reference
    from kg.results import Table, render
    from kg.store import Store
    from kg.validate import validate_store


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
