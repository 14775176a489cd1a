"""``--aquadata-db`` against a PostgreSQL server the test starts itself, as a user with their own server would."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

TODAY = "--aquadata-today=2026-11-01"  # the history end of this session's own smoke dataset


def _url(own_server: tuple[str, str], database: str) -> str:
    base, query = own_server
    return f"{base}/{database}?{query}"


def _aquadata(*args: str) -> subprocess.CompletedProcess[str]:
    """The ``aquadata`` command as a user runs it."""
    return subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", *args], capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def farm_ci(own_server: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The smoke farm generated into database farm_ci of the server, once per module, by a run as a user makes
    it; yields the URL and the folder the run was made in (tests that use it pass alone and in any order)."""
    folder = tmp_path_factory.mktemp("farm-ci")
    url = _url(own_server, "farm_ci")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--aquadata=smoke",
                           f"--aquadata-db={url}", TODAY], cwd=folder, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return url, folder


def test_smoke_on_a_server_you_started(farm_ci) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url, folder = farm_ci
    assert not (folder / ".aquadata").exists(), "no embedded server when a URL is given"
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM batch_batch").fetchone() == (10,)


def test_every_form_of_url_libpq_accepts_reaches_the_same_dataset(farm_ci, own_server, run_aquadata, verify_tests,  # type: ignore[no-untyped-def]
                                                                   pytester: pytest.Pytester, tmp_path: Path) -> None:
    """A socket directory and a port in the query, a percent-encoded host, libpq options: Django and psycopg
    both read the URL with libpq's parser, so the run and the user's own ORM tests reach the same server."""
    from urllib.parse import quote

    socket_dir = Path(own_server[1].removeprefix("host="))
    aliases = tmp_path / "sock"
    aliases.mkdir()
    (aliases / ".s.PGSQL.55440").symlink_to(socket_dir / ".s.PGSQL.5432")  # the same server under another port
    pytester.makepyfile(test_orm="""
        import pytest
        from django.db import connection

        @pytest.mark.aquadata
        def test_django_reads_the_url_as_libpq_does():
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_database(), current_setting('application_name'), current_setting('work_mem')")
                assert cursor.fetchone() == ("farm_ci", "aquadata-url", "77MB")
                cursor.execute("SELECT count(*) FROM batch_batch")
                assert cursor.fetchone() == (10,)
        """)
    options = "&application_name=aquadata-url&options=-c%20work_mem%3D77MB&sslmode=disable"
    for url in (f"postgresql://postgres@/farm_ci?host={aliases}&port=55440{options}",
                f"postgresql://postgres@{quote(str(aliases), safe='')}:55440/farm_ci?{options[1:]}",
                f"host={aliases} port=55440 user=postgres dbname=farm_ci application_name=aquadata-url "
                "options='-c work_mem=77MB'"):
        result = run_aquadata(f"--aquadata-db={url}", "--aquadata=smoke", TODAY)
        result.assert_outcomes(passed=verify_tests + 1)
        result.stdout.fnmatch_lines(["aquadata: this server would load faster with wal_level = minimal and "
                                     "max_wal_senders = 0 (index builds then skip the WAL); max_wal_size = 8GB *",
                                     "*generation skipped*"])


def test_a_url_libpq_cannot_parse_is_a_usage_error_with_the_password_hidden(run_aquadata) -> None:  # type: ignore[no-untyped-def]
    result = run_aquadata("--aquadata=smoke", "--aquadata-db=postgresql://farm:s3cret@db host/farm")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*postgresql://farm:***@db host/farm is not a PostgreSQL URL or connection string*",
                                 "Fix: write it as postgresql://user:password@host:port/database*"])
    assert "s3cret" not in result.stdout.str() + result.stderr.str()


def test_indexes_left_unbuilt_by_an_interrupted_run_are_built_by_the_next(run_aquadata, verify_tests,  # type: ignore[no-untyped-def]
                                                                          farm_ci) -> None:
    """The state a run killed while building its indexes leaves: data complete, an index recorded as deferred
    but absent. The next run skips generation and builds it before any test."""
    import psycopg

    url, _ = farm_ci
    with psycopg.connect(url, autocommit=True) as conn:
        deferred = conn.execute("SELECT count(*), count(built_at) FROM aquadata_deferredindex").fetchone()
        assert deferred[0] == deferred[1] > 10, "the first run deferred the indexes and built them all"
        conn.execute("DROP INDEX idx_feeding_silo_date")
        conn.execute("UPDATE aquadata_deferredindex SET started_at = NULL, built_at = NULL "
                     "WHERE name = 'idx_feeding_silo_date'")
        conn.execute("UPDATE aquadata_run SET completed_at = NULL")
    rerun = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY)
    rerun.assert_outcomes(passed=verify_tests)
    rerun.stdout.fnmatch_lines(["*generation skipped*"])
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_feeding_silo_date'"
                            ).fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM aquadata_deferredindex WHERE built_at IS NULL").fetchone() == (0,)
        assert conn.execute("SELECT completed_at IS NOT NULL FROM aquadata_run").fetchone() == (True,)




