"""The server's settings (the options of `coopkg serve`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeConfig:
    store: Path  #: the store that `coopkg build` writes; the server never opens it
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0  #: seconds a query may run before its worker is killed
    max_rows: int = 100_000  #: solutions (or triples) a query may give
    workers: int = 2  #: query worker processes
    memory_mb: int = 4096  #: address space of one worker, in MiB (0: no limit)
    poll: float = 0.5  #: seconds between two looks at the store for a finished build
    cors_origin: str | None = None  #: the one origin (or "*") allowed cross-origin; None: none
