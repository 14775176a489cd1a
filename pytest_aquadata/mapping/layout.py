"""The target layout as plain values: per engine table, the database table and its columns in COPY order,
each with its wire kind and where its values come from.

It is computed once per run, where Django is configured (``target.inspect``), and stored with the run in
the database, so that workers, ``aquadata digest`` and the report need neither Django nor the project.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

#: The fill of a foreign key to AUTH_USER_MODEL: the system user (mapping/constants.py gives its id's bytes).
SYSTEM_USER = "<aquadata system user>"

#: A historical table's columns that come from the history, not from its tracked row (mapping/history.py): the
#: record's own id, the time it was recorded, who recorded it, what it records (+ ~ -) and why, found where the batch
#: is written (load/history.py).
HISTORY_ID, HISTORY_DATE, HISTORY_USER = "<history id>", "<history date>", "<history user>"
HISTORY_TYPE, HISTORY_REASON = "<history type>", "<history change reason>"
HISTORY_OWN = frozenset((HISTORY_ID, HISTORY_DATE, HISTORY_USER, HISTORY_TYPE, HISTORY_REASON))


@dataclass(frozen=True)
class TargetColumn:
    """One column of a target table.

    ``source`` is the engine column it takes its values from; without one, every row gets ``constant``
    (None is NULL), the value a fill rule chose (mapping/inspect.py), held as the hex of its wire bytes
    (mapping/constants.py).
    """

    name: str
    kind: str  # int2 int4 int8 float4 float8 numeric bool date timestamptz time text jsonb uuid, or other
    field: str  # "app_label.Model.field", for messages
    source: str | None = None
    constant: Any = None  # hex of the wire bytes once encoded; before that the Python value
    precision: int = 0  # numeric
    scale: int = 0  # numeric
    max_length: int = 0  # varchar; 0 is unbounded
    #: engine label -> the value the field takes for it (a choice's value for its display name, a number for
    #: a word): see mapping/shapes.py
    values: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: a foreign key's target, "db_table.column", so that a check can prove every reference resolves where the
    #: database does not (the load turns triggers off; the readings' keys are no constraints at all)
    references: str = ""


@dataclass(frozen=True)
class TargetTable:
    table: str  # the engine's name for it (rows.LAYOUTS)
    model: str  # "app_label.Model"
    db_table: str
    columns: tuple[TargetColumn, ...]

    def column_for(self, source: str) -> str | None:
        """The database column the engine's ``source`` column lands in, or None if the model has none."""
        return next((c.name for c in self.columns if c.source == source), None)

    @property
    def key(self) -> str:
        """The database column of the engine's key (the first column of its layout: ``id``, ``run_id``), whose
        values say which batch wrote a row (engine/context.py); a historical table's is its records' own id."""
        from pytest_aquadata.rows import LAYOUTS

        if own := next((c.name for c in self.columns if c.source == HISTORY_ID), None):
            return own
        name = self.column_for(next(iter(LAYOUTS[self.table])))
        assert name is not None, f"{self.model} has no column for the engine's key"
        return name


@dataclass(frozen=True)
class Targets:
    """Every engine table's target and, for a target model whose changes a project records (django-simple-history),
    its historical table (``histories``, by engine table), whose columns name the tracked table's columns as their
    sources: a tracked row's creation record repeats the row as written."""

    tables: dict[str, TargetTable]
    histories: dict[str, TargetTable] = dataclasses.field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"tables": {name: asdict(t) for name, t in self.tables.items()},
                           "histories": {name: asdict(t) for name, t in self.histories.items()}}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> Targets:
        raw = json.loads(text) if isinstance(text, str) else text
        if "tables" not in raw:  # a layout stored by generator 8 or before: the tables only
            raw = {"tables": raw, "histories": {}}
        return cls(*({name: TargetTable(t["table"], t["model"], t["db_table"],
                                        tuple(TargetColumn(**c) for c in t["columns"])) for name, t in raw[part].items()}
                     for part in ("tables", "histories")))

    def digest(self) -> str:
        """Part of the run's fingerprint: the engine's values written into other tables, columns or types
        are another dataset. Filled columns are left out: a default evaluated once (``timezone.now``) differs
        every run, and one Django version fills ``created_at`` where another leaves it to the database."""
        shape: list[Any] = [(t.table, t.db_table, [(c.name, c.kind, c.source, c.precision, c.scale) for c in t.columns
                                                   if c.source is not None])
                            for t in sorted(self.tables.values(), key=lambda t: t.table)]
        if self.histories:  # a layout without any is fingerprinted as before
            shape.append(sorted((t.table, t.db_table) for t in self.histories.values()))
        return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16]

    def db_table(self, table: str) -> str:
        return self.tables[table].db_table

    def db_tables(self) -> list[str]:
        """Every generated table's name in the database, historical tables included."""
        return [t.db_table for t in (*self.tables.values(), *self.histories.values())]