def test_aquadata_verify_passes_times_and_fails_naming_the_batch(own_server, farm_ci, aquadata_run) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    from pytest_aquadata.verify.checks import CHECKS

    intact = _aquadata("verify", "--db", aquadata_run.url)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    for name in CHECKS:
        assert re.search(rf"^ok   {name} +\d+\.\d\d s$", intact.stdout, re.MULTILINE), (name, intact.stdout)
    assert f"{len(CHECKS)} passed, 0 failed" in intact.stdout
    url, _ = farm_ci
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE batch_actualdailyassignmentstate SET population = population * 2 WHERE day_number = 91 "
                     "AND batch_id = (SELECT id FROM batch_batch WHERE batch_number = 'S-B0002')")
    try:
        broken = _aquadata("verify", "--db", url, "--check", "day-91-population", "--check", "survival")
        assert broken.returncode == 1
        assert re.search(r"^FAIL day-91-population .*\n +batch S-B0002: day 91 population", broken.stdout, re.MULTILINE)
        assert "1 passed, 1 failed" in broken.stdout
    finally:
        with psycopg.connect(url) as conn:
            conn.execute("UPDATE batch_actualdailyassignmentstate SET population = population / 2 WHERE day_number = 91 "
                         "AND batch_id = (SELECT id FROM batch_batch WHERE batch_number = 'S-B0002')")
    empty = _aquadata("verify", "--db", _url(own_server, "postgres"))
    assert empty.returncode == 2 and "holds no pytest-aquadata dataset" in empty.stderr


def test_a_failing_worker_fails_the_barrier_then_a_rerun_completes(run_aquadata, verify_tests, own_server,  # type: ignore[no-untyped-def]
                                                                   aquadata_run) -> None:
    import psycopg

    url = _url(own_server, "farm_broken")
    run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY).assert_outcomes(passed=verify_tests)
    with psycopg.connect(url, autocommit=True) as conn:  # Scotland's batches can no longer be written
        conn.execute("ALTER TABLE batch_batch ADD CONSTRAINT no_scotland CHECK (batch_number NOT LIKE 'S-%') NOT VALID")
    failed = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--aquadata-rebuild", "-n", "2")
    assert failed.ret == pytest.ExitCode.TESTS_FAILED
    assert "INTERNALERROR" not in failed.stdout.str() + failed.stderr.str()
    failed.stdout.fnmatch_lines(["*generation failed*no_scotland*"])
    with psycopg.connect(url, autocommit=True) as conn:
        written = conn.execute("SELECT count(*) FROM batch_batch").fetchone()[0]
        # the batches written before the failure are kept; the other worker stops at its next batch (any number
        # may be written by then, none if the failure came first)
        assert written == conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone()[0] < 10
        conn.execute("ALTER TABLE batch_batch DROP CONSTRAINT no_scotland")
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY)
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines([f"*generated: {10 - written} batches*"])
    assert _digest(url)[1] == _digest(aquadata_run.url)[1], "the resumed dataset equals a clean run's"


def _digest(url: str) -> tuple[str, str]:
    """``aquadata digest --db URL`` as a user runs it: (its whole output, the dataset line)."""
    done = _aquadata("digest", "--db", url)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "batch_batch" in out and "environmental_environmentalreading" in out
    return out, out.strip().splitlines()[-1]


