"""Structure readers shared by the builders: what the layout of a text says, whatever its
wording (inline lists of partner pairs; more to come: flattened tables, line lists)."""

from builders.structure.pairs import Pair, pair_lists

__all__ = ["Pair", "pair_lists"]
