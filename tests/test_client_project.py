"""Generation into a project's own models (tests/client_project): models with our app labels and names that
differ from ours as a client's do. The project makes its own migrations and migrates its own database; the
plugin then fills it with ``-n 2``, the verification suite passes on its tables, and what the engine wrote
is the same as in our schema wherever the columns have the same types."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_aquadata.rows import LAYOUTS, WRITE_ORDER
from pytest_aquadata.verify.checks.audit import audit_trail_records_every_row
from pytest_aquadata.verify.dataset import Dataset

PROJECT = Path(__file__).parent / "client_project"
APPS = ("infrastructure", "users", "broodstock", "batch", "inventory", "environmental", "health", "harvest", "finance",
        "finance_core", "scenario", "planning", "crm")
TODAY = "--aquadata-today=2026-11-01"

CLIENT_TEST = """
import datetime as dt

import pytest
from django.apps import apps

import factories


@pytest.mark.aquadata
def test_the_client_orm_reads_the_farm():
    batch = apps.get_model("batch", "Batch")
    assert batch.__module__ == "clientfarm.batch.models"
    assert batch.objects.count() == 10 and batch.objects.filter(status="COMPLETED").count() == 1
    lice = apps.get_model("health", "LiceCount").objects.filter(batch__status="COMPLETED").first()
    assert (lice.user.profile.role, lice.user.profile.job_title) == ("OPR", "Fish Health Technician")
    assert lice.created_at is not None


@pytest.mark.aquadata
def test_factories_build_the_client_models():
    batch = factories.BatchFactory(geography="Scotland", stage="Fry", today=dt.date(2026, 11, 1))
    assert type(batch).__module__ == "clientfarm.batch.models" and batch.daily_states.exists()
    treatment = factories.TreatmentFactory()
    assert type(treatment).__module__ == "clientfarm.health.models" and treatment.user.username == "aquadata"