def test_the_same_rows_for_any_worker_count_and_after_a_resume(run_aquadata, verify_tests, own_server,  # type: ignore[no-untyped-def]
                                                               farm_ci, aquadata_run) -> None:
    """This session's dataset (one process) = -n 0, -n 2 and two ``--tx popen`` workers on another server =
    the failed-and-resumed one. The controller shows each worker's progress and share. (-n 1 was dropped to
    keep CI under 15 minutes: it is the -n 2 code path with one worker.)"""
    two = run_aquadata("--aquadata=smoke", f"--aquadata-db={_url(own_server, 'farm_n2')}", TODAY, "-n", "2")
    two.assert_outcomes(passed=verify_tests)
    # each worker's share is shown (a worker that starts late may find both slices claimed)
    two.stdout.fnmatch_lines(["*aquadata: 10/10 batches *rows/s*ETA 0s  [[]gw*[]]  indexes 141/141",
                              "generated: 10 batches, * rows in * s (* rows/s) by gw*"])
    popen = run_aquadata("--aquadata=smoke", f"--aquadata-db={_url(own_server, 'farm_tx')}", TODAY,
                         "--dist", "load", "--tx", "popen//id=a", "--tx", "popen//id=b")
    popen.assert_outcomes(passed=verify_tests)
    popen.stdout.fnmatch_lines(["generated: 10 batches, * by [ab] *"])
    here, reference = _digest(aquadata_run.url)
    assert reference.startswith("dataset ") and len(reference) == len("dataset ") + 64
    for database in ("farm_n2", "farm_tx", "farm_ci"):
        out, digest = _digest(_url(own_server, database))
        assert digest == reference, f"{database} differs:\n{out}\nfrom this session's:\n{here}"


def test_a_run_killed_mid_generation_resumes_to_the_same_rows(run_aquadata, verify_tests, own_server,  # type: ignore[no-untyped-def]
                                                              aquadata_run, pytester: pytest.Pytester) -> None:
    """SIGKILL the whole run (controller and both workers) once some batches are written; a rerun completes
    only the missing ones, and the dataset equals this session's."""
    import psycopg

    from pytest_aquadata.conninfo import connect

    url = _url(own_server, "farm_killed")
    run = subprocess.Popen([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--aquadata=smoke",
                            f"--aquadata-db={url}", TODAY, "-n", "2"], cwd=pytester.path, start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = 0
    deadline = time.monotonic() + 120
    try:
        while written == 0 and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.05)
            try:
                with connect(url, timeout=2) as conn:
                    written = conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone()[0]
            except psycopg.Error:
                continue  # not created or migrated yet
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=60)
    with psycopg.connect(url) as conn:
        kept = conn.execute("SELECT count(*) FROM batch_batch").fetchone()[0]
        assert kept == conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone()[0]
    assert 1 <= kept < 10, f"killed with {kept} batches written"
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY)
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines([f"*generated: {10 - kept} batches*"])
    assert _digest(url)[1] == _digest(aquadata_run.url)[1]


def test_another_seed_is_refused_until_rebuild_which_keeps_the_farm(run_aquadata, verify_tests, own_server) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url = _url(own_server, "farm_reseeded")
    run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY).assert_outcomes(passed=verify_tests)
    before = _digest(url)[1]
    with psycopg.connect(url) as conn:
        farm = conn.execute("SELECT count(*), sum(id) FROM infrastructure_container").fetchone()
    refused = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--aquadata-seed=2")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*holds a dataset from another run*seed 1*this run asks for*seed 2*",
                                  "*Fix: pass --aquadata-rebuild*"])
    assert _digest(url)[1] == before, "a refused run writes nothing"
    rebuilt = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--aquadata-seed=2", "--aquadata-rebuild")
    rebuilt.assert_outcomes(passed=verify_tests)
    rebuilt.stdout.fnmatch_lines(["*generated: 10 batches*"])
    assert _digest(url)[1] != before
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*), sum(id) FROM infrastructure_container").fetchone() == farm
        assert conn.execute("SELECT seed FROM aquadata_run").fetchone() == (2,)


def test_a_database_error_while_preparing_is_a_clean_usage_error(run_aquadata, own_server) -> None:  # type: ignore[no-untyped-def]
    """A role that may connect but not create tables: migrate fails inside the preparation, which says so with
    the server named (password hidden) instead of an INTERNALERROR."""
    import psycopg

    base, query = own_server
    with psycopg.connect(_url(own_server, "postgres"), autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS farm_readonly")
        conn.execute("CREATE DATABASE farm_readonly")
        conn.execute("DROP ROLE IF EXISTS reader")
        conn.execute("CREATE ROLE reader LOGIN PASSWORD 'pw-not-shown'")
    url = f"postgresql://reader:pw-not-shown@/farm_readonly?{query}"
    result = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    output = result.stdout.str() + result.stderr.str()
    assert "INTERNALERROR" not in output and "Traceback" not in output and "pw-not-shown" not in output
    result.stderr.fnmatch_lines(["ERROR: pytest-aquadata: the server at postgresql://reader:***@/farm_readonly?* failed "
                                 "while the run was being prepared: *permission denied*",
                                 "Fix: check that it is running and reachable*"])
