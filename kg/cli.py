"""The `coopkg` command line: thin commands over the library in `kg/` and `builders/`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

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


def _store(path: Path | None, read_only: bool = False) -> Store:
    from kg.store import Store, default_store_path

    return Store(path or default_store_path(), read_only=read_only)


def _fail(exc: CoopkgError) -> NoReturn:
    err.print(f"coopkg: {exc}", markup=False)
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
) -> None:
    """Build documents into the store: one named graph per document, replacing older builds.

    Exit code 0 when every document was built, 1 when some failed (each failure on stderr).
    """
    from kg.build import Pipeline
    from kg.load import iter_paths
    from kg.reference import Reference

    try:
        files = iter_paths(paths)
        reference = Reference.default()
        if cog:
            reference.add_cog(cog)
        pipeline = Pipeline.default(_store(store), reference)
    except CoopkgError as exc:
        _fail(exc)
        return
    failed = 0
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("building", total=len(files))
        for result in pipeline.build(files, builder, force, lambda r: progress.advance(task)):
            if result.status == "failed":
                failed += 1
                err.print(result.error, markup=False)
            else:
                out.print(
                    f"{result.status:9} {result.path} [{result.builder}, {result.triples} triples]",
                    markup=False,
                )
    out.print(f"{len(files) - failed} built or up to date, {failed} failed", markup=False)
    raise typer.Exit(1 if failed else 0)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One document.")],
    builder: Annotated[
        str | None, typer.Option(help="Use this builder instead of the best claim.")
    ] = None,
    highlight: Annotated[
        bool, typer.Option("--highlight", help="Show the text with mentions highlighted instead.")
    ] = False,
) -> None:
    """Print what a builder reads in FILE (the Extraction, as JSON, with character spans);
    nothing is stored. Each statement shows its rule and its confidence (the builder's own, else
    the calibrated one). --highlight shows the mentions on the text and the statements."""
    from builders.registry import Registry
    from kg.calibrate import with_confidences
    from kg.load import load

    try:
        doc = load(file)
        extraction = with_confidences(Registry.default().choose(doc, builder).build(doc))
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
) -> None:
    """Run a named SPARQL query (parameters are bound, never pasted into the text)."""
    from kg.named_queries import get_query
    from kg.results import FORMATS, Table, render

    try:
        if fmt not in FORMATS:
            raise UnknownQuery(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
        q = get_query(name)
        values = dict(_split_param(p) for p in (param or []))
        solutions = _store(store, read_only=True).select(q.bound(values))
        sys.stdout.write(render(Table.from_solutions(solutions), fmt))
    except CoopkgError as exc:
        _fail(exc)


def _split_param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise UnknownQuery(f"parameter {text!r} is not k=v")
    return key.strip(), value


@app.command()
def queries() -> None:
    """List the named queries with their parameters."""
    from kg.named_queries import list_queries

    for q in list_queries():
        params = " ".join(
            f"--param {p.name}=..." if p.default is None else f"[--param {p.name}={p.default}]"
            for p in q.params
        )
        out.print(f"{q.name:20} {q.title} {params}".rstrip(), markup=False)


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="turtle, nt, jsonld, trig, nquads, or graphml / gexf (Gephi)."
        ),
    ] = "turtle",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")
    ] = None,
    with_ontology: Annotated[bool, typer.Option(help="Include the ontology graph.")] = False,
    min_confidence: MinConfidenceOpt = 0.0,
    store: StoreOpt = None,
) -> None:
    """Export the graph (documents and reference data) in an RDF format, or the partner network
    (entities and links with kinds, countries, years, amounts and confidence) as GraphML or GEXF.
    --min-confidence leaves out the less confident links."""
    from kg.export import export_graph
    from kg.graph_export import FORMATS as GRAPH_FORMATS

    try:
        s = _store(store, read_only=True)
        if fmt in GRAPH_FORMATS:
            from kg.graph_export import write_network
            from kg.network import link_graph

            data = write_network(link_graph(s, min_confidence), fmt)
        else:
            data = export_graph(s, fmt, with_ontology, min_confidence)
    except CoopkgError as exc:
        _fail(exc)
        return
    if output:
        output.write_bytes(data)
        out.print(f"wrote {output} ({len(data)} bytes)", markup=False)
    else:
        sys.stdout.buffer.write(data)


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
    store: StoreOpt = None,
) -> None:
    """Draw the partner network as one self-contained HTML page that opens with no network:
    colours by kind, shapes by country, tooltips with sources, search and filters."""
    from kg.viz import Filters, PageOptions, Selection, drawn_edge_count, select_graph, write_page
    from kg.viz.page import SIZES
    from kg.viz.select import headline

    try:
        if size not in SIZES:
            raise UnknownQuery(f"unknown size {size!r} (known: {', '.join(SIZES)})")
        filters = Filters(tuple(kind or ()), tuple(country or ()), since, min_confidence)
        params = dict(_split_param(p) for p in (param or []))
        selection = Selection(focus, hops, query, params, filters)
        graph = select_graph(_store(store, read_only=True), selection)
        title, subtitle = headline(selection, graph)
        focus_nodes = tuple(graph.graph.get("focus", ()))
        write_page(graph, output, PageOptions(title, subtitle, size, focus_nodes))
    except CoopkgError as exc:
        _fail(exc)
        return
    n, m = graph.number_of_nodes(), drawn_edge_count(graph)
    note = "" if n else " (nothing matches: the page is empty)"
    out.print(f"wrote {output} ({n} entities, {m} edges){note}", markup=False)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
