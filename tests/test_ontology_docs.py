"""The ontology speaks English and French, and `coopkg ontology-docs` writes a self-contained page
naming every class and property with both labels (each in its own cell), its definitions,
superclasses, domain and range, linked to the reused vocabularies; every text escaped."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import rdflib

from kg.ontology_docs import render
from kg.vocab import COOP_NS, ontology_path

OWL = rdflib.Namespace("http://www.w3.org/2002/07/owl#")
RDF = rdflib.Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = rdflib.Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
ONTOLOGY = rdflib.Graph().parse(ontology_path(), format="turtle")
TERMS = sorted(
    {s for k in KINDS for s in ONTOLOGY.subjects(RDF.type, k) if str(s).startswith(COOP_NS)}
)


def _local(term: rdflib.term.Node) -> str:
    return str(term)[len(COOP_NS) :]


def _texts(term: rdflib.term.Node, *predicates: rdflib.URIRef) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for p in predicates:
        for o in ONTOLOGY.objects(term, p):
            assert isinstance(o, rdflib.Literal)
            found.setdefault(o.language or "", []).append(str(o))
    return found


def test_the_ontology_has_classes_and_properties() -> None:
    assert len(TERMS) > 70
    assert rdflib.URIRef(COOP_NS + "confidence") in TERMS


@pytest.mark.parametrize("term", TERMS, ids=_local)
def test_every_term_has_an_english_and_a_french_label_and_definition(term: rdflib.URIRef) -> None:
    labels = _texts(term, RDFS.label)
    definitions = _texts(term, SKOS.definition, RDFS.comment)
    assert set(labels) == {"en", "fr"}, labels
    assert set(definitions) == {"en", "fr"}, definitions
    assert all(len(v) == 1 for v in labels.values()), labels
    assert all(len(d) > 10 for ds in definitions.values() for d in ds)


class _Page(HTMLParser):
    """Collects, per term article, the text of each language cell of its label and definition
    rows, its links, and every element and attribute used."""

    def __init__(self) -> None:
        super().__init__()
        self.terms: dict[str, dict[str, list[str]]] = {}
        self.links: dict[str, list[str]] = {}
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.all_links: list[str] = []
        self._term: str | None = None
        self._row: str | None = None
        self._cell: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.add(tag)
        self.attributes.update(a)
        if tag == "article":
            self._term = a.get("id")
            self.terms[self._term or ""] = {}
            self.links[self._term or ""] = []
        elif tag == "tr":
            self._row = a.get("class")
        elif tag == "td" and self._term and self._row in ("label", "definition") and a.get("lang"):
            self._cell = f"{self._row}:{a['lang']}"
            self.terms[self._term][self._cell] = []
        elif tag == "a" and a.get("href"):
            self.all_links.append(a["href"] or "")
            if self._term:
                self.links[self._term].append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "tr":
            self._row = None
        elif tag == "article":
            self._term = None

    def handle_data(self, data: str) -> None:
        if self._term and self._cell:
            self.terms[self._term][self._cell].append(data)


@pytest.fixture(scope="module")
def page() -> _Page:
    parser = _Page()
    parser.feed(render())
    return parser


@pytest.mark.parametrize("term", TERMS, ids=_local)
def test_the_page_names_every_term_with_both_labels(page: _Page, term: rdflib.URIRef) -> None:
    cells = page.terms[_local(term)]
    for lang in ("en", "fr"):
        shown = "".join(cells[f"label:{lang}"])
        assert shown == _texts(term, RDFS.label)[lang][0], (lang, shown)
        definitions = "".join(cells[f"definition:{lang}"])
        for d in _texts(term, SKOS.definition, RDFS.comment)[lang]:
            assert d in definitions


def test_superclasses_domains_and_ranges_are_linked(page: _Page) -> None:
    assert "#LocalAuthority" in page.links["Commune"]
    assert {"#Partnership", "#Actor"} <= set(page.links["firstPartner"])
    actor = page.links["Actor"]
    assert "http://xmlns.com/foaf/0.1/Agent" in actor and "http://www.w3.org/ns/prov#Agent" in actor
    assert "https://schema.org/Event" in page.links["Event"]
    assert "http://www.w3.org/2001/XMLSchema#decimal" in page.links["amount"]
    for spec in (
        "https://www.w3.org/TR/vocab-org/",
        "http://xmlns.com/foaf/spec/",
        "https://www.w3.org/TR/prov-o/",
        "https://www.w3.org/TR/skos-reference/",
        "https://www.dublincore.org/specifications/dublin-core/dcmi-terms/",
        "https://schema.org/docs/schemas.html",
    ):
        assert spec in page.all_links, spec
    internal = {h[1:] for h in page.all_links if h.startswith("#")}
    sections = {"overview", "hierarchy", "vocabularies", "classes", "other"}
    sections |= {"object-properties", "datatype-properties"}
    assert internal <= set(page.terms) | sections


def test_the_page_loads_nothing(page: _Page) -> None:
    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "src" not in page.attributes
    html = render()
    assert "url(" not in html and "@import" not in html


def test_every_text_is_escaped(tmp_path: Path) -> None:
    onto = tmp_path / "onto.ttl"
    onto.write_text(
        Path(ontology_path()).read_text("utf-8")
        + "\n<https://w3id.org/coopkg/ontology#Commune> <http://www.w3.org/2004/02/skos/core#"
        'definition> "<script>alert(1)</script> & <b>bold</b>"@en .\n',
        encoding="utf-8",
    )
    html = render(onto)
    assert "<script>" not in html and "<b>bold" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html


def test_cli_ontology_docs(tmp_path: Path) -> None:
    out = tmp_path / "coop.html"
    r = subprocess.run(
        [sys.executable, "-m", "kg", "ontology-docs", "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert out.read_text("utf-8") == render()
    assert f"({len(TERMS)} classes and properties)" in r.stdout
