"""Secondary indexes are built after the bulk load, not maintained row by row during it.

Keeping a B-tree up to date costs every COPY a random insert per index per row; one CREATE INDEX over
the finished table is a sort, several times cheaper. When a run has batches to write, the secondary
indexes and unique constraints of the generated tables are recorded in ``aquadata_deferredindex`` and
dropped; when the last batch is written, the workers claim and build them one each (the same SKIP LOCKED
pattern as the slices). The record lives in the database, so a run interrupted at any point still builds
every index once its data is complete.

What stays: primary keys, and a unique constraint or index a foreign key depends on (dropping it would
take the foreign key with it). A unique constraint checks the rows when it is added again, so generated
rows that broke one still fail the run, at the end instead of in the COPY. Unique constraints were kept
until issue 15 measured them: the growth observations' (sample, fish) cost their COPY as much as the rows
themselves.

A partitioned table's secondary indexes (the readings': a B-tree on (container, time) and a BRIN on time, see
their model) are deferred the same way, and rebuilt on the parent, which builds each partition's in turn. Each
batch's partition used to build them in the batch's transaction (load/partitions.py still builds those the parent
has, for a partition made after the load): they cost more
server time than the readings' COPY, and medium's generation ran 336-416k rows/s with them, 544-574k without,
while the index phase grew from 2.5 s to 9-11 s, the same CPU moved, not added.
"""

from __future__ import annotations

import re
import time
from typing import Any

from pytest_aquadata.errors import AquadataError


def defer(conn: Any, db_tables: list[str]) -> None:
    """Record and drop the secondary indexes and unique constraints of the generated tables ``db_tables`` (in
    the caller's transaction). A unique constraint is recorded as the ALTER TABLE that adds it again."""
    found = conn.execute(
        """SELECT ic.relname, t.relname, CASE WHEN c.oid IS NULL THEN pg_get_indexdef(ic.oid)
                  ELSE format('ALTER TABLE %%I ADD CONSTRAINT %%I %%s', t.relname, c.conname, pg_get_constraintdef(c.oid))
                  END, c.oid IS NOT NULL
           FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
           LEFT JOIN pg_constraint c ON c.conindid = ic.oid AND c.conrelid = t.oid
           WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY(%s) AND t.relkind IN ('r', 'p')
             AND NOT x.indisprimary AND (c.oid IS NULL OR c.contype = 'u')
             AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = ic.oid)
           ORDER BY 1""",
        (db_tables,)).fetchall()
    for name, table, definition, constraint in found:
        conn.execute(
            "INSERT INTO aquadata_deferredindex (name, table_name, definition) VALUES (%s, %s, %s) "
            "ON CONFLICT (name) DO UPDATE SET definition = excluded.definition", (name, table, definition))
        conn.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"' if constraint else f'DROP INDEX "{name}"')
    conn.execute("UPDATE aquadata_deferredindex SET started_at = NULL, built_at = NULL")


#: The next unclaimed index, that of the largest table first (a partitioned table's size is its partitions'): the
#: last index to finish then is a small one, and the builders finish together. By name, the readings' two indexes
#: (over four fifths of the rows) could start last, one builder working on alone. pg_partition_tree lists nothing
#: for a table that is not partitioned, so such a table's own size is taken; with the partitions' sum alone, every
#: other table's size was NULL and they went by name (on full, the growth observations' unique constraint, 7 s,
#: started 22 s after the small tables').
_NEXT = """SELECT name, definition FROM aquadata_deferredindex, to_regclass(quote_ident(table_name)) AS t (oid)
           WHERE built_at IS NULL
           ORDER BY COALESCE((SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree(t.oid)),
                             pg_relation_size(t.oid)) DESC NULLS LAST, name
           FOR UPDATE OF aquadata_deferredindex SKIP LOCKED LIMIT 1"""


def build_pending(conn: Any, poll_seconds: float = 0.5) -> None:
    """Build deferred indexes until none is unclaimed, then wait for those others are building.

    Each claim holds its row lock while its index builds, so a killed builder's index is free again."""
    while True:
        with conn.transaction():
            row = conn.execute(_NEXT).fetchone()
            if row is None:
                break
            name, definition = row
            conn.execute("UPDATE aquadata_deferredindex SET started_at = clock_timestamp() WHERE name = %s", (name,))
            _build(conn, name, definition)
            conn.execute("UPDATE aquadata_deferredindex SET built_at = clock_timestamp() WHERE name = %s", (name,))
    while pending(conn):
        time.sleep(poll_seconds)


def _build(conn: Any, name: str, definition: str) -> None:
    """Build one deferred index, or add one deferred unique constraint back: a duplicate among the
    generated rows is named as the generator's fault, not raised as the server's error."""
    import psycopg

    try:
        with conn.transaction():
            conn.execute(re.sub(r"^CREATE (UNIQUE )?INDEX (\S+) ON (ONLY )?", r"CREATE \1INDEX IF NOT EXISTS \2 ON ",
                                definition))
    except psycopg.errors.UniqueViolation as exc:
        detail = exc.diag.message_detail or str(exc)
        raise AquadataError(f"the generated rows break {name}: {detail}. Nothing was lost: every batch is "
                            f"written, and the run stops before its tests. This is a generator bug; please report "
                            f"it with the schedule and the seed") from None


def pending(conn: Any) -> int:
    with conn.transaction():
        return int(conn.execute("SELECT count(*) FROM aquadata_deferredindex WHERE built_at IS NULL").fetchone()[0])


def progress(conn: Any) -> tuple[int, int]:
    """(indexes built, indexes deferred) of this run."""
    built, total = conn.execute("SELECT count(built_at), count(*) FROM aquadata_deferredindex").fetchone()
    return int(built), int(total)
