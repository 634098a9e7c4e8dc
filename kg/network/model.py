"""The store as a networkx graph: one node per entity, one edge per link and document.

`link_graph(store)` reads every link the documents state (the rows of the `network_edges` named
query: the `links` rows plus where events are held, with each link's IRI and evidence) into a
`networkx.MultiDiGraph` whose edge keys are the link IRIs. Nodes carry the entity's label, kind
(its most specific ontology class), country, other names, years, budget and the documents naming
it; edges carry the link kind, year, amount, currency, evidence, document, confidence (0 to 1)
and rule. `graph.graph["documents"]` maps each document IRI to its title.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import networkx as nx

from kg.link_kinds import LINK_KINDS as ALL_KINDS
from kg.named_queries import get_query
from kg.store import Store

#: every link kind a network edge may have (cooperation links and "held in")
LINK_KINDS: tuple[str, ...] = tuple(k.name for k in ALL_KINDS)

#: entity kinds, most specific first: a node typed both Ministry and Funder is a Ministry
KIND_ORDER: tuple[str, ...] = (
    "Commune",
    "Intercommunality",
    "Department",
    "Region",
    "LocalAuthority",
    "Ministry",
    "Embassy",
    "StateBody",
    "Agency",
    "Network",
    "Association",
    "Person",
    "Funder",
    "Programme",
    "Project",
    "Event",
    "Actor",
    "Initiative",
)

_PREFIXES = """PREFIX coop: <https://w3id.org/coopkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
_ENTITIES = (
    _PREFIXES
    + """SELECT ?entity ?class ?label ?display ?country ?start ?end ?budget ?currency ?document
WHERE {
  GRAPH ?document {
    ?document a coop:SourceDocument .
    ?entity a ?class ; skos:prefLabel ?label .
    OPTIONAL { ?entity coop:displayLabel ?display }
    FILTER (STRSTARTS(STR(?class), "https://w3id.org/coopkg/ontology#"))
    OPTIONAL { ?entity coop:country/coop:isoCode ?country }
    OPTIONAL { { ?entity coop:startYear ?start } UNION { ?entity coop:date ?start } }
    OPTIONAL { ?entity coop:endYear ?end }
    OPTIONAL { ?entity coop:budget ?budget . OPTIONAL { ?entity coop:currency ?currency } }
  }
}"""
)
_NAMES = (
    _PREFIXES
    + """SELECT DISTINCT ?entity ?key ?name WHERE {
  GRAPH ?g { { ?entity coop:matchKey ?key } UNION { ?entity skos:altLabel ?name } }
}"""
)
_DOCUMENTS = (
    _PREFIXES
    + """SELECT ?document ?title ?date WHERE {
  GRAPH ?document {
    ?document a coop:SourceDocument .
    OPTIONAL { ?document dcterms:title ?title }
    OPTIONAL { ?document dcterms:date ?date }
  }
}"""
)


def kind_rank(kind: str) -> int:
    """Position of a kind in the most-specific-first order (unknown kinds last)."""
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _rows(store: Store, sparql: str) -> Iterable[dict[str, str | None]]:
    solutions = store.select(sparql)
    names = [v.value for v in solutions.variables]
    for sol in solutions:
        yield {n: (sol[n].value if sol[n] is not None else None) for n in names}


def link_graph(store: Store, min_confidence: float = 0.0) -> nx.MultiDiGraph:
    """Every link of every document as an edge (key: link IRI, one per document); with
    `min_confidence`, only the links at least that confident (and the entities they link)."""
    graph = nx.MultiDiGraph(documents=_documents(store))
    query = get_query("network_edges")
    sparql = query.bound({"min_confidence": str(min_confidence)}) if min_confidence else query.text
    for row in _rows(store, sparql):
        _add_link(graph, row)
    _describe_nodes(graph, store)
    annotate(graph)
    return graph


def _documents(store: Store) -> dict[str, dict[str, str]]:
    docs: dict[str, dict[str, str]] = {}
    for row in _rows(store, _DOCUMENTS):
        doc = docs.setdefault(str(row["document"]), {})
        for key in ("title", "date"):
            if row[key] and key not in doc:
                doc[key] = str(row[key])
    return docs


