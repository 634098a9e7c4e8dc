"""The table builder: golden cases per shipped mapping, bad rows, resolution across rows,
partnerships with several fundings, XLSX, mappings and value normalisation.

Golden cases live in cases/table/<mapping>/: `table.csv` or `table.tsv` (our own small tables)
and `expected.json`: every mention as {kind, name, country, attrs}, every statement as {kind,
roles: role -> mention name, attrs (a funding's `partnership` given as that partnership's
title), line: the row it was read from}, and the warnings as [line, reason]. Compared exactly.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from builders.table import TableBuilder, load_mapping, shipped
from builders.table.mapping import parse_mapping
from builders.table.rows import header_line
from builders.table.values import BadValue, amount, country, currency, status, years
from kg.errors import BuilderError
from kg.extraction import Extraction
from kg.load import load
from kg.store import Store

CASES = Path(__file__).parent / "cases" / "table"
COOPKG = [sys.executable, "-m", "kg.cli"]
PAIRS_HEADER = (
    "collectivite_francaise,code_insee,collectivite_partenaire,pays,intitule,thematiques,"
    "annee_debut,annee_fin,statut,financeur,montant,devise,annee_financement"
)
COOP = "https://w3id.org/coopkg/ontology#"


def summary(ex: Extraction, text: str) -> dict[str, Any]:
    """The golden form of an extraction (ids and offsets replaced by names and lines)."""
    names = {m.id: m.name for m in ex.mentions}
    titles = {s.id: s.attrs.get("title", "") for s in ex.statements}
    lines = text.splitlines()
    statements = []
    for s in ex.statements:
        attrs = dict(s.attrs)
        if "partnership" in attrs:
            attrs["partnership"] = titles[attrs["partnership"]]
        line = text.count("\n", 0, s.start) + 1
        assert s.evidence == lines[line - 1] == text[s.start : s.end]
        roles = {role: names[m] for role, m in s.roles.items()}
        statements.append({"kind": s.kind, "roles": roles, "attrs": attrs, "line": line})
    return {
        "mentions": [
            {"kind": m.kind, "name": m.name, "country": m.country, "attrs": m.attrs}
            for m in ex.mentions
        ],
        "statements": statements,
        "warnings": [w.split(":", 2)[1:] for w in ex.warnings],
    }


def case_table(mapping: str) -> Path:
    return next(p for p in sorted((CASES / mapping).iterdir()) if p.stem == "table")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COOPKG, *map(str, args)], capture_output=True, text=True, check=False)


def select(store: Store, sparql: str) -> list[tuple[str, ...]]:
    prefixes = f"PREFIX coop: <{COOP}>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
    rows = store.select(prefixes + sparql)
    return [tuple(v.value if v is not None else "" for v in row) for row in rows]


@pytest.mark.parametrize("mapping", shipped())
def test_golden_case_of_each_shipped_mapping(mapping: str) -> None:
    doc = load(case_table(mapping))
    builder = TableBuilder()
    assert builder.claim(doc) > 0.9  # claimed by its header alone
    assert builder.mapping_for(doc, header_line(doc)).name == mapping
    actual = summary(builder.build(doc), doc.text)
    expected = json.loads((CASES / mapping / "expected.json").read_text(encoding="utf-8"))
    assert actual == expected
    assert summary(TableBuilder(mapping).build(doc), doc.text) == expected  # named: the same


def test_an_xlsx_workbook_reads_like_the_same_table_as_tsv(tmp_path: Path) -> None:
    from openpyxl import Workbook

    tsv = case_table("atlas")
    book = Workbook()
    sheet = book.active
    for line in tsv.read_text(encoding="utf-8").splitlines():
        sheet.append([int(c) if c.isdigit() else (c or None) for c in line.split("\t")])
    book.create_sheet("Notes").append(["not read"])
    book.save(tmp_path / "atlas.xlsx")
    doc = load(tmp_path / "atlas.xlsx")
    expected = json.loads((CASES / "atlas" / "expected.json").read_text(encoding="utf-8"))
    assert summary(TableBuilder().build(doc), doc.text) == expected


def test_a_bad_row_is_a_warning_by_line_and_the_rest_builds(tmp_path: Path) -> None:
    table = write(
        tmp_path / "t.csv",
        f"{PAIRS_HEADER}\n"
        "Rennes,35238,Sévaré,Mali,Coopération,,2001,,,,,,\n"
        "Niort,,Atlantis,Atlantide,Échanges,,,,,,,,\n"
        "Brest,,Dakar,Sénégal,Jumelage,,1974,1970,,,,,\n"
        "Lyon,,Porto-Novo,Bénin,Appui,,,,,MEAE,abc,,\n"
        "Nantes,,Rufisque,Sénégal\n"
        '"Tours",,"Luang Prabang",Laos,Patrimoine,,,,,,,,,"une de trop"\n'
        "Douai,,Dédougou,Burkina Faso,Appui,,2015,,,,,,\n",
    )
    store = tmp_path / "store"
    result = run("build", table, "--store", store, "--progress")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith(f"{table}:")]
    written = [w for w in warnings if w.endswith("triples written so far")]
    assert written and all(int(w.split(": ")[1].split()[0]) > 0 for w in written)
    assert [w for w in warnings if w not in written] == [
        f"{table}:3: unknown country 'Atlantide'",
        f"{table}:4: the partnership ends (1970) before it starts (1974)",
        f"{table}:5: amount 'abc' has no number",
        f"{table}:6: 4 fields, header has 13; row skipped",
        f"{table}:7: 14 fields, header has 13; row skipped",
    ]
    assert "1 built or up to date (1 with warnings), 0 failed" in result.stdout
    query = "SELECT ?l WHERE { GRAPH ?g { ?p a coop:Partnership ; coop:evidence ?l } }"
    pairs = select(Store(store, read_only=True), query)
    assert sorted(p[0].split(",")[0] for p in pairs) == ["Douai", "Rennes"]


def test_a_mapping_reads_the_sheet_and_header_row_it_names(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Lisez-moi"
    book.active.append(["Ce classeur liste les partenariats."])
    sheet = book.create_sheet("Partenariats")
    sheet.append(["Export du réseau, 2024"])
    sheet.append([])
    sheet.append(["Ville", "Partenaire", "Pays"])
    sheet.append(["Rennes", "Sévaré", "Mali"])
    sheet.append(["Niort", "Atlantis", "Atlantide"])
    sheet.append([])
    sheet.append(["Douai", "Dédougou", "Burkina Faso"])
    book.save(tmp_path / "reseau.xlsx")
    toml = '[table]\nsheet = "partenariats"\nheader_row = 3\n'
    toml += '[french]\nname = "Ville"\n[foreign]\nname = "Partenaire"\ncountry = "Pays"\n'
    mapping = write(tmp_path / "reseau.toml", toml)
    doc = load(tmp_path / "reseau.xlsx")
    ex = TableBuilder(str(mapping)).build(doc)
    pairs = [(s.evidence.split("\t")[0], s.kind) for s in ex.statements]
    assert pairs == [("Rennes", "partnership"), ("Douai", "partnership")]
    assert ex.warnings == [f"{doc.path}:5: unknown country 'Atlantide'"]  # the sheet's row 5
    by_position = write(tmp_path / "second.toml", toml.replace('"partenariats"', "2"))
    assert len(TableBuilder(str(by_position)).build(doc).statements) == 2
    missing = write(tmp_path / "missing.toml", toml.replace('"partenariats"', '"Feuil9"'))
    with pytest.raises(
        BuilderError,
        match=re.escape("no sheet 'Feuil9' in the workbook (sheets: 'Lisez-moi', 'Partenariats')"),
    ):
        TableBuilder(str(missing)).build(doc)
    with pytest.raises(BuilderError, match=re.escape("table.sheet must be")):
        parse_mapping(toml.replace('"partenariats"', "0"), "bad.toml")


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    header = PAIRS_HEADER.replace("collectivite_partenaire,", "")
    table = write(tmp_path / "t.csv", f"{header}\nRennes,35238,Mali,Coop,,,,,,,,\n")
    result = run("build", table, "--mapping", "pairs", "--store", tmp_path / "store")
    assert result.returncode == 1
    assert f"{table}: mapping pairs: missing required column(s) 'collectivite_partenaire'" in (
        result.stderr
    )
    unknown = run("build", table, "--mapping", "nosuch", "--store", tmp_path / "store")
    assert unknown.returncode != 0 and "nosuch: no such mapping (shipped: atlas, pairs" in (
        unknown.stderr
    )


def build_table(tmp_path: Path, text: str, mapping: str | None = None) -> Store:
    """A fresh store with one table built into it (through `mapping`, else by claim)."""
    from kg.build import Pipeline

    store = Store()
    pipeline = Pipeline.default(store)
    builder = pipeline.registry.use_mapping(mapping).name if mapping else None
    [result] = pipeline.build([write(tmp_path / "t.csv", text)], builder)
    assert result.status == "built", result.error
    return store


def test_the_same_commune_across_rows_is_one_entity(tmp_path: Path) -> None:
    rows = [
        "Bressuire,79049,Kpalimé,Togo,Jumelage,,,,,,,,",
        "BRESSUIRE,79049,Kpalimé,Togo,Jumelage,,,,,,,,",
        "Bresuire,79049,KPALIME,TG,Jumelage,,,,,,,,",  # a misspelling: its INSEE code wins
        "Ville de Bressuire,79049,Dapaong,Togo,Eau,,,,,,,,",
        "Chef-Boutonne,,Kpalimé,Togo,Santé,,,,,,,,",
        "Chef-Boutonne,,Dapaong,Togo,Santé,,,,,,,,",
    ]
    store = build_table(tmp_path, "\n".join([PAIRS_HEADER, *rows]) + "\n")
    partners = select(
        store,
        "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?p a coop:Partnership ; coop:firstPartner ?a } }",
    )
    bressuire = "https://w3id.org/coopkg/id/insee/79049"
    assert len(partners) == 2 and (bressuire,) in partners
    foreign = select(
        store,
        "SELECT DISTINCT ?b WHERE { GRAPH ?g { ?p a coop:Partnership ; coop:secondPartner ?b } }",
    )
    assert len(foreign) == 2  # Kpalimé (three spellings) and Dapaong


def test_rows_of_the_same_pair_are_one_partnership_with_several_fundings(tmp_path: Path) -> None:
    rows = [
        'Douai,59178,Dédougou,Burkina Faso,Appui,Déchets,2015,,En cours,MEAE,"19 300 €",,2016',
        "Douai,59178,Dédougou,Burkina Faso,Appui,Déchets,2015,,,Douai,10 millions de FCFA,,2017",
        "Douai,59178,Dédougou,Burkina Faso,Appui,Déchets,2015,,,Région Hauts-de-France,5000,,",
        "Douai,59178,Dédougou,Burkina Faso,Festival,Culture,2019,,En cours,,,,",
    ]
    store = build_table(tmp_path, "\n".join([PAIRS_HEADER, *rows]) + "\n", mapping="pairs")
    fundings = select(
        store,
        """SELECT ?title ?amount ?currency WHERE { GRAPH ?g {
             ?f a coop:Funding ; coop:supports ?p ; coop:amount ?amount ; coop:currency ?currency .
             ?p a coop:Partnership ; dcterms:title ?title } }""",
    )
    assert sorted(fundings) == [
        ("Appui", "10000000", "XOF"),
        ("Appui", "19300", "EUR"),
        ("Appui", "5000", "EUR"),
    ]
    titles = select(
        store,
        "SELECT ?t WHERE { GRAPH ?g { ?p a coop:Partnership ; dcterms:title ?t } }",
    )
    assert sorted(titles) == [("Appui",), ("Festival",)]  # same pair, other title: its own


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("19 300 €", ("19300", "EUR")),
        ("10 millions de FCFA", ("10000000", "XOF")),
        ("1,5 M€", ("1500000", "EUR")),
        ("12 500,50", ("12500.5", None)),
        ("1.234.567 euros", ("1234567", "EUR")),
        ("2 milliards de francs CFA", ("2000000000", "XOF")),
        ("250000 XOF", ("250000", "XOF")),
    ],
)
def test_amounts_are_normalised(written: str, expected: tuple[str, str | None]) -> None:
    assert amount(written) == expected


def test_years_countries_statuses_and_currencies_are_normalised() -> None:
    assert years("1991-1993") == (1991, 1993)
    assert years("de 2004 à 2006") == (2004, 2006)
    assert years("12/03/2004") == (2004, None)
    assert years("") == (None, None)
    assert (country("Burkina Faso"), country("TOGO"), country("ml")) == ("BF", "TG", "ML")
    assert [status(w) for w in ("En cours", "Terminé", "achevé", "clos", "En projet")] == [
        "en cours",
        "terminé",
        "terminé",
        "terminé",
        "en projet",
    ]
    assert (currency("FCFA"), currency("€"), currency("euros")) == ("XOF", "EUR", "EUR")
    for bad in (lambda: amount("beaucoup"), lambda: years("1995-1990"), lambda: country("Oz")):
        with pytest.raises(BadValue):
            bad()


def test_a_mapping_file_is_checked_and_read(tmp_path: Path) -> None:
    text = """
