"""Builders by name: the built-in ones plus any registered under the `coopkg.builders`
entry-point group, loaded lazily. The document goes to the builder that claims it best."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points

from builders.base import Builder
from kg.document import Document
from kg.errors import BuilderError

ENTRY_POINT_GROUP = "coopkg.builders"

#: name -> "module:attribute" of a zero-argument factory (usually the builder class)
_BUILTINS: dict[str, str] = {
    "atlas-fiche": "builders.atlas:AtlasFicheBuilder",
    "programme-pairs": "builders.programme:ProgrammePairsBuilder",
    "news-text": "builders.news:NewsTextBuilder",
    "table": "builders.table:TableBuilder",
}

#: the builder a mapping configures (`use_mapping`)
TABLE_BUILDER = "table"


class Registry:
    """A set of builders by name. `Registry.default()` holds the built-ins and plug-ins."""

    def __init__(self, factories: dict[str, Callable[[], Builder]] | None = None) -> None:
        self._factories: dict[str, Callable[[], Builder]] = dict(factories or {})
        self._instances: dict[str, Builder] = {}

    @classmethod
    def default(cls) -> Registry:
        reg = cls()
        for name, target in _BUILTINS.items():
            reg.register(name, _lazy(target))
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            reg.register(ep.name, ep.load)
        return reg

    def register(self, name: str, factory: Callable[[], Builder]) -> None:
        self._factories[name] = factory
        self._instances.pop(name, None)

    def use_mapping(self, mapping: str) -> Builder:
        """Make the `table` builder read tables through `mapping` (a shipped mapping's name or
        a TOML file); returns it. A mapping that cannot be read is a `BuilderError` now, before
        any document is read."""
        from builders.table import TableBuilder

        builder = TableBuilder(mapping)
        self.register(TABLE_BUILDER, lambda: builder)
        return builder

    def names(self) -> list[str]:
        return sorted(self._factories)

    def get(self, name: str) -> Builder:
        if name not in self._factories:
            raise BuilderError(name, f"unknown builder; known: {', '.join(self.names())}")
        if name not in self._instances:
            self._instances[name] = _instantiate(self._factories[name])
        return self._instances[name]

    def choose(self, doc: Document, name: str | None = None) -> Builder:
        """The named builder, or the one that claims `doc` with the highest score."""
        if name is not None:
            return self.get(name)
        scored = [(self.get(n).claim(doc), n) for n in self.names()]
        score, best = max(scored, default=(0.0, ""))
        if score <= 0:
            raise BuilderError(doc.path, "no builder recognises this document")
        return self.get(best)


def _lazy(target: str) -> Callable[[], Builder]:
    def load() -> Builder:
        module, attr = target.split(":")
        factory: Callable[[], Builder] = getattr(importlib.import_module(module), attr)
        return factory()

    return load


def _instantiate(factory: Callable[[], object]) -> Builder:
    obj = factory()
    # an entry point or lazy target may give the class itself: instantiate it
    if isinstance(obj, type):
        obj = obj()
    if not isinstance(obj, Builder):
        raise BuilderError(str(factory), "registered object is not a builder")
    return obj
