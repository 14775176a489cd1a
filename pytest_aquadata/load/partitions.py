"""A table our schema partitions by id range (the readings, four fifths of every dataset) is written one
partition per batch, in the batch's own transaction: the partition is created, filled with COPY FREEZE,
given the parent's key (and any index the parent has), then attached.

Why: under wal_level=minimal (the embedded server's), a table created in the same transaction as its COPY
and its key writes no WAL; FREEZE writes the rows already frozen, so no later reader rewrites them to set
hint bits. Issue 15 measured it at 0.54x the time of a COPY into one logged table plus its index builds (its
bench/walskip.py, removed once the load no longer matched it).
The transaction keeps the ledger's promise: a batch's partition exists exactly when its ledger row does.
During a load the parent's secondary indexes are deferred (load/indexes.py), so a partition gets only its
key; a partition made after the load (a factory's) gets the parent's indexes too.

A project's own tables are not partitioned, and take the plain COPY (load/copy.py).
"""

from __future__ import annotations

import re
from typing import Any

from pytest_aquadata.engine.context import ID_BLOCK


def partitioned(conn: Any, db_tables: list[str]) -> set[str]:
    """Which of these tables are partitioned (declared so by our schema's migrations)."""
    return {r[0] for r in conn.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'p' AND relnamespace = 'public'::regnamespace "
        "AND relname = ANY(%s)", (db_tables,)).fetchall()}


#: The statistics target of a partition's columns: autovacuum analyzes each partition after the load (on full, 526
#: of 551 while the verification ran), and at the default (100) that sampled 30,000 rows of every one in 52-70 ms,
#: 30 s of CPU the checks waited for; at 10, 3,000 rows in 14-19 ms (measured 2026-12-04 on full's partitions).
#: Autovacuum's vacuum after inserts is turned off for a partition: COPY FREEZE left its rows frozen and its pages
#: all-visible, so that vacuum (5-12 ms each) found nothing to do. Vacuums after updates and deletes stay.
STATISTICS = 10


def create(conn: Any, parent: str, key: str, first_id: int, batch_id: int | None = None) -> str:
    """The empty table that becomes the partition of the id block ``first_id`` lies in: the parent's
    columns, defaults and checks (with the statistics target and autovacuum setting of STATISTICS' comment), and
    its id range as a CHECK, so that ATTACH need not scan it. (A parent
    with foreign keys would have them added and validated on ATTACH, locking the tables they refer to
    against the other worker: our partitioned readings have none, see their model.) Returns its name.

    The rows of one batch (``batch_id``) get that as a CHECK too: the partitions are cut by id, which no query
    names, and with the CHECK the planner excludes every other batch's partition from a query on one batch
    (constraint_exclusion's default, "partition"), which the readings' BRIN on time relies on (their model)."""
    low, high = _block(first_id)
    name = _name(parent, low)
    conn.execute(f'CREATE TABLE "{name}" (LIKE "{parent}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
    conn.execute(f'ALTER TABLE "{name}" ADD CONSTRAINT "{name}_block" CHECK ("{key}" >= {low} AND "{key}" < {high})')
    if batch_id is not None:
        conn.execute(f'ALTER TABLE "{name}" ADD CONSTRAINT "{name}_batch" CHECK (batch_id = {int(batch_id)})')
    columns = [r[0] for r in conn.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass "
                                          "AND attnum > 0 AND NOT attisdropped", (f'"{name}"',)).fetchall()]
    conn.execute(f'ALTER TABLE "{name}" SET (autovacuum_vacuum_insert_threshold = -1), '
                 + ", ".join(f'ALTER COLUMN "{c}" SET STATISTICS {STATISTICS}' for c in columns))
    return name


def attach(conn: Any, parent: str, name: str, key: str, first_id: int) -> None:
    """Build the parent's primary key and indexes (none during a load: they are deferred) on the filled
    partition, then attach it: ATTACH adopts indexes that match the parent's instead of building them again.

    Each index is named after the partition's block. Left to the server, a name is the partition's truncated
    to 63 characters plus the columns', the same for every batch's partition, and two workers' uncommitted
    partitions then collide in the catalog (a UniqueViolation on pg_class for the one that commits second)."""
    low, high = _block(first_id)
    conn.execute(f'ALTER TABLE "{name}" ADD CONSTRAINT "{_name(parent, low, "pkey")}" PRIMARY KEY ("{key}")')
    for i, (definition,) in enumerate(conn.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass AND NOT indisprimary "
            "ORDER BY indexrelid", (f'"{parent}"',)).fetchall()):
        head = re.match(r"CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+", definition)
        assert head is not None, definition
        conn.execute(f'CREATE {head[1] or ""}INDEX "{_name(parent, low, f"i{i}")}" ON "{name}"' + definition[head.end():])
    conn.execute(f'ALTER TABLE "{parent}" ATTACH PARTITION "{name}" FOR VALUES FROM ({low}) TO ({high})')


def blocks(conn: Any, parent: str) -> dict[str, int | None]:
    """Each partition of ``parent`` and the first id of the block it holds (None: the schema's partition for
    ids below the first block, whose lower bound is MINVALUE)."""
    found = {}
    for name, bound in conn.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c "
            "ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass ORDER BY 1", (f'"{parent}"',)).fetchall():
        low = re.match(r"FOR VALUES FROM \('?(-?\d+)'?\)", bound)
        found[name] = int(low[1]) if low else None
    return found


def drop_batches(conn: Any, parent: str) -> None:
    """Drop the batches' partitions of ``parent`` (a rebuild starts afresh); the one for ids below the first
    block, which the schema made, stays."""
    for name, low in blocks(conn, parent).items():
        if low is not None:
            conn.execute(f'DROP TABLE "{name}"')


def _name(parent: str, low: int, suffix: str = "") -> str:
    """The name of the partition of the block starting at id ``low`` (``suffix``: of its key or an index),
    the parent's cut so that the block number and suffix still fit PostgreSQL's 63 characters."""
    return f"{parent[:46]}_{low // ID_BLOCK}" + (f"_{suffix}" if suffix else "")


def _block(first_id: int) -> tuple[int, int]:
    low = first_id - first_id % ID_BLOCK
    return low, low + ID_BLOCK
