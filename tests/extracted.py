"""What the prose reader reads in a text of our own, in the shape the builder tests compare."""

from __future__ import annotations

from builders.news import extract_text


def links(text: str) -> set[tuple[str, ...]]:
    """The statements `extract_text` reads in `text`, each as (kind, name of each role's
    mention, in the roles' order)."""
    mentions, statements = extract_text(text)
    name = {m.id: m.name for m in mentions}
    return {(s.kind, *(name[v] for v in s.roles.values())) for s in statements}
