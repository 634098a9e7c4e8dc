"""A small pool of query worker processes, each stoppable.

`Pool.run(job, timeout)` (blocking: call it from a thread) hands the job to an idle worker and
waits at most `timeout` seconds for its reply. A worker past its time limit is killed and a
new one started in the background, so one runaway query costs one worker for `timeout` seconds
and never blocks the others. A worker that dies (a crash, its memory cap) is replaced too.

Workers are plain subprocesses (`python -m kg.serve.worker`) talking over two pipes, not
`multiprocessing` children: those would re-import the server's `__main__` (`python -m kg`).
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from kg.serve.protocol import EntityJob, QueryJob, Reply


class QueryTimeout(Exception):
    """The query ran past its time limit; its worker was killed."""


class Busy(Exception):
    """No worker became free in time."""


class WorkerLost(Exception):
    """The worker died while running the query (out of memory, or a crash)."""

    def __init__(self, message: str, returncode: int | None = None) -> None:
        super().__init__(message)
        self.returncode = returncode

    @property
    def out_of_memory(self) -> bool:
        """Rust aborts (SIGABRT) when an allocation fails under the worker's memory cap."""
        return self.returncode == -signal.SIGABRT


class Worker:
    """One worker process and its two pipe ends."""

    def __init__(self, memory_mb: int) -> None:
        job_r, job_w = os.pipe()
        reply_r, reply_w = os.pipe()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.worker", str(job_r), str(reply_w), str(memory_mb)],
                pass_fds=(job_r, reply_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
            )
        finally:
            os.close(job_r)
            os.close(reply_w)
        self.tx = Connection(job_w, readable=False)
        self.rx = Connection(reply_r, writable=False)

    def wait_ready(self, timeout: float = 60.0) -> None:
        if not self.rx.poll(timeout):
            self.stop()
            raise WorkerLost("a query worker did not start")
        self.rx.recv()

    def call(self, job: QueryJob | EntityJob, timeout: float) -> Reply:
        try:
            self.tx.send(job)
            if not self.rx.poll(timeout):
                raise QueryTimeout
            reply = self.rx.recv()
        except (EOFError, OSError) as exc:
            try:
                code = self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                code = None
            raise WorkerLost(str(exc) or type(exc).__name__, code) from exc
        assert isinstance(reply, Reply)
        return reply

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.tx.close()
        self.rx.close()


class Pool:
    """`size` workers; each query goes to one idle worker."""

    def __init__(self, size: int, memory_mb: int = 0) -> None:
        self.memory_mb = memory_mb
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0  #: workers killed and replaced so far
        workers = [Worker(memory_mb) for _ in range(size)]
        for w in workers:
            w.wait_ready()
            self._add(w)

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.stop()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        """Kill `worker` now; start its successor in the background."""
        with self._lock:
            self._all.discard(worker)
            self.replaced += 1
        worker.stop()

        def start() -> None:
            try:
                fresh = Worker(self.memory_mb)
                fresh.wait_ready()
            except (OSError, WorkerLost) as exc:
                print(f"coopkg serve: cannot start a query worker: {exc}", file=sys.stderr)
                return
            self._add(fresh)

        threading.Thread(target=start, name="coopkg-worker-start", daemon=True).start()

    def run(self, job: QueryJob | EntityJob, timeout: float, wait: float | None = None) -> Reply:
        """The worker's reply to `job`; QueryTimeout past `timeout` seconds of running, Busy
        when no worker is free within `wait` seconds (default: `timeout`)."""
        start = time.monotonic()
        try:
            worker = self._idle.get(timeout=timeout if wait is None else wait)
        except queue.Empty:
            raise Busy from None
        if worker.proc.poll() is not None:  # died while idle: replace it, try another
            self._replace(worker)
            left = (timeout if wait is None else wait) - (time.monotonic() - start)
            return self.run(job, timeout, max(left, 0.1))
        try:
            reply = worker.call(job, timeout)
        except (QueryTimeout, WorkerLost):
            self._replace(worker)
            raise
        self._idle.put(worker)
        return reply

    @property
    def size(self) -> int:
        with self._lock:
            return len(self._all)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
