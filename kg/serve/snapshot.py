"""The copies of the store that the server serves, refreshed after each build.

`coopkg build` opens the store read-write, which takes the store's lock (RocksDB's `LOCK` file,
an `fcntl` lock); pyoxigraph calls a read-only opening beside such a writer undefined
behaviour, and a read-write opening by the server would make every build fail as "locked". So
the server never opens the store it is given:

1. It looks, without taking it, whether a writer holds the lock (`fcntl` F_GETLK).
2. When none does, it copies the database files into a private folder: the immutable table
   files (`*.sst`) as hard links when on the same file system, the others (manifest, write-ahead
   log, options) as copies.
3. It looks again: if the lock is still free and every file has the same name, size,
   modification time and inode as before, no writer ran during the copy (a writer that opens the
   store always writes a new manifest), so the copy is the store as the last writer left it,
   with all its transactions: a document is there whole or not at all. Otherwise the copy is
   thrown away and taken again at the next look.
4. It opens the copy once read-write (recovering its write-ahead log), closes it, and from then
   on the workers open it read-only: nothing writes it any more, so many readers are safe.

A build that changes the store shows in the endpoint at the first look after it ends (every
`poll` seconds, 0.5 by default). A writer that holds the store for long (a notebook) delays the
refresh; the server keeps serving the last copy.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import sweep
from kg.store_lock import writer_holds

#: the files of a RocksDB database (the info logs LOG* and the LOCK file are left out)
_DB_FILE = re.compile(r"^(?:CURRENT|IDENTITY|MANIFEST-\d+|OPTIONS-\d+|\d+\.(?:log|sst|blob))$")
_IMMUTABLE = (".sst", ".blob")

Signature = tuple[tuple[str, int, int, int], ...]


def signature(store: Path) -> Signature:
    """(name, size, mtime, inode) of every database file, sorted: changes whenever a writer has
    had the store open."""
    found = []
    with os.scandir(store) as entries:
        for entry in entries:
            if _DB_FILE.match(entry.name):
                st = entry.stat(follow_symlinks=False)
                found.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sorted(found))


def copy_quiet_store(store: Path, target: Path) -> Signature | None:
    """Copy the database files of `store` into the new folder `target` while no writer has it;
    the signature copied, or None (and no `target`) when a writer came in the way."""
    if writer_holds(store):
        return None
    before = signature(store)
    if not any(name == "CURRENT" for name, *_ in before):
        raise StoreError(f"{store}: not a coopkg store (no database files)")
    target.mkdir()
    try:
        for name, *_ in before:
            src, dst = store / name, target / name
            if name.endswith(_IMMUTABLE):
                try:
                    os.link(src, dst)
                    continue
                except OSError:  # another file system, or links not allowed
                    pass
            shutil.copyfile(src, dst)
    except FileNotFoundError:  # a writer removed a file under us
        shutil.rmtree(target, ignore_errors=True)
        return None
    if writer_holds(store) or signature(store) != before:
        shutil.rmtree(target, ignore_errors=True)
        return None
    return before


def _prepare(folder: Path) -> int:
    """Open the copy read-write once (recovering its log) and close it; its number of named
    graphs."""
    db = ox.Store(str(folder))
    try:
        sweep(db)  # a graph a killed build left half-written is not served
        return sum(1 for _ in db.named_graphs())
    finally:
        db.flush()
        del db


@dataclass
class Snapshot:
    """One copy of the store, served until a newer one replaces it."""

    path: Path
    generation: int
    signature: Signature
    taken: float  #: time.time() when it was taken
    graphs: int
    users: int = 0


_OWNER = "owner.pid"  #: in a private folder: the process id of the server using it


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale(parent: Path, prefix: str) -> None:
    """Delete the private folders of servers that died without cleaning up (killed)."""
    with contextlib.suppress(OSError), os.scandir(parent) as entries:
        for entry in entries:
            if not entry.name.startswith(prefix) or not entry.is_dir(follow_symlinks=False):
                continue
            try:
                pid = int((Path(entry.path) / _OWNER).read_text().strip())
            except (OSError, ValueError):
                continue
            if not _alive(pid):
                shutil.rmtree(entry.path, ignore_errors=True)


def _private_root(store: Path) -> Path:
    """A private folder for the copies, on the store's file system when possible (hard links
    make a copy cheap): the system's temporary folder, else beside the store. The folders that
    killed servers left behind are deleted first."""
    tmp = Path(tempfile.gettempdir())
    _remove_stale(tmp, "coopkg-serve-")
    root = Path(tempfile.mkdtemp(prefix="coopkg-serve-"))
    try:
        same = os.stat(root).st_dev == os.stat(store).st_dev
    except OSError:
        same = True
    if not same:
        beside = store.resolve().parent
        with contextlib.suppress(OSError):
            _remove_stale(beside, ".coopkg-serve-")
            other = Path(tempfile.mkdtemp(prefix=".coopkg-serve-", dir=beside))
            root.rmdir()
            root = other
    (root / _OWNER).write_text(str(os.getpid()))
    return root


class Snapshots:
    """The current snapshot of a store, refreshed by a background thread after each build."""

    def __init__(self, store: Path, poll: float = 0.5) -> None:
        self.store = Path(store)
        self.poll = poll
        if not (self.store / "CURRENT").is_file():
            raise StoreError(f"{self.store}: no store here (run `coopkg build` first)")
        self._lock = threading.Lock()
        self._current: Snapshot | None = None
        self._old: list[Snapshot] = []
        self._generation = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.root = _private_root(self.store)

    # -- taking snapshots -------------------------------------------------------------------

    def refresh(self) -> bool:
        """Take a new snapshot if the store changed and no writer holds it; whether one was
        taken."""
        current = self._current
        if current is not None and signature(self.store) == current.signature:
            return False
        folder = self.root / f"snapshot-{self._generation + 1}"
        copied = copy_quiet_store(self.store, folder)
        if copied is None:
            return False
        try:
            graphs = _prepare(folder)
        except OSError:  # not openable: keep serving the previous copy, try again later
            shutil.rmtree(folder, ignore_errors=True)
            return False
        with self._lock:
            self._generation += 1
            snap = Snapshot(folder, self._generation, copied, time.time(), graphs)
            if self._current is not None:
                self._old.append(self._current)
            self._current = snap
        self._collect()
        return True

    def start(self, wait: float | None = None) -> Snapshot:
        """Take the first snapshot (waiting while a writer holds the store, up to `wait`
        seconds, forever when None) and start the refreshing thread."""
        deadline = None if wait is None else time.monotonic() + wait
        told = False
        while not self.refresh():
            if deadline is not None and time.monotonic() > deadline:
                raise StoreError(f"{self.store}: held by a writer (a running build?)")
            if not told:
                print(
                    f"coopkg serve: {self.store} is being written; waiting for the writer",
                    file=sys.stderr,
                    flush=True,
                )
                told = True
            time.sleep(self.poll)
        self._thread = threading.Thread(target=self._loop, name="coopkg-snapshots", daemon=True)
        self._thread.start()
        assert self._current is not None
        return self._current

    def _loop(self) -> None:
        said = ""
        while not self._stop.wait(self.poll):
            try:
                self.refresh()
                said = ""
            except Exception as exc:  # the store moved or vanished: keep serving the last copy
                message = f"coopkg serve: cannot refresh the snapshot: {exc}"
                if message != said:  # once, not every poll
                    print(message, file=sys.stderr, flush=True)
                said = message

    # -- using them -------------------------------------------------------------------------

    @property
    def current(self) -> Snapshot:
        if self._current is None:
            raise StoreError("no snapshot taken yet")
        return self._current

    @contextlib.contextmanager
    def use(self) -> Iterator[Snapshot]:
        """The current snapshot, kept on disk until the block ends (a query sees one copy from
        its start to its end)."""
        with self._lock:
            snap = self.current
            snap.users += 1
        try:
            yield snap
        finally:
            with self._lock:
                snap.users -= 1
            self._collect()

    def _collect(self) -> None:
        """Delete the replaced snapshots no query uses any more."""
        with self._lock:
            done = [s for s in self._old if s.users == 0]
            self._old = [s for s in self._old if s.users > 0]
        for snap in done:
            shutil.rmtree(snap.path, ignore_errors=True)

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        shutil.rmtree(self.root, ignore_errors=True)
