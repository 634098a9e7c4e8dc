"""Real SPARQL servers on loopback for the remote tests: the Oxigraph server (the `oxigraph`
binary the PyPI package installs beside the venv's Python) and Virtuoso 7 (Debian's
`virtuoso-opensource`), each started once per test session on free ports with a database of
its own in a temporary folder, and stopped at the end.

Import the fixtures into a test module (`from servers import oxigraph_server,
virtuoso_server`); `make test` installs Virtuoso (`make virtuoso`), so the Virtuoso tests are
skipped only where `virtuoso-t` is missing, with that reason.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql-v")
OXIGRAPH = Path(sys.executable).with_name("oxigraph")
START_TIMEOUT = 60.0  # seconds; Virtuoso answers HTTP 2-4 s after starting on a fresh database


@dataclass
class Server:
    """A running SPARQL server: where to query it and where its Graph Store Protocol is."""

    name: str
    query_url: str  #: SPARQL 1.1 Protocol (queries)
    graph_store_url: str  #: SPARQL 1.1 Graph Store Protocol
    auth: str  #: the auth scheme the graph store wants: "basic" (none needed) or "digest"
    user: str | None = None
    password: str | None = None
    process: subprocess.Popen[bytes] | None = None
    folder: Path | None = None
    log: Path | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def select(self, query: str) -> list[dict[str, str]]:
        """Rows of a SELECT as {variable: lexical value}, straight over HTTP (form-encoded
        POST): the fixtures' own check, independent of the code under test."""
        import json

        data = urllib.parse.urlencode({"query": query}).encode()
        request = urllib.request.Request(
            self.query_url,
            data=data,
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = json.loads(response.read())
        return [{k: v["value"] for k, v in b.items()} for b in body["results"]["bindings"]]

    def graph_counts(self, prefix: str) -> dict[str, int]:
        """Triples per named graph whose IRI starts with `prefix`."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g'
        )
        return {r["g"]: int(r["n"]) for r in rows}

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_answering(server: Server, deadline: float) -> None:
    """Poll the query endpoint with `ASK {}` until it answers 200 (or fail with the log)."""
    url = server.query_url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    last: Exception | None = None
    while time.monotonic() < deadline:
        if server.process is not None and server.process.poll() is not None:
            break
        try:
            request = urllib.request.Request(
                url, headers={"Accept": "application/sparql-results+json"}
            )
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as exc:
            last = exc
        time.sleep(0.2)
    log = server.log.read_text(errors="replace")[-3000:] if server.log else ""
    server.stop()
    raise RuntimeError(f"{server.name} did not start ({last}); its log ends:\n{log}")


def start_oxigraph(folder: Path) -> Server:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`, without --union-default-graph."""
    if not OXIGRAPH.exists():
        raise RuntimeError(f"{OXIGRAPH} is missing: the `oxigraph` package is not installed")
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / "oxigraph.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(OXIGRAPH),
                "serve",
                "--location",
                str(folder / "db"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    server = Server(
        "oxigraph", f"{base}/query", f"{base}/store", "basic", None, None, process, folder, log
    )
    server.extra["update_url"] = f"{base}/update"
    _wait_until_answering(server, time.monotonic() + START_TIMEOUT)
    return server


VIRTUOSO_INI = """\
; a Virtuoso of the tests' own: loopback ports, a database in a temporary folder
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
LiteMode             = 0
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = ., {db}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 256M
ThreadsPerQuery      = 2

[HTTPServer]
ServerPort                = 127.0.0.1:{http_port}
ServerRoot                = {db}/vsp
MaxClientConnections      = 10
DavRoot                   = DAV
EnabledDavVSP             = 0
HTTPProxyEnabled          = 0
ServerThreads             = 10
MaxKeepAlives             = 10
KeepAliveTimeout          = 10
HTTPThreadSize            = 280000
HttpPrintWarningsInOutput = 0
Charset                   = UTF-8
EnabledGzipContent        = 0

[SPARQL]
ResultSetMaxRows           = 100000
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = 60
"""


def isql(server: Server, sql: str) -> str:
    """Run SQL through isql-vt as dba; isql exits 0 even on errors, so its output is checked."""
    assert ISQL is not None
    port = server.extra["sql_port"]
    done = subprocess.run(
        [ISQL, f"127.0.0.1:{port}", "dba", "dba", f"exec={sql}"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    output = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql failed on {sql!r}:\n{output}")
    return output


def start_virtuoso(folder: Path) -> Server:
    """`virtuoso-t +foreground +configfile INI` on two free loopback ports, its database in
    `folder`; SPARQL_UPDATE granted to the anonymous "SPARQL" user (the STACK.md recipe) so the
    open `/sparql-graph-crud` works too, while the tests push through the digest-protected
    `/sparql-graph-crud-auth` as dba."""
    assert VIRTUOSO is not None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    while http_port == sql_port:
        http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "virtuoso.out"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [VIRTUOSO, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{http_port}"
    server = Server(
        "virtuoso",
        f"{base}/sparql",
        f"{base}/sparql-graph-crud-auth",
        "digest",
        "dba",
        "dba",
        process,
        folder,
        log,
    )
    server.extra.update(sql_port=str(sql_port), open_graph_store=f"{base}/sparql-graph-crud")
    _wait_until_answering(server, time.monotonic() + START_TIMEOUT)
    isql(server, 'GRANT SPARQL_UPDATE TO "SPARQL";')
    return server


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The Oxigraph server, started once per session on a free loopback port."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Virtuoso 7, started once per session on free loopback ports (skipped, with the reason,
    only where `virtuoso-t` is not installed: `make virtuoso` installs it)."""
    if VIRTUOSO is None or ISQL is None:
        pytest.skip(
            "virtuoso-t / isql-vt not installed (run `make virtuoso`, or apt-get install "
            "virtuoso-opensource)"
        )
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        yield server
    finally:
        server.stop()


def env_without(*names: str) -> dict[str, str]:
    """The environment minus `names` (so a test controls e.g. COOPKG_PASSWORD)."""
    return {k: v for k, v in os.environ.items() if k not in names}
