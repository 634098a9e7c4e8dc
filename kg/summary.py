"""The summary graph: the totals the aggregation queries read, kept exact as documents change.

Oxigraph answers an aggregation over every funding or partnership of a large store by scanning
them all (14-26 s for 200,000 fundings here), so the aggregation queries (`funding_by_funder`,
`funding_by_recipient`, `funding_by_year`, `partnerships_by_country`, `partnerships_by_theme`,
`counts`) read precomputed rows instead, in the graph `<base>graph/summary`: one
`coop:SummaryRow` per funder and currency, recipient and currency, year and currency, country,
theme and ontology class, holding exactly the figures the query over the document graphs gives.

What a document contributes is its **facts** (`Facts`): its distinct fundings (funder,
recipient, currency, amount, year), its (country, pair, partner) and (theme, pair, partner)
triples of partnerships, and its (class, thing) typings. The figures are functions of the union
of every committed document's facts. When documents are added or removed, only the facts of
those documents can change that union: for each, whether it is also stated elsewhere (by a
committed document that stays) is asked of the store by index lookups (`_Elsewhere`), and the
rows of the groups they touch are updated by the difference. So one new text document costs a
few lookups, whatever the size of the store; a large table into a store holding no other
document needs none. The update goes in the same transaction as the graphs it follows
(`kg.store`), so the summary is never out of step with the documents.

The facts of a document being written are read from its triples as they stream to the store
(`FactTap`); those of a document being removed, from its graph (`facts_of_graph`). A store whose
summary is missing or of another version gets it recomputed from every document
(`rebuild`).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import ClassVar

import pyoxigraph as ox

from kg.vocab import COOP, COOP_NS, DEFAULT_BASE, RDF, XSD

SUMMARY_GRAPH = f"{DEFAULT_BASE}graph/summary"
VERSION = "2"

_G = ox.NamedNode(SUMMARY_GRAPH)
_TYPE = RDF + "type"
_INT = ox.NamedNode(XSD + "integer")
_DEC = ox.NamedNode(XSD + "decimal")
_CHUNK = 400  #: values per lookup query

#: (funder, recipient, currency, amount, year): one distinct funding (None: not stated)
FundKey = tuple[str, str, str | None, str | None, str | None]
#: (country code or theme IRI, "a b" the pair's IRIs in order, partner IRI)
PairFact = tuple[str, str, str]


@dataclass
class Facts:
    """What one document (or several) contributes to the summary."""

    fundings: set[FundKey] = field(default_factory=set)
    countries: set[PairFact] = field(default_factory=set)
    themes: set[PairFact] = field(default_factory=set)
    typed: set[tuple[str, str]] = field(default_factory=set)  #: (class local name, thing)
    #: class local name -> how many things of the document's own (its IRI, `IRI#...`) it types:
    #: no other document can type them, so they are counted, not kept
    local: dict[str, int] = field(default_factory=dict)

    def update(self, other: Facts) -> None:
        self.fundings |= other.fundings
        self.countries |= other.countries
        self.themes |= other.themes
        self.typed |= other.typed
        for kind, n in other.local.items():
            self.local[kind] = self.local.get(kind, 0) + n


def _pair(a: str, b: str) -> str:
    return f"{a} {b}" if a < b else f"{b} {a}"


def _amount(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return format(Decimal(value).normalize(), "f")
    except InvalidOperation:
        return value


# --- a document's facts ------------------------------------------------------------------------


class FactTap:
    """Reads a document's facts from its triples as they go by (`see`), in one pass.

    The emitter writes each link's triples together, its type first: the tap keeps the values
    of the link at hand and turns them into facts when the next subject comes, so memory holds
    the facts, not the links. Should a link's triples come apart (a subject seen again after
    it was done), the tap says so (`complete` False) and the facts are read from the written
    graph instead (`facts_of_graph`)."""

    #: the properties read, by IRI -> local name
    WANTED: ClassVar[dict[str, str]] = {
        COOP_NS + p: p
        for p in (
            "funder",
            "recipient",
            "amount",
            "currency",
            "year",
            "firstPartner",
            "secondPartner",
            "theme",
            "country",
            "isoCode",
        )
    }
    _LINKS = frozenset({"Funding", "Partnership"})
    _ENDS = frozenset({"funder", "recipient", "firstPartner", "secondPartner"})

    def __init__(self, graph: str) -> None:
        self.graph = graph
        self.local = graph + "#"
        self.is_document = False
        self.complete = True
        self._subject = ""
        self._kind = ""  #: the class of the link at hand ("" for any other subject)
        self._at_hand: list[str] = []  #: its [property, value, property, value...]
        self._done: set[int] = set()  #: hashes of the links turned into facts
        self._entities: dict[str, list[str]] = {}  #: non-link subject -> [property, value...]
        self._partnerships: list[tuple[str, str, tuple[str, ...]]] = []
        self._fundings: set[FundKey] = set()
        self._typed: set[tuple[str, str]] = set()
        self._local: dict[str, int] = defaultdict(int)
        self._names: dict[str, str] = {}

    def _name(self, value: str) -> str:
        return self._names.setdefault(value, value)

    def _next(self, s: str) -> None:
        """The subject changes to `s`: the link at hand (if any) becomes facts."""
        if self._kind:
            self._finish()
        self._subject, self._kind = s, ""
        if hash(s) in self._done:
            self.complete = False

    def _finish(self) -> None:
        v = _pairs(self._at_hand)
        if self._kind == "Funding":
            self._fundings.update((f, r, c, _amount(a), y) for f, r, c, a, y in _fund_rows(v))
        else:
            themes = tuple(v.get("theme", []))
            for a in v.get("firstPartner", []):
                for b in v.get("secondPartner", []):
                    self._partnerships.append((a, b, themes))
        self._done.add(hash(self._subject))
        self._at_hand = []
        self._kind = ""

    def see(self, t: ox.Triple) -> None:
        self.see_values(t.subject.value, t.predicate.value, t.object.value)  # type: ignore[union-attr]

    def see_values(self, s: str, p: str, o: str) -> None:
        """`see` for a triple given by its subject IRI, predicate IRI and object value (an
        IRI or a literal's lexical form): what the emitter hands over as it writes."""
        if p == _TYPE:
            if not o.startswith(COOP_NS):
                return
            if s != self._subject:
                self._next(s)
            kind = o[len(COOP_NS) :]
            if s == self.graph or s.startswith(self.local):
                self._local[kind] += 1  # nowhere else: counted, not kept
                if s == self.graph and kind == "SourceDocument":
                    self.is_document = True
            else:
                self._typed.add((kind, self._name(s)))
            if kind in self._LINKS:
                if self._kind or self._at_hand:
                    self.complete = False  # two link classes, or values before the type
                self._kind = kind
        elif (name := self.WANTED.get(p)) is not None:
            if s != self._subject:
                self._next(s)
            pair = (name, self._name(o))
            if self._kind:
                self._at_hand += pair
            else:
                if pair[0] in self._ENDS:
                    self.complete = False  # a link's end before its type
                self._entities.setdefault(self._name(s), []).extend(pair)

    def see_link(self, s: str, cls: str, values: list[tuple[str, str]]) -> None:
        """`see` for the triples of one link at once: its subject, class IRI and the
        (predicate IRI, object value) pairs of its other triples."""
        self.see_values(s, _TYPE, cls)
        if not self._kind:
            for p, o in values:
                self.see_values(s, p, o)
            return
        name = self._name
        for p, o in values:
            if (key := self.WANTED.get(p)) is not None:
                self._at_hand += (key, name(o))

    def facts(self) -> Facts:
        if self._kind:
            self._finish()
        entities = {s: _pairs(flat) for s, flat in self._entities.items()}
        iso = {s: v["isoCode"] for s, v in entities.items() if "isoCode" in v}
        countries = {
            s: [code for c in v["country"] for code in iso.get(c, [])]
            for s, v in entities.items()
            if "country" in v
        }
        facts = Facts(fundings=self._fundings, typed=self._typed, local=dict(self._local))
        for a, b, themes in self._partnerships:
            pair = _pair(a, b)
            for x in {a, b}:
                facts.countries.update((code, pair, x) for code in countries.get(x, []))
                facts.themes.update((theme, pair, x) for theme in themes)
        return facts


def _pairs(flat: list[str]) -> dict[str, list[str]]:
    """[property, value, property, value...] as property -> values."""
    out: dict[str, list[str]] = {}
    for i in range(0, len(flat), 2):
        out.setdefault(flat[i], []).append(flat[i + 1])
    return out


def _fund_rows(
    v: dict[str, list[str]],
) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    unstated: list[str | None] = [None]
    for f in v.get("funder", []):
        for r in v.get("recipient", []):
            for c in v.get("currency") or unstated:
                for a in v.get("amount") or unstated:
                    for y in v.get("year") or unstated:
                        yield f, r, c, a, y


def _facts(
    fundings: Iterable[tuple[str, str, str | None, str | None, str | None]],
    countries: Iterable[tuple[str, str, str, str]],
    themes: Iterable[tuple[str, str, str, str]],
    typed: Iterable[tuple[str, str]],
) -> Facts:
    return Facts(
        {(f, r, c, _amount(a), y) for f, r, c, a, y in fundings},
        {(code, _pair(a, b), x) for a, b, x, code in countries},
        {(theme, _pair(a, b), x) for a, b, x, theme in themes},
        set(typed),
    )


_FUNDINGS = """SELECT ?funder ?recipient ?currency ?amount ?year WHERE { %s
  GRAPH ?g { %s ?link a coop:Funding ; coop:funder ?funder ; coop:recipient ?recipient . %s
    OPTIONAL { ?link coop:amount ?amount } OPTIONAL { ?link coop:currency ?currency } } %s }"""
_PAIRS = """SELECT ?a ?b ?x ?group WHERE { %s
  GRAPH ?g { %s ?link a coop:Partnership ; coop:firstPartner ?a ; coop:secondPartner ?b . %s
    { ?link coop:firstPartner ?x } UNION { ?link coop:secondPartner ?x } %s } %s }"""
_COUNTRY = "?x coop:country ?c . ?c coop:isoCode ?group ."
_THEME = "?link coop:theme ?group ."
_TYPED = """SELECT ?x ?class WHERE { %s GRAPH ?g { %s ?x a ?class }
  FILTER (STRSTARTS(STR(?class), "%s")) %s }"""
_PREFIX = f"PREFIX coop: <{COOP_NS}>\n"


def _v(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    return None if term is None else term.value


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def _select(db: ox.Store, text: str) -> ox.QuerySolutions:
    result = db.query(text)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _fund_select(
    db: ox.Store, values: str, graph: str, year: str, outside: str
) -> Iterator[tuple[str, str, str | None, str | None, str | None]]:
    year_pattern = year or "OPTIONAL { ?link coop:year ?y } BIND (STR(?y) AS ?year)"
    text = _PREFIX + _FUNDINGS % (values, graph, year_pattern, outside)
    for r in _select(db, text):
        yield (
            r["funder"].value,
            r["recipient"].value,
            _v(r["currency"]),
            _v(r["amount"]),
            _v(r["year"]),
        )


def facts_of_graph(db: ox.Store, graph: str) -> Facts:
    """The facts of the committed document graph `graph` (none when it is no document)."""
    g = f"<{graph}>"
    marker = f"{g} a coop:SourceDocument ."
    if not db.query(_PREFIX + f"ASK {{ GRAPH {g} {{ {marker} }} }}"):
        return Facts()
    values = f"VALUES ?g {{ {g} }}"
    pairs = [
        [
            (r["a"].value, r["b"].value, r["x"].value, r["group"].value)
            for r in _select(db, _PREFIX + _PAIRS % (values, "", "", pattern, ""))
        ]
        for pattern in (_COUNTRY, _THEME)
    ]
    typed = _select(db, _PREFIX + _TYPED % (values, "", COOP_NS, ""))
    facts = _facts(_fund_select(db, values, "", "", ""), pairs[0], pairs[1], ())
    local: dict[str, int] = defaultdict(int)
    for r in typed:
        kind, x = r["class"].value[len(COOP_NS) :], r["x"].value
        if x == graph or x.startswith(graph + "#"):
            local[kind] += 1
        else:
            facts.typed.add((kind, x))
    facts.local = dict(local)
    return facts


# --- what the documents that stay state --------------------------------------------------------


def _chunks(items: Iterable[tuple[str, ...]]) -> Iterator[list[tuple[str, ...]]]:
    it = iter(items)
    while chunk := list(islice(it, _CHUNK)):
        yield chunk


def _term(value: str) -> str:
    return str(ox.NamedNode(value))


class _Elsewhere:
    """Lookups of the facts stated by the committed documents other than `excluded`."""

    def __init__(self, db: ox.Store, excluded: Iterable[str]) -> None:
        self.db = db
        names = ", ".join(_term(g) for g in sorted(set(excluded)))
        self.outside = f"FILTER (?g NOT IN ({names}))" if names else ""
        self.marker = "?g a coop:SourceDocument ."
        ask = _PREFIX + f"ASK {{ GRAPH ?g {{ {self.marker} }} {self.outside} }}"
        self.empty = not bool(db.query(ask))

    def fundings(self, by: str, pairs: Iterable[tuple[str, ...]]) -> set[FundKey]:
        """The fundings elsewhere of the given (funder, recipient) pairs (`by` "pair"), or
        (funder, year) / (recipient, year) pairs (`by` "funder-year", "recipient-year"), or
        funders / recipients alone (`by` "funder", "recipient")."""
        if self.empty:
            return set()
        out: set[FundKey] = set()
        for chunk in _chunks(pairs):
            if by == "pair":
                rows = " ".join(f"({_term(f)} {_term(r)})" for f, r in chunk)
                values, year = f"VALUES (?funder ?recipient) {{ {rows} }}", ""
            elif by in ("funder", "recipient"):
                values, year = f"VALUES ?{by} {{ {' '.join(_term(x) for (x,) in chunk)} }}", ""
            else:
                role = by.split("-")[0]
                rows = " ".join(f"({_term(x)} {ox.Literal(y)})" for x, y in chunk)
                values = f"VALUES (?{role} ?year) {{ {rows} }}"
                year = "?link coop:year ?y . FILTER (STR(?y) = ?year)"
            found = _fund_select(self.db, values, self.marker, year, self.outside)
            out |= {(f, r, c, _amount(a), y) for f, r, c, a, y in found}
        return out

    def pair_facts(self, partners: Iterable[str], pattern: str) -> set[PairFact]:
        """The (group, pair, partner) facts elsewhere of partnerships involving `partners`."""
        if self.empty:
            return set()
        out: set[PairFact] = set()
        for chunk in _chunks((p,) for p in partners):
            values = f"VALUES ?p {{ {' '.join(_term(p) for (p,) in chunk)} }}"
            involve = "{ ?link coop:firstPartner ?p } UNION { ?link coop:secondPartner ?p }"
            text = _PREFIX + _PAIRS % (values, self.marker, involve, pattern, self.outside)
            out |= {
                (r["group"].value, _pair(r["a"].value, r["b"].value), r["x"].value)
                for r in _select(self.db, text)
            }
        return out

    def typed(self, things: Iterable[str]) -> set[tuple[str, str]]:
        if self.empty:
            return set()
        out: set[tuple[str, str]] = set()
        for chunk in _chunks((x,) for x in things):
            values = f"VALUES ?x {{ {' '.join(_term(x) for (x,) in chunk)} }}"
            text = _PREFIX + _TYPED % (values, self.marker, COOP_NS, self.outside)
            out |= {
                (r["class"].value[len(COOP_NS) :], r["x"].value) for r in _select(self.db, text)
            }
        return out


# --- the rows ----------------------------------------------------------------------------------


@dataclass
class _Row:
    """One summary row's figures (the group is in its key)."""

    count: int = 0  #: fundings, partnerships (pairs) or things
    stated: int = 0
    total: Decimal = Decimal(0)
    first: str | None = None
    last: str | None = None
    members: int = 0  #: recipients / funders (funder, recipient rows); partners
    others: int = 0  #: recipients (year rows); documents (country, theme rows)


#: (row kind, group values): a row's key; the kinds are the classes of coop:SummaryRow
RowKey = tuple[str, tuple[str | None, ...]]
_CLASSES = {
    "funder": "FunderTotal",
    "recipient": "RecipientTotal",
    "year": "YearTotal",
    "country": "CountryTotal",
    "theme": "ThemeTotal",
    "kind": "KindCount",
}


def _row_iri(key: RowKey) -> str:
    digest = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]
    return f"{SUMMARY_GRAPH}#{key[0]}-{digest}"


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INT)


