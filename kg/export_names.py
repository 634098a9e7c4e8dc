"""Prefixed names for the exports: the standard vocabularies and one prefix per coopkg IRI family.

The emitter (`kg.emit.Iris`) names things below one base: documents `doc/<hash>` and their parts
`doc/<hash>#<fragment>`, entities `id/<key>` (`id/tg/commune/kloto-1`, `id/insee/79049`,
`id/country/tg`), builders `builder/<name>`, graphs `graph/<name>`. A family is everything up to
an IRI's last `/` or `#`; each family found in a graph gets a prefix made of its path below the
base, without the leading `id`, segments joined by `_`:

| family | prefix | a name |
|---|---|---|
| `…/doc/` | `doc:` | `doc:072daaf9ebf3ff7e` |
| `…/doc/072daaf9ebf3ff7e#` | `doc_072daaf9ebf3ff7e:` | `doc_072daaf9ebf3ff7e:build` |
| `…/id/tg/commune/` | `tg_commune:` | `tg_commune:kloto-1` |
| `…/id/insee/` | `insee:` | `insee:79049` |
| `…/id/country/` | `country:` | `country:tg` |

so every name comes out without an escaped character. An IRI whose local part would need one
(`/`, `%`, a trailing `.`…), or that lies in no known family, is written in full (`<…>`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.vocab import DEFAULT_BASE, PREFIXES

#: the standard prefixes the exports may use, beyond those of `kg.vocab`
STANDARD: dict[str, str] = {
    **PREFIXES,
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "spdx": "http://spdx.org/rdf/terms#",
}

#: a local name that Turtle reads without any escape (a conservative subset of PN_LOCAL)
CLEAN_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_PREFIX_CHAR = re.compile(r"[^A-Za-z0-9-]")


def split_iri(iri: str) -> tuple[str, str]:
    """(namespace, local name): the IRI cut after its last `#` or `/`."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut], iri[cut:]


def family_name(namespace: str, base: str = DEFAULT_BASE) -> str | None:
    """The prefix name of a coopkg family (`…/id/tg/commune/` → `tg_commune`), None when the
    namespace is not below `base`."""
    if not namespace.startswith(base):
        return None
    segments = [s for s in re.split(r"[/#]", namespace[len(base) :]) if s]
    if len(segments) > 1 and segments[0] == "id":
        segments = segments[1:]
    if not segments:
        return "coopkg"
    name = "_".join(_PREFIX_CHAR.sub("-", s) for s in segments)
    return name if name[0].isalpha() else f"n{name}"


class Names:
    """The prefixes of one export and the names they give."""

    def __init__(self, iris: Iterable[str], base: str = DEFAULT_BASE) -> None:
        self.by_namespace: dict[str, str] = {ns: p for p, ns in STANDARD.items()}
        taken = set(STANDARD)
        families = {split_iri(i)[0] for i in iris if i.startswith(base)}
        for ns in sorted(families - set(self.by_namespace)):
            name = family_name(ns, base)
            if name is None:
                continue
            unique, n = name, 1
            while unique in taken:
                n += 1
                unique = f"{name}_{n}"
            taken.add(unique)
            self.by_namespace[ns] = unique
        self.used: dict[str, str] = {}

    def qname(self, iri: str) -> str | None:
        """`prefix:local` for `iri`, or None when it must be written in full."""
        ns, local = split_iri(iri)
        prefix = self.by_namespace.get(ns)
        if prefix is None or not CLEAN_LOCAL.fullmatch(local):
            return None
        self.used[prefix] = ns
        return f"{prefix}:{local}"

    def declarations(self, keyword: str = "@prefix") -> str:
        """The prefix lines of the names given so far, sorted."""
        return "".join(f"{keyword} {p}: <{ns}> .\n" for p, ns in sorted(self.used.items()))