def _add_link(graph: nx.MultiDiGraph, row: dict[str, str | None]) -> None:
    source, target, link = str(row["source"]), str(row["target"]), str(row["link"])
    if graph.has_edge(source, target, key=link):
        return
    graph.add_edge(
        source,
        target,
        key=link,
        kind=str(row["kind"]),
        year=_year(row["year"]),
        end_year=_year(row["end_year"]),
        amount=_amount(row["amount"]),
        currency=row["currency"],
        evidence=row["evidence"],
        document=str(row["document"]),
        confidence=_amount(row["confidence"]),
        rule=row["rule"],
    )


def _year(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return int(value[:4].lstrip("-") or "x")
    except ValueError:
        return None


def _amount(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(Decimal(value))
    except InvalidOperation:
        return None


def _describe_nodes(graph: nx.MultiDiGraph, store: Store) -> None:
    """Label, kind, country, years, budget, documents and names of every node."""
    facts: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(Counter))
    for row in _rows(store, _ENTITIES):
        entity = str(row["entity"])
        if entity not in graph:
            continue
        f = facts[entity]
        for key in (
            "class", "label", "display", "country", "start", "end", "budget", "currency", "document"
        ):  # fmt: skip
            if row[key] is not None:
                f[key][row[key]] += 1
    names = _names(store)
    for node, data in graph.nodes(data=True):
        data.update(_node_attributes(node, facts.get(node, {}), names.get(node, ({}, {}))))


def _names(store: Store) -> dict[str, tuple[dict[str, None], dict[str, None]]]:
    """entity -> (match keys, other names), each an ordered set."""
    found: dict[str, tuple[dict[str, None], dict[str, None]]] = defaultdict(lambda: ({}, {}))
    for row in _rows(store, _NAMES):
        keys, alts = found[str(row["entity"])]
        if row["key"]:
            keys[row["key"]] = None
        if row["name"]:
            alts[row["name"]] = None
    return found


def _top(counter: Counter[str] | None) -> str | None:
    if not counter:
        return None
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _node_attributes(
    node: str, facts: dict[str, Counter[str]], names: tuple[dict[str, None], dict[str, None]]
) -> dict[str, Any]:
    classes = [c.rsplit("#", 1)[-1] for c in facts.get("class", {})]
    label = _top(facts.get("label")) or node.rsplit("/", 1)[-1]
    return {
        "label": label,
        #: what pages show: "Kloto 1 (Kpalimé)" where the official name hides the usual one
        "display_label": _top(facts.get("display")) or label,
        "kind": min(classes, key=kind_rank) if classes else "Entity",
        "country": _top(facts.get("country")),
        "start_year": _year(_top(facts.get("start"))),
        "end_year": _year(_top(facts.get("end"))),
        "budget": _amount(_top(facts.get("budget"))),
        "budget_currency": _top(facts.get("currency")),
        "documents": sorted(facts.get("document", {})),
        "names": sorted(n for n in names[1] if n != label),
        "match_keys": sorted(names[0]),
    }


# CFA francs (XOF) are pegged to the euro at a fixed parity; other currencies are not converted.
_TO_EUR = {"EUR": 1.0, "XOF": 1 / 655.957, "FCFA": 1 / 655.957, "CFA": 1 / 655.957}


def to_eur(amount: float | None, currency: str | None) -> float | None:
    """The amount in euros (EUR as is, CFA francs at the fixed parity), else None."""
    rate = _TO_EUR.get((currency or "EUR").upper().replace(" ", ""))
    return None if amount is None or rate is None else amount * rate


def annotate(graph: nx.MultiDiGraph) -> None:
    """Per node: funding received and given (in euros), first and last year of its links."""
    for _, data in graph.nodes(data=True):
        data.update(funding_received_eur=0.0, funding_given_eur=0.0)
        data.update(first_year=None, last_year=None)
    for source, target, data in graph.edges(data=True):
        eur = to_eur(data["amount"], data["currency"]) if data["kind"] == "funding" else None
        if eur:
            graph.nodes[target]["funding_received_eur"] += eur
            graph.nodes[source]["funding_given_eur"] += eur
        year = data["year"] or graph.nodes[target].get("start_year")
        for node in (source, target) if year else ():
            _widen_years(graph.nodes[node], year)


def _widen_years(data: dict[str, Any], year: int) -> None:
    first, last = data["first_year"], data["last_year"]
    data["first_year"] = year if first is None else min(first, year)
    data["last_year"] = year if last is None else max(last, year)


def link_year(graph: nx.MultiDiGraph, target: str, data: dict[str, Any]) -> int | None:
    """A link's year: its own, else the start year of the initiative it points to."""
    year = data.get("year") or graph.nodes[target].get("start_year")
    return int(year) if year else None
