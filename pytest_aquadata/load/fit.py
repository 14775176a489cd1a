"""Fit one table's engine rows to its target layout: pick, convert and fill the target's columns, ready for
binary.encode. Conversions are vectorised per column; a value the column cannot hold (an id beyond a
4-byte integer, a text longer than the varchar, a number with too many digits) raises RepeatsOnRerun naming
the batch, the field and the value, before the batch's first COPY: nothing of it is written."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.errors import RepeatsOnRerun
from pytest_aquadata.load import binary
from pytest_aquadata.mapping.layout import TargetColumn, TargetTable
from pytest_aquadata.rows import Column, Labels, Nullable, TableRows


@dataclass(frozen=True)
class Fitted:
    """One table's rows as its target takes them: each column's wire kind and values, in COPY order."""

    rows: TableRows
    kinds: dict[str, str]
    data: dict[str, Column]


_INT_RANGE = {"int2": (-(2**15), 2**15 - 1), "int4": (-(2**31), 2**31 - 1)}


def fit(rows: TableRows, target: TargetTable, batch: str = "") -> tuple[dict[str, str], dict[str, Column]]:
    """(column -> wire kind, column -> values) in the target's COPY order; ``batch`` names the rows' batch in the
    error of a value that does not fit."""
    kinds: dict[str, str] = {}
    data: dict[str, Column] = {}
    for column in target.columns:
        try:
            if column.source is None:
                kinds[column.name], data[column.name] = _constant(column, rows.rows)
            else:
                kinds[column.name], data[column.name] = _convert(column, rows.data[column.source], rows.rows)
        except (ValueError, OverflowError) as exc:
            raise RepeatsOnRerun(f"{f'batch {batch}: ' if batch else ''}{column.field} cannot hold the generated values "
                                 f"of {rows.table}: {exc}. Fix: widen the field, or map it elsewhere (AQUADATA_MODELS)."
                                 ) from None
    return kinds, data


def _convert(column: TargetColumn, value: Column, n: int) -> tuple[str, Column]:
    kind = column.kind
    if isinstance(value, Labels | str):
        labels = value if isinstance(value, Labels) else Labels(np.zeros(n, dtype=np.int64), [value])
        mapped = [column.values.get(x.upper(), x) if x is not None else None for x in labels.labels]
        if kind == "jsonb":  # a JSON document as text (load/binary.py sends jsonb's binary form)
            return kind, Labels(labels.codes, mapped) if isinstance(value, Labels) else mapped[0]
        if kind == "text":
            too_long = [x for x in mapped if x is not None and column.max_length and len(x) > column.max_length]
            if too_long:
                raise ValueError(f"{too_long[0]!r} is longer than {column.max_length} characters")
            return kind, Labels(labels.codes, mapped) if isinstance(value, Labels) else mapped[0]
        words = [x for x in mapped if isinstance(x, str)]
        if words:
            raise ValueError(f"the text {words[0]!r} is not a number")
        numbers = np.array([np.nan if x is None else float(x) for x in mapped])[labels.codes]
        null = np.isnan(numbers)
        return _convert(column, Nullable(np.where(null, 0, numbers), null) if null.any() else numbers, n)
    if value is None:
        return kind, None
    if isinstance(value, Nullable):
        wire, converted = _convert(column, value.values, n)
        assert isinstance(converted, np.ndarray)
        return wire, Nullable(converted, value.null)
    assert isinstance(value, np.ndarray)
    return _numbers(column, value)


def _numbers(column: TargetColumn, values: np.ndarray) -> tuple[str, np.ndarray]:
    kind = column.kind
    if kind == "numeric":
        return "raw", binary.numeric(values, column.precision, column.scale)
    if kind in _INT_RANGE:
        if values.dtype.kind == "f":
            values = np.rint(values)
        low, high = _INT_RANGE[kind]
        if len(values) and (values.min() < low or values.max() > high):
            raise ValueError(f"{int(values.max() if values.max() > high else values.min())} is out of {kind} range")
        return kind, values.astype(np.int64)
    if kind == "int8" and values.dtype.kind == "f":
        return kind, np.rint(values).astype(np.int64)
    if kind in ("float8", "float4"):
        return kind, values.astype(np.float64)
    if kind in ("date", "timestamptz", "time", "bool", "int8"):
        return kind, values
    raise ValueError(f"the engine's numbers do not go into a {kind} column")


def _constant(column: TargetColumn, n: int) -> tuple[str, Column]:
    """A filled column: its value's wire bytes, as the server encoded them (mapping/constants.py), in every
    row; or NULL."""
    if column.constant is None:
        return column.kind, None
    wire = bytes.fromhex(column.constant)
    return "raw", np.full(n, wire, dtype=f"V{len(wire)}")