[table]
name = "mine"
optional = ["Pays"]
[french]
name = "Ville"
[foreign]
name = "Partenaire"
country = "Pays"
default_country = "TG"
[[funding]]
funder = "Bailleur 1"
amount = "Montant 1"
[[funding]]
funder = "Bailleur 2"
amount = "Montant 2"
"""
    mapping = parse_mapping(text, "mine.toml")
    assert mapping.required() == [
        "Ville",
        "Partenaire",
        "Bailleur 1",
        "Montant 1",
        "Bailleur 2",
        "Montant 2",
    ]
    store = build_table(
        tmp_path,
        "Ville;Partenaire;Bailleur 1;Montant 1;Bailleur 2;Montant 2\n"
        "Rennes;Sévaré;MEAE;1000;Rennes;2000\n",
        mapping=str(write(tmp_path / "mine.toml", text)),
    )
    funders = select(
        store,
        "SELECT ?f ?a WHERE { GRAPH ?g { ?x a coop:Funding ; coop:funder ?f ; coop:amount ?a } }",
    )
    assert len(funders) == 2  # two funder column groups in one row
    for bad, reason in (
        ("[french]\n[foreign]\nname='b'", "[french] must be a table"),
        ("[french]\nname='a'\n[foreign]\nname='b'\nnom='c'", "unknown key foreign.nom"),
        ("[french]\nname='a'\ndefault_kind='Town'\n[foreign]\nname='b'", "not a kind"),
        ("[french\n", "invalid mapping TOML"),
    ):
        with pytest.raises(BuilderError, match=re.escape(reason)):
            parse_mapping(bad, "bad.toml")
    assert load_mapping("pairs").name == "pairs"


def test_the_readme_mapping_example_is_a_valid_mapping() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    [example] = [b for b in re.findall(r"```toml\n(.*?)```", readme, re.S) if "[[funding]]" in b]
    mapping = parse_mapping(example, "README.md")
    assert len(mapping.fundings) == 2 and mapping.french.columns["insee"] == "Code INSEE"
    assert "Montant 2" not in mapping.required()


@pytest.mark.parametrize("mapping", shipped())
def test_a_table_graph_conforms_to_the_shapes(mapping: str) -> None:
    from kg.build import Pipeline
    from kg.validate import validate_triples

    doc = load(case_table(mapping))
    pipeline = Pipeline.default(Store())
    triples = pipeline.triples(doc, TableBuilder(mapping))
    assert validate_triples(triples) == []
    mention_nodes = [t for t in triples if t.object.value.endswith("#Mention")]
    names = {m.name for m in TableBuilder(mapping).build(doc).mentions}
    assert len(mention_nodes) == len(names)  # one per name, not one per cell


def test_extract_reads_a_table_through_a_named_mapping(tmp_path: Path) -> None:
    done = run("extract", case_table("atlas"), "--mapping", "atlas")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["builder"] == "table" and data["builder_version"].startswith("1.0+atlas.")
    assert len(data["warnings"]) == 1 and data["warnings"][0].endswith(
        ":5: amount 'beaucoup' has no number"
    )


def _pairs_table(path: Path, rows: int) -> Path:
    """A table of `rows` rows: 3 French communes, partners reused, some pairs over two rows."""
    lines = [PAIRS_HEADER]
    for i in range(rows):
        pair = i // 2  # two rows per pair: the second a funding of the same partnership
        french = ("Rennes", "Niort", "Brest")[pair % 3]
        lines.append(
            f"{french},,Ville{pair % 7},Mali,Projet {pair},Eau,2001,,,Région Bretagne,"
            f"{1000 + i} €,,{2001 + i % 5}"
        )
    return write(path, "\n".join(lines) + "\n")


def _quads(store: Store) -> list[str]:
    """Every quad but the build's time, as text, sorted."""
    return sorted(str(q) for q in store.oxigraph if "endedAtTime" not in str(q.predicate))


