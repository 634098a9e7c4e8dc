"""Compacted JSON-LD: the graph's nodes under a context of coopkg terms, the context inline.

The context (`kg/data/context.jsonld`, the file `coopkg export --format jsonld --context-file
FILE` writes) is made from the ontology and the shapes by `build_context`: the standard prefixes,
the coopkg families (`doc:`, `entity:`, `builder:`, `graph:`, `coopkg:`), one term per coop:
property named by its local name (`firstPartner`, `evidence`, `startYear`), with `"@type":
"@id"` for object properties and the datatype for data properties whose values have one
(`xsd:gYear` for years, `xsd:integer` for offsets), and short terms for the reused properties
the graph uses (`prefLabel`, `title`, `wasDerivedFrom`…). Every file carries the whole context
inline, so no reader fetches anything. After a change to the ontology's properties or to the
shapes' datatypes, regenerate the shipped file with `python -m kg.export_jsonld` (a test
checks that it is up to date).

The writer compacts by hand, driven by that context, so the output is the same bytes for the
same graph: one node object per subject (sorted), `@id` and `@type` first, then its properties
sorted, values sorted; a value whose datatype differs from its term's is written as a value
object (`{"@value": …, "@type": …}`), so re-reading gives back exactly the exported triples.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from typing import Any

import pyoxigraph as ox

from kg.export_names import STANDARD
from kg.export_turtle import nt
from kg.vocab import COOP_NS, DEFAULT_BASE, RDF, XSD, ontology_path, shapes_path

OWL = STANDARD["owl"]
SH = "http://www.w3.org/ns/shacl#"
_TYPE = RDF + "type"
_XSD_STRING = XSD + "string"

#: the coopkg IRI families of the shipped context (longest match wins when compacting)
FAMILIES: dict[str, str] = {
    "coopkg": "",
    "doc": "doc/",
    "entity": "id/",
    "builder": "builder/",
    "graph": "graph/",
}

#: short terms for the reused properties: term -> (compact IRI, coercion)
REUSED: dict[str, tuple[str, str | None]] = {
    "label": ("rdfs:label", None),
    "comment": ("rdfs:comment", None),
    "prefLabel": ("skos:prefLabel", None),
    "altLabel": ("skos:altLabel", None),
    "definition": ("skos:definition", None),
    "inScheme": ("skos:inScheme", "@id"),
    "title": ("dcterms:title", None),
    "description": ("dcterms:description", None),
    "format": ("dcterms:format", None),
    "license": ("dcterms:license", "@id"),
    "used": ("prov:used", "@id"),
    "wasAssociatedWith": ("prov:wasAssociatedWith", "@id"),
    "wasDerivedFrom": ("prov:wasDerivedFrom", "@id"),
    "wasGeneratedBy": ("prov:wasGeneratedBy", "@id"),
    "endedAtTime": ("prov:endedAtTime", "xsd:dateTime"),
    "url": ("schema:url", "@id"),
}


def build_context(base: str = DEFAULT_BASE) -> dict[str, Any]:
    """The JSON-LD context, from the ontology (property kinds and ranges) and the shapes
    (datatypes of the values)."""
    ctx: dict[str, Any] = dict(sorted(STANDARD.items()))
    ctx.update({name: base + path for name, path in FAMILIES.items()})
    onto = list(ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE))
    kinds: dict[str, set[str]] = defaultdict(set)
    ranges: dict[str, str] = {}
    for t in onto:
        s = t.subject
        if not isinstance(s, ox.NamedNode) or not s.value.startswith(COOP_NS):
            continue
        if t.predicate.value == _TYPE:
            kinds[s.value].add(t.object.value)
        elif t.predicate.value == STANDARD["rdfs"] + "range":
            ranges[s.value] = t.object.value
    datatypes = _shape_datatypes()
    terms: dict[str, Any] = {}
    for iri in sorted(kinds):
        local = iri[len(COOP_NS) :]
        if OWL + "ObjectProperty" in kinds[iri]:
            terms[local] = {"@id": f"coop:{local}", "@type": "@id"}
        elif OWL + "DatatypeProperty" in kinds[iri]:
            dt = ranges.get(iri)
            if dt is None and len(datatypes.get(iri, set())) == 1:
                dt = next(iter(datatypes[iri]))
            if dt and dt.startswith(XSD) and dt != _XSD_STRING:
                terms[local] = {"@id": f"coop:{local}", "@type": f"xsd:{dt[len(XSD) :]}"}
            else:
                terms[local] = f"coop:{local}"
    clash = set(terms) & set(ctx)
    if clash:
        raise ValueError(f"coop: terms clash with context prefixes: {sorted(clash)}")
    for name, (iri, coercion) in REUSED.items():
        if name not in terms:
            terms[name] = {"@id": iri, "@type": coercion} if coercion else iri
    ctx.update(sorted(terms.items()))
    return {"@context": ctx}


def _shape_datatypes() -> dict[str, set[str]]:
    """sh:path -> the sh:datatype values the shapes give it."""
    shapes = list(ox.parse(path=shapes_path(), format=ox.RdfFormat.TURTLE))
    path: dict[object, str] = {}
    datatype: dict[object, set[str]] = defaultdict(set)
    for t in shapes:
        if t.predicate.value == SH + "path" and isinstance(t.object, ox.NamedNode):
            path[t.subject] = t.object.value
        elif t.predicate.value == SH + "datatype":
            datatype[t.subject].add(t.object.value)
    found: dict[str, set[str]] = defaultdict(set)
    for node, p in path.items():
        found[p] |= datatype.get(node, set())
    return found


@cache
def shipped_context_text() -> str:
    """The shipped context file, `kg/data/context.jsonld`."""
    return files("kg.data").joinpath("context.jsonld").read_text("utf-8")


def shipped_context() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(shipped_context_text())
    return data


def context_bytes(context: dict[str, Any]) -> bytes:
    """A context as the file written beside the exports."""
    return (json.dumps(context, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class Compactor:
    """Compacts IRIs and values with one context."""

    def __init__(self, context: dict[str, Any]) -> None:
        ctx = context["@context"]
        self.prefixes = {
            k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))
        }
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, definition in ctx.items():
            if name in self.prefixes or name.startswith("@"):
                continue
            if isinstance(definition, str):
                self.terms[self.expand(definition)] = (name, None)
            elif isinstance(definition, dict) and "@id" in definition:
                coercion = definition.get("@type")
                if coercion and coercion != "@id":
                    coercion = self.expand(coercion)
                self.terms[self.expand(definition["@id"])] = (name, coercion)
        self._by_length = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))

    def expand(self, name: str) -> str:
        prefix, sep, rest = name.partition(":")
        if sep and prefix in self.prefixes:
            return self.prefixes[prefix] + rest
        return name

    def iri(self, iri: str) -> str:
        """The shortest compact IRI (`entity:tg/commune/kloto-1`), else the IRI."""
        for name, ns in self._by_length:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns) :].startswith("//"):
                return f"{name}:{iri[len(ns) :]}"
        return iri

    def ref(self, t: ox.NamedNode | ox.BlankNode) -> str:
        return f"_:{t.value}" if isinstance(t, ox.BlankNode) else self.iri(t.value)

    def key(self, predicate: str) -> tuple[str, str | None]:
        return self.terms.get(predicate) or (self.iri(predicate), None)

    def value(self, o: ox.NamedNode | ox.BlankNode | ox.Literal, coercion: str | None) -> Any:
        if isinstance(o, ox.NamedNode | ox.BlankNode):
            return self.ref(o) if coercion == "@id" else {"@id": self.ref(o)}
        if o.language:
            return {"@value": o.value, "@language": o.language}
        dt = o.datatype.value
        if dt == _XSD_STRING:
            return o.value if coercion is None else {"@value": o.value}
        if dt == coercion:
            return o.value
        return {"@value": o.value, "@type": self.iri(dt)}


def jsonld(triples: Iterable[ox.Triple], context: dict[str, Any] | None = None) -> bytes:
    """The triples as one compacted JSON-LD document with its context inline."""
    context = context or shipped_context()
    c = Compactor(context)
    about: dict[str, tuple[Any, dict[str, list[Any]]]] = {}
    for t in set(triples):
        subject = t.subject
        entry = about.setdefault(nt(subject), (subject, defaultdict(list)))
        entry[1][t.predicate.value].append(t.object)
    nodes = []
    for key in sorted(about):
        subject, props = about[key]
        node: dict[str, Any] = {"@id": c.ref(subject)}
        types = props.pop(_TYPE, [])
        iris = [o for o in types if not isinstance(o, ox.Literal)]
        if iris:
            node["@type"] = _one_or_list(sorted(c.ref(o) for o in iris))
        others = [o for o in types if isinstance(o, ox.Literal)]
        if others:
            props["rdf:type"] = others
        entries = []
        for p, objects in props.items():
            name, coercion = c.key(p) if p != "rdf:type" else ("rdf:type", None)
            values = [c.value(o, coercion) for o in objects]
            entries.append((name, sorted(values, key=_sort_key)))
        for name, values in sorted(entries, key=lambda e: e[0]):
            node[name] = _one_or_list(values)
        nodes.append(node)
    doc = {"@context": context["@context"], "@graph": nodes}
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _one_or_list(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    from pathlib import Path

    target = Path(__file__).resolve().parent / "data" / "context.jsonld"
    target.write_bytes(context_bytes(build_context()))
    print(f"wrote {target}")
