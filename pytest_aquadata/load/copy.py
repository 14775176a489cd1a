"""Write a batch's tables with binary COPY in one transaction, together with its ledger row, so a
batch is either entirely in the database or absent. A partitioned table gets the batch's own partition
(load/partitions.py)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from psycopg.types.json import Jsonb

from pytest_aquadata.load import binary, history, partitions
from pytest_aquadata.load.fit import Fitted, fit
from pytest_aquadata.mapping.layout import Targets, TargetTable
from pytest_aquadata.rows import LAYOUTS, WRITE_ORDER, Column, Labels, Nullable, TableRows
from pytest_aquadata.server import is_superuser

#: Rows encoded and sent at a time: about 2 MB of readings, which stays in the CPU's cache and in malloc's
#: heap. 200,000 rows a chunk (20 MB, fresh pages from the kernel each time) encoded 5x slower per row.
CHUNK_ROWS = 16_384


def copy_rows(conn: Any, kinds: dict[str, str], data: dict[str, Column], count: int, into: str,
              freeze: bool = False) -> None:
    """COPY ``count`` rows (each column's wire kind and values, load/fit.py) into ``into`` (a target's table, or a
    partition of it); ``freeze`` for a table created in this transaction (COPY FREEZE)."""
    columns = ", ".join(f'"{name}"' for name in kinds)
    options = "FORMAT BINARY, FREEZE" if freeze else "FORMAT BINARY"
    with conn.cursor().copy(f'COPY "{into}" ({columns}) FROM STDIN ({options})') as copy:
        copy.write(binary.HEADER)
        for begin in range(0, count, CHUNK_ROWS):
            end = min(begin + CHUNK_ROWS, count)
            copy.write(binary.encode(kinds, _slice(data, begin, end), end - begin))
        copy.write(binary.TRAILER)


def _slice(data: dict[str, Column], begin: int, end: int) -> dict[str, Column]:
    out: dict[str, Column] = {}
    for name, value in data.items():
        if isinstance(value, Labels):
            out[name] = Labels(value.codes[begin:end], value.labels)
        elif isinstance(value, Nullable):
            out[name] = Nullable(value.values[begin:end], value.null[begin:end])
        elif value is None or isinstance(value, str):
            out[name] = value
        else:
            out[name] = value[begin:end]
    return out


def copy_tables(conn: Any, tables: list[TableRows], targets: Targets, freeze: bool = False, batch: str = "",
                outside_schedule: bool = False) -> dict[str, int]:
    """COPY the tables parents first, in the caller's transaction; returns the rows written per table (an engine
    table's name, or a historical table's). Every table is fitted
    to its target before the first COPY, so a value a column cannot hold stops the batch (naming ``batch``) before
    anything of it is sent. A table the project keeps a history of gets its rows' creation records too. A
    partitioned table's rows go into a partition of the batch's own, made here
    (``freeze``: with COPY FREEZE, which the worker's batch transactions can use; a caller inside a longer
    transaction may hold snapshots that forbid it). A batch ``outside_schedule`` (a factory's, whose batch index
    lies far above a schedule's) numbers its creation records from the historical tables' own sequences."""
    order = {name: i for i, name in enumerate(WRITE_ORDER)}
    fitted = [Fitted(t, *fit(t, targets.tables[t.table], batch)) for t in sorted(tables, key=lambda t: order[t.table])]
    records = [(targets.histories[one.rows.table].db_table,
                history.records(one, targets.histories[one.rows.table], targets.tables[one.rows.table], batch,
                                _next_ids(conn, targets.histories[one.rows.table], one.rows.rows)
                                if outside_schedule else None))
               for one in fitted if one.rows.table in targets.histories and one.rows.rows]
    parted = partitions.partitioned(conn, [targets.db_table(t.table) for t in tables])
    made: dict[str, tuple[str, str, int]] = {}  # parent -> (partition, key column, an id of the batch)
    for one in fitted:
        table, parent = one.rows, targets.db_table(one.rows.table)
        if parent not in parted or table.rows == 0:
            copy_rows(conn, one.kinds, one.data, table.rows, parent)
            continue
        if parent not in made:
            key, first_id = targets.tables[table.table].key, int(table.data[next(iter(LAYOUTS[table.table]))][0])  # type: ignore[index]
            made[parent] = partitions.create(conn, parent, key, first_id, _one_batch(tables, table.table)), key, first_id
        copy_rows(conn, one.kinds, one.data, table.rows, made[parent][0], freeze=freeze)
    for parent, (name, key, first_id) in made.items():
        partitions.attach(conn, parent, name, key, first_id)
    written: dict[str, int] = {}
    for table in tables:
        written[table.table] = written.get(table.table, 0) + table.rows
    for db_table, kept in records:  # the audit trail (load/history.py)
        copy_rows(conn, kept.kinds, kept.data, kept.count, db_table)
        written[db_table] = written.get(db_table, 0) + kept.count
    return written


def _next_ids(conn: Any, table: TargetTable, n: int) -> np.ndarray:
    """``n`` ids from the sequence of ``table``'s key."""
    found = conn.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                         (f'"{table.db_table}"', table.key, n)).fetchall()
    return np.array([i for (i,) in found], dtype=np.int64)


def _one_batch(tables: list[TableRows], table: str) -> int | None:
    """The batch id every row of ``table`` among ``tables`` has, if they all have one and the same."""
    columns = [t.data.get("batch_id") for t in tables if t.table == table and t.rows]
    if not columns or not all(isinstance(c, np.ndarray) for c in columns):
        return None
    low, high = min(int(c.min()) for c in columns), max(int(c.max()) for c in columns)  # type: ignore[union-attr]
    return low if low == high else None


def write_batch(conn: Any, batch_index: int, batch_number: str, tables: list[TableRows], targets: Targets,
                worker: str, started: float) -> int:
    """COPY every table and record the batch in the ledger, all in one transaction; returns the rows."""
    with conn.transaction():
        _skip_triggers(conn)
        per_table = copy_tables(conn, tables, targets, freeze=True, batch=batch_number)
        rows = sum(per_table.values())
        conn.execute(
            "INSERT INTO aquadata_batchledger (batch_index, batch_number, rows, table_rows, seconds, worker) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (batch_index, batch_number, rows, Jsonb(per_table), time.perf_counter() - started, worker),
        )
    return rows


def _skip_triggers(conn: Any) -> None:
    """Skip the foreign-key triggers for this transaction where the role may (superuser): the rows are
    consistent by construction and the verification suite checks them. Elsewhere the checks just run."""
    if is_superuser(conn):
        conn.execute("SET LOCAL session_replication_role = replica")
