"""The pristine template: a copy of the complete farm that nobody connects to, from which each process makes the
working copy its writable tests run on (copies/working.py).

PostgreSQL copies a database only while no other session is connected to it, and read-only farm tests hold
sessions on the farm for the whole run. So the copy is taken once, at the end of generation, when every process
has left the farm (generation and index builds are over, no test has started), and kept as a template that
refuses connections. It is taken again only when the farm changes (a rebuild, a resumed run, new migrations).

Besides the farm, the template holds what makes a working copy's reset cheap, in its own schema
(``aquadata_pristine``), so every copy inherits it:

- a statement trigger on every table, noting which tables a test wrote (``writes``);
- the rows of every small table, to restore one without copying the database (``tables``);
- every sequence's position (``sequences``), and the shape of the public schema (``state``), so that a test
  that created a partition or any other object is seen.
"""

from __future__ import annotations

import time
from typing import Any

from pytest_aquadata.conninfo import database_name, with_database
from pytest_aquadata.errors import AquadataError

#: The schema, in the template and every working copy, that records and restores what tests write.
SCHEMA = "aquadata_pristine"
#: A table up to this size (with its indexes) keeps its rows in the template's schema and is restored alone
#: after a test that wrote it (a DELETE and an INSERT of its rows, about 50 MB/s); a bigger one, or a partition,
#: makes the reset copy the whole database again. On medium every table but the operational ones is below it.
SMALL_TABLE_BYTES = 32 * 1024 * 1024
#: The advisory lock under which one process at a time checks and makes the template ("aqua" "pris").
PRISTINE_LOCK = 0x6171756170726973
#: How long to wait for the farm's last sessions (other processes leaving generation) before giving up. Sessions of
#: another program (by application name) that were there before the copy began are not waited for (_sessions).
WAIT_SECONDS = 120.0


def template_name(farm_url: str) -> str:
    """The template's database name: the farm's, suffixed (cut to PostgreSQL's 63 bytes)."""
    return f"{database_name(farm_url)[:50]}_pristine"


def ensure(farm_url: str) -> bool:
    """Make the template if it is missing or older than the farm; True if it was made now.

    Called by every process at the end of generation: the first makes it, under an advisory lock, while the
    others wait on the maintenance database, not on the farm."""
    import psycopg
    from psycopg import sql

    admin_url = with_database(farm_url, "postgres")
    name = template_name(farm_url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (PRISTINE_LOCK,))
        try:
            stamp = farm_stamp(farm_url)
            row = admin.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                                (name,)).fetchone()
            if row is not None and row[0] == stamp:
                return False
            if row is not None:
                drop(admin, name)
            _copy(admin, database_name(farm_url), name)
            _prepare_resets(with_database(farm_url, name))
            admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(sql.Identifier(name), sql.Literal(stamp)))
            admin.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false')
            return True
        finally:
            admin.execute("SELECT pg_advisory_unlock(%s)", (PRISTINE_LOCK,))


def farm_stamp(farm_url: str) -> str:
    """What identifies the farm's content: its run's fingerprint and completion time, and its migrations."""
    import psycopg

    with psycopg.connect(farm_url, autocommit=True) as conn:
        run = conn.execute("SELECT fingerprint, completed_at FROM aquadata_run ORDER BY id LIMIT 1").fetchone()
        migrations = conn.execute("SELECT count(*), max(id) FROM django_migrations").fetchone()
    return f"aquadata farm {run[0] if run else '-'} completed {run[1] if run else '-'} migrations {migrations}"


def drop(admin: Any, name: str) -> None:
    """Drop a template (it must stop being one first)."""
    admin.execute(f'ALTER DATABASE "{name}" WITH IS_TEMPLATE false ALLOW_CONNECTIONS true')
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create_from(admin: Any, template: str, name: str) -> None:
    """``CREATE DATABASE name TEMPLATE template``, by file copy where the server offers it (PostgreSQL 15 and
    later log every page of the default strategy, which is slower for a large copy)."""
    strategy = " STRATEGY FILE_COPY" if admin.info.server_version >= 150000 else ""
    admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')


