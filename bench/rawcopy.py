"""The baseline both benchmarks compare against: a raw binary COPY of prepared rows shaped like the
readings (the table that is four fifths of every dataset) into a logged table that, like the generated
tables during a load, has its primary key and no other index."""

from __future__ import annotations

import threading
import time


def raw_copy_rows_per_second(url: str, rows: int, streams: int = 1) -> float:
    """Rows per second of ``streams`` parallel COPYs of ``rows`` rows in all, payloads encoded beforehand."""
    import numpy as np
    import psycopg

    from pytest_aquadata.load import binary
    from pytest_aquadata.rows import LAYOUTS

    layout = LAYOUTS["environmental_environmentalreading"]
    columns = ", ".join(layout)
    per_stream = rows // streams
    payloads = []
    for s in range(streams):
        ids = np.arange(per_stream, dtype=np.int64) + 1 + s * per_stream
        data = {name: ids % 1000 + 1 for name in layout}
        data.update(id=ids, value=np.random.default_rng(s).normal(10, 1, per_stream),
                    reading_time=np.datetime64("2024-01-01T00:00", "us") + ids.astype("timedelta64[m]"),
                    is_manual=np.zeros(per_stream, dtype=bool))
        payloads.append(binary.HEADER + binary.encode(layout, data, per_stream) + binary.TRAILER)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_raw_copy")
        conn.execute("CREATE TABLE bench_raw_copy (LIKE environmental_environmentalreading INCLUDING DEFAULTS)")
        conn.execute("ALTER TABLE bench_raw_copy ADD PRIMARY KEY (id)")

    def copy(payload: bytes) -> None:
        with psycopg.connect(url) as conn, conn.cursor().copy(
                f"COPY bench_raw_copy ({columns}) FROM STDIN (FORMAT BINARY)") as cp:
            cp.write(payload)

    threads = [threading.Thread(target=copy, args=(p,)) for p in payloads]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_raw_copy")
    return per_stream * streams / seconds
