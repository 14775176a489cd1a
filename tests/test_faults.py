"""Fault tests with real signals, a real server kill and real concurrent runs (issue 12): a run stopped at any
point keeps whole batches, says how to resume, and the same command then completes it to the same rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

TODAY = "--aquadata-today=2026-11-01"  # the history end of this session's own smoke dataset


#: Execs the run with SIGINT as a terminal leaves it (default action, not blocked): a child inherits an ignored or
#: blocked SIGINT from the process that starts it, and in one CI run both Ctrl-C tests saw the run carry on as if
#: no Ctrl-C came (one finished its 21 tests) while they passed alone.
_AS_A_TERMINAL = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                  "signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT}); os.execv(sys.argv[1], sys.argv[1:])")


def _start(folder: Path, *args: str) -> subprocess.Popen[str]:
    """``pytest --aquadata=smoke`` as a terminal starts it: its own process group, which Ctrl-C signals whole."""
    return subprocess.Popen([sys.executable, "-c", _AS_A_TERMINAL, sys.executable, "-m", "pytest", "-p",
                             "no:cacheprovider", "--aquadata=smoke", TODAY, "--aquadata-progress=0", *args],
                            cwd=folder, start_new_session=True, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def _when(url: str, ready: str, run: subprocess.Popen[str] | _Idle, timeout: float = 120) -> Any:
    """Poll ``ready`` (SQL returning one value) on the run's database until it is true; return that value. Gives up
    when the run ends or after ``timeout`` seconds, whichever comes first, naming what it waited for and the
    sessions then on the database."""
    import psycopg

    from pytest_aquadata.conninfo import connect

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and run.poll() is None:
        try:
            with connect(url, timeout=2, autocommit=True) as conn:
                while run.poll() is None and time.monotonic() < deadline:
                    value = conn.execute(ready).fetchone()[0]
                    if value:
                        return value
                    time.sleep(0.01)
        except psycopg.Error:
            time.sleep(0.05)  # not created or migrated yet
    why = "the run ended" if run.poll() is not None else f"{timeout:g} s passed"
    output = run.communicate(timeout=60)[0] if isinstance(run, subprocess.Popen) and run.poll() is not None else ""
    raise AssertionError(f"never saw {ready!r} ({why}); sessions on the database:\n{_sessions(url)}\n{output}")


def _sessions(url: str) -> str:
    """Every session on the database at ``url`` but the one asking, a line each (as the pristine copy's error lists
    them), for a failure's message."""
    import psycopg

    from pytest_aquadata.conninfo import connect, database_name
    from pytest_aquadata.copies.pristine import _sessions as listed

    try:
        with connect(url, timeout=2, autocommit=True) as conn:
            return "\n".join(line for line, _ in listed(conn, database_name(url), None)) or "(none)"
    except psycopg.Error as error:
        return f"(not readable: {error})"


def _interrupt(run: subprocess.Popen[str], sig: int = signal.SIGINT) -> tuple[float, str]:
    began = time.monotonic()
    os.killpg(run.pid, sig)
    output, _ = run.communicate(timeout=60)
    return time.monotonic() - began, output


@pytest.fixture
def farm_url(own_server: tuple[str, str], request: pytest.FixtureRequest) -> str:
    base, query = own_server
    return f"{base}/farm_{request.node.name[:40]}?{query}"


def test_ctrl_c_stops_generation_keeping_whole_batches_and_the_same_command_resumes(  # type: ignore[no-untyped-def]
        farm_url: str, pytester: pytest.Pytester, run_aquadata, verify_tests, aquadata_run, digest_of) -> None:
    run = _start(pytester.path, f"--aquadata-db={farm_url}", "-n", "2")
    _when(farm_url, "SELECT count(*) > 0 FROM aquadata_batchledger WHERE batch_index >= 0", run)
    seconds, output = _interrupt(run)
    assert seconds < 10, f"stopped {seconds:.1f} s after Ctrl-C"
    assert run.returncode == pytest.ExitCode.INTERRUPTED, output
    assert "INTERNALERROR" not in output and "Traceback" not in output, output
    import psycopg

    with psycopg.connect(farm_url) as conn:
        kept = conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM batch_batch").fetchone()[0] == kept, "only whole batches are kept"
    assert 1 <= kept < 10, output
    assert (f"aquadata: stopped with {kept} of 10 batches written; they are kept. Run the same command again: it "
            f"writes only the {10 - kept} missing batches, then builds the indexes.") in output
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={farm_url}", TODAY)
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines([f"generated: {10 - kept} batches*"])
    assert digest_of(farm_url) == digest_of(aquadata_run.url)


