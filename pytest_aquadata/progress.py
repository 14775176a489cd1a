"""Live progress of a generation, shown by the process the user watches (the controller, or the one
process when not distributed).

It reads the ledger, not the workers: every written batch has its ledger row, committed with its data,
so the database is the one place that knows the progress of every worker on every host.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

#: (line, final): on a terminal a non-final line is rewritten in place; otherwise each is printed.
Writer = Callable[[str, bool], None]
POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Snapshot:
    """Batches and rows per worker written since the run started, the batches still to write, and the
    deferred indexes (built, total) once every batch is written."""

    done: dict[str, tuple[int, int]]
    missing: int
    seconds: float  # since the monitor started
    load_seconds: float  # until the last batch was written (= seconds while batches are being written)
    indexes: tuple[int, int] = (0, 0)

    @property
    def batches(self) -> int:
        return sum(b for b, _ in self.done.values())

    @property
    def rows(self) -> int:
        return sum(r for _, r in self.done.values())

    def line(self) -> str:
        rate = self.rows / self.load_seconds if self.load_seconds > 0 else 0.0
        per_batch = self.load_seconds / self.batches if self.batches else None
        left = self.missing - self.batches
        eta = "-" if per_batch is None else _duration(per_batch * max(left, 0))
        workers = ", ".join(f"{w} {b}" for w, (b, _) in sorted(self.done.items()))
        built, total = self.indexes
        return (f"aquadata: {self.batches}/{self.missing} batches  {self.rows:,} rows  {rate:,.0f} rows/s  "
                f"{_duration(self.seconds)} elapsed  ETA {eta}" + (f"  [{workers}]" if workers else "")
                + (f"  indexes {built}/{total}" if left <= 0 and total else ""))


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class ProgressMonitor:
    """Polls the ledger in a background thread and writes a status line every ``every_seconds`` (0: none)
    until every batch is written, a slice fails, or :meth:`stop` is called; the last line is always
    written, marked final, and after it, if a slice failed, a line with that failure: the first thing the run
    says about it, above every test that errors with it."""

    def __init__(self, url: str, missing: int, write: Writer, every_seconds: float) -> None:
        self._url, self._missing, self._write, self._every = url, missing, write, every_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="aquadata-progress", daemon=True)
        self._started = time.perf_counter()
        self._baseline: dict[str, tuple[int, int]] = {}
        #: The latest state; after :meth:`stop` (or the end of generation), the final one.
        self.last: Snapshot | None = None
        self._loaded_at: float | None = None
        #: perf_counter() when generation (and the index builds) ended, or None while running.
        self.finished_at: float | None = None

    def start(self) -> None:
        import psycopg

        with psycopg.connect(self._url, autocommit=True) as conn:
            self._baseline = _per_worker(conn)
        self._started = time.perf_counter()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        """Poll twice a second, so the final figures are exact, but write only every ``every_seconds``.

        Generation is over when the run is marked complete (batches written and indexes built) or a slice
        failed."""
        import psycopg

        from pytest_aquadata.load import ledger

        written_at = time.perf_counter()
        failed: list[tuple[str, bool]] = []
        try:
            with psycopg.connect(self._url, autocommit=True) as conn:
                while True:
                    self.last = self._snapshot(conn)
                    failed = ledger.failures(conn)
                    complete = conn.execute("SELECT completed_at IS NOT NULL FROM aquadata_run LIMIT 1").fetchone()
                    if failed or (complete is not None and complete[0]):
                        break
                    if self._stop.wait(POLL_SECONDS):
                        self.last = self._snapshot(conn)
                        break
                    if self._every and time.perf_counter() - written_at >= self._every:
                        self._write(self.last.line(), False)
                        written_at = time.perf_counter()
        except psycopg.Error:  # the server went away; the run itself reports that
            pass
        self.finished_at = time.perf_counter()
        if self.last is not None:
            self._write(self.last.line(), True)
        if failed:
            self._write(f"aquadata: generation failed: {failed[0][0]}", True)

    def _snapshot(self, conn: object) -> Snapshot:
        from pytest_aquadata.load import indexes

        now = _per_worker(conn)
        done = {}
        for worker, (batches, rows) in now.items():
            before_batches, before_rows = self._baseline.get(worker, (0, 0))
            if batches > before_batches:
                done[worker] = (batches - before_batches, rows - before_rows)
        seconds = time.perf_counter() - self._started
        if self._loaded_at is None and sum(b for b, _ in done.values()) >= self._missing:
            self._loaded_at = seconds
        return Snapshot(done, self._missing, seconds, self._loaded_at or seconds, indexes.progress(conn))


def _per_worker(conn: object) -> dict[str, tuple[int, int]]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT worker, count(*), coalesce(sum(rows), 0) FROM aquadata_batchledger WHERE batch_index >= 0 "
        "GROUP BY worker").fetchall()
    return {w: (int(b), int(r)) for w, b, r in rows}
