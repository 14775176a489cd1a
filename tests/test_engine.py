"""The engine is deterministic and its binary COPY writes exactly what it was given."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from pytest_aquadata.engine.batch import generate
from pytest_aquadata.engine.context import load_ids
from pytest_aquadata.engine.lifecycle import neighbours_of
from pytest_aquadata.load import binary
from pytest_aquadata.plan.occupancy import AreaStock
from pytest_aquadata.rows import TableRows


def _plain(table: TableRows) -> dict[str, Any]:
    """Columns as comparable arrays or constants."""
    out: dict[str, Any] = {}
    for name, value in table.data.items():
        if isinstance(value, binary.Labels):
            out[name] = np.array(value.labels, dtype=object)[value.codes]
        elif isinstance(value, binary.Nullable):
            out[name] = np.where(value.null, None, value.values.astype(object))
        else:
            out[name] = value
    return out


def test_the_same_batch_generated_twice_gives_identical_rows(aquadata_db: Any, aquadata_schedule: Any) -> None:
    ids = load_ids(aquadata_db)
    batch = next(b for b in aquadata_schedule.batches if b.is_completed(aquadata_schedule.history_end))
    first = generate(batch, aquadata_schedule.history_end, 1, ids)
    second = generate(batch, aquadata_schedule.history_end, 1, ids)
    assert [t.table for t in first] == [t.table for t in second] and len(first) >= 25
    for a, b in zip(first, second, strict=True):
        assert a.rows == b.rows
        pa, pb = _plain(a), _plain(b)
        for name in pa:
            assert np.array_equal(np.asarray(pa[name]), np.asarray(pb[name])), f"{a.table}.{name} differs"
    other_seed = generate(batch, aquadata_schedule.history_end, 2, ids)
    readings = [t for t in other_seed if t.table == "environmental_environmentalreading"][0]
    assert not np.array_equal(readings.data["value"], first[[t.table for t in first].index(readings.table)].data["value"])


def test_the_database_holds_what_the_engine_generates(aquadata_db: Any, aquadata_run: Any, aquadata_schedule: Any) -> None:
    """Written by another process (the session's generation), the rows equal a fresh generation here."""
    ids = load_ids(aquadata_db)
    batch = aquadata_schedule.batches[3]
    neighbours = neighbours_of(AreaStock.of_schedule(aquadata_schedule), batch.index)
    tables = {t.table: t for t in generate(batch, aquadata_schedule.history_end, aquadata_run.seed, ids, neighbours,
                                           aquadata_schedule.incidents)}
    for table, column in [("environmental_environmentalreading", "value"), ("inventory_feedingevent", "amount_kg"),
                          ("batch_actualdailyassignmentstate", "population")]:
        count, total = aquadata_db.execute(
            f"SELECT count(*), sum({column}) FROM {table} t JOIN batch_batch b ON b.id = t.batch_id "
            "WHERE b.batch_number = %s", (batch.batch_number,)).fetchone()
        assert count == tables[table].rows
        assert float(total) == pytest.approx(float(np.sum(tables[table].data[column])), rel=1e-12)


def test_binary_copy_round_trip(aquadata_run: Any) -> None:
    import psycopg

    kinds = {"id": "int8", "small": "int2", "n": "int4", "x": "float8", "flag": "bool", "day": "date",
             "at": "timestamptz", "clock": "time", "label": "text", "maybe": "float8", "note": "text"}
    rows = 7
    data: dict[str, binary.Column] = dict(
        id=np.arange(rows, dtype=np.int64), small=np.arange(rows) % 4, n=np.arange(rows) * 1000, x=np.linspace(0, 1, rows),
        flag=np.arange(rows) % 2 == 0, day=np.datetime64("2026-11-01") + np.arange(rows),
        at=np.datetime64("2026-11-01T06:00", "us") + np.arange(rows).astype("timedelta64[h]"),
        clock=np.full(rows, 8 * 3_600_000_000), label=binary.Labels(np.arange(rows) % 3, ["a", "bé", None]),
        maybe=binary.Nullable(np.arange(rows, dtype=float), np.arange(rows) % 3 == 1), note="constant")
    payload = binary.HEADER + binary.encode(kinds, data, rows) + binary.TRAILER
    with psycopg.connect(aquadata_run.url) as conn:
        conn.execute("CREATE TEMP TABLE round_trip (id int8, small int2, n int4, x float8, flag bool, day date, "
                     "at timestamptz, clock time, label text, maybe float8, note text)")
        with conn.cursor().copy(f"COPY round_trip ({', '.join(kinds)}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(payload)
        got = conn.execute("SELECT * FROM round_trip ORDER BY id").fetchall()
    assert len(got) == rows
    utc = dt.UTC
    for i, row in enumerate(got):
        assert row == (i, i % 4, i * 1000, pytest.approx(i / 6), i % 2 == 0, dt.date(2026, 11, 1 + i),
                       dt.datetime(2026, 11, 1, 6 + i, tzinfo=utc), dt.time(8), ["a", "bé", None][i % 3],
                       None if i % 3 == 1 else float(i), "constant")


def test_each_process_draws_from_its_own_stream(aquadata_db: Any, aquadata_schedule: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Another random stream for the growth samples changes the samples and nothing the other processes generate
    (the lice's stream, by contrast, reaches growth, feed and mortality through the delousings: a causal chain)."""
    from pytest_aquadata.engine import context

    ids = load_ids(aquadata_db)
    batch = next(b for b in aquadata_schedule.batches if b.is_completed(aquadata_schedule.history_end))
    before = {t.table: _plain(t) for t in generate(batch, aquadata_schedule.history_end, 1, ids)}
    monkeypatch.setitem(context.STREAMS, "growth", 99)
    after = {t.table: _plain(t) for t in generate(batch, aquadata_schedule.history_end, 1, ids)}
    changed = {table for table in before if any(
        not np.array_equal(np.asarray(before[table][c]), np.asarray(after[table][c])) for c in before[table])}
    assert changed == {"batch_growthsample", "batch_individualgrowthobservation"}, changed
