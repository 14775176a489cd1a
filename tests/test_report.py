"""The HTML report (issue 13): each chart's numbers against the tables of the smoke farm, the file in a real
browser, and the report written at the end of a pytest run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pytest_aquadata.farm import catalog
from pytest_aquadata.report import charts, series
from pytest_aquadata.verify.dataset import Dataset


@pytest.fixture(scope="module")
def src(aquadata_db: Any) -> series.Source:
    dataset = Dataset.from_database(aquadata_db)
    return series.Source(aquadata_db, dataset.schedule, dataset.history_end)


def _one(conn: Any, sql: str, params: Any = ()) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def test_sea_temperature_has_seasons_warm_and_cold_years_and_the_halls_hold_steady(src: series.Source) -> None:
    temps = series.sea_temperature(src)
    assert set(temps) == {"Faroe Islands", "Scotland", "Freshwater halls"}
    compared = 0
    for geography in ("Faroe Islands", "Scotland"):
        geo = temps[geography]
        assert geo["areas"] and geo["climatology"]["date"] == sorted({d for a in geo["areas"].values() for d in a["date"]})
        # one sea per area and day: two areas of a geography in the same week differ by their local offsets only
        for first, second in zip(list(geo["areas"].values()), list(geo["areas"].values())[1:], strict=False):
            shared = sorted(set(first["date"]) & set(second["date"]))
            gaps = [abs(first["temp_c"][first["date"].index(d)] - second["temp_c"][second["date"].index(d)])
                    for d in shared]
            if shared:
                compared += 1
                assert np.mean(gaps) < 1.0, (geography, np.mean(gaps))
    assert compared >= 1
    swing = {geo: np.ptp(temps[geo]["climatology"]["temp_c"]) for geo in ("Faroe Islands", "Scotland")}
    assert 1.5 < swing["Faroe Islands"] < swing["Scotland"] < 6.5, swing
    assert all(11.4 < t < 12.6 for t in temps["Freshwater halls"]["temp_c"])
    week, area = temps["Scotland"]["areas"]["S-SEA-01"]["date"][-1], "S-SEA-01"
    assert temps["Scotland"]["areas"][area]["temp_c"][-1] == pytest.approx(_one(src.conn, """
        SELECT avg(s.temp_c) FROM batch_actualdailyassignmentstate s JOIN infrastructure_container c ON c.id = s.container_id
        JOIN infrastructure_area a ON a.id = c.area_id WHERE a.name = %s AND date_trunc('week', s.date) = %s""",
                                                                                     (area, week)))


def test_oxygen_falls_as_the_sea_warms(src: series.Source) -> None:
    points = series.oxygen_against_temperature(src)
    sea = points["Sea rings"]
    assert len(sea["temp_c"]) >= 300 and len(points["Freshwater halls"]["temp_c"]) >= 300
    assert np.corrcoef(sea["temp_c"], sea["oxygen"])[0, 1] < -0.5
    assert len(sea["temp_c"]) + len(points["Freshwater halls"]["temp_c"]) <= 3000


def test_a_batch_life_is_the_sum_of_its_daily_states_with_its_planned_transfers(src: series.Source) -> None:
    lives = series.batch_lives(src)
    assert len(lives) == 3
    by_number = {b.batch_number: b for b in src.schedule.batches}
    status = dict(src.conn.execute("SELECT batch_number, status FROM batch_batch").fetchall())
    completed = [n for n in lives if status[n] == "COMPLETED"]
    assert completed and {by_number[n].geography for n in lives} == {"Faroe Islands", "Scotland"}
    for number, life in lives.items():
        batch = by_number[number]
        states = src.conn.execute(
            "SELECT s.date, sum(s.population), sum(s.biomass_kg) FROM batch_actualdailyassignmentstate s "
            "JOIN batch_batch b ON b.id = s.batch_id WHERE b.batch_number = %s GROUP BY 1 ORDER BY 1", (number,)).fetchall()
        assert life["date"] == [r[0] for r in states]
        assert life["population"] == [int(r[1]) for r in states]
        assert life["weight_g"][-1] == pytest.approx(states[-1][2] * 1000 / states[-1][1])
        assert 0.99 * batch.eggs <= life["population"][0] <= batch.eggs
        lived = [s for s in batch.stages[1:] if s.start_day < batch.days_alive(src.history_end)]
        assert life["transfers"] == [batch.start_date + dt.timedelta(days=s.start_day) for s in lived]


def test_active_batches_and_biomass_per_geography(src: series.Source) -> None:
    data = series.biomass_and_active_batches(src)
    for geo, s in data.items():
        for day, active in list(zip(s["date"], s["active_batches"], strict=True))[::37]:
            planned = sum(1 for b in src.schedule.batches if b.geography == geo
                          and b.start_date <= day < b.start_date + dt.timedelta(days=b.harvest_day))
            assert active == planned, (geo, day)
    end = src.history_end
    total = sum(s["biomass_t"][s["date"].index(end)] for s in data.values())
    assert total == pytest.approx(_one(src.conn, "SELECT sum(biomass_kg) / 1000 FROM batch_actualdailyassignmentstate "
                                                 "WHERE date = %s", (end,)))


def test_containers_in_use_planned_is_what_describe_prints_and_actual_follows_it(src: series.Source) -> None:
    from pytest_aquadata.plan.describe import containers_in_use, total_holding_containers
    from pytest_aquadata.plan.profiles import profile_path

    assert src.history_end == dt.date(2026, 11, 1), "the session's smoke farm ends where smoke.yaml does"
    twelve = series.containers_in_use(src, points=12)
    described = subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", "schedule", "--describe",
                                str(profile_path("smoke"))], capture_output=True, text=True, check=True).stdout
    lines = described.split("utilisation over time:\n")[1].splitlines()[:12]
    assert lines == [f"  {d}  {v:6.1%}" for d, v in zip(twelve["date"], twelve["planned"], strict=True)]
    s = series.containers_in_use(src)
    assert len(s["date"]) == 60
    total = total_holding_containers()
    assert all(a * total <= p * total + 1 for a, p in zip(s["actual"], s["planned"], strict=True)), \
        "rings empty when their fish reach the target, never after their reservation"
    leaves = Dataset.from_database(src.conn).sea_leaves
    assert all(abs(a * total - containers_in_use(src.schedule, d, leaves)) <= 1
               for d, a in zip(s["date"], s["actual"], strict=True))
    assert max(s["actual"]) > 0 and any(a * total < p * total - 1 for a, p in zip(s["actual"], s["planned"], strict=True))


def test_lice_treatments_follow_counts_over_the_threshold(src: series.Source) -> None:
    lice = series.adult_female_lice(src)
    assert set(lice["monthly"]) == {"Faroe Islands", "Scotland"}
    batch = lice["batch_series"]
    assert batch["treatments"] and max(batch["per_fish"]) > 0.3
    high = {(c, d) for c, d in src.conn.execute("""
        SELECT l.container_id, l.count_date::date FROM health_licecount l JOIN batch_batch b ON b.id = l.batch_id
        JOIN health_licetype t ON t.id = l.lice_type_id AND t.gender = 'female' AND t.development_stage = 'adult'
        WHERE b.batch_number = %s AND l.count_value > 0.5 * l.fish_sampled""", (lice["batch"],))}
    treated = src.conn.execute("""
        SELECT t.container_id, t.treatment_date::date FROM health_treatment t JOIN batch_batch b ON b.id = t.batch_id
        WHERE b.batch_number = %s AND t.treatment_type <> 'vaccination'""", (lice["batch"],)).fetchall()
    assert sorted({d for _, d in treated}) == batch["treatments"]
    assert all((c, d - dt.timedelta(days=1)) in high for c, d in treated)
    per_ring = lice["treatments_per_ring"]
    assert len(per_ring) == _one(src.conn, "SELECT count(*) FROM harvest_harvestevent")
    assert sum(per_ring) == _one(src.conn, "SELECT count(*) FROM health_treatment t JOIN harvest_harvestevent e "
                                           "ON e.assignment_id = t.batch_assignment_id WHERE t.treatment_type <> 'vaccination'")
    assert min(per_ring) >= 1 and max(per_ring) <= 12


def test_feed_per_day_equals_the_feedings_and_fcr_is_in_range(src: series.Source) -> None:
    data = series.feed_and_fcr(src)
    per_day: dict[dt.date, float] = defaultdict(float)
    for s in data["per_day"].values():
        for day, tonnes in zip(s["date"], s["feed_t"], strict=True):
            per_day[day] += tonnes
    feedings = dict(src.conn.execute("SELECT feeding_date, sum(amount_kg) / 1000 FROM inventory_feedingevent GROUP BY 1"
                                     ).fetchall())
    fed_days = {d: t for d, t in per_day.items() if t > 0}
    assert fed_days.keys() == feedings.keys()
    assert all(fed_days[d] == pytest.approx(feedings[d], rel=1e-9) for d in feedings)
    assert list(data["fcr"]) == [s.name for s in catalog.STAGES[1:]]
    assert all(0.9 <= v <= 3.0 for v in data["fcr"].values()) and 1.1 <= data["fcr"]["Adult"] <= 1.4
    by_batch = data["fcr_by_batch"]
    assert list(by_batch) == list(data["fcr"])
    sea = by_batch["Adult"]
    assert set(sea) == {n for (n,) in src.conn.execute("SELECT batch_number FROM batch_batch WHERE status = 'COMPLETED'")}
    assert all(1.1 <= v <= 1.4 for v in sea.values())
    fry = by_batch["Fry"].values()
    assert len(fry) >= 5 and max(fry) - min(fry) > 0.005, "batches convert differently"  # at sea: the check's, on medium


def test_mortality_by_cause_adds_up_to_the_daily_deaths(src: series.Source) -> None:
    causes = series.mortality_by_cause(src)
    assert set(causes) <= {name for name, _ in catalog.MORTALITY_REASONS} and causes["Unknown"] == max(causes.values())
    assert sum(causes.values()) == _one(src.conn, "SELECT sum(mortality_count) FROM batch_actualdailyassignmentstate")


def test_the_incident_timeline_holds_every_label_and_one_is_drawn_in_full(src: series.Source) -> None:
    data = series.incidents(src)
    assert sum(len(events) for events in data["timeline"].values()) == _one(src.conn,
                                                                           "SELECT count(*) FROM aquadata_incident")
    assert set(data["timeline"]) == {g.name for g in catalog.GEOGRAPHIES}
    example = data["example"]
    assert example["kind"] == "sensor_stuck"
    inside = [v for t, v in zip(example["sensor"]["time"], example["sensor"]["value"], strict=True)
              if example["started"] <= t <= example["ended"]]
    outside = [v for t, v in zip(example["sensor"]["time"], example["sensor"]["value"], strict=True)
               if t < example["started"]]
    assert len(inside) >= 12 and len(set(inside)) == 1 and len(set(outside)) == len(outside) > 6
    assert len(example["neighbour"]["value"]) == len(example["sensor"]["value"])


def test_a_low_oxygen_spell_is_drawn_with_its_rings_oxygen_feed_and_deaths(src: series.Source) -> None:
    from pytest_aquadata.engine.area_incidents import ALARM_PCT

    data = series.low_oxygen(src)
    assert data["rings"] and data["oxygen"].keys() == data["rings"].keys()

    def mean(values: dict[str, dict[str, list]], key: str, inside: bool) -> float:  # type: ignore[type-arg]
        picked = [v for days in values.values() for d, v in zip(days["date"], days[key], strict=True)
                  if (data["started"] <= d <= data["ended"]) == inside and (inside or d < data["started"])]
        return sum(picked) / len(picked)

    assert mean(data["oxygen"], "oxygen_pct", True) < ALARM_PCT < mean(data["oxygen"], "oxygen_pct", False)
    assert mean(data["rings"], "feed_pct", True) < 0.95 * mean(data["rings"], "feed_pct", False)
    assert mean(data["rings"], "deaths_per_mille", True) > 2 * mean(data["rings"], "deaths_per_mille", False)
    assert any(data["started"] <= d <= data["ended"] for d in data["low_oxygen_deaths"])


def test_harvest_weights_and_grade_shares(src: series.Source) -> None:
    data = series.harvest(src)
    assert len(data["fish_kg"]) == _one(src.conn, "SELECT count(*) FROM harvest_harvestevent")
    assert all(4.0 <= w <= 6.5 for w in data["fish_kg"])
    total = sum(data["grade_fish"].values())
    assert total == _one(src.conn, "SELECT sum(unit_count) FROM harvest_harvestlot")
    for code, _, share in catalog.PRODUCT_GRADES:
        assert data["grade_fish"][code] / total == pytest.approx(share, abs=0.05)
    batches = data["batches"]
    completed = _one(src.conn, "SELECT count(*) FROM batch_batch WHERE status = 'COMPLETED'")
    assert len(batches["batch"]) == completed >= 1
    for number, temp, anomaly, days, share, kg in zip(batches["batch"], batches["sea_temp_c"], batches["anomaly_c"],
                                                      batches["days_at_sea"], batches["expected_share"],
                                                      batches["harvest_kg"], strict=True):
        planned = next(b for b in src.schedule.batches if b.batch_number == number)
        assert 7.0 < temp < 12.0 and -1.5 < anomaly < 1.5
        assert 250 <= days <= planned.harvest_day - planned.stages[-1].start_day and 0.8 < share < 1.25
        assert kg <= planned.harvest_kg + 0.05, "a ring is harvested on the day its fish reach the target"


def test_rows_per_table_match_the_tables_and_the_ledger(src: series.Source) -> None:
    data = series.rows_and_generation(src)
    counted = {t: _one(src.conn, f"SELECT count(*) FROM {t}") for t in data["rows"]}
    assert all(n > 0 for n in counted.values())
    for table, n in data["rows"].items():
        assert n == pytest.approx(counted[table], rel=0.05), table
    assert data["ledger_rows"] == sum(counted.values())
    assert data["batches"] == len(src.schedule.batches)


def _chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("no chromium here (apt-get install chromium)")
    return path


@pytest.mark.e2e
def test_the_report_opens_offline_in_a_real_browser_with_every_chart(aquadata_run: Any, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = _chromium()
    output = tmp_path / "farm.html"
    written = subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", "report", "--db", aquadata_run.url,
                              "-o", str(output)], capture_output=True, text=True, timeout=300)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(f"wrote {output} (")
    text = output.read_text()
    assert "<script" not in text and "src=" not in text and 'href="http' not in text
    assert 100_000 < len(text) < 5_000_000
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        errors: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(output.as_uri())
        page.wait_for_load_state("load")
        sizes = page.eval_on_selector_all(
            "figure.chart", "els => els.map(f => [f.dataset.chart, f.querySelector('svg').getBoundingClientRect().width, "
            "f.querySelector('svg').getBoundingClientRect().height, f.querySelectorAll('svg path, svg use').length])")
        page.screenshot(path=str(tmp_path / "farm.png"), full_page=True)
        browser.close()
    assert [s[0] for s in sizes] == [c[0] for c in charts.CHARTS]
    assert all(width > 400 and height > 150 and marks > 20 for _, width, height, marks in sizes), sizes
    assert errors == []
    assert requests == [output.as_uri()]
    header = text[:text.index("<h2")]
    assert "smoke" in header and "2026-11-01" in header and "dataset digest" in header


def test_a_run_writes_the_report_with_its_verification(run_aquadata, aquadata_run, verify_tests,  # type: ignore[no-untyped-def]
                                                       pytester: pytest.Pytester) -> None:
    result = run_aquadata("--aquadata=smoke", f"--aquadata-db={aquadata_run.url}", "--aquadata-today=2026-11-01",
                          "--aquadata-report=out/farm.html")
    result.assert_outcomes(passed=verify_tests)
    path = pytester.path / "out" / "farm.html"
    result.stdout.fnmatch_lines([f"report: {path} (* KB, * s)"])
    assert f"Verification: {verify_tests} passed, 0 failed" in path.read_text()