def _row_triples(key: RowKey, row: _Row) -> list[ox.Triple]:
    kind, group = key
    node = ox.NamedNode(_row_iri(key))
    out = [ox.Triple(node, ox.NamedNode(_TYPE), ox.NamedNode(COOP[_CLASSES[kind]]))]

    def add(prop: str, value: ox.NamedNode | ox.Literal | None) -> None:
        if value is not None:
            out.append(ox.Triple(node, ox.NamedNode(COOP[prop]), value))

    if kind in ("funder", "recipient", "theme"):
        add("totalFor", ox.NamedNode(str(group[0])))
    elif kind == "year":
        add("totalYear", ox.Literal(group[0]) if group[0] is not None else None)
    elif kind == "country":
        add("totalCountry", ox.Literal(str(group[0])))
    else:
        add("totalKind", ox.Literal(str(group[0])))
    # a funder's or recipient's row states every figure ("" or 0 for none: its query reads them
    # without OPTIONAL, which is what makes it fast), a year's only those it has
    every = kind in ("funder", "recipient")
    if kind in ("funder", "recipient", "year"):
        if group[1] is not None or every:
            add("totalCurrency", ox.Literal(group[1] or ""))
        add("fundingCount", _int(row.count))
        add("unknownAmounts", _int(row.count - row.stated))
        if row.stated or every:
            add("amountTotal", ox.Literal(format(row.total, "f"), datatype=_DEC))
    if every:
        add("firstYear", ox.Literal(row.first or ""))
        add("lastYear", ox.Literal(row.last or ""))
        add("recipientCount" if kind == "funder" else "funderCount", _int(row.members))
    if kind == "year":
        add("funderCount", _int(row.members))
        add("recipientCount", _int(row.others))
    if kind in ("country", "theme"):
        add("partnershipCount", _int(row.count))
        add("partnerCount", _int(row.members))
        add("documentCount", _int(row.others))
    if kind == "kind":
        add("thingCount", _int(row.count))
    return out


