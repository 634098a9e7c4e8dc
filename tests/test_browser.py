"""The pages in real headless Chromium (Debian's, driven by Playwright; no browser download):
they load offline without console errors, draw every node and edge, show tooltips and details
on click, keep document text inert, and stay usable at 5,000 nodes.

Screenshots land in test-output/ (gitignored) for a reviewer to look at.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from conftest import build_store
from test_viz import xss_store

from kg.network import annotate, link_graph
from kg.viz import PageOptions, drawn_edge_count, ego_network, write_page

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"
KLOTO = "https://w3id.org/coopkg/id/tg/commune/kloto-1"
BRESSUIRE = "https://w3id.org/coopkg/id/insee/79049"


class Page:
    """A page opened offline, every non-file request aborted, problems recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(offline=True, viewport={"width": 1500, "height": 950})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        start = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_function("window.coopkgReady === true", timeout=120_000)
        self.load_seconds = time.perf_counter() - start

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def counts(self) -> tuple[int, int]:
        return tuple(
            self.page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
        )

    def node_point(self, node: str) -> tuple[float, float]:
        """Where a node is drawn, in page coordinates."""
        box = self.page.locator("#network").bounding_box()
        point = self.page.evaluate("id => network.canvasToDOM(network.getPosition(id))", node)
        return box["x"] + point["x"], box["y"] + point["y"]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def seed_graph(shared: Path) -> nx.MultiDiGraph:
    """examples/ and every shared seed the builders read (all of them once the free-text
    builder lands), built by the real pipeline."""
    paths = [*sorted((ROOT / "examples").iterdir()), *sorted((shared / "seeds").iterdir())]
    pipeline, results = build_store(paths)
    assert sum(r.status == "built" for r in results) >= 5
    return link_graph(pipeline.store)


@pytest.fixture(scope="module")
def seed_page(browser: Any, seed_graph: nx.MultiDiGraph, tmp_path_factory: Any) -> Iterator[Page]:
    path = tmp_path_factory.mktemp("pages") / "seeds.html"
    write_page(seed_graph, path, PageOptions(title="Seeds and examples: partner network"))
    page = Page(browser, path)
    yield page
    page.close()


@pytest.fixture(scope="module")
def ego_page(browser: Any, seed_graph: nx.MultiDiGraph, tmp_path_factory: Any) -> Iterator[Page]:
    ego = ego_network(seed_graph, "Kpalimé", hops=2)
    path = tmp_path_factory.mktemp("pages") / "kpalime.html"
    write_page(ego, path, PageOptions(title="Kloto 1 (Kpalimé)", focus=tuple(ego.graph["focus"])))
    page = Page(browser, path)
    yield page
    page.close()


def test_seed_page_draws_every_node_and_edge(seed_page: Page, seed_graph: nx.MultiDiGraph) -> None:
    assert seed_page.errors == []
    assert seed_page.counts() == (seed_graph.number_of_nodes(), drawn_edge_count(seed_graph))
    drawn = seed_page.page.evaluate("Object.keys(network.getPositions()).length")
    assert drawn == seed_graph.number_of_nodes()
    assert seed_page.page.evaluate("network.physics.options.enabled") is False
    OUTPUT.mkdir(exist_ok=True)
    seed_page.page.screenshot(path=str(OUTPUT / "seed-network.png"))


def test_page_works_with_the_network_blocked(seed_page: Page) -> None:
    assert seed_page.requests and all(u.startswith("file://") for u in seed_page.requests)
    assert seed_page.page.evaluate("typeof vis") == "object"


def test_click_shows_details_and_hover_shows_tooltip(ego_page: Page) -> None:
    page = ego_page.page
    assert ego_page.errors == []
    assert "Kloto 1" in page.locator("#details").inner_text()  # the focus, shown on load
    x, y = ego_page.node_point(BRESSUIRE)
    page.mouse.click(x, y)
    details = page.locator("#details").inner_text()
    assert details.startswith("Bressuire") and "Sources:" in details
    assert "Partnership: Bressuire — Kloto 1" in details
    page.mouse.move(x + 40, y + 40)
    page.mouse.move(x, y)
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().startswith("Bressuire")
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "kpalime-ego.png"))


def test_search_and_kind_filter(ego_page: Page) -> None:
    page = ego_page.page
    page.fill("#search", "KPALIME")
    page.dispatch_event("#search", "change")
    assert page.evaluate("network.getSelectedNodes()") == [KLOTO]
    communes = page.evaluate("COOPKG.nodes.filter(n => n.kind === 'Commune').length")
    page.uncheck(".kind-filter[data-kind='Commune']")
    hidden = page.evaluate("nodes.get({filter: n => n.hidden}).length")
    assert hidden == communes > 0
    page.check(".kind-filter[data-kind='Commune']")
    assert page.evaluate("nodes.get({filter: n => n.hidden}).length") == 0


