"""Benchmark of the queries AquaMind's pages run, on a generated farm (issue 37): planning and execution time per
pattern, the median of several runs, in our own schema and in AquaMind's models on the same farm (same profile,
seed and history end), and the ratio between them, measured in the same run.

Each pattern is the SQL of an AquaMind viewset or service, written as its ORM query reaches PostgreSQL (AquaMind at
cb41030; the file is named beside each), with its parameters taken from the farm: the active sea batch with the most
readings, its ring and current assignment, the ring's area, and the farm's history end as "now".

    python bench/queries.py --db OWN_URL --vs AQUAMIND_URL        # both, and the ratio own / AquaMind
    python bench/queries.py --db URL                               # one farm

Targets (issue 37): no pattern over 100 ms, and none more than 2x slower in our own schema than in AquaMind's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
from typing import Any

import psycopg

TARGET_MS = 100.0
TARGET_RATIO = 2.0
RUNS = 7

READINGS = "environmental_environmentalreading"
#: name -> (where in AquaMind, SQL with named parameters). "now" is the farm's history end.
PATTERNS: dict[str, tuple[str, str]] = {
    "ring chart: a ring's parameter, last 7 days": (
        "apps/environmental/api/viewsets.py by_container (container_id, parameter_id, start_time, limit 1000)",
        f"SELECT id, value, reading_time FROM {READINGS} WHERE container_id = %(container)s "
        "AND parameter_id = %(parameter)s AND reading_time >= %(now)s - interval '7 days' "
        "ORDER BY reading_time DESC LIMIT 1000"),
    "batch insights: 90 days per day and parameter": (
        "apps/batch/api/viewsets/batch.py _aggregate_environmental (batch_id, time window, TruncDate)",
        f"SELECT date_trunc('day', r.reading_time) AS day, p.name, avg(r.value), count(r.id) FROM {READINGS} r "
        "JOIN environmental_environmentalparameter p ON p.id = r.parameter_id WHERE r.batch_id = %(batch)s "
        "AND r.reading_time >= %(now)s - interval '90 days' AND r.reading_time < %(now)s + interval '1 day' "
        "GROUP BY 1, 2 ORDER BY 1"),
    "batch insights by batch number": (
        "the same through the ORM's join on batch__batch_number",
        f"SELECT date_trunc('day', r.reading_time) AS day, r.parameter_id, avg(r.value), count(r.id) FROM {READINGS} r "
        "JOIN batch_batch b ON b.id = r.batch_id WHERE b.batch_number = %(number)s "
        "AND r.reading_time >= %(now)s - interval '90 days' GROUP BY 1, 2 ORDER BY 1"),
    "an assignment's readings, last 30 days": (
        "apps/batch/api/viewsets/batch.py _aggregate_environmental (batch_container_assignment_id__in)",
        f"SELECT id, parameter_id, value, reading_time FROM {READINGS} WHERE batch_container_assignment_id = "
        "%(assignment)s AND reading_time >= %(now)s - interval '30 days' ORDER BY reading_time"),
    "latest reading per sensor of an area": (
        "apps/environmental/api/viewsets.py recent (DISTINCT ON), for one area's rings",
        f"SELECT DISTINCT ON (r.parameter_id, r.container_id) r.parameter_id, r.container_id, r.value, r.reading_time "
        f"FROM {READINGS} r JOIN infrastructure_container c ON c.id = r.container_id WHERE c.area_id = %(area)s "
        "AND r.reading_time >= %(now)s - interval '1 day' ORDER BY r.parameter_id, r.container_id, r.reading_time DESC"),
    "7-day stats per parameter": (
        "apps/environmental/api/viewsets.py stats (group_by=parameter, days=7)",
        f"SELECT r.parameter_id, p.name, avg(r.value), min(r.value), max(r.value), count(r.id) FROM {READINGS} r "
        "JOIN environmental_environmentalparameter p ON p.id = r.parameter_id "
        "WHERE r.reading_time >= %(now)s - interval '7 days' GROUP BY 1, 2"),
    "a batch's daily states over 90 days": (
        "apps/batch/api/viewsets (actual daily states filtered by batch and date range)",
        "SELECT * FROM batch_actualdailyassignmentstate WHERE batch_id = %(batch)s "
        "AND date >= %(now)s::date - 90 ORDER BY date, assignment_id"),
    "a batch's latest daily state": (
        "the same, latest first, one row",
        "SELECT * FROM batch_actualdailyassignmentstate WHERE batch_id = %(batch)s ORDER BY date DESC LIMIT 1"),
    "one day's feeding summary": (
        "apps/inventory (feeding events of a day, summed)",
        "SELECT count(*), sum(amount_kg), count(DISTINCT batch_id) FROM inventory_feedingevent "
        "WHERE feeding_date = %(now)s::date"),
    "a batch's feed per day": (
        "apps/batch/api/viewsets/batch.py (feeding_date, Sum amount_kg)",
        "SELECT feeding_date, sum(amount_kg) FROM inventory_feedingevent WHERE batch_id = %(batch)s "
        "AND feeding_date >= %(now)s::date - 90 GROUP BY 1 ORDER BY 1"),
    "mortality by cause for a batch": (
        "apps/batch mortality events grouped by cause",
        "SELECT cause, sum(count) FROM batch_mortalityevent WHERE batch_id = %(batch)s GROUP BY cause"),
    "weekly lice trend over a year": (
        "apps/health lice counts by week",
        "SELECT date_trunc('week', count_date) AS week, count(*), sum(fish_sampled) FROM health_licecount "
        "WHERE count_date >= %(now)s::date - 365 GROUP BY 1 ORDER BY 1"),
    "a batch's growth samples": (
        "apps/batch growth samples through the assignment",
        "SELECT s.* FROM batch_growthsample s JOIN batch_batchcontainerassignment a ON a.id = s.assignment_id "
        "WHERE a.batch_id = %(batch)s ORDER BY s.sample_date"),
}


def subjects(conn: Any) -> dict[str, Any]:
    """The farm's history end, and the active sea batch with the most daily states: its current ring, that ring's
    assignment and area, and the Temperature parameter."""
    now = conn.execute("SELECT history_end FROM aquadata_run").fetchone()[0]
    batch, number = conn.execute(
        "SELECT b.id, b.batch_number FROM batch_batch b JOIN batch_actualdailyassignmentstate s ON s.batch_id = b.id "
        "JOIN infrastructure_container c ON c.id = s.container_id WHERE b.status = 'ACTIVE' AND c.area_id IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY count(*) DESC, 2 LIMIT 1").fetchone()
    assignment, container, area = conn.execute(
        "SELECT a.id, a.container_id, c.area_id FROM batch_batchcontainerassignment a JOIN infrastructure_container c "
        "ON c.id = a.container_id WHERE a.batch_id = %s AND a.is_active ORDER BY a.id LIMIT 1", (batch,)).fetchone()
    parameter = conn.execute("SELECT id FROM environmental_environmentalparameter WHERE name = 'Temperature'"
                             ).fetchone()[0]
    end = dt.datetime.combine(now, dt.time(23, 59), tzinfo=dt.UTC)
    return {"now": end, "batch": batch, "number": number, "assignment": assignment, "container": container,
            "area": area, "parameter": parameter}


def timings(conn: Any, sql: str, params: dict[str, Any]) -> tuple[float, float, int]:
    """Median planning and execution milliseconds over RUNS runs after one warm-up, and the rows returned."""
    explain = "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql
    conn.execute(explain, params)
    plans = [conn.execute(explain, params).fetchone()[0][0] for _ in range(RUNS)]
    return (statistics.median(p["Planning Time"] for p in plans), statistics.median(p["Execution Time"] for p in plans),
            int(plans[0]["Plan"]["Actual Rows"]))


def measure(url: str) -> dict[str, tuple[float, float, int]]:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        params = subjects(conn)
        print(f"{url}: batch {params['number']}, assignment {params['assignment']}, ring {params['container']}, "
              f"area {params['area']}, now {params['now']:%Y-%m-%d}", flush=True)
        return {name: timings(conn, sql, params) for name, (_, sql) in PATTERNS.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the farm in our own schema (or any one farm)")
    parser.add_argument("--vs", help="the same farm in AquaMind's models: the baseline")
    args = parser.parse_args()
    own = measure(args.db)
    theirs = measure(args.vs) if args.vs else None
    print(f"\n{'pattern':<48} {'plan ms':>8} {'exec ms':>9} {'rows':>7}" + (
        f" {'AquaMind plan':>13} {'exec ms':>9} {'ratio':>6}" if theirs else ""))
    missed = []
    for name in PATTERNS:
        plan, execute, rows = own[name]
        line = f"{name:<48} {plan:8.2f} {execute:9.2f} {rows:7d}"
        total = plan + execute
        if total > TARGET_MS:
            missed.append(f"{name}: {total:.1f} ms")
        if theirs:
            their_plan, their_execute, _ = theirs[name]
            ratio = total / (their_plan + their_execute)
            line += f" {their_plan:13.2f} {their_execute:9.2f} {ratio:6.2f}"
            if ratio > TARGET_RATIO:
                missed.append(f"{name}: {ratio:.2f}x AquaMind's")
        print(line)
    print(f"\ntargets: each under {TARGET_MS:g} ms" + (f" and within {TARGET_RATIO:g}x AquaMind's" if theirs else "")
          + (": missed by " + "; ".join(missed) if missed else ": met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
