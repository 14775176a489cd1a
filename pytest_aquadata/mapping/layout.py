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
        values say which batch wrote a row (engine/context.py)."""
        from pytest_aquadata.rows import LAYOUTS

        name = self.column_for(next(iter(LAYOUTS[self.table])))
        assert name is not None, f"{self.model} has no column for the engine's key"
        return name


@dataclass(frozen=True)
class Targets:
    tables: dict[str, TargetTable]

    def to_json(self) -> str:
        return json.dumps({name: asdict(t) for name, t in self.tables.items()}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | dict[str, Any]) -> Targets:
        raw = json.loads(text) if isinstance(text, str) else text
        return cls({name: TargetTable(t["table"], t["model"], t["db_table"],
                                      tuple(TargetColumn(**c) for c in t["columns"])) for name, t in raw.items()})

    def digest(self) -> str:
        """Part of the run's fingerprint: the engine's values written into other tables, columns or types
        are another dataset. Filled columns are left out: a default evaluated once (``timezone.now``) differs
        every run, and one Django version fills ``created_at`` where another leaves it to the database."""
        shape = [(t.table, t.db_table, [(c.name, c.kind, c.source, c.precision, c.scale) for c in t.columns
                                        if c.source is not None])
                 for t in sorted(self.tables.values(), key=lambda t: t.table)]
        return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:16]

    def db_table(self, table: str) -> str:
        return self.tables[table].db_table

    def db_tables(self) -> list[str]:
        """Every generated table's name in the database."""
        return [t.db_table for t in self.tables.values()]
