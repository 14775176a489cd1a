"""A tracked table's creation records (mapping/history.py): each repeats its row as the batch writes it, with its
own id and the time it was recorded, and goes into the historical table in the same transaction.

The id: a historical table numbers its records with a 4-byte identity (simple_history's ``history_id``), while a
row's id is ``(index + 1) * 10^9 + n`` (engine/context.py). So a record's id is the batch's block of 2^21 in the
4-byte range, ``(index + 1) * 2^21 + n`` (a batch id, ``index + 1``, is ``n = 0`` of its block), the same whichever
worker writes the batch; the upper half of a block is left for later records of the same rows (edits). An 8-byte
``history_id`` takes the row's own id.

The time: a fact is entered when it happens (a timestamp: a few minutes after it), or, for a day's fact, in that
day's working hours, 07:00 to 17:00 UTC; the minutes follow from the row's id, so they are the same on every run.
A table without an event time of its own (rows.EVENT_TIME) was recorded at the end of the history.

The person: the row's recorder (rows.RECORDERS, engine/recorders.py), else the system user."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import ID_BLOCK
from pytest_aquadata.errors import RepeatsOnRerun
from pytest_aquadata.load.fit import Fitted
from pytest_aquadata.mapping.layout import HISTORY_DATE, HISTORY_ID, HISTORY_USER, TargetTable
from pytest_aquadata.rows import EVENT_TIME, LAYOUTS, RECORDERS, Column, Nullable, TableRows

#: A batch's block of history ids in a 4-byte identity: 2^21 ids, the lower half for its rows' creation records.
HISTORY_BLOCK = 2**21
#: A day's facts are entered between 07:00 and 17:00; a timed fact up to 2 hours after it.
WORKDAY_START_MINUTES, WORKDAY_MINUTES, ENTRY_DELAY_MINUTES = 7 * 60, 10 * 60, 120
_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: spreads consecutive ids over the range


def creation_records(tracked: Fitted, history: TargetTable, batch: str = "", numbered: np.ndarray | None = None
                     ) -> Fitted:
    """The historical table's rows for ``tracked``'s rows: their creation records, with the ids ``numbered`` if
    given (a factory's batch, outside the schedule's blocks), else their batch's."""
    ids = tracked.rows.data[next(iter(LAYOUTS[tracked.rows.table]))]
    assert isinstance(ids, np.ndarray), "a table's key is an array"
    kinds: dict[str, str] = {}
    data: dict[str, Column] = {}
    for column in history.columns:
        if column.source == HISTORY_ID:
            kinds[column.name], data[column.name] = column.kind, (record_ids(ids, column.kind, history, batch)
                                                                  if numbered is None else numbered)
        elif column.source == HISTORY_DATE:
            history_end = np.datetime64(column.constant, "us")
            kinds[column.name], data[column.name] = "timestamptz", recorded_at(tracked.rows, ids, history_end)
        elif column.source == HISTORY_USER and tracked.rows.table in RECORDERS:
            kinds[column.name], data[column.name] = column.kind, tracked.rows.data[RECORDERS[tracked.rows.table][0]]
        elif column.source not in (None, HISTORY_USER):
            kinds[column.name], data[column.name] = tracked.kinds[column.source], tracked.data[column.source]
        elif column.constant is None:
            kinds[column.name], data[column.name] = column.kind, None
        else:
            wire = bytes.fromhex(column.constant)
            kinds[column.name], data[column.name] = "raw", np.full(tracked.rows.rows, wire, dtype=f"V{len(wire)}")
    return Fitted(tracked.rows, kinds, data)


def record_ids(ids: np.ndarray, kind: str, history: TargetTable, batch: str = "") -> np.ndarray:
    """The creation records' ids for rows with ``ids`` (see the module's docstring)."""
    ids = ids.astype(np.int64)
    if kind == "int8":
        return ids
    block = np.where(ids >= ID_BLOCK, ids // ID_BLOCK, ids)
    n = np.where(ids >= ID_BLOCK, ids % ID_BLOCK, 0)
    if len(ids) and (n.max() >= HISTORY_BLOCK // 2 or block.max() * HISTORY_BLOCK >= 2**31):
        raise RepeatsOnRerun(f"{f'batch {batch}: ' if batch else ''}{history.model}.history_id is a 4-byte integer, "
                             f"and {history.table}'s {len(ids):,} rows of batch block {int(block.max())} need more "
                             f"than its {HISTORY_BLOCK // 2:,} ids per batch (1,023 batches at most). Fix: "
                             "SIMPLE_HISTORY_HISTORY_ID_USE_UUID is not supported; a BigAutoField history_id is "
                             "(HistoricalRecords(history_id_field=models.BigAutoField(primary_key=True))).")
    return block * HISTORY_BLOCK + n


def recorded_at(rows: TableRows, ids: np.ndarray, history_end: np.datetime64) -> np.ndarray:
    """When each row was entered, as datetime64[us] (UTC); ``history_end`` for a table without an event time."""
    spread = (ids.astype(np.uint64) * np.uint64(_MIX)) >> np.uint64(40)  # the same minutes on every run
    source = EVENT_TIME.get(rows.table)
    if source is None:
        return np.full(rows.rows, history_end)
    event = rows.data[source]
    values = event.values if isinstance(event, Nullable) else event
    assert isinstance(values, np.ndarray), f"{rows.table}.{source} is an array"
    if LAYOUTS[rows.table][source] == "date":
        minutes = WORKDAY_START_MINUTES + (spread % np.uint64(WORKDAY_MINUTES)).astype(np.int64)
        return values.astype("datetime64[D]").astype("datetime64[us]") + minutes.astype("timedelta64[m]")
    minutes = (spread % np.uint64(ENTRY_DELAY_MINUTES)).astype(np.int64)
    return values.astype("datetime64[us]") + minutes.astype("timedelta64[m]")
