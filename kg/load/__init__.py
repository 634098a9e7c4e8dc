"""Loaders: a file becomes a `Document` (text, media type, title, date, URL, rows).

`load` picks the loader by file suffix from `LOADERS`, a table of suffix -> function taking the
path (as given) and the file's bytes. Every failure on a bad file is an `UnreadableDocument`
whose message is one line, "PATH: reason". `iter_paths` expands folders into the files to load.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.document import Document
from kg.errors import UnreadableDocument
from kg.load.html import load_html
from kg.load.pdf import load_pdf
from kg.load.tabular import load_csv, load_tsv
from kg.load.text import load_markdown, load_text
from kg.load.xlsx import load_xlsx

__all__ = ["DEFAULT_MAX_BYTES", "LOADERS", "SUPPORTED_SUFFIXES", "Loader", "iter_paths", "load"]

Loader = Callable[[str, bytes], Document]

DEFAULT_MAX_BYTES = 50 * 2**20

LOADERS: dict[str, Loader] = {
    ".txt": load_text,
    ".text": load_text,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".html": load_html,
    ".htm": load_html,
    ".pdf": load_pdf,
    ".csv": load_csv,
    ".tsv": load_tsv,
    ".xlsx": load_xlsx,
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(LOADERS)


def load(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Load the file at `path` as a Document; raise UnreadableDocument if it cannot be read."""
    shown = str(path)
    try:
        loader = _loader_for(shown, Path(path))
        return loader(shown, _read_bytes(shown, Path(path), max_bytes))
    except UnreadableDocument:
        raise
    except Exception as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableDocument(shown, f"cannot read: {detail}") from exc


def iter_paths(paths: Iterable[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """Expand `paths` into files to load, in order and without repeats.

    Folders are walked recursively in sorted order, skipping hidden files and folders and files
    of unsupported formats (appended to `skipped` when given, so that they can be named). A file
    named explicitly is kept whatever its suffix, so that `load` reports it clearly. A path that
    does not exist raises UnreadableDocument.
    """
    found: dict[Path, None] = {}
    for item in paths:
        path = Path(item)
        if path.is_dir():
            found.update(dict.fromkeys(_walk(path, skipped)))
        elif path.exists():
            found[path] = None
        else:
            raise UnreadableDocument(item, "no such file or directory")
    return list(found)


def _loader_for(shown: str, path: Path) -> Loader:
    if not path.exists():
        raise UnreadableDocument(shown, "no such file or directory")
    if path.is_dir():
        raise UnreadableDocument(shown, "is a directory, not a file")
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        named = f"'{suffix}'" if suffix else "(no suffix)"
        raise UnreadableDocument(shown, f"unsupported format {named} (supported: {supported})")
    return LOADERS[suffix]


def _read_bytes(shown: str, path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            limit = f"{_megabytes(size)} MB, limit {_megabytes(max_bytes)} MB: see --max-size"
            raise UnreadableDocument(shown, f"file too large ({limit})")
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(shown, f"cannot read: {exc.strerror or exc}") from exc
    if not data:
        raise UnreadableDocument(shown, "empty file")
    return data


def _megabytes(size: int) -> str:
    value = size / 2**20
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}"


def _walk(folder: Path, skipped: list[Path] | None = None) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                files.append(Path(root, name))
            elif skipped is not None:
                skipped.append(Path(root, name))
    return sorted(files)
