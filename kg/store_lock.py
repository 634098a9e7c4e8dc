"""Whether a process writes a store: a look at RocksDB's lock on the store's `LOCK` file
(an `fcntl` record lock) that never takes it."""

from __future__ import annotations

import fcntl
import os
import struct
import sys
from pathlib import Path


def _flock_query() -> tuple[str, bytes]:
    """A `struct flock` asking for a write lock on the whole file, in this platform's layout."""
    if sys.platform.startswith("linux"):
        layout = "hhqqi"  # l_type, l_whence, l_start, l_len, l_pid
        return layout, struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0) + bytes(8)
    layout = "qqihh"  # BSD and macOS: l_start, l_len, l_pid, l_type, l_whence
    return layout, struct.pack(layout, 0, 0, 0, fcntl.F_WRLCK, os.SEEK_SET) + bytes(8)


def writer_holds(store: Path) -> bool:
    """Whether a process holds the store's lock (a writer has it open). Only asks: the lock is
    never taken, so a build starting at that moment is never refused."""
    lock = store / "LOCK"
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        layout, query = _flock_query()
        answer = fcntl.fcntl(fd, fcntl.F_GETLK, query)
        fields = struct.unpack(layout, answer[: struct.calcsize(layout)])
        l_type = fields[0] if sys.platform.startswith("linux") else fields[3]
        return bool(l_type != fcntl.F_UNLCK)
    finally:
        os.close(fd)
