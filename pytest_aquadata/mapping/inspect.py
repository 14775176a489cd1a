"""Read the target layout off the Django models: for each engine table, the model that holds it (ours, or
a project's own with our app label and model name, or the one ``AQUADATA_MODELS`` names), its concrete
fields in order, each field's wire kind from its database type, and where its values come from.

A column the engine produces is written from the engine. Every other column is filled by the first rule
that applies, and refused when none does (before anything is written):

1. ``AQUADATA_FILL["app_label.Model.field"]`` in the settings: that value;
2. a database default (``db_default``): left to the database;
3. ``auto_now`` / ``auto_now_add``: the row's own event time (rows.EVENT_TIME), or the history end for a table
   without one;
4. a field default; a callable is called once;
5. NULL where the field allows it;
6. ``''`` for blank text;
7. a foreign key to ``AUTH_USER_MODEL``: one system user, created once (``aquadata``).

A filled value may be of any database type: the server encodes it (mapping/constants.py). The engine's own
values go only into the types the writer encodes itself (_KINDS, numeric and varchar).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pytest_aquadata import rows
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.mapping import history, shapes
from pytest_aquadata.mapping.layout import HISTORY_DATE, SYSTEM_USER, TargetColumn, Targets, TargetTable
from pytest_aquadata.mapping.models import model

_KINDS = {"bigint": "int8", "integer": "int4", "smallint": "int2", "double precision": "float8", "real": "float4",
          "boolean": "bool", "date": "date", "timestamp with time zone": "timestamptz", "time": "time",
          "text": "text", "jsonb": "jsonb", "uuid": "uuid"}
_INT_MAX = {"int2": 2**15 - 1, "int4": 2**31 - 1, "int8": 2**63 - 1}


def model_for(table: str) -> Any:
    """The Django model that holds an engine table (mapping/models.py); LookupError if there is none."""
    return model(rows.MODELS[table])


def targets(history_end: dt.date) -> Targets:
    """The layout of every engine table; raises AquadataError listing every model or field that cannot be
    written, each with the setting that fixes it."""
    from django.conf import settings

    overrides: dict[str, str] = getattr(settings, "AQUADATA_MODELS", {})
    fills: dict[str, Any] = getattr(settings, "AQUADATA_FILL", {})
    problems: list[str] = []
    tables: dict[str, TargetTable] = {}
    histories: dict[str, TargetTable] = {}
    generated = set()
    for table in rows.MODELS:
        try:
            generated.add(model_for(table))
        except LookupError:
            ours = rows.MODELS[table]
            problems.append(f"no model {overrides.get(ours, ours)} for the engine's {ours} "
                            f"(fix: AQUADATA_MODELS = {{'{ours}': 'your_app.YourModel'}})")
    if not problems:
        in_blocks = generated - {model_for(t) for t in rows.SMALL_IDS}  # small ids (engine/context.py); the rest in blocks
        for table in rows.MODELS:
            tables[table] = _table(table, model_for(table), in_blocks, fills, history_end, problems)
        histories = {table: found for table, target in tables.items()
                     if (found := _history(target, model_for(table), fills, history_end, problems)) is not None}
    if problems:
        raise AquadataError("these models cannot receive the generated rows; nothing was written:\n  "
                            + "\n  ".join(problems)
                            + "\nFix: as given for each, or a default or null=True on the field.")
    return Targets(tables, histories)


def _history(target: TargetTable, model: Any, fills: dict[str, Any], history_end: dt.date,
             problems: list[str]) -> TargetTable | None:
    """The layout of ``model``'s historical table, if it has one (mapping/history.py); a column of the history's
    own is filled by the rules here, an event time being the record's own time."""
    from django.db import connection

    def fill(f: Any, label: str, kind: str) -> tuple[str | None, Any] | None:
        found = _fill(f, label, target.table, kind, fills, history_end)
        if found is _OMIT:
            return None
        if found is _UNFILLABLE:
            problems.append(f"{label} ({f.get_internal_type()}, NOT NULL, no default) has no value a rule can give "
                            f"(fix: AQUADATA_FILL = {{'{label}': value}})")
            return None
        source, constant = found
        return (HISTORY_DATE, None) if source is not None else (None, constant)

    return history.layout(target, model, lambda f: _kind(f.db_type(connection)), fill, history_end, problems)


