"""The free-text builder (`news-text`): French prose about decentralized cooperation.

Its modules are named for what they read: `sentences`, `dates`, `amounts`, `lists`, `patterns`,
`model` (spaCy names), `mentions` and `candidates` (names to resolve), `relations`, `active`,
`statements`, `coref` (anaphora), `initiatives` (programmes, projects, events), `places`,
`states`, `sheets` (project sheets), `reader` (the whole reading). Other builders read their
prose through `read_prose`, never through the modules inside.
"""

from __future__ import annotations

from builders.news.builder import NewsTextBuilder, extract_into, extract_text, text_reader
from builders.news.nlp import DEFAULT_MODEL
from kg.extraction import Extraction, Mention, Statement


def read_prose(
    ex: Extraction,
    text: str,
    offset: int = 0,
    doc_date: str | None = None,
    model: str = DEFAULT_MODEL,
    about: Mention | None = None,
) -> tuple[list[Mention], list[Statement]]:
    """Read a span of prose (starting at `offset` in its document) into `ex`, with the shared
    reader of `model`; return the mentions and statements added. `about`: the initiative, in
    `ex` already, that the prose is about when it names none (a fiche's project)."""
    return extract_into(ex, text_reader(model), text, offset, doc_date, about)


__all__ = [
    "NewsTextBuilder",
    "extract_into",
    "extract_text",
    "read_prose",
    "text_reader",
]
