"""PostgreSQL binary COPY built straight from NumPy columns, without a Python loop per row.

A binary COPY tuple is ``int16 field count`` then, per field, ``int32 length`` and the bytes (length -1
for NULL). Rows whose fields all have fixed widths are fixed-size records, so a whole group of them is one
NumPy structured array turned into bytes. Text and nullable columns vary per row; rows are therefore
grouped by their combination of text labels and NULLs, and each group is encoded as fixed-size records.
Row order inside a COPY does not matter: every row carries its own primary key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np

from pytest_aquadata.rows import Column, Labels, Nullable

HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
TRAILER = (-1).to_bytes(2, "big", signed=True)
PG_EPOCH_DAY = np.datetime64("2000-01-01", "D")
PG_EPOCH_US = np.datetime64("2000-01-01T00:00:00", "us")

#: column kind -> big-endian wire dtype
WIRE: dict[str, str] = {
    "int2": ">i2", "int4": ">i4", "int8": ">i8", "float4": ">f4", "float8": ">f8", "bool": "?", "date": ">i4",
    "timestamptz": ">i8", "time": ">i8",
}




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
        return _encode_group(names, kinds, data, [v[0] for v in variants], None, rows)
    keys, group_of_row, sizes = np.unique(key, return_inverse=True, return_counts=True)
    by_group = np.argsort(group_of_row.reshape(-1), kind="stable")
    chunks = []
    for combo_key, selected in zip(keys, np.split(by_group, np.cumsum(sizes)[:-1]), strict=True):
        codes = []
        for size in reversed(radix):
            codes.append(int(combo_key % size))
            combo_key //= size
        chunks.append(_encode_group(names, kinds, data, [variants[i][c] for i, c in enumerate(reversed(codes))],
                                    selected, len(selected)))
    return b"".join(chunks)


def _encode_group(names: list[str], kinds: Mapping[str, str], data: Mapping[str, Column],
                  variant: list[str | None], rows: np.ndarray | None, count: int) -> bytes:
    """The ``count`` rows ``rows`` (None: all of them, in order) as fixed-size records.

    Written for speed, since the writer's own CPU is taken from the server on 2 cores: what every record
    shares (the field count, the field lengths, NULLs and text labels) is one template record repeated as
    bytes, and each value column is byte-swapped contiguously, then copied once into its field. Casting
    while copying into a structured array's field, or assigning a structured template, is slower: a full
    lifecycle's 269,160 readings in chunks of load/copy.py's size took 24 ms that way, 17 ms this way."""
    fields: list[tuple[str, str]] = [("count", ">i2")]
    shared: dict[str, object] = {"count": len(names)}
    values: dict[str, np.ndarray] = {}
    for i, name in enumerate(names):
        kind, label, value = kinds[name], variant[i], data[name]
        fields.append((f"l{i}", ">i4"))
        if label is None:  # NULL
            shared[f"l{i}"] = -1
        elif kind in ("text", "jsonb"):
            raw = (b"\x01" if kind == "jsonb" else b"") + label.encode()  # jsonb's binary form: version 1, text
            shared[f"l{i}"] = len(raw)
            if raw:
                fields.append((f"v{i}", f"S{len(raw)}"))
                shared[f"v{i}"] = raw
        else:
            column = value.values if isinstance(value, Nullable) else value
            assert isinstance(column, np.ndarray), f"column {name} needs an array"
            wire = np.dtype(WIRE[kind]) if kind in WIRE else column.dtype  # "raw": values already in wire form
            shared[f"l{i}"] = wire.itemsize
            fields.append((f"v{i}", wire.str))
            values[f"v{i}"] = _swapped(_to_wire(kind, column if rows is None else column[rows]), wire)
    record = np.dtype(fields)
    template = np.zeros((), dtype=record)
    for field, fill in shared.items():
        template[field] = fill
    out = np.frombuffer(bytearray(template.tobytes() * count), dtype=record)
    for field, column in values.items():
        out[field] = column
    return out.tobytes()


def _swapped(values: np.ndarray, wire: np.dtype) -> np.ndarray:  # type: ignore[type-arg]
    """``values`` in the ``wire`` dtype (big-endian): a native cast, then a byte swap, both contiguous."""
    native = values.astype(wire.newbyteorder("="), copy=False)
    return native.view(wire) if wire.isnative else native.byteswap().view(wire)


def _to_wire(kind: str, values: np.ndarray) -> np.ndarray:
    if kind == "date":
        return (values.astype("datetime64[D]") - PG_EPOCH_DAY).astype(np.int64)
    if kind == "timestamptz":
        return (values.astype("datetime64[us]") - PG_EPOCH_US).astype(np.int64)
    if kind == "time":  # microseconds since midnight
        return values.astype(np.int64)
    return values


def numeric(values: np.ndarray, precision: int, scale: int) -> np.ndarray:
    """PostgreSQL's binary ``numeric`` for ``numeric(precision, scale)``, as one fixed-width record per value
    (dtype ``V``, the kind "raw"): the sign, scale and base-10000 digits. Every value gets the same number of
    digit groups, leading and trailing zero groups included, which the server strips on receipt; so a
    column of numerics is fixed-width like the others and encodes without a loop per row.

    Values are rounded half to even at ``scale`` digits. Raises ValueError for NaN, infinity or a value
    with more than ``precision - scale`` integer digits, which the column cannot hold.
    """
    x = np.asarray(values, dtype=np.float64)
    if not np.isfinite(x).all():
        raise ValueError("NaN or infinity")
    whole_digits = precision - scale
    magnitude = np.abs(x)
    fraction = np.rint((magnitude - np.floor(magnitude)) * 10.0**scale).astype(np.int64)
    integer = np.floor(magnitude).astype(np.int64) + (fraction >= 10**scale)
    fraction %= 10**scale
    if whole_digits < 19 and (integer >= 10**whole_digits).any():
        worst = float(x[np.argmax(magnitude)])
        raise ValueError(f"{worst} needs more than {whole_digits} digits before the decimal point")
    int_groups, frac_groups = -(-whole_digits // 4), -(-scale // 4)
    fraction *= 10 ** (frac_groups * 4 - scale)
    groups = [(integer // 10_000**k) % 10_000 if k < 5 else np.zeros_like(integer)  # int64 stops below 10^20
              for k in reversed(range(int_groups))]
    groups += [(fraction // 10_000**k) % 10_000 for k in reversed(range(frac_groups))]
    dtype = np.dtype([("ndigits", ">i2"), ("weight", ">i2"), ("sign", ">u2"), ("dscale", ">i2"),
                      *[(f"d{k}", ">i2") for k in range(len(groups))]])
    out = np.empty(len(x), dtype=dtype)
    out["ndigits"], out["weight"], out["dscale"] = len(groups), int_groups - 1, scale
    out["sign"] = np.where((x < 0) & ((integer > 0) | (fraction > 0)), 0x4000, 0)
    for k, group in enumerate(groups):
        out[f"d{k}"] = group
    return out.view(f"V{dtype.itemsize}")


def day(d: dt.date) -> np.datetime64:
    return np.datetime64(d, "D")