_READ = f"""PREFIX coop: <{COOP_NS}>
SELECT ?row ?p ?o WHERE {{ GRAPH <{SUMMARY_GRAPH}> {{ ?row ?p ?o }} }}"""
_FIELDS = {
    "fundingCount": "count",
    "partnershipCount": "count",
    "thingCount": "count",
    "firstYear": "first",
    "lastYear": "last",
    "documentCount": "others",
}


def _read_rows(db: ox.Store, keys: Iterable[RowKey]) -> tuple[dict[RowKey, _Row], set[RowKey]]:
    """The present figures of the rows `keys` (a zero row when absent), and the keys of the
    rows the summary holds."""
    wanted = {_row_iri(k): k for k in keys}
    rows = {k: _Row() for k in wanted.values()}
    found: set[RowKey] = set()
    if not db.contains_named_graph(_G):
        return rows, found
    for chunk in _chunks((iri,) for iri in wanted):
        values = " ".join(_term(iri) for (iri,) in chunk)
        text = _READ.replace("WHERE {", f"WHERE {{ VALUES ?row {{ {values} }}", 1)
        for r in _select(db, text):
            key = wanted[r["row"].value]
            found.add(key)
            _set(rows[key], key[0], r["p"].value[len(COOP_NS) :], r["o"].value)
    return rows, found


