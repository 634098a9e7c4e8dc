"""How things look: a colour per actor kind, a shape per country, a line style per link kind.

Nothing here comes from a document: these are the project's own constants, so the legend built
from them needs no escaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.network.model import kind_rank

# One colour per kind (in the order of `kg.network.KIND_ORDER`).
KIND_COLOURS: dict[str, str] = {
    "Commune": "#4e79a7",
    "Intercommunality": "#76b7b2",
    "Department": "#59a14f",
    "Region": "#8cd17d",
    "LocalAuthority": "#a0cbe8",
    "Ministry": "#e15759",
    "Embassy": "#ff9d9a",
    "StateBody": "#ff9d9a",
    "Agency": "#f28e2b",
    "Network": "#b07aa1",
    "Association": "#d4a6c8",
    "Person": "#9d7660",
    "Funder": "#edc948",
    "Programme": "#2f2f2f",
    "Project": "#79706e",
    "Event": "#bab0ac",
    "Actor": "#c7c7c7",
    "Initiative": "#8f8f8f",
}
OTHER_COLOUR = "#c7c7c7"
INITIATIVE_KINDS = frozenset({"Programme", "Project", "Event", "Initiative"})

COUNTRY_SHAPES: dict[str, str] = {"FR": "dot", "TG": "square"}
OTHER_COUNTRY_SHAPE = "triangle"
NO_COUNTRY_SHAPE = "diamond"
COUNTRY_NAMES = {"FR": "France", "TG": "Togo"}


@dataclass(frozen=True)
class EdgeStyle:
    """How a link kind is drawn."""

    label: str
    colour: str
    dashes: bool | list[int]
    arrow: bool
    width: float


EDGE_STYLES: dict[str, EdgeStyle] = {
    "partnership": EdgeStyle("partnership", "#3b3b3b", False, False, 2.5),
    "funding": EdgeStyle("funding (width: amount)", "#d4a017", False, True, 1.5),
    "member": EdgeStyle("programme membership", "#7fa7cf", [6, 4], False, 1.0),
    "lead": EdgeStyle("programme lead", "#8e44ad", False, True, 2.0),
    "organiser": EdgeStyle("event organiser", "#16a085", False, True, 2.0),
    "participant": EdgeStyle("event participant", "#16a085", [2, 4], False, 1.0),
    "location": EdgeStyle("held in / located in", "#9c755f", [1, 4], True, 1.0),
    "related": EdgeStyle("related (query row)", "#999999", [8, 3, 2, 3], False, 1.0),
}


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def country_shape(country: str | None) -> str:
    if not country:
        return NO_COUNTRY_SHAPE
    return COUNTRY_SHAPES.get(country.upper(), OTHER_COUNTRY_SHAPE)


def edge_style(kind: str) -> EdgeStyle:
    return EDGE_STYLES.get(kind, EDGE_STYLES["related"])


def legend(
    kinds: set[str], countries: set[str | None], link_kinds: set[str]
) -> dict[str, list[Any]]:
    """The legend entries for what the page draws (plain project constants, no document text)."""
    shapes = {country_shape(c) for c in countries}
    shape_rows = [(COUNTRY_NAMES[c], s) for c, s in COUNTRY_SHAPES.items() if s in shapes]
    if OTHER_COUNTRY_SHAPE in shapes:
        shape_rows.append(("other country", OTHER_COUNTRY_SHAPE))
    if NO_COUNTRY_SHAPE in shapes:
        shape_rows.append(("no country (programme, project, event…)", NO_COUNTRY_SHAPE))
    return {
        "kinds": [(k, kind_colour(k)) for k in sorted(kinds, key=kind_rank)],
        "shapes": shape_rows,
        "links": [(k, edge_style(k)) for k in [*EDGE_STYLES] if k in link_kinds],
    }
