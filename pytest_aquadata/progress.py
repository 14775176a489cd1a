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
    """Batches and rows per worker written since the run started, and the batches still to write."""

    done: dict[str, tuple[int, int]]
    missing: int
    seconds: float

    @property
    def batches(self) -> int:
        return sum(b for b, _ in self.done.values())

    @property
    def rows(self) -> int:
        return sum(r for _, r in self.done.values())

    def line(self) -> str:
        rate = self.rows / self.seconds if self.seconds > 0 else 0.0
        per_batch = self.seconds / self.batches if self.batches else None
        left = self.missing - self.batches
        eta = "-" if per_batch is None else _duration(per_batch * max(left, 0))
        workers = ", ".join(f"{w} {b}" for w, (b, _) in sorted(self.done.items()))
        return (f"aquadata: {self.batches}/{self.missing} batches  {self.rows:,} rows  {rate:,.0f} rows/s  "
                f"{_duration(self.seconds)} elapsed  ETA {eta}" + (f"  [{workers}]" if workers else ""))


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


class ProgressMonitor:
    """Polls the ledger in a background thread and writes a status line until every batch is written,
    a slice fails, or :meth:`stop` is called; the last line is always written, marked final."""

    def __init__(self, url: str, missing: int, write: Writer, every_seconds: float) -> None:
        self._url, self._missing, self._write, self._every = url, missing, write, every_seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="aquadata-progress", daemon=True)
        self._started = time.perf_counter()
        self._baseline: dict[str, tuple[int, int]] = {}
        #: The latest state; after :meth:`stop` (or the end of generation), the final one.
        self.last: Snapshot | None = None

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
        """Poll twice a second, so the final figures are exact, but write only every ``every_seconds``."""
        import psycopg

        written_at = time.perf_counter()
        try:
            with psycopg.connect(self._url, autocommit=True) as conn:
                while True:
                    self.last = self._snapshot(conn)
                    failed = conn.execute("SELECT count(*) FROM aquadata_partition WHERE error <> ''").fetchone()
                    if self.last.batches >= self._missing or (failed is not None and failed[0] > 0):
                        break
                    if self._stop.wait(min(POLL_SECONDS, self._every)):
                        self.last = self._snapshot(conn)
                        break
                    if time.perf_counter() - written_at >= self._every:
                        self._write(self.last.line(), False)
                        written_at = time.perf_counter()
        except psycopg.Error:  # the server went away; the run itself reports that
            pass
        if self.last is not None:
            self._write(self.last.line(), True)

    def _snapshot(self, conn: object) -> Snapshot:
        now = _per_worker(conn)
        done = {}
        for worker, (batches, rows) in now.items():
            before_batches, before_rows = self._baseline.get(worker, (0, 0))
            if batches > before_batches:
                done[worker] = (batches - before_batches, rows - before_rows)
        return Snapshot(done, self._missing, time.perf_counter() - self._started)


def _per_worker(conn: object) -> dict[str, tuple[int, int]]:
    rows = conn.execute(  # type: ignore[attr-defined]
        "SELECT worker, count(*), coalesce(sum(rows), 0) FROM aquadata_batchledger GROUP BY worker").fetchall()
    return {w: (int(b), int(r)) for w, b, r in rows}
