"""The working copy of the farm for tests that commit (pytest_aquadata/copies/): each reset puts back exactly what a
test changed, by the cheapest means that can, and what a test wrote never reaches the next: a row, a sequence's
position, a partition."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from pytest_aquadata.copies.pristine import template_name
from pytest_aquadata.copies.working import WorkingCopy

#: What a test could change, read the same way on the farm and on its copy.
STATE = ("SELECT count(*), max(id), string_agg(notes, '|' ORDER BY id) FROM batch_batch",
         "SELECT count(*) FROM health_journalentry",
         "SELECT count(*) FROM pg_inherits",
         "SELECT count(*), max(id) FROM environmental_environmentalreading")
#: The sequences of the copy that are not where generation left them (the farm's own move on: a rolled-back test's
#: nextval stays, as everywhere in PostgreSQL).
MOVED_SEQUENCES = """SELECT count(*) FROM aquadata_pristine.sequences p JOIN pg_sequences q
    ON format('%I.%I', q.schemaname, q.sequencename)::regclass = p.seq
    WHERE q.last_value IS DISTINCT FROM CASE WHEN p.is_called THEN p.last_value END"""


def state(url: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        return [conn.execute(query).fetchone() for query in STATE]  # type: ignore[misc]


def moved_sequences(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(MOVED_SEQUENCES).fetchone()[0]  # type: ignore[index]


@pytest.fixture
def copy(aquadata_run, aquadata_ready, worker_id: str) -> Iterator[WorkingCopy]:  # type: ignore[no-untyped-def]
    made = WorkingCopy(aquadata_run.url, f"test_copies_{worker_id}")
    made.make()
    yield made
    made.remove()


def test_the_template_refuses_connections_and_a_copy_starts_as_the_farm(aquadata_run, copy: WorkingCopy) -> None:  # type: ignore[no-untyped-def]
    with psycopg.connect(aquadata_run.url, autocommit=True) as conn:
        assert conn.execute("SELECT datistemplate, datallowconn FROM pg_database WHERE datname = %s",
                            (template_name(aquadata_run.url),)).fetchone() == (True, False)
    assert state(copy.url) == state(aquadata_run.url) and moved_sequences(copy.url) == 0
    assert copy.reset().kind == "untouched"


def test_a_reset_undoes_each_kind_of_write(aquadata_run, copy: WorkingCopy) -> None:  # type: ignore[no-untyped-def]
    farm = state(aquadata_run.url)
    with psycopg.connect(copy.url, autocommit=True) as conn:  # a sequence moved, nothing written
        conn.execute("SELECT nextval('batch_batch_id_seq')")
    assert moved_sequences(copy.url) == 1
    reset = copy.reset()
    assert (reset.kind, reset.tables, state(copy.url), moved_sequences(copy.url)) == ("untouched", (), farm, 0)

    with psycopg.connect(copy.url, autocommit=True) as conn:  # rows of a small table changed, added and deleted
        conn.execute("UPDATE batch_batch SET notes = 'changed' WHERE id = 1")
        conn.execute("INSERT INTO batch_batch (batch_number, species_id, lifecycle_stage_id, status, batch_type, "
                      "start_date, notes) SELECT 'NEW-1', species_id, lifecycle_stage_id, status, batch_type, "
                      "start_date, '' FROM batch_batch WHERE id = 1")
        conn.execute("DELETE FROM health_journalentry WHERE id = (SELECT min(id) FROM health_journalentry)")
    reset = copy.reset()
    assert (reset.kind, set(reset.tables)) == ("restored", {"batch_batch", "health_journalentry"})
    assert state(copy.url) == farm and moved_sequences(copy.url) == 0

    with psycopg.connect(copy.url, autocommit=True) as conn:  # a partition created
        conn.execute("CREATE TABLE environmental_reading_extra PARTITION OF environmental_environmentalreading "
                     "FOR VALUES FROM (990000000000) TO (990000000001)")
    assert state(copy.url) != farm
    reset = copy.reset()
    assert reset.kind == "copied" and state(copy.url) == farm and moved_sequences(copy.url) == 0

    with psycopg.connect(copy.url, autocommit=True) as conn:  # a row of a big, partitioned table deleted
        conn.execute("DELETE FROM environmental_environmentalreading WHERE id = (SELECT max(id) FROM "
                     "environmental_environmentalreading)")
    assert state(copy.url) != farm
    reset = copy.reset()
    assert reset.kind == "copied" and len(reset.tables) == 1 and state(copy.url) == farm


@pytest.fixture
def farm_to_copy(scratch_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, list[str]]]:
    """A database with what farm_stamp() reads of a farm, for the pristine copy, under this run's application name
    (conninfo.APPLICATION_NAME, which the plugin sets); and the databases each attempt to copy it named."""
    from pytest_aquadata.conninfo import APPLICATION_NAME
    from pytest_aquadata.copies import pristine

    with psycopg.connect(scratch_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE aquadata_run (id int, fingerprint text, completed_at timestamptz);"
                     "CREATE TABLE django_migrations (id int)")
    monkeypatch.setenv("PGAPPNAME", APPLICATION_NAME)
    attempts: list[str] = []
    copy = pristine.create_from

    def counted(admin: psycopg.Connection, template: str, name: str) -> None:
        attempts.append(name)
        copy(admin, template, name)

    monkeypatch.setattr(pristine, "create_from", counted)
    yield scratch_db, attempts


def test_another_programs_session_on_the_farm_is_named_at_once(farm_to_copy: tuple[str, list[str]],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A person's psql left open on the farm keeps PostgreSQL from copying it, and waiting does not end it: the
    copy gives up at its first refusal (PostgreSQL's own 5 s), not after WAIT_SECONDS, and the error names that
    session (its program and pid), so it can be found and closed; closed, the copy is taken."""
    from pytest_aquadata.copies import pristine
    from pytest_aquadata.errors import AquadataError

    farm, attempts = farm_to_copy
    monkeypatch.setattr(pristine, "WAIT_SECONDS", 60.0)
    foreign = psycopg.connect(farm, application_name="someones-psql", autocommit=True)
    pid = foreign.info.backend_pid
    with pytest.raises(AquadataError) as raised:
        pristine.ensure(farm)
    assert len(attempts) == 1, "a session of another program, there before the copy began, is not waited for"
    assert f"pid {pid}: someones-psql, from " in str(raised.value)
    assert ", connected since " in str(raised.value)
    assert "Fix: close those connections" in str(raised.value)
    foreign.close()
    assert pristine.ensure(farm) is True


