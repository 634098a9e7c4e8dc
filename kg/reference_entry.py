"""What a reference entry is: the kinds it may have, its name keys and entity keys, `RefEntry`.

`kg.reference_tables` and `kg.reference_cog` read entries; `kg.reference` indexes and looks them
up (and re-exports these names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.normalize import fold, slug

#: Kinds a reference entry may have (ontology class local names).
REF_KINDS = frozenset(
    {
        "Commune",
        "Intercommunality",
        "Department",
        "Region",
        "LocalAuthority",
        "Ministry",
        "StateBody",
        "Agency",
        "Funder",
        "Association",
        "Network",
        "Programme",
        "Project",
        "Country",
    }
)
#: Territorial kinds, in the order a bare place name prefers them (towns first).
PLACE_KINDS = ("Commune", "Intercommunality", "LocalAuthority", "Department", "Region")
_FAMILIES: tuple[frozenset[str], ...] = (
    frozenset(PLACE_KINDS),
    frozenset({"Ministry", "StateBody", "Agency"}),
    frozenset({"Association", "Network"}),
    frozenset({"Programme", "Project"}),
)
_ACTOR_KINDS = REF_KINDS - {"Programme", "Project"}
#: Mention kinds that say little: what each may match.
_GENERIC: dict[str | None, frozenset[str]] = {
    None: REF_KINDS,
    "Place": frozenset({*PLACE_KINDS, "Country"}),
    "Actor": _ACTOR_KINDS,
    "Funder": _ACTOR_KINDS,
}
#: Kinds whose keys carry no country ("programme/prodeg-iv").
UNCOUNTRIED = frozenset({"Programme", "Project", "Event"})


def name_key(text: str) -> str:
    """The matching key of a name: `fold`, with spelt-out acronyms joined ("M.A.E." -> "mae")."""
    key = fold(text)
    words = key.split()
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return "".join(words)
    return key


def kind_compatible(mention_kind: str | None, entry_kind: str) -> bool:
    """Whether a mention of `mention_kind` may name an entry of `entry_kind`."""
    if mention_kind in _GENERIC:
        return entry_kind in _GENERIC[mention_kind]
    if mention_kind == entry_kind:
        return True
    return any(mention_kind in f and entry_kind in f for f in _FAMILIES)


def kind_segment(kind: str) -> str:
    """The key segment of a kind: "LocalAuthority" -> "local-authority"."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower()


def entity_path(kind: str, country: str | None, name: str) -> str:
    """The key of a thing known by kind, country and name only: "fr/commune/bressuire"."""
    tail = f"{kind_segment(kind)}/{slug(name)}"
    if country and kind not in UNCOUNTRIED:
        return f"{country.lower()}/{tail}"
    return tail


def department_of(insee_commune: str) -> str:
    """The département number in an INSEE commune code ("79049" -> "79", "97611" -> "976")."""
    return insee_commune[:3] if insee_commune.startswith("97") else insee_commune[:2]


def normalize_department(code: str) -> str:
    """ "1" -> "01", "2a" -> "2A"."""
    code = code.strip().upper()
    return code.zfill(2) if code.isdigit() and len(code) == 1 else code


@dataclass(frozen=True)
class RefEntry:
    """One known actor or territory."""

    id: str
    label: str
    kind: str
    country: str | None
    aliases: tuple[str, ...] = ()
    codes: tuple[tuple[str, str], ...] = ()
    parent: str | None = None
    source: str = ""
    #: the name people use when it is not the official one: a Togolese commune's chef-lieu town
    #: ("Kpalimé" for "Kloto 1"); empty when the label is that name
    usual_name: str = ""

    def code(self, scheme: str) -> str | None:
        """The value of one code scheme, or None."""
        return next((v for k, v in self.codes if k == scheme), None)

    @property
    def names(self) -> tuple[str, ...]:
        """The label, then the aliases."""
        return (self.label, *self.aliases)

    @property
    def display_label(self) -> str | None:
        """The label to show where the official one hides the usual name: "Kloto 1 (Kpalimé)";
        None when the label is enough."""
        return f"{self.label} ({self.usual_name})" if self.usual_name else None
