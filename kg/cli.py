"""The `coopkg` command line: thin commands over the library in `kg/` and `builders/`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from kg.errors import CoopkgError, UnknownQuery

if TYPE_CHECKING:
    from kg.store import Store

app = typer.Typer(
    help="coopkg: build, query and export a knowledge graph of decentralized cooperation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)

StoreOpt = Annotated[
    Path | None,
    typer.Option("--store", help="Store directory (default: $COOPKG_STORE or ./coopkg-data)."),
]
MinConfidenceOpt = Annotated[
    float,
    typer.Option(
        "--min-confidence",
        min=0.0,
        max=1.0,
        help="Leave out the links less confident than this (0 to 1; default 0: every link).",
    ),
]


def _store(path: Path | None, read_only: bool = False, wait: float = 0.0) -> Store:
    from kg.store import Store, default_store_path

    return Store(path or default_store_path(), read_only=read_only, wait=wait)


def _fail(exc: CoopkgError) -> NoReturn:
    err.print(f"coopkg: {exc}", markup=False, soft_wrap=True)  # one line, however long
    raise typer.Exit(exc.exit_code)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to build.")],
    store: StoreOpt = None,
    builder: Annotated[
        str | None, typer.Option(help="Use this builder instead of the best claim.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Rebuild documents already up to date.")] = False,
    cog: Annotated[
        Path | None, typer.Option(help="French COG communes file or folder (INSEE codes).")
    ] = None,
    mapping: Annotated[
        str | None,
        typer.Option(help="Read tables through this mapping: pairs, atlas or a .toml file."),
    ] = None,
    jobs: Annotated[int, typer.Option(min=1, help="Read documents in N processes.")] = 1,
    wait: Annotated[
        float,
        typer.Option(
            min=0.0,
            help="Seconds to wait while another build writes the store (default 0: refuse at "
            "once, 'store is busy').",
        ),
    ] = 0.0,
    max_size: Annotated[
        float,
        typer.Option(
            "--max-size", min=0.0, help="Refuse files larger than this many MB (default 50)."
        ),
    ] = 50.0,
    progress_bar: Annotated[
        bool,
        typer.Option(
            "--progress",
            help="Show the triples written as they go to the store (shown anyway on a terminal; "
            "elsewhere one line per batch on stderr).",
        ),
    ] = False,
) -> None:
    """Build documents into the store: one named graph per document, replacing older builds.

    Every file is read that can be read; each one that cannot is one line on stderr, PATH:
    reason, and a document read but with nothing found, or in a language no builder reads, is
    recorded with a warning line; so is each table row that cannot be read (PATH:LINE:
    reason), the rest of the table being built. Files of unknown type met in folders are listed
    in one line.
    Exit code 0 when every document was read, 1 when some could not be. A build killed at any
    moment leaves every document wholly in the store or wholly out.
    """
    from kg.build import BuildResult, Pipeline
    from kg.errors import UnreadableDocument
    from kg.load import iter_paths
    from kg.reference import Reference

    found: dict[Path, None] = {}  # in order, without repeats
    skipped: list[Path] = []
    missing: list[str] = []
    for path in paths:
        try:
            found.update(dict.fromkeys(iter_paths([path], skipped)))
        except UnreadableDocument as exc:
            missing.append(str(exc))
    files = list(found)
    try:
        reference = Reference.default()
        if cog:
            reference.add_cog(cog)
        pipeline = Pipeline.default(_store(store, wait=wait), reference)
        if mapping:
            builder = pipeline.registry.use_mapping(mapping).name
    except CoopkgError as exc:
        _fail(exc)
        return
    pipeline.max_bytes = int(max_size * 2**20)
    for line in missing:
        err.print(line, markup=False, soft_wrap=True)
    if skipped:
        err.print(_skipped_line(skipped), markup=False, soft_wrap=True)
    failed, warned = len(missing), 0

    def report(result: BuildResult) -> None:
        nonlocal failed, warned
        if result.status == "failed":
            failed += 1
            err.print(result.error, markup=False, soft_wrap=True)
            return
        done = "up to date" if result.status == "unchanged" else f"{result.triples} triples"
        out.print(
            f"{result.status:9} {result.path} [{result.builder}, {done}]",
            markup=False,
            soft_wrap=True,
        )
        if result.warning or result.warnings:
            warned += 1
        for line in [result.warning, *result.warnings] if result.warning else result.warnings:
            err.print(line, markup=False, soft_wrap=True)

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("building", total=len(files))
        writing: dict[str, TaskID] = {}
        counted: dict[str, int] = {}

        def advance(result: BuildResult) -> None:
            report(result)
            progress.advance(task)
            if result.path in writing:
                progress.remove_task(writing.pop(result.path))

        def written(path: str, count: int) -> None:
            if not err.is_terminal:
                counted[path] = counted.get(path, 0) + count
                line = f"{path}: {counted[path]} triples written so far"
                err.print(line, markup=False, soft_wrap=True)
                return
            if path not in writing:
                writing[path] = progress.add_task(f"writing {Path(path).name}", total=None)
            progress.advance(writing[path], count)

        if progress_bar or err.is_terminal:
            pipeline.on_written = written
        pipeline.build(files, builder, force, advance, jobs=jobs)
    read = len(files) + len(missing) - failed
    note = f" ({warned} with warnings)" if warned else ""
    out.print(f"{read} built or up to date{note}, {failed} failed", markup=False)
    raise typer.Exit(1 if failed else 0)


def _skipped_line(skipped: list[Path], shown: int = 10) -> str:
    names = ", ".join(p.name for p in skipped[:shown])
    more = f", and {len(skipped) - shown} more" if len(skipped) > shown else ""
    kind = "file" if len(skipped) == 1 else "files"
    return f"skipped {len(skipped)} {kind} of unknown type: {names}{more}"


@app.command()
def remove(
    targets: Annotated[
        list[str], typer.Argument(help="Built files (their path) or document IRIs.")
    ],
    store: StoreOpt = None,
    wait: Annotated[
        float, typer.Option(min=0.0, help="Seconds to wait while a build writes the store.")
    ] = 0.0,
) -> None:
    """Take documents out of the store: each one's graph, with its mentions and links, all in
    one transaction; says what was removed. A target that names no document is an error and
    nothing is removed (exit 1)."""
    from kg.remove import remove_documents

    try:
        removed = remove_documents(_store(store, wait=wait), targets)
    except CoopkgError as exc:
        _fail(exc)
        return
    for item in removed:
        out.print(item.line(), markup=False, soft_wrap=True)
    out.print(f"removed {len(removed)} documents", markup=False)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One document.")],
    builder: Annotated[
        str | None, typer.Option(help="Use this builder instead of the best claim.")
    ] = None,
    highlight: Annotated[
        bool, typer.Option("--highlight", help="Show the text with mentions highlighted instead.")
    ] = False,
    mapping: Annotated[
        str | None,
        typer.Option(help="Read a table through this mapping: pairs, atlas or a .toml file."),
    ] = None,
) -> None:
    """Print what a builder reads in FILE (the Extraction, as JSON, with character spans);
    nothing is stored. Each statement shows its rule and its confidence (the builder's own, else
    the calibrated one). --highlight shows the mentions on the text and the statements."""
    from builders.registry import Registry
    from kg.calibrate import with_confidences
    from kg.load import load

    try:
        doc = load(file)
        registry = Registry.default()
        if mapping:
            builder = registry.use_mapping(mapping).name
        extraction = with_confidences(registry.choose(doc, builder).build(doc))
    except CoopkgError as exc:
        _fail(exc)
        return
    if highlight:
        from kg.highlight import print_highlighted

        print_highlighted(doc.text, extraction, out)
    else:
        sys.stdout.write(extraction.to_json() + "\n")


@app.command()
def query(
    name: Annotated[
        str, typer.Argument(help="A named query (see `coopkg queries`) or a .rq file.")
    ],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Parameter as k=v.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    store: StoreOpt = None,
    endpoint: Annotated[
        str | None, typer.Option(help="Run it on this SPARQL 1.1 endpoint instead of the store.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="With --endpoint: seconds to wait for the answer.")
    ] = 60.0,
) -> None:
    """Run a named SPARQL query (parameters are bound, never pasted into the text), on the
    store or, with --endpoint URL, on any SPARQL 1.1 server (same rows, same rendering)."""
    from kg.named_queries import get_query
    from kg.results import FORMATS, Table, render

    try:
        if fmt not in FORMATS:
            raise UnknownQuery(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
        q = get_query(name)
        values = dict(_split_param(p) for p in (param or []))
        text = q.bound(values)  # parameters checked before any store or server is reached
        if endpoint:
            from kg.remote import remote_select

            table = remote_select(endpoint, text, timeout=timeout)
        else:
            table = Table.from_solutions(_store(store, read_only=True).select(text))
        sys.stdout.write(render(table, fmt))
    except CoopkgError as exc:
        _fail(exc)


def _split_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise UnknownQuery(f"parameter {text!r} is not k=v")
    return key.strip(), value


@app.command()
def push(
    graph_store: Annotated[
        str, typer.Option("--graph-store", help="The server's SPARQL 1.1 Graph Store URL.")
    ],
    store: StoreOpt = None,
    endpoint: Annotated[
        str | None, typer.Option(help="The same server's SPARQL endpoint (needed by --prune).")
    ] = None,
    prune: Annotated[
        bool, typer.Option(help="Delete the server's coopkg graphs the store no longer has.")
    ] = False,
    user: Annotated[
        str | None, typer.Option(help="Log in as USER; password: $COOPKG_PASSWORD or a prompt.")
    ] = None,
    auth: Annotated[
        str | None,
        typer.Option(help="digest or basic (default: digest for /sparql-graph-crud-auth)."),
    ] = None,
    chunk_size: Annotated[int, typer.Option(min=1, help="Triples per request.")] = 5000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds per request.")] = 60.0,
) -> None:
    """Upload the store to a SPARQL server, one named graph per document (HTTP PUT: a graph
    pushed again replaces its older copy), the reference and ontology graphs too."""
    from kg import remote

    if prune and not endpoint:
        raise typer.BadParameter("--prune needs --endpoint URL", param_hint="--prune")
    try:
        scheme, credentials = remote.auth_scheme(graph_store, auth), None
        if user:
            password = remote.password_for(
                user, lambda text: str(typer.prompt(text, hide_input=True, err=True))
            )
            credentials = remote.Credentials(user, password, scheme)
        report = remote.push_with_progress(
            err,
            _store(store, read_only=True),
            graph_store,
            credentials=credentials,
            endpoint=endpoint,
            prune_stale=prune,
            chunk_size=chunk_size,
            timeout=timeout,
        )
    except CoopkgError as exc:
        _fail(exc)
        return
    out.print(
        f"pushed {len(report.graphs)} graphs ({report.triples} triples, {report.requests} "
        f"requests) to {graph_store}",
        markup=False,
    )
    for graph in report.pruned:
        out.print(f"pruned {graph}", markup=False)


@app.command()
def queries() -> None:
    """List the named queries with their parameters."""
    from kg.named_queries import list_queries

    for q in list_queries():
        out.print(f"{q.name:26} {q.title}", markup=False)
        for p in q.params:
            out.print(f"{'':26}   {p.usage()}  {p.description}".rstrip(), markup=False)


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="turtle, nt, jsonld, trig, nquads; csv-actors, csv-links; or graphml / gexf.",
        ),
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
    with_ontology: Annotated[bool, typer.Option(help="Include the ontology graph.")] = False,
    min_confidence: MinConfidenceOpt = 0.0,
    context_file: Annotated[
        Path | None,
        typer.Option("--context-file", help="Also write the JSON-LD context to this file."),
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Export the graph (documents and reference data) in an RDF format (sorted, byte-stable;
    JSON-LD compacted with its context inline), the actors or links as CSV, or the partner
    network (entities and links with kinds, countries, years, amounts and confidence) as GraphML
    or GEXF. --min-confidence leaves out the less confident links; --context-file writes the
    JSON-LD context (context.jsonld) beside."""
    from kg.export import export_graph
    from kg.graph_export import FORMATS as GRAPH_FORMATS

    try:
        s = _store(store, read_only=True)
        if fmt in GRAPH_FORMATS:
            from kg.export import check_network
            from kg.graph_export import write_network
            from kg.network import link_graph

            network = link_graph(s, min_confidence)
            check_network(network)
            data = write_network(network, fmt)
        else:
            data = export_graph(s, fmt, with_ontology, min_confidence)
    except CoopkgError as exc:
        _fail(exc)
        return
    if context_file:
        from kg.export_jsonld import shipped_context_text

        context_file.write_text(shipped_context_text(), encoding="utf-8")
        out.print(f"wrote {context_file} (JSON-LD context)", markup=False)
    if output:
        output.write_bytes(data)
        out.print(f"wrote {output} ({len(data)} bytes)", markup=False)
    else:
        sys.stdout.buffer.write(data)


