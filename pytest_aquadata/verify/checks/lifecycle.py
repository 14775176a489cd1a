"""Checks of each batch's life: records on every day it lived, one daily state per assignment-day, the day-91
population, transfers that conserve fish, survival, and status, stage and dates that agree with its age."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pytest_aquadata.plan.model import PlannedBatch, Schedule
from pytest_aquadata.plan.volumes import SeaLeaves
from pytest_aquadata.verify.checks.common import LIMIT, fetch
from pytest_aquadata.verify.checks.incidents import INCIDENT_CAUSES
from pytest_aquadata.verify.dataset import READINGS, Dataset


def daily_records_every_day(ds: Dataset, table: str, date_expr: str, first_day: int,
                            excused: str | None = None) -> list[str]:
    """Each batch has rows in ``table`` on every day it lived from ``first_day`` (0-based) on, except the days of
    its incidents of kind ``excused`` (a storm's days have no feedings).

    The days are found by grouping on (batch, day), which PostgreSQL hashes in one pass over the table (a
    few hundred thousand groups even for the full farm); count(DISTINCT day) per batch would sort the rows."""
    return _not_every_day(ds, table, f"SELECT batch_id, {date_expr} AS day FROM {table} GROUP BY 1, 2", first_day,
                          excused)


def readings_every_day(ds: Dataset) -> list[str]:
    """Each batch has readings on every day it lived (a dropout stops one sensor, never all). The days come from the
    pass over every reading that the incidents' check makes (verify/readings.py): grouping the rows per day in a
    query of its own, or skipping through the (batch, time) index, read them a second time."""
    return _not_every_day(ds, READINGS,
                          "SELECT * FROM unnest(%s::bigint[], %s::date[]) AS d (batch_id, day)", 0, None,
                          ([bid for bid, _ in ds.readings.days], [day for _, day in ds.readings.days]))


def _not_every_day(ds: Dataset, table: str, batch_days: str, first_day: int, excused: str | None,
                   params: tuple[Any, ...] = ()) -> list[str]:
    """The batches whose (batch_id, day) rows of ``batch_days`` (with ``params``) miss a day they lived from
    ``first_day`` on, the days of their ``excused`` incidents counted as covered; one message each."""
    excuses = "" if excused is None else f"""
            UNION SELECT i.batch_id, d::date FROM aquadata_incident i JOIN lived l ON l.id = i.batch_id
            CROSS JOIN generate_series(i.started_at::date, i.ended_at::date, interval '1 day') d
            WHERE i.kind = '{excused}' AND d::date BETWEEN l.first AND l.last"""
    rows = fetch(ds.conn, f"""
        WITH lived AS (
            SELECT b.id, b.batch_number, b.start_date + {first_day} AS first,
                   COALESCE(b.actual_end_date - 1, r.history_end) AS last
            FROM batch_batch b CROSS JOIN aquadata_run r),
        batch_days AS ({batch_days}{excuses}),
        seen AS (SELECT batch_id, count(*) AS days, min(day) AS lo, max(day) AS hi FROM batch_days GROUP BY 1)
        SELECT l.batch_number, l.first, l.last, COALESCE(s.days, 0), s.lo, s.hi FROM lived l
        LEFT JOIN seen s ON s.batch_id = l.id
        WHERE l.last >= l.first AND (COALESCE(s.days, 0) <> l.last - l.first + 1 OR s.lo <> l.first OR s.hi <> l.last)
        ORDER BY l.batch_number""", params)
    but = "" if excused is None else f", its {excused} incidents' days counted as covered"
    return [f"batch {n}: {table} covers {days} days ({lo} to {hi}), expected every day {first} to {last} "
            f"({(last - first).days + 1} days{but})" for n, first, last, days, lo, hi in rows]


def daily_state_per_assignment_day(ds: Dataset) -> list[str]:
    rows = fetch(ds.conn, """
        SELECT b.batch_number, c.name, a.assignment_date,
               COALESCE(a.departure_date - 1, LEAST(r.history_end, b.actual_end_date - 1, r.history_end)) AS last,
               count(s.id), min(s.date), max(s.date)
        FROM batch_batchcontainerassignment a JOIN batch_batch b ON b.id = a.batch_id
        JOIN infrastructure_container c ON c.id = a.container_id CROSS JOIN aquadata_run r
        LEFT JOIN batch_actualdailyassignmentstate s ON s.assignment_id = a.id
        GROUP BY b.batch_number, c.name, a.id, a.assignment_date, a.departure_date, r.history_end, b.actual_end_date
        HAVING count(s.id) <> COALESCE(a.departure_date - 1, LEAST(r.history_end, b.actual_end_date - 1, r.history_end))
                              - a.assignment_date + 1
        ORDER BY 1, 2""")
    return [f"batch {n}: container {c}: {got} daily states from {lo} to {hi}, expected one per day {first} to {last}"
            for n, c, first, last, got, lo, hi in rows]


def day_91_population(ds: Dataset) -> list[str]:
    """On day 91 (the first Fry day) a batch has 80-91 % of its eggs, counted once: 2.8-3.2 M for 3.5 M."""
    rows = fetch(ds.conn, """
        SELECT b.batch_number, w.total_eggs_planned, sum(s.population)
        FROM batch_actualdailyassignmentstate s JOIN batch_batch b ON b.id = s.batch_id
        JOIN batch_creationworkflow w ON w.batch_id = b.id
        WHERE s.day_number = 91
        GROUP BY b.batch_number, w.total_eggs_planned
        HAVING sum(s.population) NOT BETWEEN 0.80 * w.total_eggs_planned AND 0.915 * w.total_eggs_planned
        ORDER BY 1""")
    return [f"batch {n}: day 91 population {pop:,} for {eggs:,} eggs ({pop / eggs:.1%}), expected 80-91.5 %"
            for n, eggs, pop in rows]


def transfers_conserve_fish(ds: Dataset) -> list[str]:
    """Per source assignment of a transfer: population before = transferred + mortality during transfer,
    and that population is what the source held on its last day."""
    rows = fetch(ds.conn, """
        WITH per_source AS (
            SELECT t.source_assignment_id, max(t.source_population_before) AS before,
                   min(t.source_population_before) AS before_min, sum(t.transferred_count) AS moved,
                   sum(t.mortality_during_transfer) AS died, min(t.actual_execution_date) AS day
            FROM batch_transferaction t GROUP BY 1)
        SELECT b.batch_number, c.name, p.day, p.before, p.moved, p.died, s.population
        FROM per_source p JOIN batch_batchcontainerassignment a ON a.id = p.source_assignment_id
        JOIN batch_batch b ON b.id = a.batch_id JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN batch_actualdailyassignmentstate s ON s.assignment_id = a.id AND s.date = p.day - 1
        WHERE p.before <> p.before_min OR p.before <> p.moved + p.died OR s.population IS DISTINCT FROM p.before""")
    return [f"batch {b} container {c} transfer on {d}: {before:,} before, {moved:,} moved + {died:,} died, "
            f"{held} on the day before" for b, c, d, before, moved, died, held in rows]


def survival(ds: Dataset) -> list[str]:
    """80-90 % of a batch's eggs are alive on day 200, and 65-85 % reach harvest, counting with them the fish its
    incidents took: those its escapes let out, and the deaths its disease outbreaks, low-oxygen spells and lice
    outbreaks explain (INCIDENT_CAUSES); a completed batch has a harvest (an active one may have harvested its first
    rings)."""
    escaped: dict[int, int] = {}
    for bid, _, _, fish in ds.missing_fish:
        escaped[bid] = escaped.get(bid, 0) + max(fish, 0)
    values = ", ".join(f"({bid}, {fish})" for bid, fish in escaped.items()) or "(0, 0)"
    causes = ", ".join(f"('{kind}', '{cause}')" for kind, cause in INCIDENT_CAUSES.items())
    rows = fetch(ds.conn, f"""
        WITH escaped (batch_id, fish) AS (VALUES {values}),
             causes (kind, cause) AS (VALUES {causes}),
             explained AS (
                 SELECT m.batch_id, sum(m.count) AS fish FROM batch_mortalityevent m WHERE EXISTS (
                     SELECT 1 FROM aquadata_incident i JOIN causes k ON k.kind = i.kind
                     WHERE i.batch_id = m.batch_id AND k.cause = m.cause
                       AND m.event_date BETWEEN i.started_at::date AND i.ended_at::date)
                 GROUP BY 1),
             day200 AS (SELECT batch_id, sum(population) AS fish FROM batch_actualdailyassignmentstate
                        WHERE day_number = 200 GROUP BY 1),
             harvested AS (SELECT e.batch_id, sum(l.unit_count) AS fish
                           FROM harvest_harvestevent e JOIN harvest_harvestlot l ON l.event_id = e.id GROUP BY 1)
        SELECT b.batch_number, w.total_eggs_planned, d.fish, h.fish, COALESCE(x.fish, 0) + COALESCE(t.fish, 0), b.status
        FROM batch_batch b JOIN batch_creationworkflow w ON w.batch_id = b.id
        LEFT JOIN day200 d ON d.batch_id = b.id LEFT JOIN harvested h ON h.batch_id = b.id
        LEFT JOIN escaped x ON x.batch_id = b.id LEFT JOIN explained t ON t.batch_id = b.id
        WHERE d.fish NOT BETWEEN 0.80 * w.total_eggs_planned AND 0.90 * w.total_eggs_planned
           OR (b.status = 'COMPLETED' AND h.fish IS NULL)
           OR (b.status = 'COMPLETED' AND h.fish + COALESCE(x.fish, 0) + COALESCE(t.fish, 0)
               NOT BETWEEN 0.65 * w.total_eggs_planned AND 0.85 * w.total_eggs_planned)
        ORDER BY 1""")
    return [f"batch {n} ({status}): {eggs:,} eggs, {_share(d200, eggs)} alive on day 200 (expected 80-90 %), "
            f"{_share(harvested, eggs)} harvested and {taken:,} taken by its incidents (escapes, outbreaks, low oxygen): "
            f"{_share((harvested or 0) + taken, eggs)} (expected 65-85 % once completed)"
            for n, eggs, d200, harvested, taken, status in rows]


def _share(fish: int | None, eggs: int) -> str:
    return "none" if fish is None else f"{fish:,} ({fish / eggs:.1%})"


def age_agrees(ds: Dataset) -> list[str]:
    """Each batch's start, expected and actual end dates, status and lifecycle stage are what its age and its rings'
    harvests imply: COMPLETED in Adult on the day its last ring was harvested (engine/outcome.py), else ACTIVE in
    its age's stage; its expected end is its plan's."""
    found = {r[0]: r[1:] for r in ds.conn.execute(
        "SELECT b.batch_number, b.start_date, b.expected_end_date, b.actual_end_date, b.status, s.name "
        "FROM batch_batch b JOIN batch_lifecyclestage s ON s.id = b.lifecycle_stage_id").fetchall()}
    problems = []
    for batch in ds.schedule.batches:
        if batch.batch_number not in found:
            continue  # scheduled_batches_exist names it
        harvested = harvest_day(batch, ds.history_end, ds.sea_leaves)
        alive = harvested or batch.days_alive(ds.history_end)
        stage = next((s.stage for s in batch.stages if s.start_day <= alive - 1 < s.end_day), batch.stages[0].stage)
        want = (batch.start_date, batch.end_date(),
                batch.start_date + dt.timedelta(days=harvested) if harvested else None,
                "COMPLETED" if harvested else "ACTIVE", stage)
        if found[batch.batch_number] != want:
            start, expected_end, actual_end, status, got_stage = found[batch.batch_number]
            problems.append(
                f"batch {batch.batch_number}, day {alive} of its life on {ds.history_end}: start {start}, expected end "
                f"{expected_end}, actual end {actual_end}, {status} in {got_stage}; expected start {want[0]}, "
                f"expected end {want[1]}, actual end {want[2]}, {want[3]} in {want[4]}")
    return problems[:LIMIT]


def harvest_day(batch: PlannedBatch, history_end: dt.date, sea_leaves: SeaLeaves) -> int | None:
    """The day (from its start) the batch's last ring was harvested, None while a ring holds fish on ``history_end``."""
    leaves = sea_leaves.get(batch.index)
    return max(leaves) if leaves and max(leaves) <= (history_end - batch.start_date).days else None


def active_stages_as_planned(ds: Dataset) -> list[str]:
    """The stages represented among active batches are those the schedule implies (all six for the shipped
    profiles, which tests/test_planner.py checks)."""
    got = {r[0] for r in ds.conn.execute(
        "SELECT DISTINCT s.name FROM batch_batch b JOIN batch_lifecyclestage s ON s.id = b.lifecycle_stage_id "
        "WHERE b.status = 'ACTIVE'").fetchall()}
    want = active_stages(ds.schedule, ds.history_end, ds.sea_leaves)
    if got == want:
        return []
    return [f"stages among active batches: {sorted(got)}; the schedule implies {sorted(want)} "
            f"(missing {sorted(want - got)}, unexpected {sorted(got - want)})"]


def active_stages(schedule: Schedule, history_end: dt.date, sea_leaves: SeaLeaves | None = None) -> set[str]:
    """The stages of the batches active on ``history_end``, as the schedule plans them (and, given the rings' sea
    leaves, without the batches harvested already)."""
    out = set()
    for batch in schedule.batches:
        alive = batch.days_alive(history_end)
        if alive and not batch.is_completed(history_end) and harvest_day(batch, history_end, sea_leaves or {}) is None:
            out |= {s.stage for s in batch.stages if s.start_day <= alive - 1 < s.end_day}
    return out


def plans_follow_what_happened(ds: Dataset) -> list[str]:
    """Each planned activity's status and completion are what happened (engine/planning.py): a transfer completed
    by its workflow on the workflow's day; the vaccination completed on the batch's first vaccination, else
    pending; the harvest completed on the day of the batch's last harvest if the batch is completed, in progress if
    some rings are harvested, else pending. Delousings: _delousings."""
    rows = fetch(ds.conn, """
        WITH happened AS (
            SELECT pa.id, pa.batch_id, pa.activity_type, pa.due_date, pa.status, pa.completed_at::date AS done,
                   CASE pa.activity_type
                       WHEN 'TRANSFER' THEN (SELECT w.actual_start_date FROM batch_batchtransferworkflow w
                                             WHERE w.id = pa.transfer_workflow_id)
                       WHEN 'VACCINATION' THEN (SELECT min(t.treatment_date)::date FROM health_treatment t
                                                WHERE t.batch_id = pa.batch_id AND t.treatment_type = 'vaccination')
                       WHEN 'HARVEST' THEN (SELECT max(h.event_date)::date FROM harvest_harvestevent h
                                            WHERE h.batch_id = pa.batch_id AND b.status = 'COMPLETED') END AS day,
                   pa.activity_type = 'HARVEST' AND b.status <> 'COMPLETED' AND EXISTS (
                       SELECT FROM harvest_harvestevent h WHERE h.batch_id = pa.batch_id) AS begun,
                   b.batch_number
            FROM planning_plannedactivity pa JOIN batch_batch b ON b.id = pa.batch_id
            WHERE pa.activity_type <> 'TREATMENT')
        SELECT batch_number, activity_type, due_date, status, done, day, begun FROM happened
        WHERE status <> CASE WHEN day IS NOT NULL THEN 'COMPLETED' WHEN begun THEN 'IN_PROGRESS' ELSE 'PENDING' END
           OR done IS DISTINCT FROM day
        ORDER BY 1, 3""")
    return [f"batch {number}: its {kind.lower()} due {due} is {status}{f' on {done}' if done else ''}, but "
            + (f"it happened on {day}" if day else "it is under way" if begun else "it has not happened")
            for number, kind, due, status, done, day, begun in rows] + _delousings(ds)


def _delousings(ds: Dataset) -> list[str]:
    """No ring is deloused on a day a storm blows in its area (the storm labels): it waits for the first calm day.
    Each delousing has one completed TREATMENT plan of its ring, done that day; a plan done later than due waited for
    a storm on its due day, by a day at most; a cancelled one was due on a storm day and was planned again for a later
    day of its ring, before its next count."""
    from pytest_aquadata.verify.checks.health import not_a_disease

    rows = fetch(ds.conn, f"""
        WITH storm AS (
            SELECT DISTINCT i.area_id, d::date AS day FROM aquadata_incident i
            CROSS JOIN generate_series(i.started_at::date, i.ended_at::date, interval '1 day') d WHERE i.kind = 'storm'),
        deloused AS (
            SELECT t.batch_id, t.container_id, t.treatment_date::date AS day, c.area_id, c.name
            FROM health_treatment t JOIN infrastructure_container c ON c.id = t.container_id
            WHERE t.treatment_type <> 'vaccination' AND {not_a_disease("t.description")}),
        plans AS (
            SELECT pa.*, c.area_id, c.name, pa.completed_at::date AS done,
                   EXISTS (SELECT FROM storm s WHERE s.area_id = c.area_id AND s.day = pa.due_date) AS stormy
            FROM planning_plannedactivity pa JOIN infrastructure_container c ON c.id = pa.container_id
            WHERE pa.activity_type = 'TREATMENT')
        SELECT b.batch_number, d.name, d.day, 'deloused in a storm' FROM deloused d JOIN batch_batch b ON b.id = d.batch_id
        WHERE EXISTS (SELECT FROM storm s WHERE s.area_id = d.area_id AND s.day = d.day)
        UNION ALL
        SELECT b.batch_number, d.name, d.day, count(p.id) || ' completed plans of it'
        FROM deloused d JOIN batch_batch b ON b.id = d.batch_id
        LEFT JOIN plans p ON p.container_id = d.container_id AND p.status = 'COMPLETED' AND p.done = d.day
        GROUP BY 1, 2, 3 HAVING count(p.id) <> 1
        UNION ALL
        SELECT b.batch_number, p.name, p.due_date, p.status || CASE WHEN p.done IS NOT NULL THEN ' on ' || p.done ELSE '' END
               || ', ' || CASE WHEN p.stormy THEN 'a storm day' ELSE 'no storm' END
        FROM plans p JOIN batch_batch b ON b.id = p.batch_id
        WHERE p.status NOT IN ('COMPLETED', 'CANCELLED')
           OR p.status = 'COMPLETED' AND (p.done < p.due_date OR p.done > p.due_date AND NOT p.stormy
                                          OR p.done > p.due_date + %(late)s
                                          OR NOT EXISTS (SELECT FROM deloused d WHERE d.container_id = p.container_id
                                                         AND d.day = p.done))
           OR p.status = 'CANCELLED' AND (NOT p.stormy OR NOT EXISTS (
                  SELECT FROM plans q WHERE q.container_id = p.container_id AND q.status = 'COMPLETED'
                  AND q.due_date > p.due_date AND q.due_date <= p.due_date + %(wait)s))
        ORDER BY 1, 3, 2""", {"late": LATE_DAYS, "wait": 1 + MAX_WAIT_DAYS})
    return [f"batch {number} ring {ring}: delousing {day}: {what}" for number, ring, day, what in rows]


#: A delousing done later than this after its due day was cancelled and planned again (engine/planning.py), at most
#: this many days after it was due (engine/infestation.py: before the ring's next count).
LATE_DAYS = 1
MAX_WAIT_DAYS = 6
