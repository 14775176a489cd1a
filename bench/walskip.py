"""Benchmark of issue 15's first lever, before it is built: what does writing the readings into per-batch
partitions, each created in its own transaction, save against today's load into one logged table?

Both variants write the same rows (reading-shaped, prepared beforehand, as bench/rawcopy.py) with as many
parallel streams as workers, on a fresh embedded server with the plugin's settings (wal_level=minimal):

- logged: COPY into one table that has its primary key, then its two secondary indexes built afterwards,
  one per stream (today's path: load/copy.py, then load/indexes.py);
- partitions: per chunk of one batch's readings, in one transaction: CREATE TABLE, a CHECK of its id range,
  COPY FREEZE, the primary key and both indexes, then ATTACH PARTITION to the partitioned parent. Under
  wal_level=minimal a table created in the same transaction is not WAL-logged, and FREEZE spares the
  first reader the hint-bit writes.

Prints each variant's seconds (load, indexes, total) and the ratio partitions / logged.

    python bench/walskip.py                 # 10 M rows, 2 streams, 250,000 rows per partition
    python bench/walskip.py --rows 40000000
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from rawcopy import in_streams

READINGS = "environmental_environmentalreading"
INDEXES = ("batch_id, reading_time", "container_id, reading_time")


def payloads(rows: int, chunk: int) -> list[tuple[int, int, bytes]]:
    """(first id, end id, binary COPY payload) per chunk of reading-shaped rows."""
    import numpy as np

    from pytest_aquadata.load import binary
    from pytest_aquadata.rows import LAYOUTS

    layout = LAYOUTS[READINGS]
    out = []
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        ids = np.arange(n, dtype=np.int64) + 1 + start
        data = {name: ids // chunk % 1000 + 1 for name in layout}
        data.update(id=ids, value=np.random.default_rng(start).normal(10, 1, n),
                    reading_time=np.datetime64("2024-01-01T00:00", "us") + (ids % chunk).astype("timedelta64[m]"),
                    is_manual=np.zeros(n, dtype=bool))
        out.append((start + 1, start + 1 + n, binary.HEADER + binary.encode(layout, data, n) + binary.TRAILER))
    return out


def logged(url: str, chunks: list[tuple[int, int, bytes]], streams: int) -> tuple[float, float]:
    import psycopg

    from pytest_aquadata.rows import LAYOUTS

    columns = ", ".join(LAYOUTS[READINGS])
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE bench_logged (LIKE {READINGS} INCLUDING DEFAULTS)")
        conn.execute("ALTER TABLE bench_logged ADD PRIMARY KEY (id)")

    def copy(item: tuple[int, int, bytes]) -> None:
        with psycopg.connect(url) as conn:
            conn.execute("SET synchronous_commit = off")
            with conn.cursor().copy(f"COPY bench_logged ({columns}) FROM STDIN (FORMAT BINARY)") as cp:
                cp.write(item[2])

    def index(columns: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute(f"CREATE INDEX ON bench_logged ({columns})")

    load = in_streams(chunks, streams, copy)
    indexes = in_streams(list(INDEXES), streams, index)
    return load, indexes


def partitions(url: str, chunks: list[tuple[int, int, bytes]], streams: int) -> float:
    import psycopg

    from pytest_aquadata.rows import LAYOUTS

    columns = ", ".join(LAYOUTS[READINGS])
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE bench_parted (LIKE {READINGS} INCLUDING DEFAULTS) PARTITION BY RANGE (id)")
        conn.execute("ALTER TABLE bench_parted ADD PRIMARY KEY (id)")
        for i, columns_ in enumerate(INDEXES):
            conn.execute(f"CREATE INDEX bench_parted_index_{i} ON bench_parted ({columns_})")

    def write(item: tuple[int, int, bytes]) -> None:
        first, end, payload = item
        name = f"bench_part_{first}"
        with psycopg.connect(url) as conn:
            conn.execute("SET synchronous_commit = off")
            conn.execute("SET maintenance_work_mem = '512MB'")
            conn.execute(f"CREATE TABLE {name} (LIKE bench_parted INCLUDING DEFAULTS)")
            conn.execute(f"ALTER TABLE {name} ADD CHECK (id >= {first} AND id < {end})")
            with conn.cursor().copy(f"COPY {name} ({columns}) FROM STDIN (FORMAT BINARY, FREEZE)") as cp:
                cp.write(payload)
            conn.execute(f"ALTER TABLE {name} ADD PRIMARY KEY (id)")
            for columns_ in INDEXES:
                conn.execute(f"CREATE INDEX ON {name} ({columns_})")
            conn.execute(f"ALTER TABLE bench_parted ATTACH PARTITION {name} FOR VALUES FROM ({first}) TO ({end})")

    return in_streams(chunks, streams, write)


def main() -> int:
    from pytest_aquadata.server import start_embedded

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--chunk", type=int, default=250_000, help="rows per partition (one batch's readings)")
    parser.add_argument("-n", "--streams", type=int, default=2)
    args = parser.parse_args()
    chunks = payloads(args.rows, args.chunk)
    with tempfile.TemporaryDirectory() as folder:
        server = start_embedded(Path(folder))
        try:
            import psycopg

            from pytest_aquadata.rows import LAYOUTS

            with psycopg.connect(server.url, autocommit=True) as conn:  # the readings' shape, without their keys
                conn.execute(f"CREATE TABLE {READINGS} ("
                             + ", ".join(f"{c} {_SQL[k]}" for c, k in LAYOUTS[READINGS].items()) + ")")
            load, indexes = logged(server.url, chunks, args.streams)
            parted = partitions(server.url, chunks, args.streams)
            with psycopg.connect(server.url) as conn:
                counts = conn.execute("SELECT (SELECT count(*) FROM bench_logged), (SELECT count(*) FROM bench_parted)"
                                      ).fetchone()
            assert counts == (args.rows, args.rows), counts
        finally:
            server.stop()
    print(f"{args.rows:,} reading rows, {args.streams} streams, {args.chunk:,} rows per partition")
    print(f"  logged table: COPY {load:6.1f} s + 2 indexes {indexes:6.1f} s = {load + indexes:6.1f} s "
          f"({args.rows / load:,.0f} rows/s loading)")
    print(f"  partitions:   COPY FREEZE, keys and indexes, attached: {parted:6.1f} s "
          f"({args.rows / parted:,.0f} rows/s)")
    print(f"  partitions / logged: {parted / (load + indexes):.2f}x")
    return 0


_SQL = {"int8": "bigint", "int4": "integer", "int2": "smallint", "float8": "double precision", "bool": "boolean",
        "date": "date", "timestamptz": "timestamptz", "time": "time", "text": "text"}

if __name__ == "__main__":
    raise SystemExit(main())
