"""The partner network: the store read as a networkx graph (`model`: one node per entity, one
edge per link and document) and its analysis (`measures`: degree, brokers, communities,
components, the bipartite view). The viz pages and the GraphML/GEXF exports draw from here."""

from kg.network.measures import (
    COLUMNS,
    INITIATIVE_KINDS,
    SIDES,
    NetworkReport,
    analyse,
    projection,
    render_table,
    side,
    simple_graph,
    to_csv,
)
from kg.network.model import (
    KIND_ORDER,
    LINK_KINDS,
    annotate,
    kind_rank,
    link_graph,
    link_year,
    to_eur,
)

__all__ = [
    "COLUMNS",
    "INITIATIVE_KINDS",
    "KIND_ORDER",
    "LINK_KINDS",
    "SIDES",
    "NetworkReport",
    "analyse",
    "annotate",
    "kind_rank",
    "link_graph",
    "link_year",
    "projection",
    "render_table",
    "side",
    "simple_graph",
    "to_csv",
    "to_eur",
]