"""


def _client(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(folder), **(env or {})})


def test_a_client_project_is_filled_through_its_own_models(pytester: pytest.Pytester, run_aquadata,  # type: ignore[no-untyped-def]
                                                           own_server, verify_tests, aquadata_run, digest_of) -> None:
    import psycopg

    from pytest_aquadata.digest import table_digests

    shutil.copytree(PROJECT, pytester.path, dirs_exist_ok=True)
    made = _client(pytester.path, "makemigrations", *APPS)
    assert made.returncode == 0, made.stderr
    pytester.makepyfile(test_client=CLIENT_TEST)
    base, query = own_server
    url = f"{base}/client_farm?{query}"

    # a required field no rule fills: refused before anything is written, naming the field and the setting
    refused = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--ds=clientfarm.settings_strict",
                           "test_client.py")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*cannot receive the generated rows; nothing was written*",
                                  "*batch.Batch.cost_centre (IntegerField, NOT NULL, no default)*"
                                  "AQUADATA_FILL = {'batch.Batch.cost_centre': value}*"])
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                            ).fetchone() == (0,)

    # the project's own migrations into its database; the plugin takes that schema as the project's own
    migrated = _client(pytester.path, "migrate", env={"CLIENT_DATABASE_URL": url})
    assert migrated.returncode == 0, migrated.stderr
    # the project's own database, for pytest-django's test databases (the farm tests need them set up too)
    os.environ["CLIENT_DATABASE_URL"] = f"{base}/client_plain?{query}"
    try:
        result = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--ds=clientfarm.settings", "-n", "2",
                              "--aquadata-verify", "test_client.py", timeout=600)
    finally:
        del os.environ["CLIENT_DATABASE_URL"]
    result.assert_outcomes(passed=verify_tests + 2)

    with psycopg.connect(url) as conn, psycopg.connect(aquadata_run.url) as ours:
        one = conn.execute  # the client's database
        assert one("SELECT DISTINCT dest_subsidiary FROM harvest_harvestevent").fetchall() == [("FM",)]  # "Farming"
        assert one("SELECT DISTINCT confidence_level::text FROM health_licecount").fetchall() == [("0.90",)]  # "high"
        assert one("SELECT DISTINCT invoice_ref FROM inventory_feedpurchase").fetchall() == [("GENERATED",)]
        assert one("SELECT count(*) FROM scenario_projection_run").fetchone() == (10,)
        assert one("SELECT count(*) FROM harvest_lot").fetchone() == ours.execute(  # the harvest check read it as ours
            "SELECT count(*) FROM harvest_harvestlot").fetchone()
        # fills of types the engine never produces, encoded by the server (mapping/constants.py)
        assert one("SELECT DISTINCT follow_up_after::text, host(source_ip), encode(attachment, 'hex'), tags::text, "
                   "context::text, count(*) OVER () > 0 FROM health_journalentry").fetchall() == [
            ("7 days 03:00:00", "10.0.0.1", "00ff6171", "{lice,gills}", '{"source": "aquadata", "screens": [1, 2]}',
             True)]
        assert one("SELECT data_type FROM information_schema.columns WHERE table_name = "
                   "'environmental_environmentalreading' AND column_name = 'value'").fetchone() == ("numeric",)
        # the lice counted in the client's shape equal ours, counted by lice type, in the same batches
        categories = one("SELECT sum(adult_female_count), sum(adult_male_count), sum(juvenile_count) FROM "
                         "health_licecount l JOIN batch_batch b ON b.id = l.batch_id WHERE b.batch_number <= 'FI-B0003'"
                         ).fetchone()
        by_type = ours.execute("""
            SELECT sum(count_value) FILTER (WHERE t.gender = 'female' AND t.development_stage = 'adult'),
                   sum(count_value) FILTER (WHERE t.gender = 'male' AND t.development_stage = 'adult'),
                   sum(count_value) FILTER (WHERE t.species = 'Lepeophtheirus salmonis' AND t.development_stage <> 'adult')
            FROM health_licecount l JOIN health_licetype t ON t.id = l.lice_type_id
            JOIN batch_batch b ON b.id = l.batch_id WHERE b.batch_number <= 'FI-B0003'""").fetchone()
        assert categories == by_type and min(categories) > 0
        # every auto_now column holds the row's own event time; every id sequence is past the ids written
        assert one("SELECT count(*) FROM environmental_environmentalreading WHERE created_at <> reading_time"
                   ).fetchone() == (0,)
        assert one("SELECT last_value >= (SELECT max(id) FROM health_licecount) FROM pg_sequences "
                   "WHERE sequencename = 'health_licecount_id_seq'").fetchone() == (True,)
        # the same engine rows as ours wherever the client's columns have our types
        theirs, mine = table_digests(conn), table_digests(ours)
        same_types = [t for t in WRITE_ORDER if _same_columns(conn, t)]
        assert len(same_types) >= 8, same_types
        assert {t: theirs[t] for t in same_types} == {t: mine[t] for t in same_types}
        assert {t for t in WRITE_ORDER if theirs[t].split(":")[0] != mine[t].split(":")[0]} == set()  # row counts
    assert digest_of(url) != digest_of(aquadata_run.url)  # numeric columns hold rounded values (digest.py)

    # the audit trail: each tracked row's creation record, repeating it, entered when it happened (load/history.py)
    with psycopg.connect(url) as conn:
        one = conn.execute
        conn.execute("SET TimeZone = 'UTC'")
        for tracked, history in (("batch_batch", "batch_historicalbatch"),
                                 ("batch_mortalityevent", "batch_historicalmortalityevent"),
                                 ("health_licecount", "health_historicallicecount"),
                                 ("batch_individualgrowthobservation", "batch_historicalindividualgrowthobservation"),
                                 ("harvest_lot", "harvest_historicalharvestlot")):
            assert one(f"SELECT count(*) FROM {tracked}").fetchone() == one(
                f"SELECT count(*) FROM {history} h WHERE history_type = '+' AND EXISTS (SELECT FROM {tracked} t "
                "WHERE t.id = h.id)").fetchone(), history
        # the edits (load/history.py): about 1 % of the deaths corrected the next day, 0.5 % of the feedings twice
        corrected, deaths = one("""
            SELECT count(*) FILTER (WHERE c.count <> m.count AND c.history_date = e.history_date - interval '1 day'
                                    AND e.count = m.count), (SELECT count(*) FROM batch_mortalityevent)
            FROM batch_historicalmortalityevent e JOIN batch_historicalmortalityevent c
                 ON c.id = e.id AND c.history_type = '+' JOIN batch_mortalityevent m ON m.id = e.id
            WHERE e.history_type = '~' AND e.history_change_reason = 'Count corrected the next day'""").fetchone()
        assert 0.005 < corrected / deaths < 0.015, (corrected, deaths)
        twice, feedings = one("""
            SELECT count(*) FILTER (WHERE d.history_date > c.history_date AND d.feeding_date = c.feeding_date
                                    AND NOT EXISTS (SELECT FROM inventory_feedingevent f WHERE f.id = c.id)),
                   (SELECT count(*) FROM inventory_feedingevent)
            FROM inventory_historicalfeedingevent c JOIN inventory_historicalfeedingevent d
                 ON d.id = c.id AND d.history_type = '-' WHERE c.history_type = '+'""").fetchone()
        assert 0.0025 < twice / feedings < 0.0075, (twice, feedings)
        # entered by who recorded the row (engine/recorders.py): a count by its technician, a death too (the
        # model has no column for that person, its history has); a batch, a fish, a lot by the system user
        assert one("SELECT count(*) FROM health_historicallicecount WHERE history_user_id IS DISTINCT FROM user_id"
                   ).fetchone() == (0,)
        assert one("SELECT array_agg(DISTINCT p.role), bool_or(p.job_title LIKE 'Feeder, % hall'), "
                   "bool_or(p.job_title = 'Fish Health Technician'), count(*) FROM batch_historicalmortalityevent h "
                   "JOIN users_userprofile p ON p.user_id = h.history_user_id WHERE history_type = '+'").fetchone() == (
            ["OPR"], True, True, one("SELECT count(*) FROM batch_mortalityevent").fetchone()[0])
        for history in ("batch_historicalbatch", "harvest_historicalharvestlot"):
            assert one(f"SELECT DISTINCT u.username FROM {history} h JOIN auth_user u ON u.id = h.history_user_id"
                       ).fetchall() == [("aquadata",)], history
        for master, history in (("infrastructure_geography", "infrastructure_historicalgeography"),
                                ("infrastructure_sensor", "infrastructure_historicalsensor")):  # built by the ORM
            assert one(f"SELECT count(*) FROM {master}").fetchone() == one(
                f"SELECT count(*) FROM {history} h JOIN auth_user u ON u.id = h.history_user_id "
                "WHERE history_type = '+' AND u.username = 'aquadata'").fetchone() > (0,), history
        assert one("SELECT min(history_date::time), max(history_date::time), count(DISTINCT history_date::time) > 100, "
                   "bool_and(history_date::date = event_date) FROM batch_historicalmortalityevent "
                   "WHERE history_type = '+'").fetchone() == (
            dt.time(7), dt.time(16, 59), True, True)  # a day's deaths are entered in that day's working hours
        assert one("SELECT bool_and(history_date >= count_date AND history_date < count_date + interval '2 hours') "
                   "FROM health_historicallicecount").fetchone() == (True,)
        assert one("SELECT DISTINCT history_date FROM batch_historicalindividualgrowthobservation").fetchall() == [
            (dt.datetime(2026, 11, 1, tzinfo=dt.UTC),)]  # no event time of its own: the history's end
        assert one("SELECT last_value >= (SELECT max(history_id) FROM batch_historicalmortalityevent) FROM pg_sequences "
                   "WHERE sequencename = 'batch_historicalmortalityevent_history_id_seq'").fetchone() == (True,)
    for mutation, (sql, named) in AUDIT_MUTATIONS.items():
        with psycopg.connect(url) as conn:
            conn.execute("SET TimeZone = 'UTC'")
            assert audit_trail_records_every_row(Dataset.from_database(conn)) == []
            assert conn.execute(sql).rowcount == 1, mutation
            problems = audit_trail_records_every_row(Dataset.from_database(conn))
            assert any(named in p for p in problems), (mutation, problems)
            conn.rollback()

    # the model mutation: records entered a day before the fact (a time zone's offset applied twice, say)
    pytester.makeconftest(A_DAY_EARLY)
    os.environ["CLIENT_DATABASE_URL"] = f"{base}/client_plain?{query}"
    try:
        early = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--ds=clientfarm.settings", "-n", "2",
                             "--aquadata-rebuild", "--aquadata-verify", "-k", "audit", timeout=600)
    finally:
        del os.environ["CLIENT_DATABASE_URL"]
    early.assert_outcomes(failed=1)
    early.stdout.fnmatch_lines(["*batch_historicalmortalityevent (batch_mortalityevent's history): * rows were recorded "
                                "before their event_date*"])


#: Defects of the stored audit trail the check must name: (the SQL, what the message says).
AUDIT_MUTATIONS: dict[str, tuple[str, str]] = {
    "a creation record lost": (
        "DELETE FROM batch_historicalmortalityevent WHERE history_id = "
        "(SELECT min(history_id) FROM batch_historicalmortalityevent)",
        "batch_historicalmortalityevent (batch_mortalityevent's history): 1 of"),
    "a count entered the day before it was made": (
        "UPDATE health_historicallicecount SET history_date = history_date - interval '1 day' WHERE history_id = "
        "(SELECT min(history_id) FROM health_historicallicecount)",
        "rows were recorded before their count_date"),
    "a batch changed without a record of it": (
        "UPDATE batch_batch SET notes = 'changed quietly' WHERE id = 1",
        "batch_historicalbatch (batch_batch's history): 1 of 10 rows differ from their latest record"),
    "a correction dated before the count it corrects": (
        "UPDATE batch_historicalmortalityevent SET history_date = history_date - interval '2 days' WHERE history_id = "
        "(SELECT min(history_id) FROM batch_historicalmortalityevent WHERE history_type = '~')",
        "changes or deletions are dated before the creation they follow"),
    "a lot deleted without a record of it": (
        "DELETE FROM harvest_lot WHERE id = (SELECT max(id) FROM harvest_lot)",
        "rows are gone from harvest_lot without a deletion record"),
}

#: An inner conftest with a plausible bug of the audit trail's writer: every record entered a day before the fact.
A_DAY_EARLY = """
import numpy as np