def test_ctrl_c_while_the_indexes_build_then_the_same_command_builds_the_rest(  # type: ignore[no-untyped-def]
        farm_url: str, pytester: pytest.Pytester, run_aquadata, verify_tests, aquadata_run, digest_of) -> None:
    run = _start(pytester.path, f"--aquadata-db={farm_url}")
    built = _when(farm_url, "SELECT count(*) FILTER (WHERE built_at IS NOT NULL) BETWEEN 1 AND count(*) - 20 "
                            "FROM aquadata_deferredindex", run)
    assert built
    _, output = _interrupt(run)
    assert run.returncode == pytest.ExitCode.INTERRUPTED, output
    assert "INTERNALERROR" not in output and "Traceback" not in output, output
    import psycopg

    with psycopg.connect(farm_url) as conn:
        unbuilt = conn.execute("SELECT count(*) FROM aquadata_deferredindex WHERE built_at IS NULL").fetchone()[0]
    assert unbuilt >= 1
    assert f"stopped with every batch written but {unbuilt} indexes not built; run the same command again" in output
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={farm_url}", TODAY)
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines(["*generation skipped*"])
    with psycopg.connect(farm_url) as conn:
        assert conn.execute("SELECT count(*) FROM aquadata_deferredindex WHERE built_at IS NULL").fetchone() == (0,)
        defined = conn.execute("SELECT count(*) FROM aquadata_deferredindex d JOIN pg_indexes i ON i.indexname = d.name"
                               ).fetchone()[0]
        assert defined == conn.execute("SELECT count(*) FROM aquadata_deferredindex").fetchone()[0]
    assert digest_of(farm_url) == digest_of(aquadata_run.url)


def _embedded_url(folder: Path, timeout: float = 60) -> str:
    """The URL of a folder's embedded server once it runs; its socket directory is in postmaster.pid (a short
    one under /tmp when the folder's path is too long for a socket)."""
    pid_file = folder / ".aquadata" / "pgdata" / "postmaster.pid"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            lines = pid_file.read_text().splitlines()
        except FileNotFoundError:  # not written yet, or removed by the server's restart since the last look
            lines = []
        if len(lines) > 4 and lines[4]:
            return f"postgresql://postgres@/aquadata?host={lines[4]}"
        time.sleep(0.05)
    raise AssertionError(f"no server started in {folder}")


def _folder_digest(folder: Path) -> str:
    """The dataset digest of a folder's embedded server, as ``aquadata digest --dir`` prints it."""
    done = subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", "digest", "--dir", str(folder / ".aquadata")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1].removeprefix("dataset ")