@app.command()
def describe(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Turtle file (default: stdout).")
    ] = None,
    license_iri: Annotated[
        str | None,
        typer.Option("--license", help="Licence IRI (default: ODbL 1.0, see the README)."),
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="The publisher: an IRI, or a name.")] = None,
    sparql_endpoint: Annotated[
        str | None, typer.Option("--sparql-endpoint", help="URL of a SPARQL endpoint serving it.")
    ] = None,
    distribution: Annotated[
        list[Path] | None,
        typer.Option(help="An export file to list as a dcat:Distribution (repeat the option)."),
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="URL the distribution files are under.")
    ] = None,
    dataset_iri: Annotated[
        str | None, typer.Option("--dataset-iri", help="IRI of the dataset resource.")
    ] = None,
    with_ontology: Annotated[
        bool, typer.Option(help="Describe the export that includes the ontology graph.")
    ] = False,
    min_confidence: MinConfidenceOpt = 0.0,
    store: StoreOpt = None,
) -> None:
    """Describe the dataset in VoID + DCAT (Turtle): title, licence, publisher, dates, triple
    count, class and property partitions, examples, SPARQL endpoint and one distribution per
    export file given (--distribution FILE, downloadable under --base-url)."""
    from kg.describe import DEFAULT_LICENSE, Options
    from kg.describe import describe as describe_dataset

    options = Options(
        license=license_iri or DEFAULT_LICENSE,
        publisher=publisher,
        sparql_endpoint=sparql_endpoint,
        distributions=distribution or [],
        base_url=base_url,
        with_ontology=with_ontology,
        min_confidence=min_confidence,
    )
    if dataset_iri:
        options.dataset = dataset_iri
    try:
        data = describe_dataset(_store(store, read_only=True), options)
    except CoopkgError as exc:
        _fail(exc)
        return
    if output:
        output.write_bytes(data)
        out.print(f"wrote {output} ({len(data)} bytes)", markup=False)
    else:
        sys.stdout.buffer.write(data)