from pytest_aquadata.load import history

real = history.recorded_at
history.recorded_at = lambda *args: real(*args) - np.timedelta64(1, "D")
"""


def _same_columns(conn, table: str) -> bool:  # type: ignore[no-untyped-def]
    from pytest_aquadata.load.ledger import read_targets

    target = read_targets(conn).tables[table]
    written = {x.name: x for x in target.columns if x.source == x.name}
    # lice in another shape; subsidiary FARMING is FM; a transaction names its source's content type, the database's
    other_values = {"health_licecount", "harvest_harvestevent", "finance_intercompanytransaction"}
    return table not in other_values and target.db_table == table and all(
        c in written and written[c].kind == kind for c, kind in LAYOUTS[table].items())


#: An inner conftest that slows each batch's generation by half a second, so that the worker whose slice holds the
#: young batches is still writing when the other fails on its first (a harvested batch): it must stop, not go on.
SLOW_BATCHES = """
import time

from pytest_aquadata.engine import batch

real = batch.generate


def slow(*args, **kwargs):
    time.sleep(0.5)
    return real(*args, **kwargs)


batch.generate = slow
"""


def test_a_column_one_digit_too_narrow_stops_the_run_at_once_naming_batch_column_value_and_fix(  # type: ignore[no-untyped-def]
        pytester: pytest.Pytester, run_aquadata, own_server) -> None:
    """The daily states' biomass is numeric(8, 2) in this project's models and migrations, a digit short of a harvested
    batch's rings (over a million kg). The batch is fitted to the models before its COPY, so it fails before anything
    of it is written; the other worker stops before its next batch instead of writing on alone; the first thing the
    run says after the header is the error (batch, column, value, fix); and the summary says that the same command
    would stop the same way, rather than advising to run it again."""
    import psycopg

    shutil.copytree(PROJECT, pytester.path, dirs_exist_ok=True)
    made = _client(pytester.path, "makemigrations", *APPS, "--settings=clientfarm.settings_narrow")
    assert made.returncode == 0, made.stderr
    pytester.makeconftest(SLOW_BATCHES)
    base, query = own_server
    url = f"{base}/client_narrow?{query}"
    failed = run_aquadata("--aquadata=smoke", f"--aquadata-db={url}", TODAY, "--ds=clientfarm.settings_narrow", "-n", "2",
                          "--aquadata-progress=0")
    output = failed.stdout.str()
    assert failed.ret == pytest.ExitCode.TESTS_FAILED, output
    assert "INTERNALERROR" not in output + failed.stderr.str()
    lines = output.splitlines()
    first = next(i for i, line in enumerate(lines) if "generation failed" in line)
    assert lines[first - 1].startswith("aquadata: ") and " batches " in lines[first - 1], output
    first = lines[first]
    assert re.match("aquadata: generation failed: gw[01]: RepeatsOnRerun: batch FI-B0001: batch.ActualDailyAssignmentState"
                    r"\.biomass_kg cannot hold the generated values of batch_actualdailyassignmentstate: 1287324\.7", first), (
        output)
    assert "needs more than 6 digits before the decimal point" in first and "Fix: widen the field" in first, first
    assert output.index(first) < output.index("test_dataset.py"), "the error comes before any test's"
    assert "The same command would stop the same way" in output and "Run the same command again" not in output
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM batch_batch WHERE batch_number = 'FI-B0001'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'environmental_environmentalreading_%' "
                            "AND relkind = 'r' AND relname ~ '_1[0-9]{9}$'").fetchone() == (0,), "no partition left"
        slices = conn.execute("SELECT first_batch, last_batch, done, error <> '', repeats FROM aquadata_partition "
                              "ORDER BY index").fetchall()
        written = conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 3").fetchone()[0]
    assert slices == [(0, 2, False, True, True), (3, 9, False, False, False)], f"the other stopped, its slice open:\n{output}"
    assert written < 7, f"the other worker wrote all {written} of its batches after the first had failed:\n{output}"
