"""The tree's one-way rules: the core (`kg/`) knows no builder except where the pipeline loads
the registry; no module imports another's private names; and the one table of link kinds agrees
with the ontology, the shapes and the query files that read links back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import rdflib

from kg.link_kinds import BY_NAME, COOPERATION_KINDS, LINK_KINDS, STATEMENT_ROLES
from kg.named_queries import get_query

ROOT = Path(__file__).resolve().parents[1]
COOP = rdflib.Namespace("https://w3id.org/coopkg/ontology#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
#: the modules of kg/ that may load builders: the pipeline, its worker processes, the command line
MAY_LOAD_BUILDERS = {"kg/build.py", "kg/cli.py", "kg/parallel.py"}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every import in `path`, at any depth."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
    return found


def _modules(*folders: str) -> list[Path]:
    return sorted(p for f in folders for p in (ROOT / f).rglob("*.py"))


@pytest.mark.parametrize("path", _modules("kg"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_core_imports_no_builder(path: Path) -> None:
    rel = str(path.relative_to(ROOT))
    builders = [m for m, _ in _imports(path) if m == "builders" or m.startswith("builders.")]
    if rel in MAY_LOAD_BUILDERS:
        assert set(builders) <= {"builders.base", "builders.registry"}, rel
    else:
        assert builders == [], f"{rel} imports {builders}"


def test_no_private_name_crosses_modules() -> None:
    offenders = [
        f"{p.relative_to(ROOT)}: {module}.{name}"
        for p in _modules("kg", "builders", "tests", "benchmarks")
        for module, names in _imports(p)
        if module.split(".")[0] in ("kg", "builders")
        for name in names
        if name.startswith("_")
    ]
    assert offenders == []


def test_other_builders_read_prose_through_the_news_entry_point() -> None:
    for path in _modules("builders/atlas", "builders/programme"):
        for module, _ in _imports(path):
            assert not module.startswith("builders.news."), f"{path.name} imports {module}"


def test_every_statement_kind_has_a_class_of_the_ontology() -> None:
    onto = rdflib.Graph().parse(ROOT / "ontology" / "coop.ttl")
    for kind in LINK_KINDS:
        cls = COOP[kind.cls]
        assert (cls, rdflib.RDFS.subClassOf, COOP.Link) in onto, kind.name
        for prop in kind.properties:
            assert (COOP[prop], rdflib.RDF.type, None) in onto, f"{kind.name}: coop:{prop}"
    assert set(STATEMENT_ROLES) == set(BY_NAME)


def test_every_link_class_is_in_the_shapes() -> None:
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes.ttl")
    targets = set(shapes.objects(None, SH.targetClass))
    for kind in LINK_KINDS:
        assert COOP[kind.cls] in targets, kind.cls


def _branches(query: str) -> dict[str, tuple[str, str, str]]:
    """kind name -> (class, source property, target property) of each UNION branch."""
    found = {}
    for branch in re.split(r"\}\s*UNION\s*\{", query):
        m = re.search(
            r"\?link a coop:(\w+)\s*;\s*coop:(\w+) \?source\s*;\s*coop:(\w+) \?target", branch
        )
        kind = re.search(r'BIND \("(\w+)" AS \?kind\)', branch)
        if m and kind:
            found[kind.group(1)] = (m.group(1), m.group(2), m.group(3))
    return found


def _table(kinds: tuple[str, ...]) -> dict[str, tuple[str, str, str]]:
    return {k: (BY_NAME[k].cls, *BY_NAME[k].properties) for k in kinds}


def test_links_covers_the_cooperation_kinds_and_leaves_the_others_out() -> None:
    assert _branches(get_query("links").text) == _table(COOPERATION_KINDS)
    assert "location" not in COOPERATION_KINDS  # "held in" is drawn, not a cooperation link


def test_network_edges_cover_every_kind() -> None:
    assert _branches(get_query("network_edges").text) == _table(tuple(BY_NAME))


def test_the_public_surface_resolves_lazily() -> None:
    import subprocess
    import sys

    code = (
        "import sys, kg\n"
        "assert 'builders' not in sys.modules and 'kg.build' not in sys.modules\n"
        "missing = [n for n in kg.__all__ if getattr(kg, n, None) is None]\n"
        "assert not missing, missing\n"
        "assert 'builders.registry' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
