"""The free-text builder: press articles, workshop reports and programme news in French.

`NewsTextBuilder` claims any document with enough French prose, with a modest score so that
the structured builders (Atlas fiches, programme pair lists) win the documents they read. It
reads names with a French spaCy model and an entity ruler fed by the reference data, then
statements with their evidence sentence (see `builders.news.reader`).

`extract_text(text, offset)` is the same reading for a span of a larger document (the prose
fields of a structured record): offsets are shifted by `offset`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from builders.candidates import Cand
from builders.news.nlp import DEFAULT_MODEL, load_pipeline
from builders.news.officials import OFFICE
from builders.news.reader import TextReader
from kg.document import Document
from kg.extraction import Extraction, Mention, Statement
from kg.sections import SECTION_CHARS

_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "de",
        "des",
        "du",
        "un",
        "une",
        "et",
        "est",
        "en",
        "dans",
        "pour",
        "par",
        "avec",
        "sur",
        "au",
        "aux",
        "qui",
        "que",
        "ce",
        "cette",
        "son",
        "sa",
        "ses",
        "leur",
        "ont",
        "été",
        "sont",
        "entre",
    ]
)
#: the commonest words of the other languages documents come in, none of them French words: a
#: text that has more of one of these than of French words is not French (it is not claimed)
_OTHER_LANGUAGES = tuple(
    frozenset(words.split())
    for words in (
        "the and of to is was with for that this are from by have it at",  # English
        "el los las una del por con para es sin nada pero como",  # Spanish
        "di che della per gli sono anche questo nel alla dei",  # Italian
        "der die und das ist mit nicht ein eine zu von den dem auf",  # German
        "o os não uma com para do da em são também pelo",  # Portuguese
    )
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_MIN_WORDS = 40
_MIN_FRENCH = 0.12
CLAIM = 0.4
SHORT_CLAIM = 0.1
_PRIVATE_ATTRS = ("designated", OFFICE)


def french_share(text: str) -> tuple[int, float]:
    """(number of words, share of common French words among the words not written as names)
    of `text`: names are of no language, so a list of towns under a French heading is French."""
    words, common = _common(text)
    if not common:
        return words, 0.0
    return words, sum(w in _FRENCH for w in common) / len(common)


def other_language_share(text: str) -> float:
    """The highest share of common words of another language (English, Spanish...) among the
    words of `text` not written as names."""
    _, common = _common(text)
    if not common:
        return 0.0
    return max(sum(w in lexicon for w in common) / len(common) for lexicon in _OTHER_LANGUAGES)


_SENTENCE_START = re.compile(r"(?:^|[.!?:;«\"(\n])\s*$")


def _common(text: str) -> tuple[int, list[str]]:
    """(number of words, the words not written as names, lowercased): a capitalised word
    inside a sentence is a name; one opening a sentence or a line is not (a text all in
    capitals keeps every word)."""
    found = list(_WORD.finditer(text))
    kept = [
        m.group().lower()
        for m in found
        if not m.group()[0].isupper()
        or _SENTENCE_START.search(text, max(0, m.start() - 3), m.start())
    ]
    if len(kept) * 4 < len(found) and not any(m.group().islower() for m in found[:50]):
        kept = [m.group().lower() for m in found]  # a text in capitals
    return len(found), kept


@cache
def text_reader(model: str = DEFAULT_MODEL) -> TextReader:
    """The reader over a loaded spaCy pipeline, one per model and process."""
    return TextReader(load_pipeline(model))


def _mention(ex: Extraction, text: str, c: Cand, offset: int) -> Mention:
    attrs = {k: v for k, v in c.attrs.items() if k not in _PRIVATE_ATTRS}
    return ex.add_mention(
        text[c.start : c.end],
        c.start + offset,
        c.end + offset,
        c.kind,
        name=c.name,
        country=c.country,
        attrs=attrs,
    )


def extract_into(
    ex: Extraction,
    reader: TextReader,
    text: str,
    offset: int = 0,
    doc_date: str | None = None,
    about: Mention | None = None,
) -> tuple[list[Mention], list[Statement]]:
    """Read `text` (which starts at `offset` in its document) into `ex`; return what was added.
    `about`: the initiative, already in `ex`, that the text is about when it names none."""
    known = Cand(0, 0, about.kind, about.name) if about is not None else None
    cands, rels = reader.read(text, doc_date, known)
    ids = {id(c): _mention(ex, text, c, offset) for c in cands}
    if known is not None and about is not None:
        ids[id(known)] = about
    for r in rels:
        for c in r.roles.values():
            if id(c) not in ids:
                ids[id(c)] = _mention(ex, text, c, offset)
    mentions = list(ids.values())
    statements = [
        ex.add_statement(
            r.kind,
            {role: ids[id(c)].id for role, c in r.roles.items()},
            r.start + offset,
            r.end + offset,
            text[r.start : r.end],
            **r.attrs,
            rule=r.rule,
        )
        for r in rels
    ]
    return mentions, statements


def extract_text(
    text: str, offset: int = 0, model: str = DEFAULT_MODEL
) -> tuple[list[Mention], list[Statement]]:
    """Mentions and statements of a prose `text` found at `offset` in its document."""
    ex = Extraction("news-text", NewsTextBuilder.version)
    return extract_into(ex, text_reader(model), text, offset)


class NewsTextBuilder:
    """French prose about decentralized cooperation (news, reports, programme news)."""

    name = "news-text"
    version = "1.0"
    description = (
        "French prose (press articles, workshop reports, programme news): names by spaCy and "
        "the reference gazetteer; partnerships, funding, lead, membership, events with dates."
    )

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        self.model = model

    @property
    def reader(self) -> TextReader:
        """The spaCy-backed reader, loaded on first use (claiming needs no model)."""
        return text_reader(self.model)

    def claim(self, doc: Document) -> float:
        """A modest score for any document with enough French prose, a small one for a short
        French text (a readable document is never refused for being short), 0 otherwise."""
        if doc.rows or doc.media_type in ("text/csv", "text/tab-separated-values"):
            return 0.0
        words, share = french_share(doc.text)
        if share < _MIN_FRENCH or not words or share < other_language_share(doc.text):
            return 0.0
        return CLAIM if words >= _MIN_WORDS else SHORT_CLAIM

    def prepare(self, docs: Sequence[Document]) -> None:
        """Analyse the texts of `docs` together (`TextReader.prepare`); a text long enough to
        be read in sections (`kg.sections`) is analysed when its sections are read."""
        self.reader.prepare([d.text for d in docs if len(d.text) <= SECTION_CHARS])

    def build(self, doc: Document) -> Extraction:
        """Read the document's prose into an `Extraction`."""
        ex = Extraction(self.name, self.version, title=doc.title, date=doc.date, url=doc.url)
        extract_into(ex, self.reader, doc.text, 0, doc.date)
        return ex
