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

The person: the row's recorder (rows.RECORDERS, engine/recorders.py), else the system user.

The edits (domain.md, section 8): a few entries are wrong at first, at rates within what studies of manual data
entry find (0.55 % to 3.6 % of entries in research, about 0.2 % in clinical records: Barchard et al. 2020, Behavior
Research Methods 52, doi:10.3758/s13428-019-01207-3). A day's death count is entered a digit off and corrected the
next day (1 %): its creation record holds the wrong count, a '~' record the right one, which the row holds. A feeding
is entered twice (0.5 %; most feedings are logged by the feeding system): the duplicate's creation record (under an
id of its own, the row's plus half a block) and its '-' record, an hour or two later; the duplicate is no row.
The rows a batch edits follow from their ids, the same on every run, and a correction is never dated after the
history's end. A factory's batch, outside the schedule, has no edits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.engine.context import ID_BLOCK
from pytest_aquadata.errors import RepeatsOnRerun
from pytest_aquadata.load.fit import Fitted
from pytest_aquadata.mapping.layout import (
    HISTORY_DATE,
    HISTORY_ID,
    HISTORY_OWN,
    HISTORY_REASON,
    HISTORY_TYPE,
    HISTORY_USER,
    TargetTable,
)
from pytest_aquadata.rows import EVENT_TIME, LAYOUTS, RECORDERS, SMALL_IDS, Column, Labels, Nullable, TableRows

#: A batch's block of history ids in a 4-byte identity: 2^21 ids, the lower half for its rows' creation records.
HISTORY_BLOCK = 2**21
#: A day's facts are entered between 07:00 and 17:00; a timed fact up to 2 hours after it.
WORKDAY_START_MINUTES, WORKDAY_MINUTES, ENTRY_DELAY_MINUTES = 7 * 60, 10 * 60, 120
#: table -> (the engine column entered wrong at first, the share of rows): see the module's docstring.
CORRECTED: dict[str, tuple[str, float]] = {"batch_mortalityevent": ("count", 0.01)}
#: table -> the share of rows entered twice, the duplicate deleted the same day.
ENTERED_TWICE: dict[str, float] = {"inventory_feedingevent": 0.005}
CORRECTION, DUPLICATE = "Count corrected the next day", "Entered twice; the duplicate deleted"
_MIX = 0x9E3779B97F4A7C15  # Fibonacci hashing: spreads consecutive ids over the range


@dataclass(frozen=True)
class Records:
    """A historical table's records for one batch's rows of its tracked table, as binary.encode takes them."""

    kinds: dict[str, str]
    data: dict[str, Column]
    count: int


