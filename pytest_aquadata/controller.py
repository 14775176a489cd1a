"""Once per run, before any worker exists: server, database checks, migrations, farm, schedule, ledger.

Workers never migrate or create: they receive the prepared run's settings and only generate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_aquadata import GENERATOR_VERSION
from pytest_aquadata.conninfo import redact
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.options import PROFILES, AquadataOptions
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.server import MAX_WAL_GB, Server, connect_external, start_embedded


@dataclass(frozen=True)
class PreparedRun:
    """What every process needs to take part in the run; travels to xdist workers as plain values."""

    url: str
    #: The schedule's text, not its path: a worker on another host (xdist --tx) may not have the file.
    schedule_yaml: str
    seed: int
    history_end: dt.date
    missing_batches: int
    total_batches: int
    #: Which Django tests see the farm ("marked" or "all"), and whether a pristine copy is kept for the tests that
    #: commit.
    scope: str = "marked"
    writable: bool = False

    def as_workerinput(self) -> dict[str, object]:
        return {"aquadata_url": self.url, "aquadata_schedule": self.schedule_yaml, "aquadata_seed": self.seed,
                "aquadata_history_end": self.history_end.isoformat(), "aquadata_scope": self.scope,
                "aquadata_writable": self.writable}

    @classmethod
    def from_workerinput(cls, data: dict[str, object]) -> PreparedRun:
        return cls(url=str(data["aquadata_url"]), schedule_yaml=str(data["aquadata_schedule"]),
                   seed=int(data["aquadata_seed"]),  # type: ignore[call-overload]
                   history_end=dt.date.fromisoformat(str(data["aquadata_history_end"])), missing_batches=-1,
                   total_batches=-1, scope=str(data["aquadata_scope"]), writable=bool(data["aquadata_writable"]))


def start_server(options: AquadataOptions) -> Server:
    if options.database_url:
        return connect_external(options.database_url)
    return start_embedded(options.data_dir)


def schedule_path(options: AquadataOptions) -> str:
    if options.schedule in PROFILES:
        from pytest_aquadata.plan.profiles import profile_path

        return str(profile_path(options.schedule))
    return options.schedule


#: The advisory lock key under which one controller at a time prepares a run ("aquadata" in ASCII).
PREPARATION_LOCK = 0x6171756164617461


def prepare(options: AquadataOptions, server: Server, partitions: int) -> PreparedRun:
    """Check, migrate, build and plan; raise AquadataError before writing anything on bad input."""
    from pytest_aquadata.plan import yamlformat

    path = schedule_path(options)
    try:
        text = Path(path).read_text()
        schedule = yamlformat.loads(text, path)
        yamlformat.check_moved(schedule, options.today or dt.date.today(), path)  # a run moves every date
    except OSError as exc:
        raise AquadataError(f"cannot read the schedule {path}: {exc.strerror}. Fix: check the file.") from None
    except yamlformat.ScheduleError as exc:
        raise AquadataError(f"{exc}\nFix: correct the file, or check it with `aquadata schedule --check {path}`.") from None
    with _one_preparation_at_a_time(server.url):
        return _prepare(options, server, partitions, schedule, text)


@contextmanager
def _one_preparation_at_a_time(url: str) -> Iterator[None]:
    """Runs started at once on one database agree through it: a session advisory lock lets one controller
    check, migrate, build the farm and cut the slices; the next waits, then finds the run recorded and
    reuses it or helps generate what is left (load/ledger.py)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (PREPARATION_LOCK,))
        yield


def _prepare(options: AquadataOptions, server: Server, partitions: int, schedule: Schedule, text: str) -> PreparedRun:
    from pytest_aquadata.mapping import constants, inspect

    history_end = options.today or (None if options.rebuild else stored_history_end(server.url)) or dt.date.today()
    layout = inspect.targets(history_end)  # read once; refuses unfillable models before anything is written
    check_database(server.url, layout.db_tables())
    if server.embedded is not None:
        check_disk(server.url, schedule, options)
    migrate(server.url)
    import psycopg

    from pytest_aquadata.farm.build import build_allocation_rules, build_farm
    from pytest_aquadata.load import ledger
    from pytest_aquadata.schema import SCHEMA_VERSION

    schedule = schedule.shifted_to(history_end)
    build_farm((min((b.start_date for b in schedule.batches), default=history_end), history_end))
    with psycopg.connect(server.url) as conn:
        targets = constants.encoded(layout)
        key = ledger.RunKey(schedule.name, schedule.digest(), options.seed, history_end, GENERATOR_VERSION,
                            targets.digest())
        missing = ledger.start_run(conn, key, SCHEMA_VERSION, schedule, text, partitions, options.rebuild, targets)
        _write_farm_rows(conn, schedule, options.seed, history_end, targets)
        if not missing:  # complete data; an earlier run may have been stopped while building its indexes
            ledger.complete(conn)
            conn.commit()
    build_allocation_rules()
    return PreparedRun(server.url, text, options.seed, history_end, missing, len(schedule.batches), options.scope,
                       keeps_pristine(options, schedule))