def test_a_table_read_in_parts_gives_the_graph_read_whole(tmp_path: Path) -> None:
    from kg.build import Pipeline

    doc = load(_pairs_table(tmp_path / "t.csv", 41))
    builder = TableBuilder("pairs")
    parts = list(builder.build_parts(doc, rows_per_part=4))
    assert len(parts) == 11  # ten of four rows, the last of one
    assert len({m.id for p in parts for m in p.mentions}) == sum(len(p.mentions) for p in parts)
    assert len({s.id for p in parts for s in p.statements}) == 21 + 41  # partnerships, fundings
    named_before = {m for p in parts[1:] for s in p.statements for m in s.roles.values()}
    assert named_before - {m.id for p in parts[1:] for m in p.mentions}  # earlier parts' names
    pipeline = Pipeline.default(Store())
    whole = pipeline.emit_text(doc, builder.build(doc)).triples()
    in_parts = pipeline.emit_parts(doc, iter(parts)).triples()
    kept = [sorted(str(t) for t in ts if "endedAtTime" not in str(t)) for ts in (whole, in_parts)]
    assert kept[0] == kept[1]
    assert sum("#Funding>" in t for t in kept[1]) == 41


def test_a_builder_failing_between_parts_leaves_nothing_of_its_document(tmp_path: Path) -> None:
    from kg.build import Pipeline

    class Failing(TableBuilder):
        def build_parts(self, doc: Any, rows_per_part: int = 4) -> Any:
            parts = super().build_parts(doc, rows_per_part=4)
            if not doc.path.endswith("t.csv"):
                return parts
            return self.failing(parts)

        def failing(self, parts: Any) -> Any:
            yield next(parts)
            yield next(parts)  # two parts written, then the source goes away
            raise OSError("the disk holding the table went away")

    store = Store(tmp_path / "store")
    pipeline = Pipeline.default(store)
    pipeline.registry.register("failing", lambda: Failing("pairs"))
    table = _pairs_table(tmp_path / "t.csv", 30)
    other = write(
        tmp_path / "u.csv", f"{PAIRS_HEADER}\nDouai,,Dédougou,Burkina Faso,Appui,,,,,,,,\n"
    )
    failed, built = pipeline.build([table, other], builder="failing")
    assert failed.status == "failed" and "the disk holding the table went away" in failed.error
    assert built.status == "built" and not store.pending()
    docs = [g for g in store.graphs() if "/doc/" in g]
    assert docs == [built.graph]
    query = "SELECT ?g WHERE { GRAPH ?g { ?p a coop:Partnership } }"
    assert select(store, query) == [(built.graph,)]


def test_a_mapping_gives_the_same_builder_version_in_every_process() -> None:
    script = "from builders.table import TableBuilder; print(TableBuilder('atlas').version)"
    versions = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(versions) == 1  # so an unchanged table is "unchanged" at the next build
