"""What a check looks at: a connection to a generated dataset and the schedule it was generated from.

The schedule comes from the database itself (``aquadata_run.schedule_yaml``, moved to the run's history
end), so ``aquadata verify --db URL`` needs nothing but the URL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.mapping.layout import Targets
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.verify.readings import ReadingsPass
from pytest_aquadata.verify.shared import Shared

#: The readings' table, under the engine's name.
#: The prefix of a historical table's name among the tables rows_per_batch counts.
HISTORY = "history:"
READINGS = "environmental_environmentalreading"
#: The rings' sea days are simulated in this many parts, which the run's processes split (verify/shared.py): each
#: worker simulating every batch cost full's checks 3.8 s of CPU in each.
SEA_LEAVES_PARTS = 8


def see_engine_names(conn: Any) -> None:
    """Let this session read the generated tables under the engine's names, so the checks' SQL (and the
    report's) holds for a project's own tables too: a table the project keeps under another name
    (``scenario_projection_run``), or a column under another name, gets a temporary view with the engine's
    names. Temporary views live only in this session and are searched first (pg_temp); nothing is written.
    Must run before the session turns read-only (PostgreSQL creates no view then, not even a temporary one)."""
    from pytest_aquadata.load.ledger import read_targets

    for table in read_targets(conn).tables.values():
        names = {c.name for c in table.columns}
        first: dict[str, str] = {}  # one column per engine name: a model's created_at and updated_at may both take an event time
        for c in table.columns:
            if c.source and c.source != c.name and c.source not in names:
                first.setdefault(c.source, c.name)
        renamed = [f'"{name}" AS "{source}"' for source, name in first.items()]
        if table.db_table != table.table or renamed:
            conn.execute(f'CREATE OR REPLACE TEMP VIEW "{table.table}" AS SELECT *{"".join(", " + r for r in renamed)} '
                         f'FROM public."{table.db_table}"')


@dataclass
class Dataset:
    conn: Any
    schedule: Schedule
    history_end: dt.date
    seed: int
    #: Where the run's processes split the scans of the largest tables (verify/shared.py); by default, nowhere.
    shared: Shared = field(default_factory=Shared)
    _rows_per_batch: dict[str, dict[int, int]] | None = field(default=None, repr=False)
    _targets: Targets | None = field(default=None, repr=False)
    _sea_leaves: dict[int, tuple[int, ...]] | None = field(default=None, repr=False)
    _readings: ReadingsPass | None = field(default=None, repr=False)
    _readings_by_source: dict[str, ReadingsPass] | None = field(default=None, repr=False)
    _missing: list[tuple[int, int, dt.date, int]] | None = field(default=None, repr=False)
    _batch_numbers: dict[int, str] | None = field(default=None, repr=False)

    @property
    def sea_leaves(self) -> dict[int, tuple[int, ...]]:
        """Per batch at sea, the day each ring's fish leave it: the engine's outcome of the weather and the fish
        (a ring is harvested when its fish reach the target), which the checks expect the tables to show."""
        if self._sea_leaves is None:
            from pytest_aquadata.engine.outcome import sea_leaves

            parts = [str(k) for k in range(SEA_LEAVES_PARTS)]
            found = self.shared.each("sea-leaves", parts, lambda k: sea_leaves(
                self.schedule, self.seed, self.history_end, (int(k), SEA_LEAVES_PARTS)))
            self._sea_leaves = dict(sorted(item for part in parts for item in found[part].items()))
        return self._sea_leaves

    @property
    def batch_numbers(self) -> dict[int, str]:
        """Batch id -> batch number, for the checks' messages (read once, shared by the checks that name batches)."""
        if self._batch_numbers is None:
            self._batch_numbers = dict(self.conn.execute("SELECT id, batch_number FROM batch_batch").fetchall())
        return self._batch_numbers

    @property
    def targets(self) -> Targets:
        """Which tables and columns hold the rows (ours, or a project's own), as the run recorded it."""
        if self._targets is None:
            from pytest_aquadata.load.ledger import read_targets

            self._targets = read_targets(self.conn)
        return self._targets

    @classmethod
    def from_database(cls, conn: Any) -> Dataset:
        from pytest_aquadata.plan import yamlformat

        try:
            row = conn.execute("SELECT schedule_yaml, history_end, completed_at, seed FROM aquadata_run LIMIT 1").fetchone()
        except Exception as exc:  # noqa: BLE001 - any failure here means: not a pytest-aquadata dataset
            raise AquadataError(f"this database holds no pytest-aquadata dataset ({exc}).\n"
                                "Fix: point --db at a database a `pytest --aquadata=...` run filled.") from None
        if row is None or not row[0]:
            raise AquadataError("this database holds no complete pytest-aquadata run record.\n"
                                "Fix: run `pytest --aquadata=PROFILE --aquadata-db=URL` on it first.")
        text, history_end, completed_at, seed = row
        if completed_at is None:
            raise AquadataError("the dataset in this database is not complete (generation was interrupted or is "
                                "running).\nFix: rerun the same `pytest --aquadata=...` command: it writes only "
                                "the missing batches.")
        conn.execute("SET TimeZone = 'UTC'")  # a day is a UTC day, as the engine writes it (a project may set another)
        see_engine_names(conn)
        return cls(conn, yamlformat.loads(text, "the run's schedule").shifted_to(history_end), history_end, int(seed))

    def rows_per_batch(self) -> dict[str, dict[int, int]]:
        """Rows per table per batch index, from the id blocks (one scan per table, shared by the checks
        that need it, and under xdist counted once for the workers). Every generated row's id lies in its batch's
        block (engine/context.py). Our partitioned readings are not scanned again: the readings pass counted each
        partition (on full, the count(*) of their 551 partitions took 8.8 s more)."""
        if self._rows_per_batch is None:
            from pytest_aquadata.engine.context import ID_BLOCK
            from pytest_aquadata.load.partitions import blocks, partitioned
            from pytest_aquadata.rows import LAYOUTS

            readings = self.targets.db_table(READINGS)
            counted = [t for t in LAYOUTS if t != READINGS or not partitioned(self.conn, [readings])]
            counted += [f"{HISTORY}{t}" for t in self.targets.histories]  # the creation records, by their ids' blocks
            self._rows_per_batch = self.shared.each("rows", counted, self._count)
            if READINGS not in self._rows_per_batch:  # partitioned: the pass counted each partition, which holds
                passes = self.readings_by_source      # one block (the one below the first block: ids below it, -1)
                counts = {-1 if low is None else low // ID_BLOCK - 1: passes[_only(part)].rows
                          for part, low in blocks(self.conn, readings).items()}
                self._rows_per_batch[READINGS] = {index: n for index, n in counts.items() if n}
        return self._rows_per_batch

    def _count(self, table: str) -> dict[int, int]:
        """Rows of ``table`` (not partitioned; ``history:`` and an engine table: its historical table) per batch
        index, grouped by id block."""
        from pytest_aquadata.engine.context import ID_BLOCK
        from pytest_aquadata.load.history import HISTORY_BLOCK
        from pytest_aquadata.rows import SMALL_IDS

        target = self.targets.histories[table[len(HISTORY):]] if table.startswith(HISTORY) else self.targets.tables[table]
        key, db_table = target.key, target.db_table
        kind = next(c.kind for c in target.columns if c.name == key)
        if table.startswith(HISTORY) and kind != "int8":  # load/history.py: blocks of 2^21 in a 4-byte identity
            index = f'"{key}" / {HISTORY_BLOCK} - 1'
        elif table.removeprefix(HISTORY) in SMALL_IDS:
            index = f'"{key}" / {SMALL_IDS[table.removeprefix(HISTORY)]} - 1'
        else:
            index = f'"{key}" / {ID_BLOCK} - 1'  # engine/context.py
        found = self.conn.execute(f'SELECT {index}, count(*) FROM "{db_table}" GROUP BY 1').fetchall()
        return {int(i): int(n) for i, n in found if n}

    def sources(self, db_table: str, whole: str | None = None) -> list[str]:
        """What to read ``db_table`` from, one query each: its partitions (``ONLY "part"``), or the table itself
        (named ``whole``, if given: the engine's name, which a temporary view gives a project's table)."""
        from pytest_aquadata.load.partitions import blocks, partitioned

        if partitioned(self.conn, [db_table]):
            return [_only(part) for part in blocks(self.conn, db_table)]
        return [f'"{whole or db_table}"']

    @property
    def readings(self) -> ReadingsPass:
        """The one pass over every reading (verify/readings.py)."""
        if self._readings is None:
            self._readings = ReadingsPass.merged(self.readings_by_source.values())
        return self._readings

    @property
    def readings_by_source(self) -> dict[str, ReadingsPass]:
        """The pass over each readings partition, split between the workers, or over a project's readings table
        whole (by what sources() names it)."""
        if self._readings_by_source is None:
            from pytest_aquadata.verify import readings

            sources = self.sources(self.targets.db_table(READINGS), whole=READINGS)  # a project's: the engine's names
            values = readings.parameters(self.conn)
            self._readings_by_source = self.shared.each("readings", sources,
                                                        lambda source: readings.read(self.conn, source, values))
        return self._readings_by_source

    @property
    def missing_fish(self) -> list[tuple[int, int, dt.date, int]]:
        """(batch id, container id, day, fish) of every day on which a container's count is not the day before's
        less the day's deaths (an escape's signature; fish that appear show as a negative number). Found per
        assignment first, on aggregates (a container's fish only fall, so its last count is its smallest), then
        day by day in the few assignments that do not add up."""
        if self._missing is None:
            self._missing = self.conn.execute("""
                WITH per AS (
                    SELECT s.assignment_id FROM batch_actualdailyassignmentstate s
                    JOIN batch_batchcontainerassignment a ON a.id = s.assignment_id
                    GROUP BY s.assignment_id, a.population_count
                    HAVING a.population_count - sum(s.mortality_count) <> min(s.population)),
                days AS (
                    SELECT s.batch_id, s.container_id, s.date,
                           COALESCE(lag(s.population) OVER w, a.population_count) - s.mortality_count - s.population
                           AS fish
                    FROM per JOIN batch_actualdailyassignmentstate s ON s.assignment_id = per.assignment_id
                    JOIN batch_batchcontainerassignment a ON a.id = s.assignment_id
                    WINDOW w AS (PARTITION BY s.assignment_id ORDER BY s.date))
                SELECT batch_id, container_id, date, fish FROM days WHERE fish <> 0 ORDER BY 1, 2, 3""").fetchall()
        return self._missing


def _only(partition: str) -> str:
    """A partition as a source to read from: its own rows only (the name sources() gives it, and the pass's results
    are keyed by)."""
    return f'ONLY "{partition}"'
