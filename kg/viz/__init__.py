"""Partner networks in the browser: the network of `kg.network`, filtered or centred on one
entity, drawn as a self-contained vis-network page (no network needed to open it)."""

from kg.viz.page import PageOptions, drawn_edge_count, notebook_view, render_page, write_page
from kg.viz.select import (
    DEFAULT_MAX_NODES,
    Filters,
    NotFound,
    Selection,
    apply_filters,
    ego_network,
    find_nodes,
    query_graph,
    select_graph,
    top_by_degree,
)

__all__ = [
    "DEFAULT_MAX_NODES",
    "Filters",
    "NotFound",
    "PageOptions",
    "Selection",
    "apply_filters",
    "drawn_edge_count",
    "ego_network",
    "find_nodes",
    "notebook_view",
    "query_graph",
    "render_page",
    "select_graph",
    "top_by_degree",
    "write_page",
]