def _copy(admin: Any, farm: str, name: str) -> None:
    """Copy the farm, waiting while other processes are still leaving it (PostgreSQL itself waits 5 s a try), but
    not for another program's sessions that were on it before the copy began: those do not leave by themselves."""
    import psycopg

    began = admin.execute("SELECT now()").fetchone()[0]
    start = time.monotonic()
    while True:
        try:
            create_from(admin, farm, name)
            return
        except psycopg.errors.ObjectInUse as exc:
            found = _sessions(admin, farm, began)
            clients = [stranger for _, stranger in found if stranger is not None]
            if (clients and all(clients)) or time.monotonic() > start + WAIT_SECONDS:
                listed = "\n".join(line for line, _ in found) or "  (none any more)"
                raise AquadataError(
                    f"could not copy the farm for writable tests: {str(exc).strip().splitlines()[0]} (gave up "
                    f"after {time.monotonic() - start:.0f} s). Still connected to {farm}:\n{listed}\n"
                    "Fix: close those connections (a psql, a dashboard) and run again, or turn writable farm tests "
                    "off with --aquadata-writable=no."
                ) from None


def _sessions(admin: Any, farm: str, began: Any) -> list[tuple[str, bool | None]]:
    """The sessions connected to ``farm``: each as one line a person finds it again by (the program that opened it,
    its application name; from where, since when, and what it is doing), and, for a client's, whether it is a
    stranger: another program's (an application name other than this run's, conninfo.APPLICATION_NAME unless the
    user named one) connected before ``began``, a psql or a dashboard left open, which waiting does not end. Without
    a name of its own, this run cannot tell, and sees no stranger."""
    found = admin.execute(
        """SELECT pid, coalesce(nullif(application_name, ''), 'a client with no application name'),
                  coalesce(host(client_addr), 'the local socket'), to_char(backend_start, 'YYYY-MM-DD HH24:MI:SS TZ'),
                  coalesce(state, 'no state'),
                  CASE WHEN backend_type = 'client backend' THEN current_setting('application_name') <> ''
                       AND application_name IS DISTINCT FROM current_setting('application_name')
                       AND backend_start < %s END
           FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() ORDER BY backend_start""",
        (began, farm)).fetchall()
    return [(f"  pid {pid}: {app}, from {where}, connected since {since}, {state}", stranger)
            for pid, app, where, since, state, stranger in found]


def _prepare_resets(url: str) -> None:
    """Install the write notes, the small tables' rows, the sequences' positions and the schema's shape."""
    import psycopg

    with psycopg.connect(url) as conn:
        conn.execute(f"""
            CREATE SCHEMA {SCHEMA};
            CREATE TABLE {SCHEMA}.writes (rel oid PRIMARY KEY);
            CREATE TABLE {SCHEMA}.tables (rel oid PRIMARY KEY, copy text NOT NULL, columns text NOT NULL);
            CREATE TABLE {SCHEMA}.sequences (seq regclass PRIMARY KEY, last_value bigint, is_called boolean);
            CREATE TABLE {SCHEMA}.state (objects bigint, newest bigint);
            CREATE FUNCTION {SCHEMA}.note() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                INSERT INTO {SCHEMA}.writes VALUES (TG_RELID) ON CONFLICT DO NOTHING;
                RETURN NULL;
            END $$""")
        tables = conn.execute(
            "SELECT c.oid, c.relname, c.relkind = 'r' AND NOT c.relispartition AND pg_total_relation_size(c.oid) <= %s, "
            "(SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE "
            " a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') "
            "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') ORDER BY c.oid",
            (SMALL_TABLE_BYTES,)).fetchall()
        for oid, relname, small, columns in tables:
            conn.execute(f'CREATE TRIGGER aquadata_note AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public."{relname}" '
                         f"FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.note()")
            if small:
                copy = f"t{oid}"
                conn.execute(f'CREATE TABLE {SCHEMA}.{copy} AS SELECT {columns} FROM public."{relname}"')
                conn.execute(f"INSERT INTO {SCHEMA}.tables VALUES (%s, %s, %s)", (oid, copy, columns))
        for (seq,) in conn.execute("SELECT oid::regclass::text FROM pg_class WHERE relkind = 'S' "
                                   "AND relnamespace = 'public'::regnamespace").fetchall():
            conn.execute(f"INSERT INTO {SCHEMA}.sequences SELECT %s::regclass, last_value, is_called FROM {seq}", (seq,))
        conn.execute(f"INSERT INTO {SCHEMA}.state {SHAPE}")


#: The shape of the public schema: how many objects it has and the newest one's oid. A test that creates or
#: drops a table, a partition, an index or a sequence changes it.
SHAPE = "SELECT count(*), coalesce(max(oid::int8), 0) FROM pg_class WHERE relnamespace = 'public'::regnamespace"

