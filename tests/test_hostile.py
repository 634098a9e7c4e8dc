"""Hostile content stays inert on every surface: documents full of e-mail addresses and phone
numbers (in every usual form) and of markup are built; no contact detail reaches an export, a
page or the endpoint, document text is escaped, parameters are bound, and the endpoint is
read-only, on loopback, size-limited, without CORS unless asked and without path traversal."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_serve import Endpoint, build, serve, xss_fiche

from kg.errors import CoopkgError
from kg.export import export_graph
from kg.redact import EMAIL, PHONE, redact
from kg.remote import plan_push
from kg.store import Store

pytestmark = [pytest.mark.server, pytest.mark.slow]

EMAILS = (
    "jean.dupont@example.org",
    "marie [at] mairie-bressuire [dot] fr",
    "Contact.Togo@ville-niort.fr",
)
PHONES = (
    "05 49 12 34 56",
    "05.49.65.43.21",
    "0549778899",
    "+33 (0)5 49 11 22 33",
    "+228 90 12 34 56",
    "(+228) 22 21 00 00",
    "00 228 90 11 22 33",
    "+1 (202) 555-0143",
)
LABELLED = ("Tél. : 90 44 55 66", "fax 22 21 44 55")
NOTE = (
    "La commune de Bressuire a signé une convention de partenariat avec la commune de Kpalimé "
    "au Togo ; le Département des Deux-Sèvres finance à hauteur de 15 000 euros le projet de la "
    "commune de Bressuire.\n\nPour tout renseignement : {emails} ; {phones} ; {labelled}.\n"
)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


PLANTED_DIGITS = [_digits(p) for p in PHONES + LABELLED]


def assert_no_contact(text: str, where: str) -> None:
    """None of the planted addresses or numbers, in any spacing, and no e-mail at all."""
    assert EMAIL.search(text) is None, (where, EMAIL.search(text))
    for part in (*EMAILS, "jean.dupont", "Contact.Togo", "mairie-bressuire [dot]"):
        assert part not in text, (where, part)
    squeezed = _digits(text)
    for digits in PLANTED_DIGITS:
        assert digits not in squeezed, (where, digits)


def test_the_redactor_masks_every_form() -> None:
    for contact in EMAILS + PHONES + LABELLED:
        masked = redact(f"écrire à {contact} ce jour")
        assert "masqué" in masked, contact
        assert _digits(masked) == "", (contact, masked)
    for harmless in ("15 000 euros", "+2 000 000 habitants", "entre 1990 et 2010", "79049"):
        assert redact(harmless) == harmless
    assert PHONE.search("Tél : 05 49 12 34 56") is not None


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    docs = folder / "docs"
    xss_fiche(docs)  # a fiche with markup in a partner's name and the title, contacts in its text
    text = NOTE.format(
        emails=", ".join(EMAILS), phones=", ".join(PHONES), labelled=", ".join(LABELLED)
    )
    (docs / "note.txt").write_text(text)
    page = text.replace("Bressuire", "<b onmouseover=alert(3)>Niort</b>")
    (docs / "page.html").write_text(
        f"<html><head><title>Contact : {EMAILS[0]}</title><script>alert(4)</script></head>"
        f"<body><p>{page}</p><a href='mailto:{EMAILS[0]}'>{PHONES[0]}</a></body></html>"
    )
    build(folder / "store", docs)
    return folder / "store"


def _coopkg(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize(
    "fmt",
    ["turtle", "nt", "jsonld", "trig", "nquads", "csv-actors", "csv-links", "graphml", "gexf"],
)
def test_no_contact_in_any_export(hostile: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    run = _coopkg("export", "--format", fmt, "-o", out, "--store", hostile)
    assert run.returncode == 0, run.stderr
    assert_no_contact(out.read_text("utf-8"), fmt)


def test_no_contact_in_the_pages_and_text_is_escaped(hostile: Path, tmp_path: Path) -> None:
    for args in (["viz"], ["viz", "--focus", "Kpalimé"], ["describe"], ["ontology-docs"]):
        out = tmp_path / f"{args[0]}.out"
        run = (
            _coopkg(*args, "-o", out, "--store", hostile)
            if args[0] != "ontology-docs"
            else (_coopkg(*args, "-o", out))
        )
        assert run.returncode == 0, run.stderr
        page = out.read_text("utf-8")
        assert_no_contact(page, " ".join(args))
        for raw in ("<img src=x onerror", "<script>alert(2)", "<b onmouseover=alert(3)>"):
            assert raw not in page, (args, raw)
    query = _coopkg("query", "links", "--format", "json", "--store", hostile)
    assert query.returncode == 0
    assert_no_contact(query.stdout, "query links")


def test_the_export_guard_refuses_a_phone_number_or_an_e_mail(tmp_path: Path) -> None:
    for slipped, what in (("appeler le 05 49 12 34 56", "phone number"), (EMAILS[0], "e-mail")):
        store = Store(tmp_path / what.replace(" ", "-"))
        g = "https://w3id.org/coopkg/doc/0000000000000000"
        node = ox.NamedNode(g)
        store.replace_graph(
            g,
            [ox.Triple(node, ox.NamedNode("http://purl.org/dc/terms/title"), ox.Literal(slipped))],
        )
        for fmt in ("turtle", "nt", "jsonld", "trig", "nquads"):
            with pytest.raises(CoopkgError, match=what):
                export_graph(store, fmt)
        with pytest.raises(CoopkgError, match=what):
            plan_push(store)
        del store
        for fmt in ("csv-links", "graphml", "gexf"):
            out = tmp_path / f"out.{fmt}"
            run = _coopkg(
                "export", "-f", fmt, "-o", out, "--store", tmp_path / what.replace(" ", "-")
            )
            if run.returncode == 0:  # nothing of the slipped text is in that export
                assert slipped not in out.read_text("utf-8"), fmt
            else:
                assert (
                    f"refusing to export: the graph holds a{'n' if what[0] == 'e' else ''} {what}"
                    in (run.stderr)
                ), run.stderr


@pytest.fixture(scope="module")
def endpoint(hostile: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoint]:
    yield from serve(hostile, tmp_path_factory.mktemp("hostile-log") / "serve.log")


def test_no_contact_from_the_endpoint(endpoint: Endpoint) -> None:
    everything = endpoint.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert everything.status_code == 200 and len(everything.text) > 10_000
    assert_no_contact(everything.text, "SELECT *")
    construct = endpoint.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "text/turtle"
    )
    assert construct.status_code == 200
    assert_no_contact(construct.text, "CONSTRUCT")
    for q in endpoint.http.get("/named").json():
        params = {p["name"]: "Kpalimé" for p in q["params"] if p["default"] is None}
        r = endpoint.http.get(q["url"], params=params)
        assert r.status_code in (200, 400), (q["name"], r.text)
        assert_no_contact(r.text, q["name"])
    assert_no_contact(endpoint.http.get("/").text, "query page")
    subjects = endpoint.select("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 400")
    for row in subjects:
        page = endpoint.http.get("/entity", params={"iri": row["s"]}).text
        assert_no_contact(page, row["s"])
        assert "<script>alert" not in page and "<img src=x" not in page


def test_parameters_are_bound_never_pasted(endpoint: Endpoint, hostile: Path) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = endpoint.select(count)
    for hostile_value in ('Kpalimé" } } DROP ALL ; #', "x> } UNION { ?a ?b ?c } #", "\\u0022"):
        r = endpoint.http.get("/named/partners_of", params={"actor": hostile_value})
        assert r.status_code == 200, r.text
        assert "results" in r.json() and r.json()["results"]["bindings"] == []
        cli = _coopkg(
            "query", "partners_of", "--param", f"actor={hostile_value}", "--store", hostile
        )
        assert cli.returncode == 0 and "Traceback" not in cli.stderr
    assert endpoint.select(count) == before


def _raw_get(port: int, target: str) -> tuple[int, str]:
    """Send `GET target` as written (no client normalises the dots away)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        request = f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        data = b""
        try:
            s.sendall(request.encode())
            while chunk := s.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    if not head:
        return 0, ""
    return int(head.split()[1]), body.decode("utf-8", "replace")