def _set(row: _Row, kind: str, prop: str, value: str) -> None:
    if prop in _FIELDS:
        name = _FIELDS[prop]
        setattr(row, name, (value or None) if name in ("first", "last") else int(value))
    elif prop == "unknownAmounts":
        row.stated = -int(value)  # the count is added after all are read (see _fix)
    elif prop == "amountTotal":
        row.total = Decimal(value)
    elif prop == "partnerCount" or (prop == "funderCount" and kind in ("recipient", "year")):
        row.members = int(value)
    elif prop == "recipientCount":
        if kind == "year":
            row.others = int(value)
        else:
            row.members = int(value)


# --- the update --------------------------------------------------------------------------------


def _groups_of_funding(k: FundKey) -> list[tuple[RowKey, str]]:
    """The rows a funding counts in, each with its member there (recipient, funder...)."""
    f, r, c, _, y = k
    return [(("funder", (f, c)), r), (("recipient", (r, c)), f), (("year", (y, c)), f)]


def delta(db: ox.Store, removed: dict[str, Facts], added: dict[str, Facts]) -> str:
    """The SPARQL update that brings the summary from the documents of `db` to the same
    documents less the graphs `removed` and with the graphs `added` (each with its facts);
    empty when nothing changes. Run it in the transaction that makes the change."""
    before, after = Facts(), Facts()
    for facts in removed.values():
        before.update(facts)
    for facts in added.values():
        after.update(facts)
    elsewhere = _Elsewhere(db, [*removed, *added])
    changes = _Changes(db, elsewhere, before, after, {*removed, *added})
    changes.fundings()
    changes.pairs("country", before.countries, after.countries, _COUNTRY)
    changes.pairs("theme", before.themes, after.themes, _THEME)
    changes.documents("country", removed, added, lambda f: f.countries)
    changes.documents("theme", removed, added, lambda f: f.themes)
    changes.typed()
    return changes.update()


