"""Incidents with ground truth (issue 24): sensor faults planned from the schedule's rates, each changing only its
sensor's readings inside its window, labelled in ``aquadata_incident``, and scored with ``aquadata score``."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pytest_aquadata.engine import environment, faults
from pytest_aquadata.farm import weather
from pytest_aquadata.plan import incidents, yamlformat
from pytest_aquadata.plan.profiles import profile_path
from pytest_aquadata.verify.score import Alert, Label, score

PARAMETERS = ("Temperature", "Dissolved Oxygen", "pH", "Salinity")
HIGH = {kind: 6.0 for kind in faults.KINDS}  # rates high enough that a segment of 10 rings for a year has each kind


def _segment(seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    present = np.ones((10, 365), dtype=bool)
    present[7:, 300:] = False  # three rings harvested early
    water = np.full((10, 365), 9.0)
    values = environment.readings(PARAMETERS, water, weather.oxygen_saturation(water), True, np.random.default_rng(seed))
    return values, present


def test_each_fault_changes_only_its_sensors_readings_inside_its_window() -> None:
    values, present = _segment(1)
    planned = faults.plan(HIGH, PARAMETERS, present, np.random.default_rng(2))
    assert {f.kind for f in planned} == set(faults.KINDS)
    before = {p: v.copy() for p, v in values.items()}
    dropped = faults.apply(planned, values, np.random.default_rng(3))
    touched = {p: np.zeros(v.shape, dtype=bool) for p, v in values.items()}
    for fault in planned:
        window = touched[fault.parameter][fault.container].reshape(-1)[fault.first:fault.last + 1]
        assert not window.any(), "two faults overlap on one sensor"
        window[:] = True
        days = present[fault.container].sum()
        assert fault.first >= faults.SLOTS and fault.last < (days - 1) * faults.SLOTS, "first or last day touched"
        series = values[fault.parameter][fault.container].reshape(-1)[fault.first:fault.last + 1]
        if fault.kind == "sensor_stuck":
            assert len(set(series)) == 1 and fault.first % faults.SLOTS == 0 and len(series) >= 2 * faults.SLOTS
        if fault.kind == "sensor_spikes":
            daily = series.reshape(-1, faults.SLOTS)
            moved = daily != before[fault.parameter][fault.container].reshape(-1)[fault.first:fault.last + 1].reshape(
                -1, faults.SLOTS)
            assert (np.ptp(daily, axis=1) > faults.spike_threshold(fault.parameter)).all()
            assert (moved.sum(axis=1) >= 1).all() and (moved.sum(axis=1) <= 3).all()
        if fault.kind == "sensor_drift":
            assert fault.parameter == "Temperature"
            assert series[-1] - before["Temperature"][fault.container].reshape(-1)[fault.last] == pytest.approx(
                faults.DRIFT_RISE_C)
            assert np.ptp(series.reshape(-1, faults.SLOTS), axis=1).max() < faults.spike_threshold("Temperature")
    for parameter, value in values.items():
        assert (value[~touched[parameter]] == before[parameter][~touched[parameter]]).all()
        assert not dropped[parameter][~touched[parameter]].any()
    assert sum(int(d.sum()) for d in dropped.values()) == sum(
        f.last - f.first + 1 for f in planned if f.kind == "sensor_dropout")


def test_a_rate_changes_only_its_own_kind_and_none_plans_nothing() -> None:
    values, present = _segment(1)
    every = faults.plan(HIGH, PARAMETERS, present, np.random.default_rng(2))
    no_drift = faults.plan({**HIGH, "sensor_drift": 0.0}, PARAMETERS, present, np.random.default_rng(2))
    assert no_drift == [f for f in every if f.kind != "sensor_drift"]
    assert faults.plan(incidents.parse("none", []), PARAMETERS, present, np.random.default_rng(2)) == []


def test_ordinary_readings_show_no_signature() -> None:
    """A year of a hundred sensors with no fault: no day held at one value, none spanning a spike threshold, even
    where a series meets its lower bound (NH4 set at its bound: reflected, never held)."""
    parameters = ("Temperature", "Dissolved Oxygen", "pH", "CO2", "NO2", "NO3", "NH4")
    saved = environment.BASELINES["NH4"]
    environment.BASELINES["NH4"] = (0.0005, 0.0, 0.002, 0.001, 0.0005)
    try:
        water = np.full((100, 365), 12.0)
        values = environment.readings(parameters, water, weather.oxygen_saturation(water), False,
                                      np.random.default_rng(4))
    finally:
        environment.BASELINES["NH4"] = saved
    for name, value in values.items():
        spans = np.ptp(value, axis=2)
        assert spans.min() > 0, name
        assert spans.max() < faults.spike_threshold(name), name


def test_the_schedule_section() -> None:
    problems: list[str] = []
    assert incidents.parse(None, problems) == incidents.DEFAULT_RATES
    assert incidents.parse({"sensor_stuck": 0.5}, problems) == {**incidents.DEFAULT_RATES, "sensor_stuck": 0.5}
    assert problems == []
    incidents.parse({"sensor_stuck": -1, "fire": 1, "sensor_drift": True}, problems)
    assert problems == ["incidents.sensor_stuck: must be a number from 0 to 12 (per sensor-year), not -1",
                        "incidents.fire: unknown kind (known: sensor_dropout, sensor_stuck, sensor_spikes, sensor_drift, "
                        "low_oxygen, storm, escape, disease_outbreak, lice_outbreak)",
                        "incidents.sensor_drift: must be a number from 0 to 12 (per temperature sensor-year), not True"]
    text = Path(profile_path("smoke")).read_text()
    none = yamlformat.loads(text + "incidents: none\n")
    assert none.incidents == {kind: 0.0 for kind in incidents.KINDS}
    assert none.digest() != yamlformat.loads(text).digest()
    assert yamlformat.loads(yamlformat.dump(none, {})).incidents == none.incidents


def test_the_score_counts_alerts_in_a_window_and_its_tolerance() -> None:
    t0 = dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC)
    hour = dt.timedelta(hours=1)
    labels = [Label(1, "sensor_stuck", 7, t0, t0 + 36 * hour), Label(2, "sensor_stuck", 8, t0, t0 + 12 * hour),
              Label(3, "sensor_dropout", 7, t0, t0 + 4 * hour)]
    alerts = [Alert("sensor_stuck", 7, t0 + 10 * hour), Alert("sensor_stuck", 7, t0 + 11 * hour),
              Alert("sensor_stuck", 8, t0 + 35 * hour),  # in the tolerance after the end
              Alert("sensor_stuck", 9, t0),  # another sensor
              Alert("sensor_dropout", 7, t0 + 60 * hour)]  # too late
    scores = score(labels, alerts)
    stuck, dropout = scores["sensor_stuck"], scores["sensor_dropout"]
    assert (stuck.labels, stuck.alerts, stuck.precision, stuck.recall) == (2, 4, 0.75, 1.0)
    assert stuck.median_delay == dt.timedelta(hours=22.5)  # 10 h and 35 h
    assert (dropout.precision, dropout.recall, dropout.median_delay) == (0.0, 0.0, None)
    assert score(labels, alerts, tolerance=dt.timedelta(0))["sensor_stuck"].recall == 0.5


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", *args], capture_output=True, text=True,
                          timeout=120)


def test_the_labels_score_one_and_the_fixture_holds_them(aquadata_run, aquadata_incidents, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    labels = tmp_path / "labels.csv"
    assert _cli("incidents", "--db", aquadata_run.url, "-o", str(labels)).returncode == 0
    assert len(labels.read_text().splitlines()) == len(aquadata_incidents) + 1
    kinds = {label.kind for label in aquadata_incidents}
    assert kinds <= set(incidents.KINDS) and set(incidents.KINDS) - kinds <= {"escape"}  # smoke's sea: no torn net
    scored = _cli("score", "--db", aquadata_run.url, str(labels))
    assert scored.returncode == 0, scored.stderr
    table = scored.stdout.splitlines()
    assert table[0].split() == ["kind", "labels", "alerts", "precision", "recall", "median", "delay"]
    assert sorted(line.split()[0] for line in table[1:]) == sorted(kinds)
    assert all(line.split()[3:6] == ["1.000", "1.000", "0.0"] for line in table[1:]), scored.stdout
    broken = tmp_path / "broken.csv"
    broken.write_text("kind,scope_id,time\nsensor_stuck,abc,2026-01-01\n")
    refused = _cli("score", "--db", aquadata_run.url, str(broken))
    assert refused.returncode == 2 and "line 2: not an alert" in refused.stderr and "Fix:" in refused.stderr


def test_with_incidents_none_there_is_no_label_and_no_signature(run_aquadata, pytester: pytest.Pytester,  # type: ignore[no-untyped-def]
                                                                 verify_tests: int, aquadata_run, digest_of) -> None:
    import psycopg

    from pytest_aquadata.conninfo import with_database
    from pytest_aquadata.server import start_embedded

    pytester.path.joinpath("calm.yaml").write_text(Path(profile_path("smoke")).read_text() + "incidents: none\n")
    result = run_aquadata("--aquadata=calm.yaml", "--aquadata-today=2026-11-01")
    result.assert_outcomes(passed=verify_tests)  # the labels' checks among them: no signature in the readings
    server = start_embedded(pytester.path / ".aquadata")
    try:
        url = with_database(server.url, "aquadata")
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT count(*) FROM aquadata_incident").fetchone() == (0,)
        assert digest_of(url) != digest_of(aquadata_run.url)
    finally:
        server.stop()


def test_a_sensor_that_serves_two_batches_months_apart_shows_no_dropout_between(aquadata_run) -> None:  # type: ignore[no-untyped-def]
    """In a project's own, unpartitioned readings, a tank's sensor serves one batch, then another months later: the
    pass looks for gaps in each batch's days of the sensor, not across the months between (medium into AquaMind's
    models flagged every one of them as a dropout), and still finds a real gap inside a batch's days."""
    import psycopg

    from pytest_aquadata.verify import readings

    days = {1: [dt.date(2022, 8, 20) + dt.timedelta(d) for d in (0, 1, 3)],  # batch 1 misses its third day
            2: [dt.date(2023, 3, 1) + dt.timedelta(d) for d in range(3)]}
    with psycopg.connect(aquadata_run.url) as conn:
        temperature = conn.execute("SELECT id FROM environmental_environmentalparameter WHERE name = 'Temperature'"
                                   ).fetchone()[0]
        conn.execute("CREATE TEMP TABLE served (sensor_id bigint, parameter_id bigint, batch_id bigint, "
                     "reading_time timestamptz, value float8)")
        for batch, dates in days.items():
            for day in dates:
                for slot, hour in enumerate((6, 8, 10, 14, 16, 18)):
                    conn.execute("INSERT INTO served VALUES (1, %s, %s, %s, %s)", (
                        temperature, batch, dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC),
                        12.0 + 0.01 * slot))
        found = readings.read(conn, "served", readings.parameters(conn))
    assert found.signatures == {("sensor_dropout", 1, 1, dt.date(2022, 8, 22))}
    assert found.days == {(batch, day) for batch, dates in days.items() for day in dates} and found.rows == 36