def records(tracked: Fitted, history: TargetTable, target: TargetTable, batch: str = "",
            numbered: np.ndarray | None = None) -> Records:
    """The historical table's records of ``tracked``'s rows (``target`` is their table's layout): each row's
    creation record, and the batch's edits. Ids ``numbered`` if given (a factory's batch: no edits), else the
    batch's block's."""
    rows, n = tracked.rows, tracked.rows.rows
    ids = rows.data[next(iter(LAYOUTS[rows.table]))]
    assert isinstance(ids, np.ndarray), "a table's key is an array"
    ids = ids.astype(np.int64)
    end = np.datetime64(next(c.constant for c in history.columns if c.source == HISTORY_DATE), "us")
    at = recorded_at(rows, ids, end)
    day = np.timedelta64(1, "D")
    wrong = _wrong_column(rows.table, tracked, target) if numbered is None else None
    fixed = (np.flatnonzero((_share(ids, 0) < CORRECTED[rows.table][1]) & (at + day < end + day)) if wrong
             else np.zeros(0, dtype=np.int64))
    twice = (np.flatnonzero(_share(ids, 20) < ENTERED_TWICE[rows.table]) if rows.table in ENTERED_TWICE
             and numbered is None else np.zeros(0, dtype=np.int64))
    take = np.concatenate([np.arange(n), fixed, twice, twice])
    kind = np.concatenate([np.zeros(n + len(fixed) + len(twice), dtype=np.int64), np.full(len(twice), 2)])
    kind[n:n + len(fixed)] = 1  # 0: created, 1: changed, 2: deleted
    minutes = (_share(ids, 40) * 120).astype(np.int64).astype("timedelta64[m]")
    dates = np.concatenate([at, at[fixed] + day, at[twice] + np.timedelta64(1, "m"),
                            at[twice] + np.timedelta64(30, "m") + minutes[twice]])
    if numbered is None:
        wide = _kind_of(history, HISTORY_ID) == "int8"
        first, unit = record_ids(ids, "int8" if wide else "int4", history, batch), ID_BLOCK if wide else HISTORY_BLOCK
        numbered = np.concatenate([first, (first[:1] // unit) * unit + unit // 2 + np.arange(len(take) - n)])
    kinds: dict[str, str] = {}
    data: dict[str, Column] = {}
    for column in history.columns:
        name, source = column.name, column.source
        if source == HISTORY_ID:
            kinds[name], data[name] = column.kind, numbered
        elif source == HISTORY_DATE:
            kinds[name], data[name] = "timestamptz", dates
        elif source == HISTORY_TYPE:
            kinds[name], data[name] = "text", Labels(kind, ["+", "~", "-"])
        elif source == HISTORY_REASON:
            kinds[name], data[name] = "text", Labels(kind, [None, CORRECTION, DUPLICATE])
        elif source == HISTORY_USER and rows.table in RECORDERS:
            kinds[name], data[name] = column.kind, _pick(rows.data[RECORDERS[rows.table][0]], take)
        elif source is not None and source not in HISTORY_OWN:
            kinds[name], data[name] = tracked.kinds[source], _pick(tracked.data[source], take)
            if source == wrong:
                values = np.array(data[name])
                values[fixed] = _mistyped(values[fixed], ids[fixed])
                data[name] = values
            elif source == target.key and len(twice):
                values = np.array(data[name])
                values[n + len(fixed):] += ID_BLOCK // 2  # the duplicate's own id
                data[name] = values
        elif column.constant is None:
            kinds[name], data[name] = column.kind, None
        else:  # the system user, in the bytes the server gave (mapping/constants.py)
            wire = bytes.fromhex(column.constant)
            kinds[name], data[name] = "raw", np.full(len(take), wire, dtype=f"V{len(wire)}")
    return Records(kinds, data, len(take))


def _wrong_column(table: str, tracked: Fitted, target: TargetTable) -> str | None:
    """The target's column a correction edits, where the table has one and the column holds integers."""
    if table not in CORRECTED:
        return None
    column = target.column_for(CORRECTED[table][0])
    return column if column is not None and tracked.kinds.get(column) in ("int2", "int4", "int8") else None


def _share(ids: np.ndarray, shift: int) -> np.ndarray:
    """A number in [0, 1) per id, the same on every run; another ``shift``, another number."""
    mixed = (ids.astype(np.uint64) * np.uint64(_MIX)) >> np.uint64(shift)
    return (mixed % np.uint64(1 << 20)).astype(np.float64) / (1 << 20)


def _mistyped(counts: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """A count a digit off (1 to 9 more or fewer), never below zero nor the count itself."""
    off = 1 + (_share(ids, 30) * 9).astype(np.int64)
    return np.where(counts >= off, counts - off, counts + off)


def _pick(column: Column, take: np.ndarray) -> Column:
    if isinstance(column, Labels):
        return Labels(column.codes[take], column.labels)
    if isinstance(column, Nullable):
        return Nullable(column.values[take], column.null[take])
    if column is None or isinstance(column, str):
        return column
    return column[take]


def _kind_of(table: TargetTable, source: str) -> str:
    return next(c.kind for c in table.columns if c.source == source)


def record_ids(ids: np.ndarray, kind: str, history: TargetTable, batch: str = "") -> np.ndarray:
    """The creation records' ids for rows with ``ids`` (see the module's docstring)."""
    ids = ids.astype(np.int64)
    if kind == "int8":
        return ids
    small = SMALL_IDS.get(history.table)  # ids (index + 1) * small + n (engine/context.py): the batch's block, n
    if small is not None:
        block, n = ids // small, ids % small
    else:  # ids below the first block are the farm's own rows (engine/areas.py): block 0
        block = np.where(ids >= ID_BLOCK, ids // ID_BLOCK, 0)
        n = np.where(ids >= ID_BLOCK, ids % ID_BLOCK, ids)
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