@app.command("ontology-docs")
def ontology_docs(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
        "coopkg-ontology.html"
    ),
    ontology: Annotated[
        Path | None, typer.Option(help="Ontology file (default: the packaged coop.ttl).")
    ] = None,
) -> None:
    """Write a browsable HTML page of the ontology: every class and property with its English and
    French labels, definitions, superclasses, domain and range, linked to the reused
    vocabularies. The page is self-contained."""
    from kg.ontology_docs import write

    page = write(output, ontology)
    n = sum(t.kind != "concept scheme" for _, _, terms in page.sections for t in terms)
    out.print(f"wrote {output} ({n} classes and properties)", markup=False)


@app.command()
def validate(
    store: StoreOpt = None,
    reason: Annotated[
        bool, typer.Option(help="Also check OWL consistency with HermiT (Java).")
    ] = False,
) -> None:
    """Check every document graph against the SHACL shapes; exit 3 on violations."""
    from kg.validate import validate_store

    try:
        s = _store(store, read_only=True)
        report = validate_store(s)
        for v in report.violations:
            err.print(str(v), markup=False)
        if reason:
            from kg.reason import check_consistency

            check_consistency(t for g in s.graphs() if "/doc/" in g for t in s.triples(g))
    except CoopkgError as exc:
        _fail(exc)
        return
    n = len(report.violations)
    out.print(f"{report.graphs} graphs checked, {n} violations", markup=False)
    raise typer.Exit(3 if n else 0)


