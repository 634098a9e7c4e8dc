"""A call for projects is run and answered, not funded.

The money a text says a ministry or an embassy gives "through" a call for projects goes to the
projects it selects: the state body runs the call (lead). A local authority said to fund
within a call answers it (it takes part in it). Other bodies' funding of a call is kept as
written.
"""

from __future__ import annotations

import re

from builders.news.relations import PLACES, Rel

_CALL = re.compile(r"^appels?\s+[àa]\s+projets?\b", re.I)
#: the bodies that run a call: ministries, their services and embassies, countries
_RUNNERS = frozenset({"Ministry", "Agency", "StateBody", "Country"})


def call_roles(rels: list[Rel]) -> list[Rel]:
    """`rels` with each funding of a call for projects read as its lead or participation."""
    return [_call_role(r) for r in rels]


def _call_role(r: Rel) -> Rel:
    if r.kind != "funding" or not _CALL.match(r.roles["recipient"].name):
        return r
    funder, call = r.roles["funder"], r.roles["recipient"]
    if funder.kind in _RUNNERS:
        return Rel("lead", {"lead": funder, "programme": call}, r.start, r.end, rule=r.rule)
    if funder.kind in PLACES:
        roles = {"member": funder, "programme": call}
        return Rel("member", roles, r.start, r.end, rule=r.rule)
    return r
