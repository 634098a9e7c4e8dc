"""The spaCy pipeline of the free-text builder: a French model plus an entity ruler.

The ruler runs before the statistical NER and is fed by the project's reference data
(`kg.reference.Reference`): every label and alias of an actor, territory, programme or country
becomes a phrase pattern (matched on the lower-cased text, with an accent-free variant), whose
`id` is the reference entry id. The model's own labels (PER, LOC, ORG, MISC) are unreliable and
only give candidate spans; the ruler's matches carry the entry they name.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.normalize import strip_accents
from kg.reference import RefEntry, Reference

#: The model used by default (see the builder's docstring for the measured alternatives).
DEFAULT_MODEL = "fr_core_news_sm"
#: Label of the ruler's matches; the entry id is the match's `ent_id_`.
REF_LABEL = "REF"
_UNNEEDED = ["senter"]  # the parser gives sentences; the syntax reader needs it and lemmas
_MIN_NAME = 3  # shorter aliases (e.g. two-letter codes) are too ambiguous for phrase matching


_MAX_HYPHENS = 4  # "provence-alpes-côte-d'azur": every mix of its hyphens and spaces


def _hyphen_variants(name: str) -> set[str]:
    """A compound name written with some of its hyphens as spaces ("nord-pas de calais",
    "rhône alpes"): every mix, for names of a few hyphens; all spaces beyond."""
    parts = name.split("-")
    if len(parts) == 1:
        return set()
    if len(parts) - 1 > _MAX_HYPHENS:
        return {name.replace("-", " ")}
    out = set()
    for mask in range(2 ** (len(parts) - 1)):
        joined = parts[0]
        for i, part in enumerate(parts[1:]):
            joined += (" " if mask >> i & 1 else "-") + part
        out.add(joined)
    return out - {name}


def ruler_patterns(entries: tuple[RefEntry, ...]) -> list[dict[str, str]]:
    """Phrase patterns (lower-cased, with an accent-free variant) for every name of `entries`."""
    patterns: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        for name in entry.names:
            if len(name) < _MIN_NAME and entry.kind != "Country":
                continue
            low = name.lower()
            forms = {low, strip_accents(low)} | _hyphen_variants(low)
            forms |= {f.replace("'", "’") for f in forms} | {f.replace("’", "'") for f in forms}
            for form in forms:
                if (form, entry.id) not in seen:
                    seen.add((form, entry.id))
                    patterns.append({"label": REF_LABEL, "pattern": form, "id": entry.id})
    return patterns


@cache
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The French model with the reference entity ruler, loaded once per process and model."""
    nlp = spacy.load(model, exclude=_UNNEEDED)
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner",
        config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True},
    )
    own = tuple(e for e in Reference.default().entries() if e.source != "cog")
    ruler.add_patterns(ruler_patterns(own))  # type: ignore[attr-defined]
    return nlp


#: components that run after the names are read, so sentence boundaries from the parse never
#: cut a name the model read across them
_LATE = ("parser", "lemmatizer")


#: documents are analysed together in batches of this many texts (`nlp.pipe`)
PIPE_BATCH = 16


def analyse(nlp: Language, text: str, starts: Iterable[int] = ()) -> Doc:
    """Run the pipeline on `text`: names first (ruler and model), then the parse and lemmas.
    `starts` are offsets where a sentence surely begins (a heading, a line after a blank line):
    the parser keeps them, so a title never becomes the subject of the paragraph below it."""
    return analyse_many(nlp, [(text, starts)])[0]


def analyse_many(nlp: Language, items: Sequence[tuple[str, Iterable[int]]]) -> list[Doc]:
    """`analyse` for several texts at once: each component runs over them in batches of
    `PIPE_BATCH` (its `pipe`, as `nlp.pipe` does), which is about a quarter faster than one
    text at a time on the development set's texts, with the same annotations."""
    docs = [nlp.make_doc(text) for text, _ in items]
    for late in (False, True):
        if late:
            for doc, (_, starts) in zip(docs, items, strict=True):
                _mark_starts(doc, starts)
        for name, proc in nlp.pipeline:
            if (name in _LATE) is late:
                docs = list(_run(proc, docs))
    return docs


def _run(proc: object, docs: list[Doc]) -> Iterable[Doc]:
    pipe = getattr(proc, "pipe", None)
    if pipe is not None:
        return pipe(docs, batch_size=PIPE_BATCH)  # type: ignore[no-any-return]
    return (proc(doc) for doc in docs)  # type: ignore[operator]


def _mark_starts(doc: Doc, starts: Iterable[int]) -> None:
    first = {t.idx: t.i for t in doc if not t.is_space}
    ordered = sorted(first)
    for s in starts:
        i = bisect_left(ordered, s)
        if i < len(ordered) and ordered[i] > 0:
            doc[first[ordered[i]]].is_sent_start = True
