"""Shared test setup: where the shared documents (seeds, devset) live.

The shared folder sits next to the repository (`../shared`) unless `COOPKG_SHARED` names it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: the `browser` fixture (Debian's Chromium through Playwright) for the browser tests
pytest_plugins = ["chromium"]


def shared_dir() -> Path:
    """The shared folder: `$COOPKG_SHARED`, else `../shared` beside the repository."""
    configured = os.environ.get("COOPKG_SHARED")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / "shared"


SHARED = shared_dir()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder; the test is skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"shared folder not found: {SHARED}")
    return SHARED


SEEDS_STRUCTURED = ("001_99b763d1c09ffb47.txt", "004_907021ef8160d5c3.txt")


def build_store(paths: list[Path]):  # type: ignore[no-untyped-def]
    """A fresh in-memory store with `paths` built into it, and the pipeline used."""
    from kg.build import Pipeline
    from kg.store import Store

    pipeline = Pipeline.default(Store())
    results = pipeline.build(paths)
    return pipeline, results


@pytest.fixture(scope="session")
def seed_pipeline(shared: Path):  # type: ignore[no-untyped-def]
    """The pipeline (with its in-memory store) after building the structured seeds."""
    pipeline, results = build_store([shared / "seeds" / name for name in SEEDS_STRUCTURED])
    assert [r.status for r in results] == ["built", "built"], [r.error for r in results]
    return pipeline


@pytest.fixture(scope="session")
def seed_store(seed_pipeline):  # type: ignore[no-untyped-def]
    return seed_pipeline.store


def select(store, name: str, **params: str) -> list[dict[str, str | None]]:  # type: ignore[no-untyped-def]
    """Rows of a named query as plain values."""
    from kg.named_queries import get_query
    from kg.results import Table

    q = get_query(name)
    return Table.from_solutions(store.query(q.bound(params))).values()
