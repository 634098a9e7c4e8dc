"""The README cannot rot: every command and named query is documented, and its builder example
runs and yields a graph that conforms to the shapes."""

from __future__ import annotations

import re
from pathlib import Path

from kg.cli import app
from kg.named_queries import list_queries

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert len(commands) >= 7
    for name in commands:
        assert re.search(rf"coopkg {name}\b", README), name


def test_every_named_query_is_in_the_readme() -> None:
    for q in list_queries():
        assert f"| `{q.name}` |" in README, q.name


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, re.S)


def test_readme_library_example_runs(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    [code] = [c for c in _python_blocks() if "from kg import Pipeline" in c]
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert b"Bressuire" in namespace["turtle"]  # type: ignore[operator]


def test_readme_builder_example_runs() -> None:
    from datetime import UTC, datetime

    from kg.document import Document
    from kg.emit import emit
    from kg.resolve import Resolver
    from kg.validate import validate_triples

    [code] = [c for c in _python_blocks() if "class MinutesBuilder" in c]
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    builder = namespace["MinutesBuilder"]()  # type: ignore[operator]
    doc = Document(
        "minutes.txt", "Le conseil municipal approuve le jumelage Bressuire–Kpalimé.", "text/plain"
    )
    assert builder.claim(doc) > 0
    ex = builder.build(doc)
    entities = Resolver().resolve_all(ex.mentions, scope=doc.sha256[:16])
    triples = emit(doc, ex, entities, datetime.now(UTC))
    assert validate_triples(triples) == []
    assert {e.label for e in entities.values()} == {"Bressuire", "Kloto 1"}