class _Changes:
    def __init__(
        self, db: ox.Store, elsewhere: _Elsewhere, before: Facts, after: Facts, graphs: set[str]
    ) -> None:
        self.db, self.elsewhere, self.before, self.after = db, elsewhere, before, after
        self.graphs = graphs  #: the graphs changing: what is local to them is nowhere else
        self.diff: dict[RowKey, _Row] = defaultdict(_Row)
        self.recompute_years: set[RowKey] = set()
        self.added_years: dict[RowKey, list[str]] = defaultdict(list)

    def fundings(self) -> None:
        b, a = self.before.fundings, self.after.fundings
        changed = b | a
        if not changed:
            return
        pairs = {(k[0], k[1]) for k in changed}
        known = self.elsewhere.fundings("pair", pairs)
        new = {k for k in a - b if k not in known}
        gone = {k for k in b - a if k not in known}
        for keys, sign in ((new, 1), (gone, -1)):
            for k in keys:
                for group, _ in _groups_of_funding(k):
                    row = self.diff[group]
                    row.count += sign
                    if k[3] is not None:
                        row.stated += sign
                        row.total += sign * Decimal(k[3])
                    if group[0] != "year" and k[4] is not None:
                        if sign > 0:
                            self.added_years[group].append(k[4])
                        else:
                            self.recompute_years.add(group)
        # distinct members: a member is in a group when some funding of the group has it
        with_year = {(k[0], k[4]) for k in new | gone if k[4] is not None}
        with_year_r = {(k[1], k[4]) for k in new | gone if k[4] is not None}
        no_year = [k for k in new | gone if k[4] is None]
        known |= self.elsewhere.fundings("funder-year", with_year)
        known |= self.elsewhere.fundings("recipient-year", with_year_r)
        if no_year:
            known |= self.elsewhere.fundings("funder", {(k[0],) for k in no_year})
            known |= self.elsewhere.fundings("recipient", {(k[1],) for k in no_year})
        self._members(new | gone, known)

    def _members(self, changed: set[FundKey], known: set[FundKey]) -> None:
        """Distinct members: a funder's recipients, a recipient's funders, a year's funders
        ("m") and recipients ("o"), each in a group when some funding of the group has it."""
        Slots = dict[tuple[RowKey, str], set[str]]

        def index(keys: Iterable[FundKey], only: set[RowKey] | None = None) -> Slots:
            out: Slots = defaultdict(set)
            for f, r, c, _, y in keys:
                for slot, member in (
                    ((("funder", (f, c)), "m"), r),
                    ((("recipient", (r, c)), "m"), f),
                    ((("year", (y, c)), "m"), f),
                    ((("year", (y, c)), "o"), r),
                ):
                    if only is None or slot[0] in only:
                        out[slot].add(member)
            return out

        moved = index(changed)
        groups = {slot[0] for slot in moved}
        elsewhere = index(known, groups)
        was = index(self.before.fundings, groups)
        will = index(self.after.fundings, groups)
        empty: set[str] = set()
        for slot, members in moved.items():
            there = elsewhere.get(slot, empty)
            had = was.get(slot, empty)
            has = will.get(slot, empty)
            change = sum((m in there or m in has) - (m in there or m in had) for m in members)
            if change:
                row = self.diff[slot[0]]
                if slot[1] == "m":
                    row.members += change
                else:
                    row.others += change

    def pairs(self, kind: str, before: set[PairFact], after: set[PairFact], pattern: str) -> None:
        changed = before | after
        if not changed:
            return
        partners = {p for fact in changed for p in fact[1].split(" ")}
        known = self.elsewhere.pair_facts(partners, pattern)
        pairs_known = {(g, pair) for g, pair, _ in known}
        partners_known = {(g, x) for g, _, x in known}
        for seen_elsewhere, project in ((pairs_known, "count"), (partners_known, "members")):
            end = 1 if project == "count" else 2
            had = {(f[0], f[end]) for f in before}
            has = {(f[0], f[end]) for f in after}
            for slot in had ^ has:
                if slot in seen_elsewhere:
                    continue
                row = self.diff[(kind, (slot[0],))]
                setattr(row, project, getattr(row, project) + (1 if slot in has else -1))

    def documents(
        self,
        kind: str,
        removed: dict[str, Facts],
        added: dict[str, Facts],
        part: Callable[[Facts], set[PairFact]],
    ) -> None:
        for docs, sign in ((removed, -1), (added, 1)):
            for facts in docs.values():
                for group in {f[0] for f in part(facts)}:
                    self.diff[(kind, (group,))].others += sign

    def typed(self) -> None:
        for kind, n in self.before.local.items():
            self.diff[("kind", (kind,))].count -= n
        for kind, n in self.after.local.items():
            self.diff[("kind", (kind,))].count += n
        b, a = self.before.typed, self.after.typed
        changed = b ^ a
        if not changed:
            return
        shared = {x for _, x in changed if x.split("#", 1)[0] not in self.graphs}
        known = self.elsewhere.typed(shared)
        for fact in changed:
            if fact not in known:
                self.diff[("kind", (fact[0],))].count += 1 if fact in a else -1

    def update(self) -> str:
        keys = [k for k, d in self.diff.items() if d != _Row()] + list(self.recompute_years)
        keys += [k for k in self.added_years if k not in self.diff]
        if not keys:
            return ""
        present, existing = _read_rows(self.db, keys)
        rows: dict[RowKey, _Row] = {}
        for key in dict.fromkeys(keys):
            old = present[key]
            count = old.count
            old.stated += count if key[0] in ("funder", "recipient", "year") else 0
            d = self.diff.get(key, _Row())
            row = _Row(
                old.count + d.count,
                old.stated + d.stated,
                old.total + d.total,
                old.first,
                old.last,
                old.members + d.members,
                old.others + d.others,
            )
            years = self.added_years.get(key, [])
            if years:
                row.first = min([y for y in (row.first, *years) if y is not None])
                row.last = max([y for y in (row.last, *years) if y is not None])
            rows[key] = row
        for key in self.recompute_years:
            rows[key].first, rows[key].last = self._years(key)
        deletes = [f"GRAPH <{SUMMARY_GRAPH}> {{ <{_row_iri(k)}> ?p ?o }}" for k in existing]
        inserts = [t for k, row in rows.items() if row.count > 0 for t in _row_triples(k, row)]
        parts = [f"DELETE WHERE {{ {d} }}" for d in deletes]
        if inserts:
            body = " ".join(f"{t.subject} {t.predicate} {t.object} ." for t in inserts)
            parts.append(f"INSERT DATA {{ GRAPH <{SUMMARY_GRAPH}> {{ {body} }} }}")
        return " ;\n".join(parts)

    def _years(self, key: RowKey) -> tuple[str | None, str | None]:
        """First and last year of a funder's or recipient's row, from every funding it keeps."""
        kind, (who, currency) = key
        keys = self.elsewhere.fundings(kind, [(str(who),)]) | self.after.fundings
        pick = 0 if kind == "funder" else 1
        years = [k[4] for k in keys if k[pick] == who and k[2] == currency and k[4] is not None]
        return (min(years), max(years)) if years else (None, None)


