"""The query page of `coopkg serve` in real headless Chromium (Debian's, driven by Playwright):
it opens offline with no console errors, runs named queries from the side list (the server
binds their parameters), draws the results as a sortable table whose IRIs open the entity view,
and the entity view shows document text as text.

The browser context is offline: the only requests answered are the server's own (on loopback),
fetched by the test and handed to the page; every other request is aborted and recorded, and
the test fails if there is any. Screenshots land in test-output/ (gitignored).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from test_serve import EXAMPLES, Endpoint, build, serve, xss_fiche

pytestmark = [pytest.mark.browser, pytest.mark.server]

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    folder = tmp_path_factory.mktemp("serve-browser")
    build(folder / "store", EXAMPLES, xss_fiche(folder / "docs"))
    yield from serve(folder / "store", folder / "serve.log")


class Page:
    """A page in an offline context where only the server's own requests are answered."""

    def __init__(self, browser: Any, server: Endpoint) -> None:
        self.server = server
        self.context = browser.new_context(offline=True, viewport={"width": 1500, "height": 950})
        self.served: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)

    def _route(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.hostname == "127.0.0.1" and parts.port == self.server.port:
            self.served.append(url)
            route.fulfill(response=route.fetch())
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str = "/") -> float:
        start = time.perf_counter()
        self.page.goto(self.server.url + path)
        if path == "/":
            self.page.wait_for_function("() => window.coopkgReady === true", timeout=60_000)
            self.page.wait_for_selector(".yasqe .CodeMirror", timeout=60_000)
        return time.perf_counter() - start

    def run_named(self, name: str, **params: str) -> float:
        item = self.page.locator(f"li.named-query[data-name={name}]")
        if not item.locator("details").get_attribute("open"):
            item.locator("summary").click()
        for key, value in params.items():
            item.locator(f"input[name={key}]").fill(value)
        start = time.perf_counter()
        with self.page.expect_response(lambda r: r.url.endswith("/sparql")) as answer:
            item.locator("button.run").click()
        assert answer.value.status == 200
        self.page.wait_for_function(
            "() => document.querySelectorAll('.yasr table.dataTable tbody td a.iri').length > 0",
            timeout=60_000,
        )
        return time.perf_counter() - start

    def table(self) -> tuple[list[str], list[list[str]]]:
        heads = [h.strip() for h in self.page.locator(".yasr table thead th").all_inner_texts()]
        rows = []
        for row in self.page.locator(".yasr table tbody tr").all():
            rows.append([c.strip() for c in row.locator("td").all_inner_texts()])
        return heads, rows

    def column(self, name: str) -> list[str]:
        heads, rows = self.table()
        i = heads.index(name)
        return [r[i] for r in rows]

    def sort_by(self, header: Any, name: str, direction: str) -> list[str]:
        """Click a column's header until it sorts in `direction`; the column once drawn."""
        header.click()
        self.page.wait_for_function(
            "([th, dir]) => th.getAttribute('aria-sort') === dir",
            arg=[header.element_handle(), direction],
            timeout=10_000,
        )
        before, after = None, self.column(name)
        while before != after:  # the table is redrawn: read until two reads agree
            time.sleep(0.1)
            before, after = after, self.column(name)
        return after

    def close(self) -> None:
        self.context.close()


