"""Structure readers shared by the builders: what the layout of a text says, whatever its
wording (inline lists of partner pairs; more to come: flattened tables, line lists)."""

from builders.structure.fields import Field, labelled_fields
from builders.structure.pairs import Pair, headed_pairs, pair_lists, split_compound

__all__ = ["Field", "Pair", "headed_pairs", "labelled_fields", "pair_lists", "split_compound"]
