"""The one table of link kinds: how a statement kind becomes an ontology class and properties.

Builders write statements by kind (`partnership`, `funding`...) with two roles; the emitter turns
each into a `coop:Link` resource of the kind's class whose two properties point at the entities
in those roles; the named queries `links` and `network_edges` read them back with the kind's name
in their `kind` column. Everything that needs the mapping reads it here, and a test checks the
query files and the shapes against it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LinkKind:
    """One kind of statement and its RDF form."""

    name: str  #: the statement kind, and the `kind` column of the link queries
    cls: str  #: the ontology class of its link resources (local name in `coop:`)
    roles: tuple[str, str]  #: the statement's (source, target) role names
    properties: tuple[str, str]  #: the ontology properties of the (source, target) ends
    label: str  #: what it means, in a few words (legends, docs)
    cooperation: bool = True  #: a cooperation link: a row of the `links` query


LINK_KINDS: tuple[LinkKind, ...] = (
    LinkKind("partnership", "Partnership", ("a", "b"), ("firstPartner", "secondPartner"),
             "partnership"),
    LinkKind("funding", "Funding", ("funder", "recipient"), ("funder", "recipient"), "funding"),
    LinkKind("member", "Membership", ("member", "programme"), ("member", "initiative"),
             "programme / project member"),
    LinkKind("lead", "Leadership", ("lead", "programme"), ("leader", "initiative"),
             "programme / project lead"),
    LinkKind("organiser", "Organising", ("organiser", "event"), ("organiser", "event"),
             "event organiser"),
    LinkKind("participant", "Participation", ("participant", "event"), ("participant", "event"),
             "event participant"),
    # where an event is held or a thing is located: drawn in networks, not a cooperation link
    LinkKind("location", "Localisation", ("subject", "place"), ("located", "place"),
             "held in / located in", cooperation=False),
)  # fmt: skip

BY_NAME: dict[str, LinkKind] = {k.name: k for k in LINK_KINDS}

#: statement kind -> its (source, target) roles
STATEMENT_ROLES: dict[str, tuple[str, str]] = {k.name: k.roles for k in LINK_KINDS}

#: the kinds the `links` query returns
COOPERATION_KINDS: tuple[str, ...] = tuple(k.name for k in LINK_KINDS if k.cooperation)
