"""What a user of pytest-django and factory_boy expects (issue 12): an explicit selection runs only what it
selects, the header names the dataset, the summary counts nothing row by row, and the factories neither
drop an override nor reseed anyone's random state at import."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest

TODAY = "--aquadata-today=2026-11-01"  # the history end of this session's own smoke dataset


def test_an_explicit_selection_runs_only_what_it_selects(run_aquadata, aquadata_run, verify_tests,  # type: ignore[no-untyped-def]
                                                         pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_x="""
        def test_y(aquadata):
            assert aquadata["batches"] == 10

        def test_z():
            raise AssertionError("not selected")
        """)
    import psycopg

    with psycopg.connect(aquadata_run.url) as lock:  # held for the whole run: a count(*) of the readings would wait
        written, tables = lock.execute("SELECT sum(rows), (SELECT count(DISTINCT key) FROM aquadata_batchledger, "
                                       "jsonb_object_keys(table_rows) key) FROM aquadata_batchledger").fetchone()
        lock.execute("LOCK TABLE environmental_environmentalreading IN ACCESS EXCLUSIVE MODE")
        selected = run_aquadata("test_x.py::test_y", "--aquadata=smoke", f"--aquadata-db={aquadata_run.url}", TODAY,
                                timeout=90)
    selected.assert_outcomes(passed=1)  # so a reuse run reads no reading: the summary's counts come from the ledger
    assert "would load faster" not in selected.stdout.str(), "the embedded server is tuned already"
    selected.stdout.fnmatch_lines([
        "aquadata: smoke, seed 1, history end 2026-11-01",
        "aquadata: server * (your server)",
        "aquadata: the database holds smoke, seed 1, history end 2026-11-01 (complete); a run with the same *",
        f"*rows: {written:,} (ledger) in {tables} tables*",
    ])
    asked = run_aquadata("test_x.py::test_y", "--aquadata=smoke", f"--aquadata-db={aquadata_run.url}", TODAY,
                         "--aquadata-verify")
    asked.assert_outcomes(passed=1 + verify_tests)
    pytester.makeini("[pytest]\naquadata_verify = true\n")
    by_ini = run_aquadata("test_x.py::test_y", "--aquadata=smoke", f"--aquadata-db={aquadata_run.url}", TODAY)
    by_ini.assert_outcomes(passed=1 + verify_tests)


def test_the_header_says_when_the_database_holds_no_dataset_yet(run_aquadata, pytester: pytest.Pytester) -> None:  # type: ignore[no-untyped-def]
    """The header comes before the run is prepared: a schedule refused there still shows it."""
    from pytest_aquadata.plan.profiles import profile_path

    pytester.path.joinpath("big.yaml").write_text(profile_path("smoke").read_text().replace("eggs: 3", "eggs: 9993", 1))
    result = run_aquadata("--aquadata=big.yaml", TODAY)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines([
        f"aquadata: {pytester.path / 'big.yaml'}, seed 1, history end 2026-11-01",
        f"aquadata: server * (embedded in {pytester.path / '.aquadata'})",
        "aquadata: the database holds no dataset yet: this run generates one",
    ])
    result.stderr.fnmatch_lines(["*eggs 9,993,140,891 does not fit the egg and population columns*"])


@pytest.mark.aquadata
@pytest.mark.parametrize("override", [{"status": "COMPLETED"}, {"expected_end_date": dt.date(2030, 1, 1)},
                                      {"lifecycle_stage__name": "Adult"}])
def test_batch_factory_refuses_an_override_its_history_would_overwrite(override: dict[str, Any]) -> None:
    import factories

    name = next(iter(override))
    with pytest.raises(TypeError, match=rf"BatchFactory cannot honour {name}=.* for a batch with its history.*Fix:"):
        factories.BatchFactory(**override)
    bare = factories.BatchFactory(history=False, status="COMPLETED")
    assert bare.status == "COMPLETED"


def test_importing_factories_seeds_no_one_and_the_session_fixture_does() -> None:
    program = """
import django, random
django.setup()
import factory.random
before = factory.random.get_random_state()
import factories
assert factory.random.get_random_state() == before, "importing factories reseeded factory_boy and Faker"
factories.reseed()
assert factory.random.get_random_state() != before
print("ok")
"""
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DJANGO_SETTINGS_MODULE": "pytest_aquadata.settings"})
    assert done.stdout.strip() == "ok", done.stderr