def test_the_runs_own_session_on_the_farm_is_waited_for(farm_to_copy: tuple[str, list[str]]) -> None:
    """A session with the run's name (another of its processes, still leaving generation) is waited for: the copy
    tries again after PostgreSQL's 5 s, and is taken once the session has gone."""
    import threading

    from pytest_aquadata.copies import pristine

    farm, attempts = farm_to_copy
    own = psycopg.connect(farm, autocommit=True)
    assert own.execute("SHOW application_name").fetchone() == ("pytest-aquadata",)
    leaving = threading.Timer(6.0, own.close)
    leaving.start()
    try:
        assert pristine.ensure(farm) is True
    finally:
        leaving.cancel()
        own.close()
    assert len(attempts) == 2, "refused once while the session stayed, taken once it left"


def test_a_session_that_stays_is_named_when_the_copy_gives_up(farm_to_copy: tuple[str, list[str]],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without WAIT_SECONDS' patience left, the copy gives up on any session, the run's own name included, and
    names it."""
    from pytest_aquadata.copies import pristine
    from pytest_aquadata.errors import AquadataError

    farm, attempts = farm_to_copy
    monkeypatch.setattr(pristine, "WAIT_SECONDS", 1.0)
    with psycopg.connect(farm, autocommit=True) as own:
        with pytest.raises(AquadataError) as raised:
            pristine.ensure(farm)
        assert f"pid {own.info.backend_pid}: pytest-aquadata, from " in str(raised.value)
    assert len(attempts) == 1


def test_a_connection_that_times_out_while_the_farm_is_copied_leaves_no_session(scratch_db: str) -> None:
    """PostgreSQL holds a database being copied against new sessions; a connection made then waits, and one
    that gives up (conninfo.connect's timeout) must leave nothing on it. psycopg's own connect leaves the
    attempt open until the garbage collector runs, and the server completes it: that idle session kept a fault
    test's copy waiting for ever (issue 36)."""
    import threading
    import time

    from pytest_aquadata.conninfo import connect, database_name, with_database

    admin_url, farm = with_database(scratch_db, "postgres"), database_name(scratch_db)
    holder = psycopg.connect(scratch_db, autocommit=True)  # keeps CREATE DATABASE waiting, holding the farm

    def copy() -> None:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {farm}_copy TEMPLATE {farm}")

    copying = threading.Thread(target=copy)
    copying.start()
    try:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            deadline = time.monotonic() + 10
            while not admin.execute("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE DATABASE%' "
                                    "AND state = 'active'").fetchone()[0]:
                assert time.monotonic() < deadline, "the copy never started"
                time.sleep(0.02)
        with pytest.raises(psycopg.errors.ConnectionTimeout):
            connect(scratch_db, timeout=1, autocommit=True)
    finally:
        holder.close()
        copying.join(timeout=30)
    assert not copying.is_alive()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        try:
            deadline = time.monotonic() + 5
            while (left := admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                                         (farm,)).fetchone()[0]):
                assert time.monotonic() < deadline, f"{left} session(s) left on the farm"
                time.sleep(0.05)
        finally:
            admin.execute(f"DROP DATABASE IF EXISTS {farm}_copy")
