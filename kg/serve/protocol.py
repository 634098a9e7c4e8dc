"""The SPARQL 1.1 Protocol's rules as pure functions, and the messages between the server and
its workers.

- `negotiate`: which serialisation answers a request, from its `Accept` header (or a `format`
  parameter, as SPARQLWrapper and Virtuoso send it).
- `refusal`: why a query text is refused before it reaches a worker: a SPARQL Update (this
  endpoint is read-only) or a federated query (`SERVICE` would make the server fetch other
  URLs). The text is lexed (comments, strings and IRIs set apart), so `?service`, an IRI or a
  string holding the word is not mistaken for the keyword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

RESULTS = "results"  #: SELECT and ASK
GRAPH = "graph"  #: CONSTRUCT and DESCRIBE


@dataclass(frozen=True)
class Format:
    """One serialisation the endpoint writes."""

    name: str  #: its short name (the `format` parameter)
    media_type: str
    kind: str  #: RESULTS or GRAPH
    aliases: tuple[str, ...] = ()  #: other media types asking for it

    @property
    def content_type(self) -> str:
        text = self.media_type.startswith("text/") or self.media_type.endswith("+json")
        return f"{self.media_type}; charset=utf-8" if text else self.media_type


RESULT_FORMATS: tuple[Format, ...] = (
    Format("json", "application/sparql-results+json", RESULTS, ("application/json",)),
    Format("xml", "application/sparql-results+xml", RESULTS, ("application/xml", "text/xml")),
    Format("csv", "text/csv", RESULTS),
    Format("tsv", "text/tab-separated-values", RESULTS),
)
GRAPH_FORMATS: tuple[Format, ...] = (
    Format("turtle", "text/turtle", GRAPH, ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", GRAPH),
    Format("jsonld", "application/ld+json", GRAPH, ("application/json",)),
    Format("rdfxml", "application/rdf+xml", GRAPH, ("application/xml", "text/xml")),
)

#: `format=` values -> the format of each kind they ask for ("json" is JSON-LD for a graph)
_NAMES: dict[str, dict[str, str]] = {
    "json": {RESULTS: "json", GRAPH: "jsonld"},
    "xml": {RESULTS: "xml", GRAPH: "rdfxml"},
    "csv": {RESULTS: "csv"},
    "tsv": {RESULTS: "tsv"},
    "turtle": {GRAPH: "turtle"},
    "ttl": {GRAPH: "turtle"},
    "nt": {GRAPH: "ntriples"},
    "ntriples": {GRAPH: "ntriples"},
    "n-triples": {GRAPH: "ntriples"},
    "jsonld": {GRAPH: "jsonld"},
    "json-ld": {GRAPH: "jsonld"},
    "rdfxml": {GRAPH: "rdfxml"},
    "rdf": {GRAPH: "rdfxml"},
}


def formats(kind: str) -> tuple[Format, ...]:
    return RESULT_FORMATS if kind == RESULTS else GRAPH_FORMATS


def known_format(value: str) -> bool:
    """Whether a `format` parameter names something this endpoint writes (a short name or a
    media type)."""
    v = value.strip().lower()
    every = (*RESULT_FORMATS, *GRAPH_FORMATS)
    return v in _NAMES or any(v == f.media_type or v in f.aliases for f in every)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an `Accept` header with their quality, in the header's order."""
    ranges = []
    for part in (header or "").split(","):
        items = [p.strip() for p in part.split(";")]
        media = items[0].lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in items[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The quality the client gives `fmt`: that of the most specific range matching it."""
    types = (fmt.media_type, *fmt.aliases)
    families = {f"{fmt.media_type.split('/')[0]}/*"}
    best, specificity = 0.0, -1
    for media, q in ranges:
        if media in types:
            level = 2
        elif media in families:  # text/*: CSV or TSV, application/*: the others
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity or (level == specificity and q > best):
            best, specificity = q, level
    return best


def negotiate(kind: str, accept: str | None, format_param: str | None = None) -> Format | None:
    """The format answering a query of `kind`: the `format` parameter's when given, else the
    client's preferred one by `Accept` (ties go to the first in our list), the first when the
    client states nothing; None when nothing acceptable."""
    offered = formats(kind)
    if format_param:
        v = format_param.strip().lower()
        name = _NAMES.get(v, {}).get(kind)
        for f in offered:
            if f.name == name or v == f.media_type or v in f.aliases:
                return f
        return None
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    scored = [(_quality(f, ranges), -i, f) for i, f in enumerate(offered)]
    q, _, best = max(scored, key=lambda s: (s[0], s[1]))
    return best if q > 0 else None


# -- refusing what a read-only, local endpoint must not run ---------------------------------

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEMES = re.compile(
    r"""\#[^\n\r]*"""  # a comment
    r'''|"""(?:[^"\\]|\\.|"(?!""))*"""'''  # long strings
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r'''|"(?:[^"\\\n\r]|\\.)*"'''  # strings
    r"""|'(?:[^'\\\n\r]|\\.)*'"""
    r"""|<[^<>"{}|^`\\\x00-\x20]*>""",  # IRIs
    re.DOTALL,
)
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s*[^\s:]*:\s*<>|BASE\s*<>)\s*)*", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_UPDATE_WORDS = frozenset(
    ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
)
_SERVICE = re.compile(r"(?<![\w?$:\\-])SERVICE(?![\w:-])", re.IGNORECASE)


def _code(text: str) -> str:
    """`text` with codepoint escapes decoded, comments dropped, and every string and IRI
    replaced by an empty one: what is left is the query's keywords, names and punctuation."""

    def unescape(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    def blank(m: re.Match[str]) -> str:
        token = m.group(0)
        if token.startswith("#"):
            return " "
        return " <> " if token.startswith("<") else ' "" '

    return _LEXEMES.sub(blank, _UNICODE_ESCAPE.sub(unescape, text))


def update_operation(text: str) -> str | None:
    """The SPARQL Update operation `text` opens with (INSERT, DELETE, LOAD…), or None."""
    code = _code(text)
    m = _PROLOGUE.match(code)
    word = _FIRST_WORD.match(code, m.end() if m else 0)
    if word and word.group(0).upper() in _UPDATE_WORDS:
        return word.group(0).upper()
    return None


def refusal(text: str) -> str | None:
    """Why this endpoint refuses to run `text` (HTTP 403), or None."""
    op = update_operation(text)
    if op:
        return (
            f"SPARQL Update ({op}) is refused: this endpoint is read-only "
            "(build documents into the store with `coopkg build`)"
        )
    if _SERVICE.search(_code(text)):
        return "federated queries (SERVICE) are refused: this endpoint answers from its own store"
    return None


# -- messages between the server and its workers (pickled over a pipe) -----------------------


@dataclass(frozen=True)
class QueryJob:
    snapshot: str  #: the folder of the snapshot to query
    query: str
    accept: str | None = None
    format: str | None = None
    max_rows: int = 100_000
    default_graphs: tuple[str, ...] = ()  #: `default-graph-uri`: else the union of all graphs
    named_graphs: tuple[str, ...] = ()  #: `named-graph-uri`: else every graph


@dataclass(frozen=True)
class EntityJob:
    snapshot: str
    iri: str


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    data: dict[str, object] = field(default_factory=dict)  #: for an EntityJob

    @classmethod
    def error(cls, status: int, message: str) -> Reply:
        return cls(status, body=(message.rstrip() + "\n").encode("utf-8"))