def test_a_server_killed_mid_run_ends_it_with_a_clean_message_and_the_same_command_resumes(  # type: ignore[no-untyped-def]
        pytester: pytest.Pytester, run_aquadata, verify_tests, aquadata_run, digest_of) -> None:
    run = _start(pytester.path, "-n", "2")
    _when(_embedded_url(pytester.path), "SELECT count(*) > 0 FROM aquadata_batchledger WHERE batch_index >= 0", run)
    postmaster = int((pytester.path / ".aquadata" / "pgdata" / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    output, _ = run.communicate(timeout=120)
    assert run.returncode != 0
    assert "INTERNALERROR" not in output and "Traceback" not in output, output
    assert "aquadata: the database could not be read for this summary" in output, output
    resumed = run_aquadata("--aquadata=smoke", TODAY)
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines(["generated: * batches*"])
    assert _folder_digest(pytester.path) == digest_of(aquadata_run.url)


def test_two_runs_at_once_in_one_folder_share_the_server_and_the_work(  # type: ignore[no-untyped-def]
        pytester: pytest.Pytester, verify_tests, aquadata_run, digest_of) -> None:
    import psycopg

    from pytest_aquadata.server import start_embedded

    runs = [_start(pytester.path, "-n", "2") for _ in range(2)]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    for run, output in zip(runs, outputs, strict=True):
        assert run.returncode == 0, output
        assert f"{verify_tests} passed" in output, output
        assert "Traceback" not in output and "did not start" not in output
    server = start_embedded(pytester.path / ".aquadata")
    try:
        with psycopg.connect(server.url) as conn:
            assert conn.execute("SELECT count(*), count(DISTINCT batch_index) FROM aquadata_batchledger "
                                "WHERE batch_index >= 0").fetchone() == (10, 10)
    finally:
        server.stop()
    assert _folder_digest(pytester.path) == digest_of(aquadata_run.url)


def test_a_run_killed_while_a_partition_is_filled_or_indexed_resumes_to_the_same_rows(  # type: ignore[no-untyped-def]
        farm_url: str, pytester: pytest.Pytester, run_aquadata, verify_tests, aquadata_run, digest_of) -> None:
    """SIGKILL the whole run while a worker COPYs into a batch's new readings partition, then (the same command
    again) while one builds a partition's key: each time the batch's partition is gone with its transaction, and
    every partition left has its ledger row. Then once more while the readings' deferred index is built over
    every partition: it is neither on the parent nor on any partition. The last rerun completes the dataset to
    this session's rows."""
    import psycopg

    partitions = ("SELECT count(*) FROM pg_inherits WHERE inhparent = 'environmental_environmentalreading'::regclass"
                  " AND inhrelid::regclass::text ~ '_[0-9]+$'")
    for moment in ('COPY "environmental_environmentalreading_%', 'ALTER TABLE "environmental_environmentalreading_%KEY%'):
        _kill_at(farm_url, pytester.path, moment)
        with psycopg.connect(farm_url) as conn:
            kept = conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone()[0]
            assert conn.execute(partitions).fetchone()[0] == kept, moment
        assert kept < 10, moment
    _kill_at(farm_url, pytester.path, "CREATE INDEX IF NOT EXISTS idx_reading_%")
    with psycopg.connect(farm_url) as conn:
        assert conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone() == (10,)
        assert conn.execute(partitions).fetchone() == (10,)
        unbuilt = {r[0] for r in conn.execute("SELECT name FROM aquadata_deferredindex WHERE built_at IS NULL "
                                              "AND name LIKE 'idx_reading_%'").fetchall()}
        assert unbuilt, "the kill came while a readings index was being built"
        assert conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = ANY(%s)", (list(unbuilt),)).fetchone() \
            == (0,)
        assert conn.execute("SELECT count(*) FROM pg_inherits h JOIN pg_index i ON i.indrelid = h.inhrelid WHERE "
                            "h.inhparent = 'environmental_environmentalreading'::regclass AND NOT i.indisprimary"
                            ).fetchone()[0] <= 11 * (2 - len(unbuilt)), "a partition keeps an index of the killed build"
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={farm_url}", TODAY)
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines(["*generation skipped*"])
    with psycopg.connect(farm_url) as conn:
        for index in unbuilt:
            attached = conn.execute("SELECT i.indisvalid, count(h.inhrelid) FROM pg_index i LEFT JOIN pg_inherits h "
                                    "ON h.inhparent = i.indexrelid WHERE i.indexrelid = %s::regclass GROUP BY 1",
                                    (index,)).fetchone()
            assert attached == (True, 11), index  # the schema's partition below the first block and the 10 batches'
    assert digest_of(farm_url) == digest_of(aquadata_run.url)


def _kill_at(url: str, folder: Path, moment: str) -> None:
    """Start the run with 2 workers, SIGKILL its whole process group as soon as a statement like ``moment`` runs,
    and wait until none of its sessions is left."""
    run = _start(folder, f"--aquadata-db={url}", "-n", "2")
    _when(url, f"SELECT count(*) > 0 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '{moment}'", run)
    _interrupt(run, signal.SIGKILL)
    _when(url, _NO_OTHER_CLIENT, _Idle())


#: No client session on the database but the one asking.
_NO_OTHER_CLIENT = ("SELECT count(*) = 0 FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")


class _Idle:
    """Stands for a run that has ended, for _when to poll the database after a kill."""

    def poll(self) -> None:
        return None


def test_a_wait_for_what_never_comes_gives_up_at_its_deadline_naming_it(aquadata_run) -> None:  # type: ignore[no-untyped-def]
    """_when after a kill (an _Idle run, which never ends) gives up at its timeout and says what it waited for and
    which sessions were on the database, instead of polling for ever."""
    began = time.monotonic()
    with pytest.raises(AssertionError) as raised:
        _when(aquadata_run.url, "SELECT 'never' = 'now'", _Idle(), timeout=1.5)
    assert 1.5 <= time.monotonic() - began < 10
    assert "never saw \"SELECT 'never' = 'now'\" (1.5 s passed); sessions on the database:" in str(raised.value)


def test_a_run_killed_while_it_copies_the_farm_for_tests_that_commit_makes_the_copy_again(  # type: ignore[no-untyped-def]
        farm_url: str, pytester: pytest.Pytester, run_aquadata, verify_tests) -> None:
    """SIGKILL the run while it copies the complete farm into the pristine template (after the last index, before
    any test; this test's own session on the farm keeps the copy waiting, as PostgreSQL makes it): no stamped
    template is left, the next run makes it, and a test that commits runs on it."""
    import psycopg

    from pytest_aquadata.copies.pristine import farm_stamp, template_name

    stamp = "SELECT shobj_description(oid, 'pg_database'), datistemplate FROM pg_database WHERE datname = %s"
    _kill_at(farm_url, pytester.path, "CREATE DATABASE %_pristine%")
    with psycopg.connect(farm_url) as conn:
        assert conn.execute(stamp, (template_name(farm_url),)).fetchone() in (None, (None, False))
    pytester.makepyfile(test_commit="""
        import pytest
        from pytest_aquadata.schema.batch.models import Batch

        @pytest.mark.aquadata(transaction=True)
        def test_a_test_commits_on_the_copy():
            assert Batch.objects.filter(id=1).update(notes="committed") == 1 and Batch.objects.count() == 10
        """)
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={farm_url}", TODAY, "--aquadata-verify", "test_commit.py")
    resumed.assert_outcomes(passed=verify_tests + 1)
    with psycopg.connect(farm_url) as conn:
        assert conn.execute(stamp, (template_name(farm_url),)).fetchone() == (farm_stamp(farm_url), True)
        assert conn.execute("SELECT count(*) FROM batch_batch WHERE notes = 'committed'").fetchone() == (0,)
    _when(farm_url, _NO_OTHER_CLIENT, _Idle(), timeout=30)  # nothing of the runs', nor of this test's, stays
