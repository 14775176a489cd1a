"""Secondary indexes are built after the bulk load, not maintained row by row during it.

Keeping a B-tree up to date costs every COPY a random insert per index per row; one CREATE INDEX over
the finished table is a sort, several times cheaper. When a run has batches to write, the plain
(non-unique, not constraint-backed) indexes of the generated tables are recorded in
``aquadata_deferredindex`` and dropped; when the last batch is written, the workers claim and build
them one each (the same SKIP LOCKED pattern as the slices). The record lives in the database, so a run
interrupted at any point still builds every index once its data is complete. Primary keys and unique
constraints stay: they guard the data while it is written. A partitioned table's indexes are not deferred:
each batch's partition builds its own (load/partitions.py).
"""

from __future__ import annotations

import time
from typing import Any

from pytest_aquadata.target.layout import Targets


def defer(conn: Any, targets: Targets) -> None:
    """Record and drop the plain indexes of the generated tables (in the caller's transaction)."""
    found = conn.execute(
        """SELECT i.indexname, i.tablename, i.indexdef FROM pg_indexes i
           WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) AND i.indexdef NOT LIKE 'CREATE UNIQUE %%'
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
             AND (SELECT relkind FROM pg_class WHERE oid = format('public.%%I', i.tablename)::regclass) <> 'p'""",
        ([t.db_table for t in targets.tables.values()],)).fetchall()
    for name, table, definition in found:
        conn.execute(
            "INSERT INTO aquadata_deferredindex (name, table_name, definition) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition", (name, table, definition))
        conn.execute(f'DROP INDEX "{name}"')
    conn.execute("UPDATE aquadata_deferredindex SET started_at = NULL, built_at = NULL")


def build_pending(conn: Any, poll_seconds: float = 0.5) -> None:
    """Build deferred indexes until none is unclaimed, then wait for those others are building.

    Each claim holds its row lock while its index builds, so a killed builder's index is free again."""
    while True:
        with conn.transaction():
            row = conn.execute(
                "SELECT name, definition FROM aquadata_deferredindex WHERE built_at IS NULL "
                "ORDER BY name FOR UPDATE SKIP LOCKED LIMIT 1").fetchone()
            if row is None:
                break
            name, definition = row
            conn.execute("UPDATE aquadata_deferredindex SET started_at = clock_timestamp() WHERE name = %s", (name,))
            conn.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
            conn.execute("UPDATE aquadata_deferredindex SET built_at = clock_timestamp() WHERE name = %s", (name,))
    while pending(conn):
        time.sleep(poll_seconds)


def pending(conn: Any) -> int:
    with conn.transaction():
        return int(conn.execute("SELECT count(*) FROM aquadata_deferredindex WHERE built_at IS NULL").fetchone()[0])


def progress(conn: Any) -> tuple[int, int]:
    """(indexes built, indexes deferred) of this run."""
    built, total = conn.execute("SELECT count(built_at), count(*) FROM aquadata_deferredindex").fetchone()
    return int(built), int(total)
