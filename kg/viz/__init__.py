"""Partner networks in the browser: the store as a networkx graph, filtered or centred on one
entity, drawn as a self-contained vis-network page (no network needed to open it)."""

from kg.viz.graph import LINK_KINDS, link_graph
from kg.viz.page import PageOptions, drawn_edge_count, notebook_view, render_page, write_page
from kg.viz.select import (
    Filters,
    NotFound,
    Selection,
    apply_filters,
    ego_network,
    find_nodes,
    query_graph,
    select_graph,
)

__all__ = [
    "LINK_KINDS",
    "Filters",
    "NotFound",
    "PageOptions",
    "Selection",
    "apply_filters",
    "drawn_edge_count",
    "ego_network",
    "find_nodes",
    "link_graph",
    "notebook_view",
    "query_graph",
    "render_page",
    "select_graph",
    "write_page",
]