def stamp() -> str:
    """The update that marks the summary as of this version."""
    g = f"<{SUMMARY_GRAPH}>"
    return (
        f"DELETE WHERE {{ GRAPH {g} {{ {g} <{COOP.summaryVersion}> ?v }} }} ;\n"
        f'INSERT DATA {{ GRAPH {g} {{ {g} <{COOP.summaryVersion}> "{VERSION}" }} }}'
    )


def is_current(db: ox.Store) -> bool:
    g = ox.NamedNode(SUMMARY_GRAPH)
    found = db.quads_for_pattern(g, ox.NamedNode(COOP.summaryVersion), ox.Literal(VERSION), g)
    return next(iter(found), None) is not None


def document_graphs(db: ox.Store) -> list[str]:
    text = _PREFIX + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a coop:SourceDocument } }"
    return sorted(r["g"].value for r in _select(db, text))


def rebuild(db: ox.Store) -> None:
    """Recompute the summary from every committed document graph of `db` (one transaction for
    the write)."""
    facts = {g: facts_of_graph(db, g) for g in document_graphs(db)}
    db.update(f"DROP SILENT GRAPH <{SUMMARY_GRAPH}>")
    update = delta(db, {}, facts)  # every document excluded: nothing is looked up
    db.update(" ;\n".join(u for u in (update, stamp()) if u))
