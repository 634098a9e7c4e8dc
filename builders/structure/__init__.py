"""Structure readers shared by the builders: what the layout of a text says, whatever its
wording (inline lists of partner pairs; more to come: flattened tables, line lists)."""

from builders.structure.fields import Field, labelled_fields
from builders.structure.owner import owner_pairs
from builders.structure.pairs import Pair, headed_pairs, pair_lists, split_compound
from builders.structure.tables import TablePair, french_name, table_pairs

__all__ = [
    "Field",
    "Pair",
    "TablePair",
    "french_name",
    "headed_pairs",
    "labelled_fields",
    "owner_pairs",
    "pair_lists",
    "split_compound",
    "table_pairs",
]
