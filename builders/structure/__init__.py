"""Structure readers shared by the builders: what the layout of a text says, whatever its
wording (inline lists of partner pairs, directory lines of pairs, flattened tables, labelled
fields, the partners a page's owner lists)."""

from builders.structure.fields import Field, labelled_fields
from builders.structure.grids import Grid, grids
from builders.structure.owner import owner_pairs
from builders.structure.pair_lines import item_pairs, line_pairs
from builders.structure.pairs import (
    Pair,
    expand_groups,
    headed_pairs,
    pair_lists,
    split_compound,
)
from builders.structure.tables import TablePair, french_name, table_pairs

__all__ = [
    "Field",
    "Grid",
    "Pair",
    "TablePair",
    "expand_groups",
    "french_name",
    "grids",
    "headed_pairs",
    "item_pairs",
    "labelled_fields",
    "line_pairs",
    "owner_pairs",
    "pair_lists",
    "split_compound",
    "table_pairs",
]