def _write_farm_rows(conn: Any, schedule: Schedule, seed: int, history_end: dt.date, targets: Any) -> None:
    """The farm's own rows (engine/areas.py: each sea area's weather and daylight, each site's cost centre), unless
    the run has them: in one transaction with their ledger entry, before any batch, so a resumed run finds them and
    a rebuild (which empties the ledger) writes them again."""
    import time

    from pytest_aquadata.engine import areas
    from pytest_aquadata.farm import catalog
    from pytest_aquadata.load import copy, ledger

    if areas.FARM_INDEX in ledger.written_batches(conn):
        return
    started = time.perf_counter()
    places = conn.execute(
        "SELECT a.id, a.name, a.latitude FROM infrastructure_area a JOIN infrastructure_geography g "
        "ON g.id = a.geography_id WHERE g.name = ANY(%s) ORDER BY a.id", ([g.name for g in catalog.GEOGRAPHIES],)
    ).fetchall()
    sites = conn.execute("SELECT site_id, company_id, site_name FROM finance_dimsite ORDER BY site_id").fetchall()
    first, _ = areas.span([b.start_date for b in schedule.batches], history_end)
    tables = areas.rows(seed, first, history_end, [(i, name, float(lat)) for i, name, lat in places],
                        schedule.incidents, sites)
    copy.write_batch(conn, areas.FARM_INDEX, areas.FARM_NAME, tables, targets, "controller", started)


#: ``--aquadata-writable=auto`` keeps a pristine copy for farms of up to this many batches: medium's 40 copy in
#: seconds, while full's 550 would take 23 GB more disk and minutes.
AUTO_WRITABLE_BATCHES = 60


def keeps_pristine(options: AquadataOptions, schedule: Schedule) -> bool:
    """Whether the run copies the complete farm into a template for the tests that commit (copies/)."""
    if options.writable == "auto":
        return len(schedule.batches) <= AUTO_WRITABLE_BATCHES
    return options.writable == "yes"


def stored_history_end(url: str) -> dt.date | None:
    """The history end of the run the database holds, if it holds one: a run reuses it unless told otherwise. A
    record of another schema version reads as none; check_database then refuses the database, saying why."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        if conn.execute("SELECT to_regclass('aquadata_run') IS NULL").fetchone() == (True,):
            return None
        try:
            row = conn.execute("SELECT history_end FROM aquadata_run ORDER BY id LIMIT 1").fetchone()
        except psycopg.Error:
            return None
    return None if row is None else row[0]


def check_database(url: str, generated: list[str]) -> None:
    """Refuse a database that holds someone else's data, or ours from an incompatible schema version.

    The project's own migrated schema is not someone else's: every table there belongs to one of the
    installed models (or to Django's migration record). What is refused is a table no installed model
    has, or rows in the tables the engine fills (``generated``) that no run of ours recorded."""
    import psycopg
    from django.db import connection

    from pytest_aquadata.schema import SCHEMA_VERSION

    with psycopg.connect(url) as conn:
        # views hold no data of their own (a project's migrations make some), and a partition is its table's
        tables = {r[0] for r in conn.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') "
            "AND NOT relispartition").fetchall()}
        if not tables:
            return
        known = set(connection.introspection.django_table_names(include_views=True)) | {"django_migrations"}
        foreign = sorted(tables - known)
        held = [] if "aquadata_run" in tables else [
            t for t in generated if t in tables and conn.execute(f'SELECT EXISTS (SELECT FROM "{t}")').fetchone() == (True,)]
        if foreign or held:
            what = (f"{len(foreign)} tables that none of the installed models has (e.g. {', '.join(foreign[:5])})"
                    if foreign else f"rows pytest-aquadata did not write (in {', '.join(held[:5])})")
            raise AquadataError(
                f"the database {redact(url)} already holds {what}; it will not write into a foreign database.\n"
                "Fix: point --aquadata-db at an empty database (pytest-aquadata creates it if the server lacks it), "
                "or at one that only your project's own migrations have filled."
            )
        if "aquadata_run" not in tables:
            return
        versions = {r[0] for r in conn.execute("SELECT schema_version FROM aquadata_run").fetchall()}
        if versions - {SCHEMA_VERSION}:
            raise AquadataError(
                f"the database {redact(url)} holds aquadata tables of schema version {sorted(versions)}, this "
                f"pytest-aquadata has version {SCHEMA_VERSION}.\nFix: use a new database (another --aquadata-db, "
                "or remove the --aquadata-dir folder for the embedded server)."
            )


def check_disk(url: str, schedule: Schedule, options: AquadataOptions) -> None:
    """Refuse before migrating when the embedded server's disk cannot hold the batches still to write."""
    import psycopg

    from pytest_aquadata.load import disk, ledger

    with psycopg.connect(url) as conn:
        exists = conn.execute("SELECT to_regclass('aquadata_batchledger') IS NOT NULL").fetchone()[0]  # type: ignore[index]
        done = ledger.written_batches(conn) if exists and not options.rebuild else set()
    missing = [b for b in schedule.batches if b.index not in done]
    needed = disk.needed_bytes(missing, schedule.history_end, MAX_WAL_GB * disk.GB)
    disk.check_free_space(options.data_dir, needed, len(missing))


def migrate(url: str) -> None:
    """Apply the committed migrations (a no-op on a migrated database)."""
    from django.core.management import call_command
    from django.db import connections

    from pytest_aquadata.conninfo import database_name

    if connections.databases["default"].get("NAME") != database_name(url):
        raise AquadataError("Django points at another database than the aquadata one; configure it first.")
    call_command("migrate", verbosity=0, interactive=False)
