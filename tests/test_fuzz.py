"""Fuzzing with hypothesis: generated text, markup, CSV tables and bytes thrown at the loaders,
the builders (through the pipeline) and the command line's build. Nothing may raise past them,
no document may fail as an "internal error" (a bug caught at the last resort), and the store
must be left readable.

Briefly in `make test` (the `brief` profile); longer with `make fuzz` (COOPKG_FUZZ=long).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.build import Pipeline
from kg.cli import app
from kg.errors import UnreadableDocument
from kg.load import LOADERS, load
from kg.store import Store

settings.register_profile(
    "brief", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = "long" if os.environ.get("COOPKG_FUZZ") == "long" else "brief"

_VOCABULARY = (
    "la commune de Bressuire Kpalimé Togo partenariat convention jumelage avec et le Département "
    "des Deux-Sèvres finance subvention de 15 000 euros projet eau potable Région association "
    "Niort Atakpamé Bénin Sénégal coopération décentralisée programme en 2019 signé par à pour "
    "l' d' « » ; : , . ( ) - / 1991 2024 € M. Mme maire Tél. 05 49 12 34 56 a@b.fr"
)
WORDS = _VOCABULARY.split()
SUFFIXES = sorted(LOADERS)

french_soup = st.lists(st.sampled_from(WORDS), min_size=0, max_size=120).map(" ".join)
any_text = st.one_of(french_soup, st.text(max_size=400))
markup = st.recursive(
    any_text.map(lambda t: t.replace("<", "&lt;")),
    lambda inner: st.tuples(
        st.sampled_from(["p", "div", "script", "style", "b", "a", "table", "td", "li", "head"]),
        st.lists(inner, max_size=4),
    ).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
    max_leaves=25,
)
cells = st.one_of(st.sampled_from(WORDS), st.text(max_size=20))
tables = st.tuples(
    st.lists(
        st.sampled_from(["commune", "pays", "partenaire", "montant", "année", "ville", "x"]),
        min_size=1,
        max_size=5,
        unique=True,
    ),
    st.integers(0, 12),
    st.sampled_from([",", ";", "\t"]),
    st.data(),
)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"])


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _loads_or_names_itself(path: Path) -> None:
    try:
        doc = load(path)
    except UnreadableDocument as exc:
        message = str(exc)
        assert message.startswith(f"{path}: ") and "\n" not in message, message
        return
    assert doc.text.strip()


@settings(settings.get_profile(PROFILE))
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_loaders_take_any_bytes(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _loads_or_names_itself(_write(Path(tmp), f"f{suffix}", data))


@settings(settings.get_profile(PROFILE))
@given(text=any_text, encoding=encodings, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_loaders_take_any_text_in_any_encoding(text: str, encoding: str, suffix: str) -> None:
    data = text.encode(encoding, errors="replace")
    with tempfile.TemporaryDirectory() as tmp:
        _loads_or_names_itself(_write(Path(tmp), f"f{suffix}", data))


@settings(settings.get_profile(PROFILE))
@given(page=markup)
def test_the_html_loader_takes_any_markup(page: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _loads_or_names_itself(
            _write(Path(tmp), "p.html", f"<html><body>{page}</body></html>".encode())
        )


def _table(spec: tuple[list[str], int, str, st.DataObject]) -> bytes:
    header, n, delimiter, data = spec
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for _ in range(n):
        writer.writerow([data.draw(cells) for _ in header])
    if data.draw(st.booleans()):  # now and then, a broken last line
        out.write(data.draw(st.sampled_from(['"unterminated,', "a,b,c,d,e,f,g\n", "\x00"])))
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.default(Store())


def _built_or_named(pipeline: Pipeline, path: Path) -> None:
    result = pipeline.build_one(path)
    if result.status == "failed":
        assert result.error and result.error.startswith(f"{path}: "), result.error
        assert "internal error" not in result.error and "\n" not in result.error, result.error
    else:
        assert result.graph in pipeline.store.graphs()
    assert pipeline.store.pending() == []


@settings(settings.get_profile(PROFILE))
@given(text=any_text, suffix=st.sampled_from([".txt", ".md"]))
def test_the_builders_take_any_text(pipeline: Pipeline, text: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _built_or_named(pipeline, _write(Path(tmp), f"t{suffix}", text.encode("utf-8")))


@settings(settings.get_profile(PROFILE))
@given(page=markup)
def test_the_builders_take_any_page(pipeline: Pipeline, page: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _built_or_named(pipeline, _write(Path(tmp), "p.html", f"<p>{page}</p>".encode()))


@settings(settings.get_profile(PROFILE))
@given(spec=tables)
def test_the_builders_take_any_table(
    pipeline: Pipeline, spec: tuple[list[str], int, str, st.DataObject]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _built_or_named(pipeline, _write(Path(tmp), "t.csv", _table(spec)))


files = st.lists(
    st.tuples(
        st.sampled_from([*SUFFIXES, ".xyz", ""]),
        st.one_of(st.binary(max_size=500), any_text.map(str.encode)),
    ),
    min_size=1,
    max_size=5,
)


@settings(
    settings.get_profile(PROFILE),
    max_examples=max(5, settings.get_profile(PROFILE).max_examples // 3),
)
@given(folder=files)
def test_the_build_command_takes_any_folder(folder: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs, store = Path(tmp, "docs"), Path(tmp, "store")
        docs.mkdir()
        for i, (suffix, data) in enumerate(folder):
            _write(docs, f"f{i}{suffix}", data)
        run = CliRunner().invoke(app, ["build", str(docs), "--store", str(store)])
        assert run.exit_code in (0, 1), run.output
        assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
        assert "Traceback" not in run.output and "internal error" not in run.output
        s = Store(store, read_only=True)  # the store is readable after any build
        assert s.pending() == []
        list(s.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        del s


#: the keys a mapping may hold, with the kinds of value a researcher may write for them
_SECTIONS = ["table", "french", "foreign", "partnership", "funding", "x"]
_KEYS = [
    "name", "insee", "kind", "default_kind", "country", "title", "themes", "start_year",
    "end_year", "status", "funder", "amount", "currency", "default_currency", "year",
    "optional", "header_row", "theme_separators", "sheet", "x",
]  # fmt: skip
_VALUES = st.one_of(
    st.sampled_from(["collectivite_francaise", "pays", "montant", "EUR", "Commune", ""]),
    st.integers(-3, 5).map(str),
    st.just('["a", "b"]'),
    st.text(alphabet="abc_é ", max_size=12).map(lambda t: f'"{t}"'),
)
mappings = st.lists(
    st.tuples(st.sampled_from(_SECTIONS), st.lists(st.tuples(st.sampled_from(_KEYS), _VALUES))),
    max_size=6,
)


_BARE = tuple('["-0123456789')


def _value(v: str) -> str:
    return v if v.startswith(_BARE) else repr(v)


def _toml(sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    out = []
    for section, pairs in sections:
        out.append(f"[[{section}]]" if section == "funding" else f"[{section}]")
        out += [f"{k} = {_value(v)}" for k, v in pairs]
    return "\n".join(out) + "\n"


@settings(settings.get_profile(PROFILE))
@given(sections=mappings)
def test_a_mapping_is_read_or_refused_in_one_line(
    sections: list[tuple[str, list[tuple[str, str]]]],
) -> None:
    from builders.table.mapping import parse_mapping
    from kg.errors import BuilderError

    try:
        parse_mapping(_toml(sections), "fuzz.toml")
    except BuilderError as exc:
        assert str(exc).startswith("fuzz.toml: ") and "\n" not in str(exc).strip(), str(exc)


_PAIRS_HEADER = [
    "collectivite_francaise", "code_insee", "collectivite_partenaire", "pays", "intitule",
    "thematiques", "annee_debut", "annee_fin", "statut", "financeur", "montant", "devise",
    "annee_financement",
]  # fmt: skip


@settings(settings.get_profile(PROFILE))
@given(rows=st.lists(st.lists(cells, min_size=13, max_size=13), max_size=8))
def test_the_pairs_mapping_takes_any_rows(pipeline: Pipeline, rows: list[list[str]]) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_PAIRS_HEADER)
    writer.writerows(rows)
    registry = pipeline.registry
    name = registry.use_mapping("pairs").name
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), "pairs.csv", out.getvalue().encode("utf-8"))
        result = pipeline.build_one(path, name)
        if result.status == "failed":
            assert result.error and result.error.startswith(f"{path}: "), result.error
            assert "internal error" not in result.error, result.error
        assert pipeline.store.pending() == []
