"""What the entity view shows about one IRI, read from a snapshot (in a worker process).

`describe` gives plain data (strings, lists, dicts) for the page's template: the entity's label,
kinds, country and other names, every link it takes part in (with the other end, the evidence
text and the title of the document it was read from), the documents that mention it, and the
other statements about it, so any IRI of a result (a link, a document, a class) has a page too.
Every text read from a document has its e-mail addresses and phone numbers masked again here
(the build masks them already; this view never relies on that alone).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pyoxigraph as ox

from kg.link_kinds import LINK_KINDS
from kg.redact import redact
from kg.vocab import COOP, COOP_NS, DCTERMS, DEFAULT_BASE, PREFIXES, RDF, RDFS, SKOS

#: link kind -> how the entity relates to the other end, as (its source side, its target side)
_ROLES: dict[str, tuple[str, str]] = {
    "partnership": ("partner of", "partner of"),
    "funding": ("funds", "funded by"),
    "member": ("member of", "has as member"),
    "lead": ("leads", "led by"),
    "organiser": ("organises", "organised by"),
    "participant": ("takes part in", "has as participant"),
    "location": ("located in", "place of"),
}
_LIMIT = 2000  #: statements of each section at most
_REFERENCE = f"{DEFAULT_BASE}graph/reference"
_ONTOLOGY = f"{DEFAULT_BASE}graph/ontology"
_GRAPH_NAMES = {_REFERENCE: "coopkg reference data", _ONTOLOGY: "coopkg ontology"}


def short(iri: str) -> str:
    """`iri` as a prefixed name when a known prefix fits, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _text(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return redact(term.value)
    return str(term.value) if not isinstance(term, ox.Triple) else str(term)


def _rows(store: ox.Store, query: str) -> list[Any]:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return list(result)


def _labels(store: ox.Store, iris: set[str]) -> dict[str, str]:
    """The preferred label of each IRI: the reference data's, else the one most documents use."""
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    rows = _rows(
        store,
        f"SELECT ?e ?g ?l WHERE {{ VALUES ?e {{ {values} }} "
        f"GRAPH ?g {{ ?e <{SKOS}prefLabel> ?l }} }}",
    )
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    reference: dict[str, str] = {}
    for r in rows:
        iri, label = r["e"].value, redact(r["l"].value)
        if r["g"].value == _REFERENCE:
            reference[iri] = label
        votes[iri][label] += 1
    out = {i: min(c, key=lambda lab: (-c[lab], lab)) for i, c in votes.items()}
    out.update(reference)
    return out


def _titles(store: ox.Store, documents: set[str]) -> dict[str, str]:
    """The title of each document (and a name for the reference and ontology graphs)."""
    found = {g: t for g, t in _GRAPH_NAMES.items() if g in documents}
    if not documents:
        return found
    values = " ".join(str(ox.NamedNode(d)) for d in sorted(documents))
    rows = _rows(
        store,
        f"SELECT ?d ?t WHERE {{ VALUES ?d {{ {values} }} GRAPH ?d {{ ?d <{DCTERMS}title> ?t }} }}",
    )
    found.update({r["d"].value: redact(r["t"].value) for r in rows})
    return found


def _links(store: ox.Store, node: ox.NamedNode) -> list[dict[str, Any]]:
    rows_values = " ".join(
        f'(<{COOP[k.cls]}> "{k.name}" <{COOP[k.properties[i]]}> <{COOP[k.properties[1 - i]]}> '
        f'"{side}")'
        for k in LINK_KINDS
        for i, side in ((0, "source"), (1, "target"))
    )
    optional = {
        "evidence": COOP.evidence,
        "year": COOP.year,
        "start": COOP.startYear,
        "end": COOP.endYear,
        "amount": COOP.amount,
        "currency": COOP.currency,
        "confidence": COOP.confidence,
    }
    extra = " ".join(f"OPTIONAL {{ ?link <{p}> ?{v} }}" for v, p in optional.items())
    query = (
        f"SELECT ?link ?kind ?side ?other ?document {' '.join('?' + v for v in optional)} "
        f"WHERE {{ VALUES (?cls ?kind ?mine ?theirs ?side) {{ {rows_values} }} "
        f"GRAPH ?document {{ ?link a ?cls ; ?mine {node} ; ?theirs ?other . {extra} }} }} "
        f"LIMIT {_LIMIT}"
    )
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in _rows(store, query):
        kind, side = r["kind"].value, r["side"].value
        key = (r["link"].value, side, r["other"].value)
        if key in found:
            continue
        roles = _ROLES.get(kind, (kind, kind))
        found[key] = {
            "link": r["link"].value,
            "kind": kind,
            "role": roles[0] if side == "source" else roles[1],
            "other": r["other"].value,
            "document": r["document"].value,
            **{v: _text(r[v]) for v in optional},
        }
    links = list(found.values())
    labels = _labels(store, {lk["other"] for lk in links})
    titles = _titles(store, {lk["document"] for lk in links})
    for lk in links:
        lk["other_label"] = labels.get(lk["other"])
        lk["title"] = titles.get(lk["document"])
    links.sort(key=lambda lk: (lk["kind"], lk["other_label"] or lk["other"], lk["title"] or ""))
    return links


def describe(store: ox.Store, iri: str) -> dict[str, Any]:
    """Everything the entity view shows about `iri` (ValueError when it is not an IRI)."""
    node = ox.NamedNode(iri)
    about = _rows(store, f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ {node} ?p ?o }} }} LIMIT {_LIMIT}")
    kinds: set[str] = set()
    names: set[str] = set()
    countries: set[str] = set()
    properties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in about:
        p, o, g = r["p"].value, r["o"], r["g"].value
        if p == f"{RDF}type" and isinstance(o, ox.NamedNode):
            kinds.add(o.value)
        elif p in (f"{SKOS}prefLabel", f"{SKOS}altLabel") and isinstance(o, ox.Literal):
            names.add(redact(o.value))
        elif p == COOP.country and isinstance(o, ox.NamedNode):
            countries.add(o.value)
        elif p != COOP.matchKey:
            properties[(p, _value_key(o))].add(g)
    label = _labels(store, {iri}).get(iri)
    if label is None:
        label = _ontology_label(store, iri)
    links = _links(store, node)
    mentioned = {
        r["d"].value
        for r in _rows(
            store,
            f"SELECT DISTINCT ?d WHERE {{ GRAPH ?d {{ ?m <{COOP.denotes}> {node} }} }} "
            f"LIMIT {_LIMIT}",
        )
    }
    graphs = {g for gs in properties.values() for g in gs}
    titles = _titles(store, mentioned | graphs | {iri})
    country_labels = _labels(store, countries)
    value_iris = {v[4:] for _, v in properties if v.startswith("iri:")}
    value_labels = _labels(store, value_iris)
    kind_labels = {k: _ontology_label(store, k) for k in kinds}
    return {
        "iri": iri,
        "short": short(iri),
        "label": label,
        "title": titles.get(iri),
        "known": bool(about or links or mentioned),
        "kinds": sorted(
            ({"iri": k, "short": short(k), "label": kind_labels.get(k)} for k in kinds),
            key=lambda k: k["short"],
        ),
        "countries": sorted(
            ({"iri": c, "label": country_labels.get(c)} for c in countries),
            key=lambda c: c["label"] or c["iri"],
        ),
        "names": sorted(names - {label} if label else names),
        "links": links,
        "documents": sorted(
            ({"iri": d, "title": titles.get(d)} for d in mentioned),
            key=lambda d: d["title"] or d["iri"],
        ),
        "properties": sorted(
            (
                {
                    "predicate": p,
                    "predicate_short": short(p),
                    **_value(v, value_labels),
                    "graphs": sorted(
                        ({"iri": g, "title": titles.get(g)} for g in gs),
                        key=lambda d: d["title"] or d["iri"],
                    ),
                }
                for (p, v), gs in properties.items()
            ),
            key=lambda row: (row["predicate_short"], row["text"]),
        ),
    }


def _value_key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(term, ox.NamedNode):
        return f"iri:{term.value}"
    if isinstance(term, ox.Literal):
        return f"lit:{term.value}"
    return f"other:{term}"


def _value(key: str, labels: dict[str, str]) -> dict[str, Any]:
    kind, _, value = key.partition(":")
    if kind == "iri":
        return {"iri": value, "text": labels.get(value) or short(value)}
    return {"iri": None, "text": redact(value)}


def _ontology_label(store: ox.Store, iri: str) -> str | None:
    """The English label the ontology gives a class or property, if any."""
    if not iri.startswith(COOP_NS):
        return None
    rows = _rows(
        store,
        f"SELECT ?l WHERE {{ GRAPH <{_ONTOLOGY}> {{ {ox.NamedNode(iri)} <{RDFS}label> ?l }} }}",
    )
    found = {r["l"].language or "": r["l"].value for r in rows}
    return found.get("en") or found.get("") or next(iter(found.values()), None)
