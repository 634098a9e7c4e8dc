"""Prose read in batches (`ReadsInBatches`, `nlp.pipe`): spaCy's components run over several
texts at once, and every document reads exactly as it does alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builders.news import NewsTextBuilder
from builders.news.nlp import analyse, analyse_many, load_pipeline
from builders.news.reader import parseable
from builders.news.sentences import sentences
from kg.build import BATCH_DOCS, Pipeline, batches, prepare
from kg.load import load
from kg.store import Store

TEXTS = (
    "01_mamoudzou_agoe-nyive2_kloto1_jumelage.txt",
    "08_pseau_tenkodogo_etaules_chinon_eau.txt",
    "22_zio2_arles_visite_etudes_afropeennes.txt",
    "32_afd_programme_developpement_municipal_palestine.txt",
    "36_can-tho_assises_franco-vietnamiennes_cuf.txt",
)


@pytest.fixture(scope="module")
def docs(shared: Path) -> list:  # type: ignore[type-arg]
    return [load(shared / "devset" / "docs" / name) for name in TEXTS]


def _annotations(sdoc) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return [
        (t.idx, t.text, t.dep_, t.head.i, t.lemma_, t.pos_, t.ent_type_, t.ent_id_, t.is_sent_start)
        for t in sdoc
    ]


def test_texts_analysed_together_are_annotated_as_alone(docs: list) -> None:  # type: ignore[type-arg]
    nlp = load_pipeline()
    items = [(parseable(d.text), [s for s, _ in sentences(d.text)]) for d in docs]
    together = analyse_many(nlp, items)
    alone = [analyse(nlp, text, starts) for text, starts in items]
    assert len(together) == len(items)
    for a, b in zip(together, alone, strict=True):
        assert _annotations(a) == _annotations(b)
    # the sentence starts given are kept in the batch as alone (a title stays its own sentence)
    starts = {t.idx for t in together[0] if t.is_sent_start}
    assert {s for s in items[0][1] if s < len(items[0][0])} <= starts | {0}


def test_prepared_documents_read_as_they_read_alone(docs: list) -> None:  # type: ignore[type-arg]
    builder = NewsTextBuilder()
    alone = [builder.build(d) for d in docs]
    builder.prepare(docs)
    assert len(builder.reader._ready) == len(docs)
    together = [builder.build(d) for d in reversed(docs)][::-1]
    assert not builder.reader._ready  # each prepared analysis was read, and let go
    for a, b in zip(alone, together, strict=True):
        assert a.mentions == b.mentions and a.statements == b.statements
        assert a.statements  # documents with links: the comparison says something


def test_prepare_skips_tables_and_unread_documents(shared: Path, docs: list) -> None:  # type: ignore[type-arg]
    builder = NewsTextBuilder()
    table = load(Path(__file__).parent / "cases" / "table" / "pairs" / "table.csv")
    prepare([(docs[0], builder), (table, builder), (docs[1], None)])
    assert set(builder.reader._ready) == {docs[0].text}


def test_batches_keep_order_and_bounds() -> None:
    items = [("a" * n, i) for i, n in enumerate([10, 60_000, 5, 5] + [1] * 70)]
    out = list(batches(items, lambda item: len(item[0])))
    assert [x for b in out for x in b] == items
    assert out[0] == items[:2]  # the batch closes once it is over the characters
    assert all(len(b) <= BATCH_DOCS for b in out)
    assert [len(b) for b in batches(items, lambda item: 1, most=3)][:3] == [3, 3, 3]


def test_a_copy_in_the_same_run_is_up_to_date_once_the_first_is_built(
    shared: Path, tmp_path: Path
) -> None:
    src = shared / "devset" / "docs" / TEXTS[0]
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(src, first)
    shutil.copy(src, second)
    results = Pipeline.default(Store()).build([first, second])
    assert [r.status for r in results] == ["built", "unchanged"]