def _initial(text: str) -> str:
    """The first letter or digit of `text`, lower-cased, without its accent."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return next((c for c in plain if c.isalnum()), "")


@pytest.fixture()
def page(browser: Any, server: Endpoint) -> Iterator[Page]:
    p = Page(browser, server)
    yield p
    p.close()


def test_the_query_page_opens_offline_without_errors(page: Page) -> None:
    seconds = page.open()
    editor = page.page.evaluate("window.coopkgYasgui.getTab().getQuery()")
    assert "PREFIX coop: <https://w3id.org/coopkg/ontology#>" in editor
    assert "SELECT ?partnership" in editor
    names = page.page.locator("li.named-query").evaluate_all("els => els.map(e => e.dataset.name)")
    assert {"actors", "partners_of", "links", "funding_by_funder"} <= set(names)
    OUTPUT.mkdir(exist_ok=True)
    page.page.screenshot(path=str(OUTPUT / "serve-page.png"))
    assert page.errors == []
    assert page.blocked == []
    print(f"\nquery page ready in {seconds:.2f} s")


def test_a_named_query_runs_from_the_list_into_a_sortable_table(page: Page) -> None:
    page.open()
    seconds = page.run_named("actors")
    heads, rows = page.table()
    assert heads[1:] == ["actor", "label", "display_label", "kind", "country", "documents"]
    assert len(rows) > 20
    labels = page.column("label")
    assert "Kloto 1" in labels and "Bressuire" in labels
    # the IRIs open the entity view
    href = page.page.locator(".yasr a.iri").first.get_attribute("href")
    assert href.startswith("/entity?iri=https%3A%2F%2Fw3id.org%2Fcoopkg%2F")
    # sortable: a click on the header sorts the column, a second click reverses it
    header = page.page.locator(".yasr table thead th", has_text=re.compile(r"^\s*label\b"))
    ascending = page.sort_by(header, "label", "ascending")
    descending = page.sort_by(header, "label", "descending")
    # DataTables collates case- and accent-insensitively (Kéran before Kloto), and sorts on the
    # text without markup (the XSS fiche's label has none left): compare the named ones' initials
    # (the table shows 50 rows a page: each click shows the first page in that order)
    up = [_initial(label) for label in ascending if _initial(label[:1])]
    down = [_initial(label) for label in descending if _initial(label[:1])]
    assert up == sorted(up) and len(set(up)) > 5
    assert down == sorted(down, reverse=True) and len(set(down)) > 5
    assert up[0] < down[0]
    assert page.page.evaluate("document.body.dataset.lastNamedQuery") == "actors"
    page.page.screenshot(path=str(OUTPUT / "serve-actors.png"))
    assert page.errors == [] and page.blocked == []
    print(f"\nactors: {len(rows)} rows drawn {seconds:.2f} s after the click")


def test_a_named_query_with_a_parameter_and_the_entity_view(page: Page) -> None:
    page.open()
    page.run_named("partners_of", actor="KPALIME")
    bound = page.page.evaluate("window.coopkgYasgui.getTab().getQuery()")
    assert 'VALUES (?actor) { ("kpalime") }' in bound  # bound by the server
    assert "Bressuire" in page.column("partner_label")
    link = page.page.locator(".yasr a.iri", has_text="insee:79049").first
    link.click()
    page.page.wait_for_selector("h1#label")
    assert page.page.locator("h1#label").inner_text() == "Bressuire"
    rows = page.page.locator("table#links tbody tr")
    assert rows.count() > 0
    sources = page.page.locator("table#links td.source").all_inner_texts()
    assert any("Kpalimé" in s for s in sources)
    assert page.page.locator("table#links td.evidence q").count() > 0
    page.page.screenshot(path=str(OUTPUT / "serve-entity.png"), full_page=True)
    assert page.errors == [] and page.blocked == [] and page.dialogs == []


def test_a_parameter_error_is_shown_in_the_form(page: Page) -> None:
    page.open()
    item = page.page.locator("li.named-query[data-name=partners_of]")
    item.locator("summary").click()
    item.locator("input[name=actor]").evaluate("e => e.removeAttribute('required')")
    item.locator("button.run").click()
    error = item.locator(".error")
    error.wait_for(state="visible")
    assert "missing parameter" in error.inner_text()
    assert page.blocked == []
    # the browser reports the 400 answer itself; nothing else went wrong
    assert all("400" in e for e in page.errors)


def test_document_text_stays_text_in_the_entity_view(page: Page, server: Endpoint) -> None:
    rows = server.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?e WHERE { GRAPH ?g { ?e skos:prefLabel ?l "
        'FILTER (CONTAINS(?l, "onerror")) } }'
    )
    assert rows
    page.open("/entity?iri=" + rows[0]["e"].replace("#", "%23"))
    page.page.wait_for_selector("h1#label")
    # the label (the builder drops the "(1)" as it drops "(79)" after a name) and the evidence
    assert page.page.locator("h1#label").inner_text() == "<img src=x onerror=alert>"
    evidence = page.page.locator("td.evidence").all_inner_texts()
    assert any("<img src=x onerror=alert(1)>" in e for e in evidence)
    sources = page.page.locator("td.source").all_inner_texts()
    assert any("<script>alert(2)</script>" in s for s in sources)
    assert page.page.locator("main img").count() == 0
    assert page.page.locator("script").count() == 0
    time.sleep(0.3)
    assert page.dialogs == [] and page.errors == [] and page.blocked == []
