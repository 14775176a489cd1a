"""The audit trail's layout: for a target model whose changes the project records with django-simple-history, its
historical model's table and columns (domain.md, section 8).

simple_history writes a history record from the model's save signal, which COPY never sends, so the writer writes
the creation records itself (load/history.py): each repeats its tracked row as written (the historical model has
the tracked model's fields, with the same columns), with ``history_type`` '+', the time it was recorded and the
person who recorded it. A tracked model is told by what simple_history itself leaves on it
(``_meta.simple_history_manager_attribute``), not by a list of names, and simple_history is never imported here:
a project without it has no histories.

The historical model's own columns are: ``history_id`` (its key; load/history.py numbers it), ``history_date``,
``history_type``, ``history_user`` (who recorded the row: engine/recorders.py; the system user for a table nobody
records), ``history_change_reason`` (NULL but for an edit); any other it
has is filled by the same rules as a tracked table's column the engine does not produce (mapping/inspect.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from pytest_aquadata.mapping.layout import (
    HISTORY_DATE,
    HISTORY_ID,
    HISTORY_REASON,
    HISTORY_TYPE,
    HISTORY_USER,
    SYSTEM_USER,
    TargetColumn,
    TargetTable,
)

#: A field's (wire kind, precision, scale, max length), and the fill rules' answer for a field (inspect.py).
Kind = Callable[[Any], tuple[str, int, int, int]]
Fill = Callable[[Any, str, str], tuple[str | None, Any] | None]


def historical_model(model: Any) -> Any | None:
    """The historical model simple_history made for ``model``, or None where it records no history."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    return getattr(model, manager).model if manager else None


def layout(tracked: TargetTable, model: Any, kind_of: Kind, fill: Fill, history_end: dt.date,
           problems: list[str]) -> TargetTable | None:
    """The historical table of ``tracked`` (the layout of ``model``'s table), or None where ``model`` has none.
    ``fill(field, label, kind)`` gives (source, constant) for a column of the history's own, or None where it is
    left out or refused (``problems`` then says why). A row without an event time of its own was recorded at
    ``history_end`` (the history date column's constant)."""
    history = historical_model(model)
    if history is None:
        return None
    mirrored = {c.name: c for c in tracked.columns}
    own: dict[str, tuple[str, str | None]] = {
        "history_id": (HISTORY_ID, None), "history_date": (HISTORY_DATE, f"{history_end.isoformat()}T00:00:00"),
        "history_type": (HISTORY_TYPE, None), "history_change_reason": (HISTORY_REASON, None)}
    columns = []
    for f in history._meta.concrete_fields:
        label = f"{history._meta.label}.{f.name}"
        kind, precision, scale, max_length = kind_of(f)
        common = dict(name=f.column, kind=kind, field=label, precision=precision, scale=scale, max_length=max_length)
        if f.column in mirrored:
            theirs = mirrored[f.column]
            if theirs.source is None and theirs.constant is None:  # NULL in every row: in any type (AquaMind's
                columns.append(TargetColumn(**common))  # lab samples' attachment is varchar there, text here)
                continue
            if (kind, precision, scale, max_length) != (theirs.kind, theirs.precision, theirs.scale, theirs.max_length):
                problems.append(f"{label}: its type differs from {theirs.field}'s, whose values it repeats (fix: "
                                "migrate the project, so the historical table follows its model)")
                continue
            columns.append(TargetColumn(**common, source=f.column))  # the tracked row's own value, as written
        elif f.column in own:
            columns.append(TargetColumn(**common, source=own[f.column][0], constant=own[f.column][1]))
        elif f.name == "history_user":  # the row's recorder (rows.RECORDERS), else the system user
            columns.append(TargetColumn(**common, source=HISTORY_USER, constant=SYSTEM_USER))
        else:
            answer = fill(f, label, kind)
            if answer is None:
                continue
            source, constant = answer
            columns.append(TargetColumn(**common, source=source, constant=constant))
    return TargetTable(tracked.table, history._meta.label, history._meta.db_table, tuple(columns))
