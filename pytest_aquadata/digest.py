"""A content digest of the generated dataset, per table and in all, to prove that the same schedule and
seed give the same rows whatever the worker count, and after an interrupted run is resumed.

Per table it is the row count and the sum of a 60-bit hash of each row's text, which does not depend on
the order rows were written in (workers write in any order) and is computed in the database. Text forms
are made stable first: UTC timestamps and the shortest exact float digits. The ledger tables (worker
names, timings) and the columns the database fills itself (``batch_batch.created_at``) are left out: they
say when and how a dataset was made, not what it holds.

Across schemas the digest is the same only where the columns have the same types: a project that keeps a
weight as ``numeric(10, 2)`` holds it rounded, so its text (and the digest) differs from our ``float8``
one. Across worker counts, resumes and servers, the digest of one schema is stable.
"""

from __future__ import annotations

import hashlib
from typing import Any


def table_digests(conn: Any) -> dict[str, str]:
    """Per engine table: its row count and hash sum, over the columns the engine wrote into it, in the
    engine's column order, whatever the target table calls them (the run's layout, mapping/layout.py)."""
    from pytest_aquadata.load.ledger import read_targets
    from pytest_aquadata.rows import LAYOUTS, WRITE_ORDER

    targets = read_targets(conn)
    conn.execute("SET TimeZone = 'UTC'")
    conn.execute("SET extra_float_digits = 1")
    out = {}
    for table in WRITE_ORDER:
        target = targets.tables[table]
        written = [name for name in (target.column_for(c) for c in LAYOUTS[table]) if name is not None]
        quoted = ", ".join(f'"{c}"' for c in written)
        row = f"ROW({quoted})::text"
        count, total = conn.execute(
            f"SELECT count(*), COALESCE(sum(('x' || substr(md5({row}), 1, 15))::bit(60)::bigint::numeric), 0) "
            f'FROM "{target.db_table}"').fetchone()
        out[table] = f"{count}:{total}"
    return out


def dataset_digest(per_table: dict[str, str]) -> str:
    payload = "\n".join(f"{table}={value}" for table, value in sorted(per_table.items()))
    return hashlib.sha256(payload.encode()).hexdigest()


def print_digest(url: str) -> int:
    """``aquadata digest --db URL``: one line per table, the dataset's digest on the last line."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        per_table = table_digests(conn)
    for table, value in per_table.items():
        count = int(value.split(":")[0])
        print(f"{table:40s} {count:>12,} rows  {hashlib.sha256(value.encode()).hexdigest()[:16]}")
    print(f"dataset {dataset_digest(per_table)}")
    return 0
