"""Named queries: `.rq` files whose header declares title, description and parameters.

Header lines (before the first non-comment line)::

    # title: Partners of an actor
    # description: ...
    # param: actor (fold) what the parameter is
    # param: min_confidence (decimal, default 0) an optional parameter and its default

A parameter named `actor` binds the variable `?actor`; its type says how the value is turned
into an RDF term: `string` (plain literal), `fold` (folded for accent- and case-insensitive
matching against `coop:matchKey`), `iri` (an absolute IRI), `integer`, `decimal` (xsd:decimal)
and `year` (four digits, xsd:gYear). A parameter with a default is optional: left out, it is bound
to its default. Values are checked against their type before any query runs (a bad one is an
`InvalidParameter`, one line naming the parameter, the value and the type expected) and bound as
terms, never pasted into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib.resources import files
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UnknownQuery
from kg.normalize import fold
from kg.vocab import XSD

_HEADER = re.compile(r"^#\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s*(?:\((\w+)(?:\s*,\s*default\s+([^)]*?))?\s*\))?\s*(.*)$")
PARAM_TYPES = ("string", "fold", "iri", "integer", "decimal", "year")

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_YEAR = re.compile(r"[0-9]{4}")

#: what each type expects, for error messages
_EXPECTED = {
    "iri": "an absolute IRI, e.g. https://w3id.org/coopkg/doc/0123456789abcdef",
    "integer": "digits, e.g. 3",
    "decimal": "e.g. 0.9",
    "year": "four digits, e.g. 1991",
}


class InvalidParameter(UnknownQuery):
    """A parameter value that is not of its declared type (exit code 2, as UnknownQuery)."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    default: str | None = None  #: the value bound when none is given; None: required

    @property
    def required(self) -> bool:
        return self.default is None

    def usage(self) -> str:
        """How to give it on the command line: `--param actor=<fold>`, or
        `[--param to=9999]` (year) for an optional one."""
        if self.default is None:
            return f"--param {self.name}=<{self.type}>"
        return f"[--param {self.name}={self.default}] ({self.type})"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bound(self, values: dict[str, str]) -> str:
        """The query text with the parameters bound by a VALUES block at the start of its
        WHERE clause: works on any SPARQL 1.1 server, and values are serialised as RDF terms
        (escaped by the RDF library), never pasted as text."""
        return bind(self.text, self.bindings(values))

    def bindings(self, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """RDF terms for the given parameter values; a parameter without a default is required,
        one with a default is bound to it when not given."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise UnknownQuery(f"query {self.name}: unknown parameter {', '.join(unknown)}")
        missing = sorted(
            set(known) - set(values) - {p.name for p in self.params if p.default is not None}
        )
        if missing:
            hint = " ".join(f"--param {m}=..." for m in missing)
            raise UnknownQuery(f"query {self.name}: missing parameter ({hint})")
        given = {p.name: values.get(p.name, p.default) for p in self.params}
        return {k: _term(known[k], v) for k, v in given.items() if v is not None}


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind(text: str, bindings: dict[str, ox.NamedNode | ox.Literal]) -> str:
    """`text` with `bindings` as a VALUES block opening its first WHERE group."""
    if not bindings:
        return text
    m = _WHERE.search(_strip_comments(text))
    if m is None:
        raise UnknownQuery("cannot bind parameters: the query has no WHERE clause")
    names = " ".join(f"?{k}" for k in bindings)
    terms = " ".join(str(v) for v in bindings.values())
    block = f"\n  VALUES ({names}) {{ ({terms}) }}\n"
    return text[: m.end()] + block + text[m.end() :]


def _strip_comments(text: str) -> str:
    """`text` with comment lines blanked (same length, so offsets still match)."""
    return "\n".join(
        " " * len(line) if line.lstrip().startswith("#") else line for line in text.split("\n")
    )


def _term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term of `value` for `param`'s type; InvalidParameter when it is not one."""
    try:
        if param.type == "fold":
            return ox.Literal(fold(value))
        if param.type == "iri":
            return ox.NamedNode(value.strip())
        if param.type == "integer":
            text = _checked(_INTEGER, value)
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        if param.type == "decimal":
            return ox.Literal(_decimal(value), datatype=ox.NamedNode(XSD + "decimal"))
        if param.type == "year":
            text = _checked(_YEAR, value)
            return ox.Literal(text, datatype=ox.NamedNode(XSD + "gYear"))
    except ValueError as exc:
        expected = _EXPECTED.get(param.type)
        hint = f" ({expected})" if expected else ""
        raise InvalidParameter(
            f"parameter {param.name}: {value!r} is not a valid {param.type}{hint}"
        ) from exc
    return ox.Literal(value)


def _checked(pattern: re.Pattern[str], value: str) -> str:
    """`value` without surrounding spaces when it is all of `pattern`; ValueError otherwise."""
    text = value.strip()
    if not pattern.fullmatch(text):
        raise ValueError(value)
    return text


def _decimal(value: str) -> str:
    """The xsd:decimal lexical form of `value` ("0.9", "1", "-2.5"); ValueError otherwise."""
    text = _checked(_DECIMAL, value)
    try:
        d = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not d.is_finite():
        raise ValueError(value)
    return format(d, "f")


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the header of a query file."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not line.startswith("#"):
            break
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            pm = _PARAM.match(value)
            ptype = (pm.group(2) if pm else None) or "string"
            if not pm or ptype not in PARAM_TYPES:
                raise UnknownQuery(f"query {name}: bad param line {line!r}")
            default = pm.group(3).strip() if pm.group(3) is not None else None
            param = Param(pm.group(1), ptype, pm.group(4).strip(), default)
            if default is not None:
                try:
                    _term(param, default)
                except InvalidParameter as exc:
                    raise UnknownQuery(f"query {name}: bad default in {line!r}: {exc}") from exc
            params.append(param)
        else:
            meta[key] = value.strip()
    return NamedQuery(
        name, meta.get("title", name), meta.get("description", ""), tuple(params), text
    )


def list_queries() -> list[NamedQuery]:
    """The packaged named queries, by name."""
    folder = files("kg.queries")
    found = [p for p in folder.iterdir() if p.name.endswith(".rq")]
    return sorted(
        (parse_query(p.name[:-3], p.read_text("utf-8")) for p in found), key=lambda q: q.name
    )


def get_query(name_or_path: str) -> NamedQuery:
    """A packaged query by name, or a `.rq` file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".rq") and path.is_file():
        return parse_query(path.stem, path.read_text("utf-8"))
    for q in list_queries():
        if q.name == name_or_path:
            return q
    names = ", ".join(q.name for q in list_queries())
    raise UnknownQuery(f"no query named {name_or_path!r} (known: {names}; or give a .rq file)")
