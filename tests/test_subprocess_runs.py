"""Real subprocess runs of the plugin as a new user runs it: a fresh folder, the embedded server."""

from __future__ import annotations

import pytest


def test_smoke_end_to_end_then_reuse(run_aquadata, verify_tests) -> None:  # type: ignore[no-untyped-def]
    first = run_aquadata("--aquadata=smoke", "--aquadata-today=2026-11-01")
    first.assert_outcomes(passed=verify_tests)
    first.stdout.fnmatch_lines(["*COMPLETED*Adult*", "*generated: 10 batches*"])
    second = run_aquadata("--aquadata=smoke")
    second.assert_outcomes(passed=verify_tests)
    second.stdout.fnmatch_lines(["*history ends 2026-11-01*", "*generation skipped*"])


def test_smoke_with_two_xdist_workers(run_aquadata, verify_tests) -> None:  # type: ignore[no-untyped-def]
    result = run_aquadata("--aquadata=smoke", "--aquadata-today=2026-11-01", "-n", "2")
    result.assert_outcomes(passed=verify_tests)
    result.stdout.fnmatch_lines(["*batch_batch * 10*"])


def test_without_the_option_nothing_happens(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import sys

        def test_light():
            assert "django" not in sys.modules
            assert "numpy" not in sys.modules
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert not (pytester.path / ".aquadata").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--aquadata=tiny"], "*unknown profile 'tiny'*smoke, medium, saturation, full*"),
        (["--aquadata=missing.yaml"], "*schedule file *missing.yaml does not exist*"),
        (["--aquadata=smoke", "--aquadata-db=postgresql://postgres@127.0.0.1:1/x"], "*cannot reach PostgreSQL at postgresql://postgres@127.0.0.1:1/x*"),
        (["--aquadata=smoke", "--aquadata-seed=abc"], "*--aquadata-seed must be a whole number*"),
        (["--aquadata=smoke", "--aquadata-scope=some"], "*--aquadata-scope must be one of marked, all, not 'some'*"),
        (["--aquadata=smoke", "--aquadata-writable=maybe"], "*--aquadata-writable must be one of auto, yes, no*"),
        (["--aquadata=smoke", "--aquadata-today=2026-13-01"], "*--aquadata-today must be a date*"),
    ],
    ids=["unknown-profile", "missing-schedule", "unreachable-db", "bad-seed", "bad-scope", "bad-writable", "bad-today"],
)
def test_bad_input_is_a_short_usage_error(run_aquadata, pytester: pytest.Pytester, args: list[str],  # type: ignore[no-untyped-def]
                                          message: str) -> None:
    result = run_aquadata(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])
    assert not (pytester.path / ".aquadata").exists()


@pytest.fixture
def other_database(aquadata_run):  # type: ignore[no-untyped-def]
    """A second database on the in-process server, holding only the table the test creates."""
    from pytest_aquadata.conninfo import with_database
    from pytest_aquadata.server import ensure_database

    def make(name: str, create: str, insert: str) -> str:
        import psycopg

        url = with_database(aquadata_run.url, name)
        ensure_database(with_database(aquadata_run.url, "postgres"), name)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(create)
            conn.execute(f"TRUNCATE {create.split()[5]}")
            conn.execute(insert)
        return url

    return make


def test_foreign_database_is_refused_and_left_intact(run_aquadata, other_database) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    url = other_database("someone_elses", "CREATE TABLE IF NOT EXISTS invoices (id int)",
                         "INSERT INTO invoices VALUES (1), (2)")
    result = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*already holds 1 tables that none of the installed models has*invoices*will not write into a foreign database*"])
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM invoices").fetchone()[0] == 2
        tables = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").fetchone()
        assert tables[0] == 1


def test_incompatible_schema_version_is_refused(run_aquadata, other_database) -> None:  # type: ignore[no-untyped-def]
    url = other_database("old_schema", "CREATE TABLE IF NOT EXISTS aquadata_run (id int, schema_version int)",
                         "INSERT INTO aquadata_run VALUES (1, 999)")
    result = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    from pytest_aquadata.schema import SCHEMA_VERSION

    result.stderr.fnmatch_lines([f"*schema version [[]999[]]*this pytest-aquadata has version {SCHEMA_VERSION}.*"])


def test_a_broken_schedule_is_refused_before_any_worker_starts(run_aquadata, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    """The controller prepares the run in pytest_xdist_setupnodes, before xdist creates a worker's gateway."""
    pytester.makeconftest("""
        def pytest_xdist_newgateway(gateway):
            with open("gateways.txt", "a") as out:
                out.write(gateway.id + "\\n")
    """)
    pytester.makepyfile(test_plain="def test_plain():\n    pass\n")
    pytester.path.joinpath("broken.yaml").write_text("format: 1\nbatches: [1]\n")
    refused = run_aquadata("--aquadata=broken.yaml", "-n", "2")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*invalid schedule *broken.yaml:", "*metadata: must be a mapping*",
                                  "Fix: correct the file, or check it with `aquadata schedule --check *broken.yaml`."])
    assert not (pytester.path / "gateways.txt").exists(), "no worker was started for the refused run"
    run_aquadata("-n", "2").assert_outcomes(passed=1)  # the same project without --aquadata starts two
    assert sorted((pytester.path / "gateways.txt").read_text().split()) == ["gw0", "gw1"]
