"""The narrative of an Atlas fiche (its title sentence, context and history), read with the
free-text reader of `builders.news` and merged into the fiche's extraction. The objectives and
detailed description (lists of planned actions) are left out: they name activities, not actors.

The fiche's tables stay authoritative for what they cover: when it has a funding table, prose
funding is dropped; when it has partner tables, prose partnerships are dropped. When it has
no partner table (fiches cut short, or filled in prose only), the partnerships the prose
states become the fiche's partnerships, and both sides members of the fiche's project.
"""

from __future__ import annotations

from builders.atlas.fields import Field, Span, blocks, first_value
from kg.document import Document
from kg.extraction import Extraction, Mention, Statement

_SENTENCE_HINTS = (" est ", " sont ", " entre ", " avec ", ". ")


def prose_spans(fields: list[Field]) -> list[Span]:
    """The title when it is a sentence, and each distinct context/history field, as spans."""
    spans = []
    title = first_value(fields, "title")
    if title is not None and any(h in f" {title.text} " for h in _SENTENCE_HINTS):
        spans.append(title)
    for f in blocks(fields, "context"):
        spans.append(Span("", f.lines[0].start, f.lines[-1].end))
    return spans


def add_prose(
    ex: Extraction,
    doc: Document,
    fields: list[Field],
    project: Mention | None,
    covered: frozenset[str],
) -> None:
    """Read the fiche's prose into `ex`, dropping statements of the `covered` kinds."""
    from builders.news import read_prose

    before = len(ex.statements)
    for span in prose_spans(fields):
        read_prose(ex, doc.text[span.start : span.end], span.start, doc.date, about=project)
    added = [s for s in ex.statements[before:] if s.kind not in covered]
    ex.statements[before:] = added
    if project is not None and "partnership" not in covered:
        _members_of_project(ex, project, [s for s in added if s.kind == "partnership"])


def _members_of_project(ex: Extraction, project: Mention, partnerships: list[Statement]) -> None:
    members = {s.roles["member"] for s in ex.statements if s.kind == "member"}
    for s in partnerships:
        for mention_id in (s.roles["a"], s.roles["b"]):
            if mention_id not in members:
                members.add(mention_id)
                roles = {"member": mention_id, "programme": project.id}
                ex.add_statement("member", roles, s.start, s.end, s.evidence)