def test_document_text_stays_inert(browser: Any, tmp_path: Path) -> None:
    graph = link_graph(xss_store(tmp_path))
    path = write_page(graph, tmp_path / "xss.html")
    page = Page(browser, path)
    try:
        evil = next(n for n, d in graph.nodes(data=True) if d["label"].startswith("<img"))
        x, y = page.node_point(evil)
        page.page.mouse.click(x, y)
        page.page.mouse.move(x + 30, y + 30)
        page.page.mouse.move(x, y)
        page.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5000)
        details = page.page.locator("#details").inner_text()
        assert details.startswith("<img src=x onerror=alert>")
        assert "<img src=x onerror=alert(1)>" in page.page.locator("div.vis-tooltip").inner_text()
        assert page.page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.page.evaluate("document.scripts.length") == 3  # data, vis-network, page
        assert page.dialogs == [] and page.errors == []
    finally:
        page.close()


def synthetic_graph(n_nodes: int = 5000, seed: int = 7) -> nx.MultiDiGraph:
    """A cooperation-like graph: French and foreign authorities paired, many in programmes,
    programmes funded; attributes as `link_graph` gives them."""
    rng = random.Random(seed)
    keys = itertools.count()
    graph = nx.MultiDiGraph(documents={f"doc/{i}": {"title": f"Document {i}"} for i in range(40)})
    mix = [("Commune", "FR", 45), ("Commune", "TG", 38), ("Region", "FR", 4), ("Ministry", "FR", 1)]
    mix += [("Association", "BF", 6), ("Programme", None, 3), ("Project", None, 3)]
    kinds = rng.choices([(k, c) for k, c, _ in mix], [w for *_, w in mix], k=n_nodes)
    for i, (kind, country) in enumerate(kinds):
        graph.add_node(f"n{i}", label=f"{kind} {i}", kind=kind, country=country,
                       documents=[f"doc/{i % 40}"], names=[], match_keys=[])  # fmt: skip
    french = [f"n{i}" for i, (_, c) in enumerate(kinds) if c == "FR"]
    foreign = [f"n{i}" for i, (_, c) in enumerate(kinds) if c not in ("FR", None)]
    initiatives = [f"n{i}" for i, (_, c) in enumerate(kinds) if c is None]

    def link(source: str, target: str, kind: str, **facts: Any) -> None:
        graph.add_edge(source, target, key=f"l{next(keys)}", kind=kind, year=facts.get("year"),
                       end_year=None, amount=facts.get("amount"), currency="EUR",
                       evidence="synthetic", document=f"doc/{rng.randrange(40)}")  # fmt: skip

    for node in french:
        link(node, rng.choice(foreign), "partnership", year=rng.randint(1985, 2024))
        if rng.random() < 0.5:
            link(node, rng.choice(initiatives), "member")
    for node in foreign:
        if rng.random() < 0.5:
            link(node, rng.choice(initiatives), "member")
    for node in initiatives:
        link(rng.choice(french), node, "funding", amount=rng.randint(1, 500) * 1000.0, year=2020)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    for _, data in graph.nodes(data=True):
        data.update(start_year=None, end_year=None, budget=None, budget_currency=None)
    annotate(graph)
    return graph


@pytest.mark.slow
def test_5000_node_page_becomes_interactive(browser: Any, tmp_path: Path) -> None:
    graph = synthetic_graph()
    start = time.perf_counter()
    path = write_page(graph, tmp_path / "big.html")
    build_seconds = time.perf_counter() - start
    page = Page(browser, path)
    try:
        assert page.counts() == (graph.number_of_nodes(), drawn_edge_count(graph))
        node = max(graph, key=graph.degree)
        start = time.perf_counter()
        page.page.evaluate(
            "id => network.moveTo({position: network.getPosition(id), scale: 1.5})", node
        )
        x, y = page.node_point(node)
        hit = page.page.evaluate(
            "id => network.getNodeAt(network.canvasToDOM(network.getPosition(id)))", node
        )
        page.page.mouse.click(x, y)
        page.page.wait_for_function(
            "label => document.getElementById('details').innerText.startsWith(label)",
            arg=graph.nodes[hit]["label"],
        )
        click_seconds = time.perf_counter() - start
        size_mb = path.stat().st_size / 1e6
        print(
            f"\n5,000-node page: {graph.number_of_nodes()} nodes, {drawn_edge_count(graph)} "
            f"edges, {size_mb:.1f} MB; written in {build_seconds:.1f} s; interactive "
            f"{page.load_seconds:.1f} s after opening; zoom and click answered in "
            f"{click_seconds:.2f} s"
        )
        assert page.errors == []
        assert page.load_seconds < 60
    finally:
        page.close()