def test_the_endpoint_is_read_only_loopback_limited_and_serves_only_its_assets(
    endpoint: Endpoint,
) -> None:
    for update in ("DROP ALL", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        r = endpoint.http.post("/sparql", data={"update": update})
        assert r.status_code == 403
        r = endpoint.http.post(
            "/sparql", content=update, headers={"Content-Type": "application/sparql-update"}
        )
        assert r.status_code == 403
    for target in (
        "/static/../app.py",
        "/static/../../cli.py",
        "/static/..%2f..%2fcli.py",
        "/static/%2e%2e/%2e%2e/cli.py",
        "/static/%2e%2e%2f%2e%2e%2fstore.py",
        "/../kg/cli.py",
        "/static//etc/passwd",
    ):
        status, body = _raw_get(endpoint.port, target)
        assert status in (400, 404), (target, status)
        assert "def " not in body and "root:" not in body, target
    assert _raw_get(endpoint.port, "/static/yasgui.min.js")[0] == 200  # its own assets
    status, _ = _raw_get(endpoint.port, "/sparql?query=ASK%20%7B%7D%20%23" + "x" * 200_000)
    assert status in (0, 400, 413, 414, 431), status  # refused (0: connection closed)
    big_body = endpoint.http.post(
        "/sparql",
        content=b"ASK {} #" + b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert big_body.status_code == 413
    assert endpoint.query("ASK {}").status_code == 200  # still answering
    # bound to 127.0.0.1: the listening socket's local address, as the kernel lists it
    listening = _listening_addresses(endpoint.port)
    assert listening == {"127.0.0.1"}, listening
    r = endpoint.http.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in {k.lower() for k in r.headers}


def _listening_addresses(port: int) -> set[str]:
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hexport = local.split(":")
        if int(hexport, 16) == port and state == "0A":  # LISTEN
            found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_cors_only_when_asked_and_for_the_origin_given(hostile: Path, tmp_path: Path) -> None:
    for endpoint in serve(hostile, tmp_path / "cors.log", "--cors-origin", "https://lab.example"):
        asked = endpoint.http.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://lab.example"}
        )
        assert asked.headers.get("access-control-allow-origin") == "https://lab.example"
        other = endpoint.http.get(
            "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"}
        )
        assert other.headers.get("access-control-allow-origin") in (None, "https://lab.example")
        assert other.headers.get("access-control-allow-origin") != "*"
