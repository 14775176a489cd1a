"""The baselines both benchmarks compare against: binary COPY of prepared rows shaped like the readings (the
table that is four fifths of every dataset), with the payloads encoded before the clock starts.

- raw: into a logged table that, like the generated tables during a load, has its primary key and no other
  index (the yardstick of issue 25's target 1, end to end against a raw COPY of as many rows);
- bare: each stream into a table created in the same transaction, with no index, COPY FREEZE: under
  wal_level=minimal nothing is WAL-logged and nothing is left to do after the COPY. No writer of these rows
  can be faster on this server: issue 25's target 3 puts generation against it.
"""

from __future__ import annotations

import threading
import time
from typing import Any


def raw_copy_rows_per_second(url: str, rows: int, streams: int = 1) -> float:
    """Rows per second of ``streams`` parallel COPYs of ``rows`` rows in all into one logged table with its
    primary key."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_copy")
        conn.execute("CREATE TABLE bench_raw_copy (LIKE environmental_environmentalreading INCLUDING DEFAULTS)")
        conn.execute("ALTER TABLE bench_raw_copy ADD PRIMARY KEY (id)")
    try:
        return _rate(url, rows, streams, lambda conn, s: "bench_raw_copy", "")
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("DROP TABLE bench_raw_copy")


def bare_copy_rows_per_second(url: str, rows: int, streams: int = 1) -> float:
    """Rows per second of ``streams`` parallel COPY FREEZEs of ``rows`` rows in all, each into a table of its
    own created in the same transaction, with no index."""
    import psycopg

    def create(conn: psycopg.Connection, stream: int) -> str:
        conn.execute(f"CREATE TABLE bench_bare_{stream} (LIKE environmental_environmentalreading INCLUDING DEFAULTS)")
        return f"bench_bare_{stream}"

    try:
        return _rate(url, rows, streams, create, ", FREEZE")
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            for stream in range(streams):
                conn.execute(f"DROP TABLE IF EXISTS bench_bare_{stream}")


def _rate(url: str, rows: int, streams: int, table, options: str) -> float:  # type: ignore[no-untyped-def]
    """Rows per second of the streams' COPYs, each in one transaction that first asks ``table(conn, stream)``
    for the table to fill (and commits, as a batch does)."""
    import psycopg

    from pytest_aquadata.rows import LAYOUTS

    columns = ", ".join(LAYOUTS["environmental_environmentalreading"])
    payloads = _payloads(rows, streams)

    def copy(stream: int) -> None:
        with psycopg.connect(url) as conn:
            conn.execute("SET synchronous_commit = off")
            with conn.cursor().copy(f"COPY {table(conn, stream)} ({columns}) FROM STDIN (FORMAT BINARY{options})") as cp:
                cp.write(payloads[stream])

    return rows // streams * streams / in_streams(list(range(streams)), streams, copy)


def in_streams(work: list[Any], streams: int, do: Any) -> float:
    """Seconds for ``streams`` threads to do every item of ``work`` (item i to stream i % streams); a
    stream's error ends the benchmark."""
    errors: list[BaseException] = []

    def stream(s: int) -> None:
        try:
            for item in work[s::streams]:
                do(item)
        except BaseException as exc:  # noqa: BLE001 - raised again below, in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=stream, args=(s,)) for s in range(streams)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def _payloads(rows: int, streams: int) -> list[bytes]:
    """One binary COPY payload of reading-shaped rows per stream, ``rows`` in all."""
    import numpy as np

    from pytest_aquadata.load import binary
    from pytest_aquadata.rows import LAYOUTS

    layout = LAYOUTS["environmental_environmentalreading"]
    per_stream = rows // streams
    payloads = []
    for s in range(streams):
        ids = np.arange(per_stream, dtype=np.int64) + 1 + s * per_stream
        data: dict[str, np.ndarray] = {name: ids % 1000 + 1 for name in layout}
        data.update(id=ids, value=np.random.default_rng(s).normal(10, 1, per_stream),
                    reading_time=np.datetime64("2024-01-01T00:00", "us") + ids.astype("timedelta64[m]"),
                    is_manual=np.zeros(per_stream, dtype=bool))
        payloads.append(binary.HEADER + binary.encode(layout, data, per_stream) + binary.TRAILER)
    return payloads