def _table(table: str, model: Any, in_blocks: set[Any], fills: dict[str, Any], history_end: dt.date,
           problems: list[str]) -> TargetTable:
    from django.db import connection

    produced = rows.LAYOUTS[table]
    fields = [f for f in model._meta.concrete_fields if f.column and not getattr(f, "generated", False)]
    alternatives = shapes.alternative_columns(table, {f.column for f in fields})
    columns = []
    for f in fields:
        label = f"{model._meta.label}.{f.name}"
        kind, precision, scale, max_length = _kind(f.db_type(connection))
        source = next((c for c in (f.column, f.attname, f.name) if c in produced), None)
        if source in {c for _, theirs in shapes.ALTERNATIVES.get(table, []) for c in theirs} - alternatives:
            source = None  # the model records the fact our way too: its own default fills these
        common = dict(name=f.column, kind=kind, field=label, precision=precision, scale=scale, max_length=max_length)
        if source is not None:
            if kind == "other":
                problems.append(f"{label}: its database type {f.db_type(connection)} cannot take the engine's "
                                f"{produced[source]} values (fix: a field of that type, or map it elsewhere: "
                                "AQUADATA_MODELS)")
                continue
            if _holds_row_ids(f, in_blocks) and kind in ("int2", "int4"):
                problems.append(f"{label} is a {kind[-1]}-byte integer, but holds generated row ids, which need 8 "
                                "(fix: a BigAutoField / BigIntegerField, or DEFAULT_AUTO_FIELD = BigAutoField)")
                continue
            references = (f"{f.related_model._meta.db_table}.{f.target_field.column}"
                          if f.is_relation and f.related_model is not None else "")
            columns.append(TargetColumn(**common, source=source, values=shapes.value_map(f, kind, produced[source]),
                                        references=references))
            continue
        fill = _fill(f, label, table, kind, fills, history_end)
        if fill is _OMIT:
            continue
        if fill is _UNFILLABLE:
            problems.append(f"{label} ({f.get_internal_type()}, NOT NULL, no default) has no value the engine "
                            f"produces or a rule can give (fix: AQUADATA_FILL = {{'{label}': value}})")
            continue
        source, constant = fill
        if isinstance(constant, str) and max_length and len(constant) > max_length and constant != SYSTEM_USER:
            problems.append(f"{label}: its fill {constant!r} is longer than {max_length} characters "
                            f"(fix: AQUADATA_FILL = {{'{label}': value}})")
            continue
        columns.append(TargetColumn(**common, source=source, constant=constant))
    return TargetTable(table, model._meta.label, model._meta.db_table, tuple(columns))


_OMIT, _UNFILLABLE = object(), object()


def _fill(f: Any, label: str, table: str, kind: str, fills: dict[str, Any], history_end: dt.date) -> Any:
    """(engine column, constant) for a column the engine does not produce, or _OMIT or _UNFILLABLE. The
    constant is a Python value, as the field takes it; mapping/constants.py encodes it."""
    from django.conf import settings
    from django.db.models import NOT_PROVIDED

    if label in fills:
        return None, fills[label]
    if getattr(f, "db_default", NOT_PROVIDED) is not NOT_PROVIDED:
        return _OMIT
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        event = rows.EVENT_TIME.get(table)
        if event:
            return event, None
        return None, dt.datetime.combine(history_end, dt.time(), dt.UTC) if kind == "timestamptz" else history_end
    if f.has_default():
        return None, f.get_default()
    if f.null:
        return None, None
    if kind == "text" and f.blank:
        return None, ""
    if f.is_relation and f.related_model._meta.label == settings.AUTH_USER_MODEL:
        return None, SYSTEM_USER
    return _UNFILLABLE


def _holds_row_ids(f: Any, in_blocks: set[Any]) -> bool:
    """The primary key of a table whose ids come from a batch's block of 10^9, or a reference to one."""
    return bool(f.model in in_blocks if f.primary_key else f.is_relation and f.related_model in in_blocks)


def _kind(db_type: str | None) -> tuple[str, int, int, int]:
    """(wire kind, numeric precision, numeric scale, varchar length) of a database type."""
    db_type = (db_type or "").lower()
    if m := re.fullmatch(r"numeric\((\d+),\s*(\d+)\)", db_type):
        return "numeric", int(m[1]), int(m[2]), 0
    if m := re.fullmatch(r"(?:varchar|character varying)(?:\((\d+)\))?", db_type):
        return "text", 0, 0, int(m[1] or 0)
    return _KINDS.get(db_type, "other"), 0, 0, 0