@app.command()
def stats(
    store: StoreOpt = None,
    network: Annotated[
        bool,
        typer.Option(
            "--network",
            help="Network analysis: degree, brokers (betweenness), communities, components, "
            "French side / partner side.",
        ),
    ] = False,
    csv_file: Annotated[
        Path | None, typer.Option("--csv", help="Also write every entity's measures as CSV.")
    ] = None,
    top: Annotated[int, typer.Option(help="Entities shown in the terminal table.")] = 25,
) -> None:
    """Counts by kind: documents, actors of each kind, initiatives, links of each kind.
    With --network, the network measures of every entity instead (and --csv FILE)."""
    if network or csv_file:
        _network_stats(store, csv_file, top)
        return
    from kg.named_queries import get_query
    from kg.results import Table, render

    try:
        s = _store(store, read_only=True)
        table = Table.from_solutions(s.select(get_query("counts").text))
    except CoopkgError as exc:
        _fail(exc)
        return
    sys.stdout.write(render(table, "table"))
    out.print(f"{len(s)} quads in {len(s.graphs())} graphs", markup=False)


def _network_stats(store: Path | None, csv_file: Path | None, top: int) -> None:
    from kg.network import analyse, link_graph, render_table, to_csv

    try:
        report = analyse(link_graph(_store(store, read_only=True)))
    except CoopkgError as exc:
        _fail(exc)
        return
    sys.stdout.write(render_table(report, top))
    if csv_file:
        csv_file.write_text(to_csv(report), encoding="utf-8")
        out.print(f"wrote {csv_file} ({len(report.rows)} entities)", markup=False)


