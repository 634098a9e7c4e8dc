"""The `Extraction`: a plain, JSON-serialisable record of what one document states.

Builders produce it; the resolver and the emitter consume it. Nothing here knows RDF.

* A `Mention` is a piece of text naming a thing: an actor, a programme, a project, an event,
  a place or a country. `kind` is an ontology class name (see `KINDS`), `name` the cleaned name
  to resolve by (``"Bressuire"`` for ``"Commune de BRESSUIRE (79)"``), `attrs` any facts the
  document states about the thing itself (a programme's period, an event's date...).
* A `Statement` links mentions (`roles` maps a role name to a mention id) and carries its
  evidence: the span of the text it was read from. `kind` is one of `STATEMENT_ROLES`
  (the table of `kg.link_kinds`). `rule` names the rule of the builder that read it (empty:
  the builder as a whole) and `confidence` how likely it is to be right (0 to 1); when a
  builder leaves it unset (None), the emitter takes the calibrated figure of its builder and
  rule (`kg.calibrate`). Neither is part of what identifies the statement.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.link_kinds import STATEMENT_ROLES

#: Classes of the ontology a mention may have (local names in the coop: namespace).
KINDS = frozenset(
    {
        "Actor",
        "LocalAuthority",
        "Commune",
        "Intercommunality",
        "Department",
        "Region",
        "StateBody",
        "Ministry",
        "Agency",
        "Funder",
        "Association",
        "Network",
        "Person",
        "Programme",
        "Project",
        "Event",
        "Country",
        "Place",
    }
)


@dataclass(slots=True)
class Mention:
    id: str
    text: str
    start: int
    end: int
    kind: str
    name: str = ""
    country: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown mention kind {self.kind!r}")
        if not self.name:
            self.name = self.text


@dataclass(slots=True)
class Statement:
    id: str
    kind: str
    roles: dict[str, str]
    start: int
    end: int
    evidence: str
    attrs: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    confidence: float | None = None

    def __post_init__(self) -> None:
        if self.confidence is not None and not 0 <= self.confidence <= 1:
            raise ValueError(f"statement {self.id}: confidence {self.confidence} is not in [0, 1]")
        expected = STATEMENT_ROLES.get(self.kind)
        if expected is None:
            raise ValueError(f"unknown statement kind {self.kind!r}")
        missing = set(expected) - set(self.roles)
        if missing:
            raise ValueError(f"{self.kind} statement {self.id} lacks roles {sorted(missing)}")


def _highest_id(items: list[Mention] | list[Statement]) -> int:
    return max((int(i.id[1:]) for i in items if i.id[1:].isdigit()), default=0)


@dataclass
class Extraction:
    """What one builder read in one document."""

    builder: str
    builder_version: str
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    title: str | None = None
    date: str | None = None
    url: str | None = None
    #: rows or parts the builder skipped, one line each ("PATH:LINE: reason"); the rest built
    warnings: list[str] = field(default_factory=list)

    def mention(self, mention_id: str) -> Mention:
        """The mention of that id, in constant time (positions are indexed once, and again
        only when the list was changed in a way that moved the one asked for)."""
        index: dict[str, int] = self.__dict__.setdefault("_positions", {})
        i = index.get(mention_id)
        if i is None or i >= len(self.mentions) or self.mentions[i].id != mention_id:
            index.clear()
            index.update((m.id, n) for n, m in enumerate(self.mentions))
            i = index.get(mention_id)
            if i is None:
                raise KeyError(mention_id)
        return self.mentions[i]

    def _next_id(self, prefix: str, items: list[Mention] | list[Statement]) -> str:
        """The next free id ("m12"): one past the highest ever given or in use, so removing an
        item never lets a later one reuse its id. Constant time: the highest is counted once."""
        counters: dict[str, int] = self.__dict__.setdefault("_counters", {})
        if prefix not in counters:
            counters[prefix] = _highest_id(items)
        counters[prefix] += 1
        return f"{prefix}{counters[prefix]}"

    def add_mention(self, text: str, start: int, end: int, kind: str, **kw: Any) -> Mention:
        """Add a mention with the next free id and return it."""
        m = Mention(self._next_id("m", self.mentions), text, start, end, kind, **kw)
        self.mentions.append(m)
        return m

    def add_statement(
        self, kind: str, roles: dict[str, str], start: int, end: int, evidence: str, **attrs: Any
    ) -> Statement:
        """Add a statement with the next free id and return it. The keywords `rule` (the name
        of the rule that read it) and `confidence` (0 to 1, instead of the calibrated one) set
        those fields; the other keywords are its attributes."""
        rule = attrs.pop("rule", "")
        confidence = attrs.pop("confidence", None)
        if not isinstance(rule, str):
            raise TypeError(f"a statement's rule is a name, not {rule!r}")
        if confidence is not None:
            confidence = float(confidence)
        sid = self._next_id("s", self.statements)
        s = Statement(sid, kind, roles, start, end, evidence, attrs, rule, confidence)
        self.statements.append(s)
        return s

    def next_part(self) -> Extraction:
        """An empty extraction that goes on from this one, for a builder handing a document
        over in parts: the same builder, title, date and URL, and ids that continue after
        this part's (a later part's statements may name this part's mentions)."""
        part = Extraction(
            self.builder, self.builder_version, title=self.title, date=self.date, url=self.url
        )
        counters: dict[str, int] = self.__dict__.get("_counters", {})
        part.__dict__["_counters"] = {
            "m": counters.get("m", _highest_id(self.mentions)),
            "s": counters.get("s", _highest_id(self.statements)),
        }
        return part

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.warnings:  # most documents have none: their JSON stays as it was
            del data["warnings"]
        return data

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        data = dict(data)
        mentions = [Mention(**m) for m in data.pop("mentions", [])]
        statements = [Statement(**s) for s in data.pop("statements", [])]
        return cls(mentions=mentions, statements=statements, **data)
