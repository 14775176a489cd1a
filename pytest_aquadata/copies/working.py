"""A process's working copy of the farm, for the tests that commit (transactional_db, live_server,
``django_db(transaction=True)``): made from the pristine template on the first such test, and put back after each
one, so that every writable test starts from the farm exactly as generated.

The reset does the least that restores the copy (copies/pristine.py installed what it reads):

- nothing written: the sequences are set back, nothing else (a few milliseconds);
- only small tables written: those tables get the template's rows back, in one transaction;
- a big table, a partition or the schema changed (a factory's batch with history, a migration): the copy is
  dropped and made again from the template.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.conninfo import database_name, with_database
from pytest_aquadata.copies.pristine import SCHEMA, SHAPE, create_from, template_name
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.server import ensure_database, is_superuser


@dataclass(frozen=True)
class Reset:
    """What one reset did, and how long it took."""

    kind: str  # "untouched", "restored" or "copied"
    tables: tuple[str, ...]
    seconds: float


class WorkingCopy:
    """The copy this process's writable farm tests run on; ``owner`` names the process (an xdist worker id)."""

    def __init__(self, farm_url: str, owner: str):
        self.template = template_name(farm_url)
        self.name = f"{database_name(farm_url)[:45]}_copy_{owner}"[:63]
        self.url = with_database(farm_url, self.name)
        self._admin_url = with_database(farm_url, "postgres")

    def make(self) -> float:
        """Copy the template (replacing a copy a stopped run left); the seconds it took."""
        import psycopg

        started = time.perf_counter()
        with psycopg.connect(self._admin_url, autocommit=True) as admin:
            if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.template,)).fetchone() is None:
                raise AquadataError(
                    "this run keeps no pristine copy of the farm, so a test that commits (transactional_db, "
                    "live_server, django_db(transaction=True)) has nothing to run on. Fix: run with "
                    "--aquadata-writable=yes (ini aquadata_writable; by default only farms of up to "
                    "60 batches keep one), or make the test read-only with @pytest.mark.aquadata.")
        self.copy_again()
        return time.perf_counter() - started

    def reset(self) -> Reset:
        """Put the copy back as the template has it. Every connection to it must be closed, or idle."""
        import psycopg

        started = time.perf_counter()
        with psycopg.connect(self.url, autocommit=True) as conn:
            written = conn.execute(f"SELECT w.rel::regclass::text, t.copy, t.columns FROM {SCHEMA}.writes w "
                                   f"LEFT JOIN {SCHEMA}.tables t USING (rel) ORDER BY w.rel").fetchall()
            same_shape = conn.execute(SHAPE).fetchone() == conn.execute(f"SELECT objects, newest FROM {SCHEMA}.state").fetchone()
            # replica mode needs a superuser: any other role gets a fresh copy instead of a restore
            restorable = same_shape and all(copy is not None for _, copy, _ in written) and is_superuser(conn)
            if restorable:
                if written:
                    _restore(conn, written)
                conn.execute(f"SELECT count(setval(seq, last_value, is_called)) FROM {SCHEMA}.sequences")
        tables = tuple(name for name, _, _ in written)
        if not restorable:
            self.copy_again()
            return Reset("copied", tables, time.perf_counter() - started)
        return Reset("restored" if written else "untouched", tables, time.perf_counter() - started)

    def remove(self) -> None:
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def copy_again(self) -> None:
        """Drop the copy (or what a stopped run left of it) and copy the template again."""
        import psycopg

        with psycopg.connect(self._admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            create_from(admin, self.template, self.name)


def empty_database(farm_url: str) -> str:
    """The URL of a database with no tables beside the farm (made from template0 if missing): a test that committed
    ends there, so that pytest-django's flush finds nothing to empty."""
    name = f"{database_name(farm_url)[:50]}_empty"
    ensure_database(with_database(farm_url, "postgres"), name, template="template0")
    return with_database(farm_url, name)


def _restore(conn: Any, written: list[tuple[str, str, str]]) -> None:
    """The template's rows back into each written table, in one transaction. Replica mode keeps the foreign keys
    (whose rows come back in the same transaction) and the write notes from firing."""
    with conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        for table, copy, columns in written:
            conn.execute(f"DELETE FROM {table}")
            conn.execute(f"INSERT INTO {table} ({columns}) OVERRIDING SYSTEM VALUE SELECT {columns} FROM {SCHEMA}.{copy}")
        conn.execute(f"DELETE FROM {SCHEMA}.writes")