@app.command()
def viz(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path(
        "coopkg-network.html"
    ),
    focus: Annotated[
        str | None,
        typer.Option(help="Only what lies around the entity of this name (any case or accent)."),
    ] = None,
    hops: Annotated[int, typer.Option(help="With --focus: how many links away to go.")] = 1,
    query: Annotated[
        str | None,
        typer.Option(help="Draw the pairs a named query gives (links, partners_of, a .rq file)."),
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter as k=v.")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help="Keep links of this kind (funding…) or touching this kind (Commune…)."),
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option(help="Keep links touching this country (ISO code: TG).")
    ] = None,
    since: Annotated[
        int | None, typer.Option(help="Keep links of this year or later (dated links only).")
    ] = None,
    size: Annotated[
        str, typer.Option(help="Node size: degree, or funding (received, in EUR).")
    ] = "degree",
    min_confidence: MinConfidenceOpt = 0.0,
    max_nodes: Annotated[
        int, typer.Option(min=1, help="Draw at most this many entities (the most linked).")
    ] = 2000,
    store: StoreOpt = None,
) -> None:
    """Draw the partner network as one self-contained HTML page that opens with no network:
    colours by kind, shapes by country, tooltips with sources, search and filters. Above
    --max-nodes entities (2000) it draws the most linked ones and says how to narrow it."""
    from kg.viz import Filters, PageOptions, Selection, drawn_edge_count, select_graph, write_page
    from kg.viz.page import SIZES
    from kg.viz.select import headline, top_by_degree

    try:
        if size not in SIZES:
            raise UnknownQuery(f"unknown size {size!r} (known: {', '.join(SIZES)})")
        filters = Filters(tuple(kind or ()), tuple(country or ()), since, min_confidence)
        params = dict(_split_param(p) for p in (param or []))
        selection = Selection(focus, hops, query, params, filters)
        graph = top_by_degree(select_graph(_store(store, read_only=True), selection), max_nodes)
        title, subtitle = headline(selection, graph)
        focus_nodes = tuple(graph.graph.get("focus", ()))
        write_page(graph, output, PageOptions(title, subtitle, size, focus_nodes))
    except CoopkgError as exc:
        _fail(exc)
        return
    n, m = graph.number_of_nodes(), drawn_edge_count(graph)
    note = "" if n else " (nothing matches: the page is empty)"
    truncated = graph.graph.get("truncated")
    if truncated:
        err.print(
            f"the network has {truncated[0]:,} entities, more than --max-nodes {max_nodes}: "
            f"drawing the {truncated[1]:,} with the most links. Narrow it with --focus NAME "
            "(--hops), --country, --kind or --since, or raise --max-nodes.",
            markup=False,
            soft_wrap=True,
        )
    out.print(f"wrote {output} ({n} entities, {m} edges){note}", markup=False)


@app.command()
def serve(
    store: StoreOpt = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 7878,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds a query may run before it is stopped.")
    ] = 30.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", min=1, help="Rows (or triples) a query may give.")
    ] = 100_000,
    workers: Annotated[int, typer.Option(min=1, help="Query worker processes.")] = 2,
    memory: Annotated[
        int, typer.Option("--memory", min=0, help="MiB of memory a worker may use (0: no cap).")
    ] = 4096,
    cors_origin: Annotated[
        str | None,
        typer.Option(
            "--cors-origin",
            help="Let pages from this origin (or '*': any) query the endpoint; default: none.",
        ),
    ] = None,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint (/sparql) with a query page (/).

    Serves a private snapshot of the store, refreshed after each `coopkg build`; a query past
    --timeout or --max-rows is stopped with an error while the others go on."""
    from kg.serve import ServeConfig
    from kg.serve import serve as run_server
    from kg.store import default_store_path

    config = ServeConfig(
        store or default_store_path(),
        host,
        port,
        timeout,
        max_rows,
        workers,
        memory,
        cors_origin=cors_origin,
    )
    try:
        run_server(config)
    except CoopkgError as exc:
        _fail(exc)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
