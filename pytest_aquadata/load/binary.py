"""PostgreSQL binary COPY built straight from NumPy columns, without a Python loop per row.

A binary COPY tuple is ``int16 field count`` then, per field, ``int32 length`` and the bytes (length -1
for NULL). Rows whose fields all have fixed widths are fixed-size records, so a whole group of them is one
NumPy structured array turned into bytes. Text and nullable columns vary per row; rows are therefore
grouped by their combination of text labels and NULLs, and each group is encoded as fixed-size records.
Row order inside a COPY does not matter: every row carries its own primary key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)
PG_EPOCH_DAY = np.datetime64("2000-01-01", "D")
PG_EPOCH_US = np.datetime64("2000-01-01T00:00:00", "us")

#: column kind -> big-endian wire dtype
WIRE: dict[str, str] = {
    "int2": ">i2", "int4": ">i4", "int8": ">i8", "float8": ">f8", "bool": "?", "date": ">i4",
    "timestamptz": ">i8", "time": ">i8",
}


@dataclass(frozen=True)
class Labels:
    """A text (or NULL) column given as codes into a small list of labels; None is NULL."""

    codes: np.ndarray
    labels: Sequence[str | None]


@dataclass(frozen=True)
class Nullable:
    """A fixed-width column with NULLs where ``null`` is True."""

    values: np.ndarray
    null: np.ndarray


Column = np.ndarray | Labels | Nullable | str | None


def encode(kinds: Mapping[str, str], data: Mapping[str, Column], rows: int) -> bytes:
    """The tuples (no header) for ``rows`` rows of ``data`` in the column order of ``kinds``.

    ``kinds`` maps column name to a kind of WIRE or "text"; a str or None value is the same for all rows.
    """
    names = list(kinds)
    variants: list[list[str | None]] = []
    key = np.zeros(rows, dtype=np.int64)  # the row's combination of labels and NULLs, in mixed radix
    radix: list[int] = []
    for name in names:
        value = data[name]
        if isinstance(value, Labels):
            variants.append(list(value.labels))
            key = key * len(value.labels) + np.asarray(value.codes, dtype=np.int64)
        elif isinstance(value, Nullable):
            variants.append(["", None])  # code 0: a value, code 1: NULL
            key = key * 2 + np.asarray(value.null, dtype=np.int64)
        else:
            variants.append([value] if value is None or isinstance(value, str) else [""])
        radix.append(len(variants[-1]))
    if rows == 0:
        return b""
    if not any(isinstance(data[name], Labels | Nullable) for name in names):
        return _encode_group(names, kinds, data, [v[0] for v in variants], np.arange(rows))
    keys, group_of_row, sizes = np.unique(key, return_inverse=True, return_counts=True)
    by_group = np.argsort(group_of_row.reshape(-1), kind="stable")
    chunks = []
    for combo_key, selected in zip(keys, np.split(by_group, np.cumsum(sizes)[:-1]), strict=True):
        codes = []
        for size in reversed(radix):
            codes.append(int(combo_key % size))
            combo_key //= size
        chunks.append(_encode_group(names, kinds, data, [variants[i][c] for i, c in enumerate(reversed(codes))],
                                    selected))
    return b"".join(chunks)


def _encode_group(names: list[str], kinds: Mapping[str, str], data: Mapping[str, Column],
                  variant: list[str | None], rows: np.ndarray) -> bytes:
    fields: list[tuple[str, str]] = [("count", ">i2")]
    fills: list[tuple[str, object]] = []
    for i, name in enumerate(names):
        kind, label, value = kinds[name], variant[i], data[name]
        if label is None:  # NULL
            fields.append((f"l{i}", ">i4"))
            fills.append((f"l{i}", -1))
        elif kind == "text":
            raw = label.encode()
            fields.append((f"l{i}", ">i4"))
            fills.append((f"l{i}", len(raw)))
            if raw:
                fields.append((f"v{i}", f"S{len(raw)}"))
                fills.append((f"v{i}", raw))
        else:
            wire = np.dtype(WIRE[kind])
            fields.append((f"l{i}", ">i4"))
            fills.append((f"l{i}", wire.itemsize))
            fields.append((f"v{i}", wire.str))
            values = value.values if isinstance(value, Nullable) else value
            assert isinstance(values, np.ndarray), f"column {name} needs an array"
            fills.append((f"v{i}", _to_wire(kind, values[rows])))
    out = np.empty(len(rows), dtype=np.dtype(fields))
    out["count"] = len(names)
    for field, fill in fills:
        out[field] = fill
    return out.tobytes()


def _to_wire(kind: str, values: np.ndarray) -> np.ndarray:
    if kind == "date":
        return (values.astype("datetime64[D]") - PG_EPOCH_DAY).astype(np.int64)
    if kind == "timestamptz":
        return (values.astype("datetime64[us]") - PG_EPOCH_US).astype(np.int64)
    if kind == "time":  # microseconds since midnight
        return values.astype(np.int64)
    return values


def day(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "D")
