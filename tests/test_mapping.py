"""The target layout: read off the models' ``_meta``, it equals the engine's own layout for our schema, and
the writer's numeric encoding is what PostgreSQL itself makes of the same numbers."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import numpy as np
import pytest

from pytest_aquadata import rows
from pytest_aquadata.load import binary

TODAY = dt.date(2026, 11, 1)


@pytest.mark.aquadata
def test_our_models_layouts_are_the_engines_layouts() -> None:
    """Every column of our models comes from the engine under its own name and kind, except the database's
    own ``created_at``; the engine's extra columns are those for a client's model (rows.CLIENT_ONLY)."""
    import django

    from pytest_aquadata.mapping.inspect import targets

    layout = targets(TODAY)
    assert set(layout.tables) == set(rows.LAYOUTS) == set(rows.MODELS)
    for table, produced in rows.LAYOUTS.items():
        target = layout.tables[table]
        assert target.db_table == table and target.model == rows.MODELS[table]
        written = {c.name: c for c in target.columns}
        sourced = {c.source: c.kind for c in target.columns if c.constant is None and c.source is not None}
        extra = rows.CLIENT_ONLY.get(table, set())
        assert sourced == {name: kind for name, kind in produced.items() if name not in extra}, table
        filled = set(written) - set(sourced)
        if table == "batch_batch" and django.VERSION < (5, 0):
            assert filled == {"created_at"}  # a Python default before db_default existed
        else:
            assert filled == set(), (table, filled)


@pytest.mark.parametrize(("precision", "scale"), [(10, 2), (3, 2), (5, 0), (12, 4), (16, 6), (20, 10), (9, 5)])
def test_numeric_encoding_is_what_postgresql_makes_of_the_same_numbers(aquadata_run: Any, precision: int,
                                                                        scale: int) -> None:
    import psycopg

    rng = np.random.default_rng(precision * 100 + scale)
    whole = 10.0 ** min(precision - scale, 15)
    values = np.concatenate([
        rng.uniform(-whole, whole, 2000) * rng.choice([1, 1e-3, 1e-6], 2000),
        [0.0, -0.0, 10.0 ** -scale, -(10.0 ** -scale), 0.5 * 10.0 ** -scale / 3, whole - 10.0 ** -scale, 1 / 3, -2 / 3],
    ])
    values = values[np.abs(values) < whole - 10.0 ** -scale]
    with psycopg.connect(aquadata_run.url, autocommit=True) as conn:
        conn.execute(f"CREATE TEMP TABLE n (i int8, v numeric({precision}, {scale}))")
        with conn.cursor().copy("COPY n (i, v) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(binary.HEADER + binary.encode({"i": "int8", "v": "raw"}, {
                "i": np.arange(len(values)), "v": binary.numeric(values, precision, scale)}, len(values))
                + binary.TRAILER)
        stored = dict(conn.execute("SELECT i, v FROM n").fetchall())
    step = Decimal(1).scaleb(-scale)
    for i, x in enumerate(values):
        exact = Decimal(float(x)).quantize(step, ROUND_HALF_EVEN)
        assert abs(stored[i] - exact) <= step, (x, stored[i], exact)  # within one step (binary float halves)
        assert stored[i].as_tuple().exponent == -scale or stored[i] == 0
    assert sum(stored[i] != Decimal(float(x)).quantize(step, ROUND_HALF_EVEN) for i, x in enumerate(values)) <= 2


def test_a_number_beyond_the_precision_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="needs more than 1 digits before the decimal point"):
        binary.numeric(np.array([0.5, 12.0]), 3, 2)
    with pytest.raises(ValueError, match="NaN"):
        binary.numeric(np.array([np.nan]), 10, 2)


@pytest.mark.aquadata
def test_a_fill_is_the_servers_own_wire_form_and_a_value_its_type_refuses_is_named() -> None:
    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.mapping.constants import encoded
    from pytest_aquadata.mapping.layout import TargetColumn, Targets, TargetTable

    def fills(**constants: Any) -> Targets:
        return Targets({"t": TargetTable("t", "batch.Batch", "batch_batch", tuple(
            TargetColumn(name, "other", f"batch.Batch.{name}", constant=value) for name, value in constants.items()))})

    wire = {c.name: c.constant for c in encoded(fills(
        start_date=dt.date(2024, 5, 1), batch_number="FI-B0001", expected_end_date=None)).tables["t"].columns}
    assert wire == {"start_date": (dt.date(2024, 5, 1) - dt.date(2000, 1, 1)).days.to_bytes(4, "big").hex(),
                    "batch_number": b"FI-B0001".hex(), "expected_end_date": None}
    with pytest.raises(AquadataError, match=r"batch\.Batch\.start_date: the database does not take 'May Day' as "
                                            r"date .*AQUADATA_FILL = \{'batch\.Batch\.start_date': value\}"):
        encoded(fills(start_date="May Day"))


def test_a_4_byte_key_for_generated_row_ids_is_refused_naming_it(settings: Any) -> None:
    """Row ids are (batch index + 1) * 10^9 + n: a model keyed by a 4-byte integer (Django's AutoField) cannot
    hold them, and is refused before anything is written, with the fix."""
    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.mapping.inspect import targets

    settings.AQUADATA_MODELS = {"health.JournalEntry": "auth.Group"}
    with pytest.raises(AquadataError) as refused:
        targets(TODAY)
    assert "auth.Group.id is a 4-byte integer, but holds generated row ids, which need 8 (fix: a BigAutoField" \
        in str(refused.value)
    assert "auth.Group.name (CharField, NOT NULL, no default)" in str(refused.value)
