"""Each check is one SQL query that aggregates in the database and returns only the offending rows,
as messages that name the batch, the container, the day and the numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from pytest_aquadata.engine import area_incidents
from pytest_aquadata.farm import biology, catalog, events
from pytest_aquadata.mapping.layout import Targets
from pytest_aquadata.plan.model import PlannedBatch, Schedule
from pytest_aquadata.plan.volumes import SeaLeaves
from pytest_aquadata.verify.dataset import READINGS, Dataset

LIMIT = 20


def _rows(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return conn.execute(sql + f" LIMIT {LIMIT}", params).fetchall()


def infrastructure_counts(ds: Dataset) -> list[str]:
    expected_tanks = sum(g.stations * len(catalog.HALL_LETTERS) * catalog.TANKS_PER_HALL for g in catalog.GEOGRAPHIES)
    problems = []
    for geo in catalog.GEOGRAPHIES:
        tanks, rings, sensors = ds.conn.execute(
            "SELECT (SELECT count(*) FROM infrastructure_container c JOIN infrastructure_hall h ON h.id = c.hall_id "
            " JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id "
            " JOIN infrastructure_geography g ON g.id = fs.geography_id WHERE g.name = %(g)s AND c.hierarchy_role = 'HOLDING'),"
            "(SELECT count(*) FROM infrastructure_container c JOIN infrastructure_area a ON a.id = c.area_id "
            " JOIN infrastructure_geography g ON g.id = a.geography_id WHERE g.name = %(g)s),"
            "(SELECT count(*) FROM infrastructure_sensor s JOIN infrastructure_container c ON c.id = s.container_id "
            " LEFT JOIN infrastructure_hall h ON h.id = c.hall_id "
            " LEFT JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id "
            " LEFT JOIN infrastructure_area a ON a.id = c.area_id "
            " JOIN infrastructure_geography g ON g.id = COALESCE(fs.geography_id, a.geography_id) WHERE g.name = %(g)s)",
            {"g": geo.name}).fetchone()
        want_tanks = geo.stations * len(catalog.HALL_LETTERS) * catalog.TANKS_PER_HALL
        want_rings = geo.areas * catalog.RINGS_PER_AREA
        want_sensors = want_tanks * len(catalog.SENSORS_FRESHWATER) + want_rings * len(catalog.SENSORS_SEA)
        for what, got, want in (("holding tanks", tanks, want_tanks), ("rings", rings, want_rings),
                                ("sensors", sensors, want_sensors)):
            if got != want:
                problems.append(f"{geo.name}: {got} {what}, expected {want}")
    total = ds.conn.execute("SELECT count(*) FROM infrastructure_container c JOIN infrastructure_hall h ON h.id = c.hall_id "
                         "JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id "
                         "JOIN infrastructure_geography g ON g.id = fs.geography_id "
                         "WHERE c.hierarchy_role = 'HOLDING' AND g.name <> %s", (catalog.TEST_GEOGRAPHY,)).fetchone()[0]
    if total != expected_tanks:
        problems.append(f"{total} freshwater holding tanks in all, expected {expected_tanks}")
    return problems


def master_data(ds: Dataset) -> list[str]:
    problems = []
    stages = [r[0] for r in ds.conn.execute("SELECT name FROM batch_lifecyclestage ORDER BY \"order\"").fetchall()]
    if stages != [s.name for s in catalog.STAGES]:
        problems.append(f"lifecycle stages are {stages}, expected {[s.name for s in catalog.STAGES]}")
    feeds = sorted(r[0] for r in ds.conn.execute("SELECT name FROM inventory_feed").fetchall())
    if feeds != sorted(f[0] for f in catalog.FEEDS):
        problems.append(f"feeds are {feeds}, expected {sorted(f[0] for f in catalog.FEEDS)}")
    grades = sorted(r[0] for r in ds.conn.execute("SELECT code FROM harvest_productgrade").fetchall())
    if grades != sorted(g[0] for g in catalog.PRODUCT_GRADES):
        problems.append(f"product grades are {grades}")
    return problems


def scheduled_batches_exist(ds: Dataset) -> list[str]:
    """Every scheduled batch is in batch_batch and in the ledger, with assignments and daily states."""
    present = {r[0]: r[1:] for r in ds.conn.execute(
        "SELECT b.batch_number, (SELECT count(*) FROM batch_batchcontainerassignment a WHERE a.batch_id = b.id), "
        "(l.batch_index IS NOT NULL) FROM batch_batch b LEFT JOIN aquadata_batchledger l "
        "ON l.batch_number = b.batch_number").fetchall()}
    problems = []
    for batch in ds.schedule.batches:
        if batch.batch_number not in present:
            problems.append(f"batch {batch.batch_number}: scheduled but not in batch_batch")
            continue
        assignments, in_ledger = present[batch.batch_number]
        if not in_ledger:
            problems.append(f"batch {batch.batch_number}: rows present but no ledger entry (half-written?)")
        if assignments == 0:
            problems.append(f"batch {batch.batch_number}: no container assignments")
    extra = set(present) - {b.batch_number for b in ds.schedule.batches}
    problems += [f"batch {n}: in the database but not in the schedule" for n in sorted(extra)]
    return problems


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
    rows = _rows(ds.conn, f"""
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


def _sensor_incidents(ds: Dataset) -> list[tuple[int, str, int, int, dt.date, dt.date, str]]:
    """The labelled sensor faults: (id, kind, sensor, batch id, first day, last day, batch number)."""
    return ds.conn.execute("""
        SELECT i.id, i.kind, i.sensor_id, i.batch_id, i.started_at::date, i.ended_at::date, b.batch_number
        FROM aquadata_incident i JOIN batch_batch b ON b.id = i.batch_id
        WHERE left(i.kind, 7) = 'sensor_' ORDER BY i.id""").fetchall()


def incidents_match_the_readings(ds: Dataset) -> list[str]:
    """The labels and the data agree: every labelled sensor fault shows its signature on at least one day of its
    window, and no sensor-day shows a signature outside a labelled window of that kind on that sensor (so with
    ``incidents: none``, none at all). The detectors are verify/readings.py's, documented in docs/incidents.md; one
    check, so that the pass over every reading they need is made once per run."""
    found = ds.readings.signatures
    windows: dict[tuple[str, int, int], list[tuple[dt.date, dt.date]]] = {}
    problems = []
    for iid, kind, sensor, bid, first, last, number in _sensor_incidents(ds):
        windows.setdefault((kind, sensor, bid), []).append((first, last))
        days = ((first + dt.timedelta(days=i)) for i in range((last - first).days + 1))
        if not any((kind, sensor, bid, day) in found for day in days):
            problems.append(f"batch {number}: incident {iid} ({kind} of sensor {sensor}, {first} to {last}) does not "
                            "show in the readings")
    numbers = ds.batch_numbers
    for kind, sensor, bid, day in sorted(found):
        if not any(first <= day <= last for first, last in windows.get((kind, sensor, bid), [])):
            problems.append(f"batch {numbers.get(bid, bid)}: sensor {sensor} shows a {kind} signature on {day}, "
                            "which no incident labels")
    return (problems + _low_oxygen_windows(ds, numbers))[:LIMIT]


def _low_oxygen_windows(ds: Dataset, numbers: dict[int, str]) -> list[str]:
    """A batch's low-oxygen labels are exactly the windows of its oxygen alarm days (engine/area_incidents.py)."""
    alarms: dict[int, list[dt.date]] = {}
    for bid, day in sorted(ds.readings.oxygen_alarms):
        alarms.setdefault(bid, []).append(day)
    found = {(bid, days[0] + dt.timedelta(days=a), days[0] + dt.timedelta(days=b))
             for bid, days in alarms.items()
             for a, b in area_incidents.windows(np.isin(np.arange((days[-1] - days[0]).days + 1),
                                                        [(d - days[0]).days for d in days]))}
    labelled = set(ds.conn.execute("SELECT batch_id, started_at::date, ended_at::date FROM aquadata_incident "
                                   "WHERE kind = 'low_oxygen'").fetchall())
    return ([f"batch {numbers.get(b, b)}: its oxygen alarms {first} to {last}, which no low_oxygen incident labels"
             for b, first, last in sorted(found - labelled)]
            + [f"batch {numbers.get(b, b)}: low_oxygen incident {first} to {last} is not a window of its oxygen alarms"
               for b, first, last in sorted(labelled - found)])


#: A ring-day's deaths recorded as disease over this share of its fish, on this many days in a row, show an outbreak
#: (docs/incidents.md): ten times an ordinary sea day's deaths of every cause (farm/biology.BASELINE_MORTALITY).
DISEASE_ALARM_SHARE = 0.001
DISEASE_ALARM_DAYS = 3


def outbreaks_match_the_deaths(ds: Dataset) -> list[str]:
    """A disease outbreak's signature is a run of DISEASE_ALARM_DAYS days or more on which a ring's deaths recorded
    under the reason Disease (its events' description: a client's cause DISEASE also holds gill disease and winter
    ulcers) pass DISEASE_ALARM_SHARE of its fish: every outbreak label shows one in its first ring within its
    window, and every such run lies in the window of an outbreak label of its batch (the outbreak spreads to other
    rings)."""
    runs = ds.conn.execute(f"""
        WITH m AS (
            SELECT assignment_id, event_date, sum(count) AS dead FROM batch_mortalityevent
            WHERE description LIKE 'Disease%%' GROUP BY 1, 2),
        d AS (
            SELECT s.batch_id, s.container_id, s.date AS day FROM m
            JOIN batch_actualdailyassignmentstate s ON s.assignment_id = m.assignment_id AND s.date = m.event_date
            JOIN infrastructure_container c ON c.id = s.container_id AND c.area_id IS NOT NULL
            WHERE m.dead > {DISEASE_ALARM_SHARE} * (s.population + s.mortality_count)),
        g AS (SELECT *, day - (row_number() OVER (PARTITION BY batch_id, container_id ORDER BY day))::int AS grp FROM d)
        SELECT batch_id, container_id, min(day), max(day) FROM g GROUP BY batch_id, container_id, grp
        HAVING count(*) >= {DISEASE_ALARM_DAYS} ORDER BY 1, 2, 3""").fetchall()
    labels = ds.conn.execute("SELECT id, batch_id, container_id, started_at::date, ended_at::date FROM aquadata_incident "
                             "WHERE kind = 'disease_outbreak' ORDER BY id").fetchall()
    numbers = ds.batch_numbers
    problems = [f"batch {numbers.get(b, b)}: outbreak incident {i} ({first} to {last}) shows no run of disease deaths "
                f"in its first ring {c}" for i, b, c, first, last in labels
                if not any(rb == b and rc == c and first <= lo and hi <= last for rb, rc, lo, hi in runs)]
    problems += [f"batch {numbers.get(b, b)}: ring {c} loses over {DISEASE_ALARM_SHARE:.1%} of its fish to disease a "
                 f"day from {lo} to {hi}, which no disease_outbreak incident labels" for b, c, lo, hi in runs
                 if not any(lb == b and first <= lo and hi <= last for _, lb, _, first, last in labels)]
    return problems[:LIMIT]


def outbreaks_worsen_conversion(ds: Dataset) -> list[str]:
    """In the first four days of an outbreak, before its deaths begin or it spreads, its first ring's fish eat less
    and grow less for what they are given: the ring's feed conversion (feed over gain and the biomass that died) is
    over 1.1 times the median of the batch's other rings over the same days (a day's state holds its fish's weight
    as the day begins: a day's feed shows in the next day's weight). An outbreak whose first days another of the
    batch's incidents overlaps (a storm, a spell, another outbreak) is left out, and so is a ring deloused then or in
    the handling days before (the first ring too: then the outbreak): what they do to the fish is theirs. An outcome
    of the sick fish's appetite and growth (engine/outbreaks.py, farm/growth.py), never a number the engine writes."""
    rows = _rows(ds.conn, f"""
        WITH o AS (SELECT i.id, i.batch_id, i.container_id, i.started_at::date AS first FROM aquadata_incident i
                   WHERE i.kind = 'disease_outbreak' AND NOT EXISTS (
                       SELECT 1 FROM aquadata_incident x WHERE x.batch_id = i.batch_id AND x.id <> i.id
                       AND x.kind IN ('disease_outbreak', 'lice_outbreak', 'low_oxygen', 'storm')
                       AND x.started_at::date <= i.started_at::date + 4 AND i.started_at::date <= x.ended_at::date)),
        r AS (
            SELECT o.id, s.container_id = o.container_id AS first_ring,
                   sum(s.feed_kg) FILTER (WHERE s.date < o.first + 4)
                   / nullif((array_agg(s.biomass_kg ORDER BY s.date DESC))[1] - (array_agg(s.biomass_kg ORDER BY s.date))[1]
                            + sum(s.mortality_count * s.avg_weight_g) FILTER (WHERE s.date < o.first + 4) / 1000, 0) AS fcr
            FROM o JOIN batch_actualdailyassignmentstate s ON s.batch_id = o.batch_id
                 AND s.date BETWEEN o.first AND o.first + 4
            WHERE NOT EXISTS (
                SELECT 1 FROM health_treatment tr WHERE tr.batch_id = o.batch_id AND tr.container_id = s.container_id
                AND tr.treatment_type <> 'vaccination' AND {not_a_disease("tr.description")}
                AND tr.treatment_date::date BETWEEN o.first - {biology.HANDLING_DAYS} AND o.first + 4)
            GROUP BY o.id, s.container_id, o.container_id HAVING count(*) = 5),
        c AS (SELECT id, max(fcr) FILTER (WHERE first_ring) AS sick,
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY fcr) FILTER (WHERE NOT first_ring) AS others
              FROM r GROUP BY id)
        SELECT b.batch_number, o.first, c.sick, c.others FROM c JOIN o ON o.id = c.id JOIN batch_batch b ON b.id = o.batch_id
        WHERE c.sick IS NOT NULL AND c.others IS NOT NULL AND NOT c.sick > 1.1 * c.others ORDER BY 1, 2""")
    return [f"batch {n}: outbreak from {first}: its first ring's feed conversion those days {sick:.2f}, the other "
            f"rings' {others:.2f} (expected over 1.1 times)" for n, first, sick, others in rows]


def lice_outbreaks_match_the_counts(ds: Dataset) -> list[str]:
    """A lice outbreak's signature is a ring's count over the treatment threshold (biology.LICE_THRESHOLD adult
    females per fish) the week after a delousing: every lice outbreak label shows one in its batch's rings inside its
    window, and every such count lies in a lice outbreak label of its batch (a natural one where no outbreak of the
    area explains it). And the outbreaks do what the schedule asks: every lice outbreak the run's seed and rates
    plan in an area (farm/events.py), lived whole by a batch at sea there, shows in it and is labelled."""
    found = ds.conn.execute(f"""
        WITH counts AS ({adult_females_per_fish(ds.targets)}),
        c AS (SELECT *, lag(count_date) OVER (PARTITION BY batch_id, container_id ORDER BY count_date) AS before
              FROM counts)
        SELECT c.batch_id, c.container_id, c.count_date FROM c
        WHERE c.per_fish > {biology.LICE_THRESHOLD} AND EXISTS (
            SELECT 1 FROM health_treatment tr WHERE tr.batch_id = c.batch_id AND tr.container_id = c.container_id
            AND tr.treatment_type <> 'vaccination' AND {not_a_disease("tr.description")}
            AND tr.treatment_date BETWEEN c.before AND c.before + interval '1 day')
        ORDER BY 1, 2, 3""").fetchall()
    labels = ds.conn.execute("SELECT id, batch_id, started_at, ended_at FROM aquadata_incident "
                             "WHERE kind = 'lice_outbreak' ORDER BY id").fetchall()
    numbers = ds.batch_numbers
    problems = [f"batch {numbers.get(b, b)}: lice outbreak incident {i} ({first:%Y-%m-%d} to {last:%Y-%m-%d}) shows no "
                "ring over the threshold the week after its delousing" for i, b, first, last in labels
                if not any(fb == b and first <= at <= last for fb, _, at in found)]
    problems += [f"batch {numbers.get(b, b)}: ring {c} is over {biology.LICE_THRESHOLD} adult female lice a fish on "
                 f"{at:%Y-%m-%d}, the week after its delousing, which no lice_outbreak incident labels"
                 for b, c, at in found if not any(lb == b and first <= at <= last for _, lb, first, last in labels)]
    windows = {(b, first.date(), last.date()) for _, b, first, last in labels}
    for bid, area, first, last in ds.conn.execute("""
            SELECT s.batch_id, a.name, min(s.date), max(s.date) FROM batch_actualdailyassignmentstate s
            JOIN infrastructure_container c ON c.id = s.container_id JOIN infrastructure_area a ON a.id = c.area_id
            GROUP BY 1, 2""").fetchall():
        for event in events.events(ds.seed, area, first, (last - first).days + 1, ds.schedule.incidents):
            if event.kind == "lice_outbreak" and first <= event.first and event.last <= last \
                    and (bid, event.first, event.last) not in windows:
                problems.append(f"batch {numbers.get(bid, bid)}: the lice outbreak the schedule plans in {area} from "
                                f"{event.first} to {event.last}, lived whole, shows no ring over the threshold the "
                                "week after its delousing")
    return problems[:LIMIT]


def storms_match_the_feedings(ds: Dataset) -> list[str]:
    """A storm's signature is a day on which a batch holds fish at sea and feeds none of them: every storm label
    shows it on at least one day of its window, and every such day lies in a storm label of the batch (so with
    ``incidents: none``, there is none)."""
    rows = _rows(ds.conn, """
        WITH unfed AS (
            SELECT s.batch_id, s.date FROM batch_actualdailyassignmentstate s
            JOIN infrastructure_container c ON c.id = s.container_id AND c.area_id IS NOT NULL
            GROUP BY 1, 2 HAVING max(s.feed_kg) = 0),
        storm AS (SELECT id, batch_id, started_at::date AS first, ended_at::date AS last FROM aquadata_incident
                  WHERE kind = 'storm')
        SELECT b.batch_number, 'label', st.first, st.last FROM storm st JOIN batch_batch b ON b.id = st.batch_id
        WHERE NOT EXISTS (SELECT 1 FROM unfed u WHERE u.batch_id = st.batch_id AND u.date BETWEEN st.first AND st.last)
        UNION ALL
        SELECT b.batch_number, 'day', u.date, u.date FROM unfed u JOIN batch_batch b ON b.id = u.batch_id
        WHERE NOT EXISTS (SELECT 1 FROM storm st WHERE st.batch_id = u.batch_id AND u.date BETWEEN st.first AND st.last)
        ORDER BY 1, 3""")
    return [f"batch {n}: storm incident {first} to {last} shows no day without feeding at sea" if what == "label"
            else f"batch {n}: no ring at sea fed on {first}, which no storm incident labels"
            for n, what, first, last in rows]


def low_oxygen_cuts_feeding_and_kills(ds: Dataset) -> list[str]:
    """In a planned low-oxygen spell the fish eat less and die of low oxygen. For every spell the run's seed and
    rates plan (farm/events.py) whose floor a batch lived (its labelled window holds the floor's days and it held
    fish on each): the batch's feed per kg of biomass on the floor's days is under 90 % of the week before the
    window's, and its deaths recorded as Low Oxygen (cause ENVIRONMENTAL, which no other reason's deaths have) per
    fish-day in the window over twice the week before's. Both are the engine's response to the water
    (farm/growth.oxygen_appetite, the lifecycle's hazards), never a number it writes."""
    floors = []
    for bid, area, first, last in ds.conn.execute("""
            SELECT i.batch_id, a.name, i.started_at::date, i.ended_at::date FROM aquadata_incident i
            JOIN infrastructure_area a ON a.id = i.area_id WHERE i.kind = 'low_oxygen' AND NOT i.is_natural""").fetchall():
        for event in events.events(ds.seed, area, first, (last - first).days + 1, ds.schedule.incidents):
            low = event.first + dt.timedelta(days=event.falling - 1)
            high = low + dt.timedelta(days=event.holding)
            if event.kind == "low_oxygen" and first <= low and high <= last:
                floors.append(f"({bid}, '{first}'::date, '{last}'::date, '{low}'::date, '{high}'::date)")
    if not floors:
        return []
    rows = _rows(ds.conn, f"""
        WITH w (batch_id, first, last, low, high) AS (VALUES {", ".join(floors)}),
        day AS (
            SELECT w.batch_id, w.first, s.date, sum(s.feed_kg) / nullif(sum(s.biomass_kg), 0) AS feed_share,
                   sum(s.population) AS fish FROM w JOIN batch_actualdailyassignmentstate s ON s.batch_id = w.batch_id
                   AND s.date BETWEEN w.first - 7 AND w.last GROUP BY 1, 2, 3),
        per AS (
            SELECT w.batch_id, w.first, w.last,
                   avg(d.feed_share) FILTER (WHERE d.date BETWEEN w.low AND w.high) AS floor_feed,
                   count(*) FILTER (WHERE d.date BETWEEN w.low AND w.high) AS floor_days,
                   avg(d.feed_share) FILTER (WHERE d.date < w.first) AS before_feed,
                   sum(d.fish) FILTER (WHERE d.date >= w.first) AS fish_in,
                   sum(d.fish) FILTER (WHERE d.date < w.first) AS fish_before, w.high - w.low + 1 AS floor_length
            FROM w JOIN day d ON d.batch_id = w.batch_id AND d.first = w.first GROUP BY 1, 2, 3, w.low, w.high),
        dead AS (
            SELECT w.batch_id, w.first, sum(m.count) FILTER (WHERE m.event_date >= w.first) AS inside,
                   sum(m.count) FILTER (WHERE m.event_date < w.first) AS before
            FROM w JOIN batch_mortalityevent m ON m.batch_id = w.batch_id AND m.event_date BETWEEN w.first - 7 AND w.last
            WHERE m.cause = 'ENVIRONMENTAL' GROUP BY 1, 2)
        SELECT b.batch_number, p.first, p.last, p.floor_feed / nullif(p.before_feed, 0),
               COALESCE(d.inside, 0)::float8 / p.fish_in, COALESCE(d.before, 0)::float8 / nullif(p.fish_before, 0)
        FROM per p JOIN batch_batch b ON b.id = p.batch_id LEFT JOIN dead d ON d.batch_id = p.batch_id AND d.first = p.first
        WHERE p.floor_days = p.floor_length AND p.fish_before > 0
          AND (p.floor_feed >= 0.9 * p.before_feed OR d.inside IS NULL
               OR COALESCE(d.inside, 0)::float8 / p.fish_in <= 2 * COALESCE(d.before, 0)::float8 / p.fish_before)
        ORDER BY 1, 2""")
    return [f"batch {n}: low oxygen {first} to {last}: feed per kg at its floor {ratio:.0%} of the week before's "
            f"(expected under 90 %), Low Oxygen deaths {inside:.2e} a fish-day against {before or 0:.2e} (expected over "
            "twice)" for n, first, last, ratio, inside, before in rows]


def daily_state_per_assignment_day(ds: Dataset) -> list[str]:
    rows = _rows(ds.conn, """
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


def no_container_shared(ds: Dataset) -> list[str]:
    """No container holds two batches on the same day (assignment windows overlap)."""
    rows = _rows(ds.conn, """
        SELECT c.name, b1.batch_number, b2.batch_number, GREATEST(a1.assignment_date, a2.assignment_date)
        FROM batch_batchcontainerassignment a1
        JOIN batch_batchcontainerassignment a2 ON a1.container_id = a2.container_id AND a1.id < a2.id
             AND a1.batch_id <> a2.batch_id
             AND a1.assignment_date < COALESCE(a2.departure_date, 'infinity'::date)
             AND a2.assignment_date < COALESCE(a1.departure_date, 'infinity'::date)
        JOIN batch_batch b1 ON b1.id = a1.batch_id JOIN batch_batch b2 ON b2.id = a2.batch_id
        JOIN infrastructure_container c ON c.id = a1.container_id ORDER BY 1""")
    return [f"container {c}: batches {x} and {y} both in it on {day}" for c, x, y, day in rows]


def no_batch_crosses_geography(ds: Dataset) -> list[str]:
    rows = _rows(ds.conn, """
        SELECT b.batch_number, string_agg(DISTINCT g.name, ', '), min(c.name)
        FROM batch_batchcontainerassignment a JOIN batch_batch b ON b.id = a.batch_id
        JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN infrastructure_hall h ON h.id = c.hall_id
        LEFT JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id
        LEFT JOIN infrastructure_area ar ON ar.id = c.area_id
        JOIN infrastructure_geography g ON g.id = COALESCE(fs.geography_id, ar.geography_id)
        GROUP BY b.batch_number HAVING count(DISTINCT g.id) > 1 ORDER BY 1""")
    return [f"batch {n}: uses containers in {geos} (e.g. {c})" for n, geos, c in rows]


def day_91_population(ds: Dataset) -> list[str]:
    """On day 91 (the first Fry day) a batch has 80-91 % of its eggs, counted once: 2.8-3.2 M for 3.5 M."""
    rows = _rows(ds.conn, """
        SELECT b.batch_number, w.total_eggs_planned, sum(s.population)
        FROM batch_actualdailyassignmentstate s JOIN batch_batch b ON b.id = s.batch_id
        JOIN batch_creationworkflow w ON w.batch_id = b.id
        WHERE s.day_number = 91
        GROUP BY b.batch_number, w.total_eggs_planned
        HAVING sum(s.population) NOT BETWEEN 0.80 * w.total_eggs_planned AND 0.915 * w.total_eggs_planned
        ORDER BY 1""")
    return [f"batch {n}: day 91 population {pop:,} for {eggs:,} eggs ({pop / eggs:.1%}), expected 80-91.5 %"
            for n, eggs, pop in rows]


def rows_within_schedule(ds: Dataset) -> list[str]:
    """Every engine table holds as many rows as the schedule implies (exact where the plan decides), with each
    ring at sea until the day the engine's fish reached their target (engine/outcome.py)."""
    from pytest_aquadata.plan.volumes import expected_rows

    problems = []
    for table, (low, high) in expected_rows(ds.schedule, leaves=ds.sea_leaves).items():
        got = sum(ds.rows_per_batch()[table].values())
        if not low <= got <= high:
            want = f"{low:,}" if low == high else f"{low:,}-{high:,}"
            problems.append(f"{table}: {got:,} rows, the schedule implies {want}")
    return problems


def transfers_conserve_fish(ds: Dataset) -> list[str]:
    """Per source assignment of a transfer: population before = transferred + mortality during transfer,
    and that population is what the source held on its last day."""
    rows = _rows(ds.conn, """
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


def feed_ledger_balances(ds: Dataset) -> list[str]:
    """Per batch, stage and feed: purchases - feedings = stock left, no lot below zero, and no purchase larger
    than its silo or barge."""
    rows = _rows(ds.conn, """
        WITH bought AS (
            SELECT p.feed_id, split_part(p.batch_number, '/', 1) AS batch, split_part(p.batch_number, '/', 2) AS stage,
                   sum(p.quantity_kg) AS kg, sum(s.quantity_kg) AS left_kg, min(s.quantity_kg) AS min_left,
                   max(fc.name) AS silo, max(p.quantity_kg / fc.capacity_kg) AS max_fill
            FROM inventory_feedpurchase p JOIN inventory_feedcontainerstock s ON s.feed_purchase_id = p.id
            JOIN infrastructure_feedcontainer fc ON fc.id = s.feed_container_id GROUP BY 1, 2, 3),
        eaten AS (
            SELECT f.feed_id, b.batch_number AS batch, st.name AS stage, sum(f.amount_kg) AS kg
            FROM inventory_feedingevent f JOIN batch_batch b ON b.id = f.batch_id
            JOIN batch_batchcontainerassignment a ON a.id = f.batch_assignment_id
            JOIN batch_lifecyclestage st ON st.id = a.lifecycle_stage_id GROUP BY 1, 2, 3)
        SELECT batch, stage, bought.silo, bought.kg, eaten.kg, bought.left_kg, bought.min_left, bought.max_fill
        FROM bought FULL JOIN eaten USING (feed_id, batch, stage)
        WHERE bought.kg IS NULL OR eaten.kg IS NULL OR bought.min_left < 0 OR bought.max_fill > 1
           OR abs(bought.kg - eaten.kg - bought.left_kg) > 1e-6 * bought.kg + 1e-3""")
    return [f"batch {b} {stage} feed in {silo}: bought {bought} kg, fed {eaten} kg, stock {left} kg "
            f"(lowest lot {low} kg, largest purchase {fill:.0%} of the container)"
            for b, stage, silo, bought, eaten, left, low, fill in rows]


def harvest_lots_add_up(ds: Dataset) -> list[str]:
    """The lots of a ring's harvest hold exactly the fish the ring had on its last day, no grade's lot is
    outside 2.5-8 kg a fish (grades differ in size: a 6.5 kg ring's superior fish can pass 7 kg), and every
    ring's harvest weight (all its lots) is 4-6.5 kg a fish; 3-6.5 kg in a batch a disease outbreak slowed (its
    rings may reach the end of their reservation before their target)."""
    rows = _rows(ds.conn, """
        WITH lots AS (SELECT event_id, sum(unit_count) AS fish, sum(live_weight_kg) AS kg,
                             bool_and(live_weight_kg BETWEEN 2.5 * unit_count AND 8.0 * unit_count) AS lots_plausible
                      FROM harvest_harvestlot GROUP BY 1),
        sick AS (SELECT batch_id, min(id) AS incident FROM aquadata_incident WHERE kind = 'disease_outbreak' GROUP BY 1)
        SELECT b.batch_number, c.name, e.event_date::date, l.fish, s.population, l.kg / nullif(l.fish, 0), k.incident
        FROM harvest_harvestevent e JOIN lots l ON l.event_id = e.id JOIN batch_batch b ON b.id = e.batch_id
        JOIN batch_batchcontainerassignment a ON a.id = e.assignment_id
        JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN batch_actualdailyassignmentstate s ON s.assignment_id = a.id AND s.date = e.event_date::date - 1
        LEFT JOIN sick k ON k.batch_id = b.id
        WHERE s.population IS DISTINCT FROM l.fish OR NOT l.lots_plausible
           OR l.kg NOT BETWEEN (CASE WHEN k.incident IS NULL THEN 4.0 ELSE 3.0 END) * l.fish AND 6.5 * l.fish
        ORDER BY 1, 2""")
    return [f"batch {b} ring {c} harvest on {d}: lots hold {fish:,} fish, the ring had {held}; "
            f"{kg:.2f} kg a fish (expected {'4-6.5' if sick is None else f'3-6.5 after disease outbreak {sick}'})"
            for b, c, d, fish, held, kg, sick in rows]


def escapes_match_the_counts(ds: Dataset) -> list[str]:
    """An escape's signature is a day on which a container's count falls by more than its deaths: every escape
    label shows it on its day in its container, and every such day is an escape's (so with ``incidents: none``,
    no fish go missing, and none ever appear)."""
    numbers = ds.batch_numbers
    labelled = set(ds.conn.execute("SELECT batch_id, container_id, started_at::date FROM aquadata_incident "
                                   "WHERE kind = 'escape'").fetchall())
    found = {(b, c, day): fish for b, c, day, fish in ds.missing_fish}
    return ([f"batch {numbers.get(b, b)}: container {c} counts {fish:,} fish {'fewer' if fish > 0 else 'more'} on "
             f"{day} than the day before less its deaths, {'an escape no incident labels' if fish > 0 else 'fish from nowhere'}"
             for (b, c, day), fish in sorted(found.items()) if fish < 0 or (b, c, day) not in labelled]
            + [f"batch {numbers.get(b, b)}: escape incident in container {c} on {day} shows no fish missing"
               for b, c, day in sorted(labelled - set(found))])[:LIMIT]


#: The deaths an incident explains: those recorded under its cause inside its window (a lice outbreak's are the
#: delousings' handling losses).
INCIDENT_CAUSES = {"disease_outbreak": "DISEASE", "low_oxygen": "ENVIRONMENTAL", "lice_outbreak": "HANDLING"}


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
    rows = _rows(ds.conn, f"""
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


#: Per batch and stage: days, feed, biomass of the fish that died, and biomass on arrival and on the last day, summed
#: over its containers (each taken on its own last day: rings are harvested on different days). The parts of the
#: biological FCR, shared by the check below and the report's FCR chart.
STAGE_FEED_CTE = """
        per_assignment AS (
            SELECT batch_id, lifecycle_stage_id AS stage_id, min(date) AS first_day, max(date) AS last_day,
                   sum(feed_kg) AS feed, sum(mortality_count * avg_weight_g) / 1000 AS dead_kg,
                   (array_agg(biomass_kg ORDER BY date))[1] AS first_kg, (array_agg(biomass_kg ORDER BY date DESC))[1] AS last_kg
            FROM batch_actualdailyassignmentstate GROUP BY assignment_id, 1, 2),
        per_stage AS (
            SELECT batch_id, stage_id, max(last_day) - min(first_day) + 1 AS days, sum(feed) AS feed,
                   sum(dead_kg) AS dead_kg, sum(first_kg) AS first_kg, sum(last_kg) AS last_kg
            FROM per_assignment GROUP BY 1, 2)"""


#: Completed batches' sea FCR must spread at least this much (max - min) where there are three or more: farms see
#: batches convert differently (weather, growth potential, disease); an engine that imposed FCR would not.
SEA_FCR_SPREAD = 0.03


def feed_conversion(ds: Dataset) -> list[str]:
    """Biological FCR (feed / (biomass gained + biomass of the fish that died)) of every stage a batch lived
    through is 0.9-3.0, and of the sea phase (Adult, once harvested) 1.1-1.4; and the sea phase's FCR differs
    between batches (it is the outcome of the feeding table, the weather and the fish, not a constant)."""
    rows = ds.conn.execute(f"""
        WITH {STAGE_FEED_CTE},
        fcr AS (
            SELECT b.batch_number, st.name AS stage, p.days, p.feed, p.last_kg - p.first_kg + p.dead_kg AS gained,
                   p.feed / nullif(p.last_kg - p.first_kg + p.dead_kg, 0) AS fcr,
                   st.name = %s AND b.status = 'COMPLETED' AS sea_phase
            FROM per_stage p JOIN batch_batch b ON b.id = p.batch_id JOIN batch_lifecyclestage st ON st.id = p.stage_id
            WHERE p.feed > 0 AND (p.days >= %s OR (st.name = %s AND b.status = 'COMPLETED')))
        SELECT * FROM fcr ORDER BY 1, 2""", (catalog.ADULT.name, catalog.STAGES[0].days, catalog.ADULT.name)).fetchall()
    bad = [r for r in rows if r[5] is None or not 0.9 <= r[5] <= 3.0 or (r[6] and not 1.1 <= r[5] <= 1.4)]
    problems = [f"batch {n} {stage} ({days} days): {feed:,.0f} kg feed for {gained:,.0f} kg gained, FCR "
                f"{'undefined' if fcr is None else f'{fcr:.3f}'} (expected 0.9-3.0{', 1.1-1.4 at sea' if sea else ''})"
                for n, stage, days, feed, gained, fcr, sea in bad[:LIMIT]]
    sea_fcr = {r[0]: r[5] for r in rows if r[6] and r[5] is not None}
    if len(sea_fcr) >= 3 and max(sea_fcr.values()) - min(sea_fcr.values()) < SEA_FCR_SPREAD:
        low, high = min(sea_fcr, key=sea_fcr.__getitem__), max(sea_fcr, key=sea_fcr.__getitem__)
        problems.append(f"the sea FCR of {len(sea_fcr)} completed batches spans only {sea_fcr[low]:.3f} ({low}) to "
                        f"{sea_fcr[high]:.3f} ({high}): less than {SEA_FCR_SPREAD} apart, as if it were imposed")
    return problems


def feed_rises_with_temperature(ds: Dataset) -> list[str]:
    """Within a size class at sea (1-3 kg), the feed given per kg of biomass rises with the water's temperature
    (the feeding table's rations, eaten as the fish's appetite allows)."""
    n, correlation = ds.conn.execute("""
        SELECT count(*), corr(s.feed_kg / s.biomass_kg, s.temp_c) FROM batch_actualdailyassignmentstate s
        JOIN batch_lifecyclestage st ON st.id = s.lifecycle_stage_id AND st.name = %s
        WHERE s.avg_weight_g BETWEEN 1000 AND 3000 AND s.biomass_kg > 0""", (catalog.ADULT.name,)).fetchone()
    if n < 100:
        return []
    if correlation is None or correlation < 0.3:
        return [f"feed per kg of biomass of 1-3 kg fish at sea against the water's temperature: correlation "
                f"{'undefined' if correlation is None else f'{correlation:.2f}'} over {n:,} container-days, "
                "expected at least 0.3"]
    return []


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


def geographies_balanced(ds: Dataset) -> list[str]:
    """Each geography has the batches the schedule gives it, the geographies' batch counts differ by at most
    one (they alternate), and their active batches by at most 10 % (or one)."""
    rows = ds.conn.execute(
        "SELECT split_part(b.batch_number, '-', 1), count(*), count(*) FILTER (WHERE b.status = 'ACTIVE') "
        "FROM batch_batch b GROUP BY 1 ORDER BY 1").fetchall()
    prefixes = {g.code: g.name for g in catalog.GEOGRAPHIES}
    got = {prefixes.get(p, p): (n, active) for p, n, active in rows}
    problems = []
    for geo in catalog.GEOGRAPHIES:
        planned = sum(1 for b in ds.schedule.batches if b.geography == geo.name)
        if got.get(geo.name, (0, 0))[0] != planned:
            problems.append(f"{geo.name}: {got.get(geo.name, (0, 0))[0]} batches, the schedule gives it {planned}")
    if len(got) > 1:
        totals = [n for n, _ in got.values()]
        active = [a for _, a in got.values()]
        if max(totals) - min(totals) > 1 or max(active) - min(active) > max(1, 0.1 * max(active)):
            problems.append("geographies unbalanced: " + ", ".join(
                f"{g} {n} batches ({a} active)" for g, (n, a) in sorted(got.items())))
    return problems


def utilisation_as_planned(ds: Dataset) -> list[str]:
    """The share of holding containers in use on the history end is the one the schedule implies (within one
    container), with the rings its fish have left already free, and so within the profile's range."""
    from pytest_aquadata.plan.describe import containers_in_use, total_holding_containers

    in_use = ds.conn.execute(
        "SELECT count(DISTINCT a.container_id) FROM batch_batchcontainerassignment a "
        "JOIN batch_batch b ON b.id = a.batch_id "
        "WHERE b.status = 'ACTIVE' AND a.assignment_date <= %(end)s "
        "AND (a.departure_date IS NULL OR a.departure_date > %(end)s)", {"end": ds.history_end}).fetchone()[0]
    planned = containers_in_use(ds.schedule, ds.history_end, ds.sea_leaves)
    total = total_holding_containers()
    if abs(in_use - planned) <= 1:
        return []
    return [f"{in_use:,} of {total:,} holding containers in use on {ds.history_end} ({in_use / total:.1%}); the "
            f"schedule implies {planned:,} ({planned / total:.1%})"]


#: Delousings per ring over a whole sea cycle: "a handful" (Mowi 2021; Overton 2019), never none nor dozens.
TREATMENTS_PER_CYCLE = (1, 12)


def not_a_disease(column: str = "description") -> str:
    """SQL: a treatment (its description in ``column``) that is no disease's (farm/biology.DISEASES), so a delousing
    where it is not a vaccination."""
    named = ", ".join(f"'{d[5][0]}'" for d in biology.DISEASES if d[5] is not None) or "''"
    return f"{column} NOT IN ({named})"


#: Delousings a ring may need over a sea cycle that a lice outbreak hit: one a week through the outbreak on top.
OUTBREAK_TREATMENTS = TREATMENTS_PER_CYCLE[1] + 14


def lice_treatments(ds: Dataset) -> list[str]:
    """Every harvested ring was deloused a handful of times over its sea cycle (1-12; up to OUTBREAK_TREATMENTS in a
    batch a lice outbreak hit), and a delousing works: the adult female lice per fish at the first count after it
    are on average under half of the count before it (outside lice outbreaks, whose resistant lice survive it)."""
    rings = _rows(ds.conn, f"""
        WITH treated AS (SELECT batch_assignment_id, count(*) AS n FROM health_treatment
                         WHERE treatment_type <> 'vaccination' AND {not_a_disease()} GROUP BY 1),
        hit AS (SELECT batch_id, min(id) AS incident FROM aquadata_incident
                WHERE kind = 'lice_outbreak' AND NOT is_natural GROUP BY 1)
        SELECT b.batch_number, c.name, COALESCE(t.n, 0), h.incident FROM harvest_harvestevent e
        JOIN batch_batch b ON b.id = e.batch_id JOIN batch_batchcontainerassignment a ON a.id = e.assignment_id
        JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN treated t ON t.batch_assignment_id = e.assignment_id LEFT JOIN hit h ON h.batch_id = b.id
        WHERE COALESCE(t.n, 0) NOT BETWEEN {TREATMENTS_PER_CYCLE[0]}
              AND CASE WHEN h.incident IS NULL THEN {TREATMENTS_PER_CYCLE[1]} ELSE {OUTBREAK_TREATMENTS} END
        ORDER BY 1, 2""")
    problems = [f"batch {b} ring {c}: {n} delousings over its sea cycle, expected {TREATMENTS_PER_CYCLE[0]}-"
                f"{TREATMENTS_PER_CYCLE[1] if hit is None else f'{OUTBREAK_TREATMENTS} after lice outbreak {hit}'}"
                for b, c, n, hit in rings]
    n, before, after = ds.conn.execute(f"""
        WITH counts AS ({adult_females_per_fish(ds.targets)}),
        af AS (SELECT *, lead(per_fish) OVER (PARTITION BY batch_id, container_id ORDER BY count_date) AS next_count
               FROM counts)
        SELECT count(*), avg(af.per_fish), avg(af.next_count) FROM af
        WHERE af.next_count IS NOT NULL AND EXISTS (
            SELECT 1 FROM health_treatment tr WHERE tr.batch_id = af.batch_id AND tr.container_id = af.container_id
            AND tr.treatment_type <> 'vaccination' AND {not_a_disease("tr.description")}
            AND tr.treatment_date BETWEEN af.count_date AND af.count_date + interval '1 day')
        AND NOT EXISTS (SELECT 1 FROM aquadata_incident i WHERE i.kind = 'lice_outbreak' AND i.batch_id = af.batch_id
                        AND af.count_date BETWEEN i.started_at AND i.ended_at)""").fetchone()
    if n and after >= 0.5 * before:
        problems.append(f"over {n:,} delousings, adult female lice per fish averaged {before:.2f} at the count before "
                        f"and {after:.2f} at the count after: a delousing should remove most of them")
    return problems


def adult_females_per_fish(targets: Targets) -> str:
    """SQL of (batch_id, container_id, count_date, per_fish): the adult female lice per fish of every count, from a
    count per lice type (ours) or from the adult-female column of a model that counts by category (shared by the
    lice check and the report's lice chart)."""
    if targets.tables["health_licecount"].column_for("adult_female_count"):
        return ("SELECT batch_id, container_id, count_date, sum(adult_female_count)::float / max(fish_sampled) AS per_fish "
                "FROM health_licecount GROUP BY 1, 2, 3")
    return ("SELECT c.batch_id, c.container_id, c.count_date, c.count_value::float / c.fish_sampled AS per_fish "
            "FROM health_licecount c JOIN health_licetype t ON t.id = c.lice_type_id "
            "WHERE t.gender = 'female' AND t.development_stage = 'adult'")


#: How far the farm's share of a grade may lie from the grades' seed shares (catalog.PRODUCT_GRADES), and how much a
#: grade's share must at least differ between rings (sd): rings with their own histories never grade alike.
GRADE_SHARE_TOLERANCE = 0.05
GRADE_SPREAD = 0.002


def grades_from_history(ds: Dataset) -> list[str]:
    """Across the farm the harvest keeps about the grades' seed shares (within 5 points), while rings differ:
    each ring's grades come from its own history (delousings, winter ulcers, disease)."""
    rows = ds.conn.execute("""
        SELECT g.code, sum(l.unit_count), stddev_samp(l.unit_count::float / r.fish), count(*)
        FROM harvest_harvestlot l JOIN harvest_productgrade g ON g.id = l.product_grade_id
        JOIN (SELECT event_id, sum(unit_count) AS fish FROM harvest_harvestlot GROUP BY 1) r ON r.event_id = l.event_id
        WHERE r.fish > 0 GROUP BY 1""").fetchall()
    if not rows:
        return []
    total = sum(int(r[1]) for r in rows)
    found = {code: (int(fish) / total, spread, rings) for code, fish, spread, rings in rows}
    problems = []
    for code, _, share in catalog.PRODUCT_GRADES:
        got, spread, rings = found.get(code, (0.0, None, 0))
        if abs(got - share) > GRADE_SHARE_TOLERANCE:
            problems.append(f"{code}: {got:.1%} of the harvested fish, the grades' share is {share:.0%} "
                            f"(tolerance {GRADE_SHARE_TOLERANCE:.0%})")
        if rings >= 3 and (spread or 0) < GRADE_SPREAD:
            problems.append(f"{code}: the same share in all {rings} rings harvested (sd {spread or 0:.4f}), as if imposed")
    return problems


#: The sea's weather: the standard deviation of a geography's daily sea temperature against its climatology, and the
#: year-to-year spread of its annual mean (C), judged over at least YEARS whole years (fewer say too little about a
#: spread: two years' means can lie close by chance). Real seas show a few tenths of a degree of both.
ANOMALY_SD_C = (0.15, 1.5)
YEARLY_SPREAD_C = (0.05, 1.0)
YEARS = 5


def warm_years_harvest_sooner(ds: Dataset) -> list[str]:
    """The sea has weather: each geography's daily sea temperature departs from its climatology (sd 0.15-1.5 C)
    and its annual means differ from year to year (0.05-1.0 C over five or more whole years); and it shows in the
    harvest: among
    completed batches, the warmest third by their sea's anomaly reach their target sooner, against the days the
    plan's curve expected, than the coldest third."""
    import numpy as np

    from pytest_aquadata.farm import weather

    problems = []
    daily = ds.conn.execute("""
        SELECT g.name, s.date, avg(s.temp_c) FROM batch_actualdailyassignmentstate s
        JOIN infrastructure_container c ON c.id = s.container_id JOIN infrastructure_area a ON a.id = c.area_id
        JOIN infrastructure_geography g ON g.id = a.geography_id GROUP BY 1, 2 ORDER BY 1, 2""").fetchall()
    by_geography: dict[str, list[tuple[dt.date, float]]] = {}
    for geography, day, temp in daily:
        by_geography.setdefault(geography, []).append((day, float(temp)))
    for geography, days in by_geography.items():
        first = days[0][0]
        normal = weather.climatology(geography, first, (days[-1][0] - first).days + 1)
        anomaly = np.array([t - normal[(d - first).days] for d, t in days])
        if len(anomaly) >= 60 and not ANOMALY_SD_C[0] <= anomaly.std() <= ANOMALY_SD_C[1]:
            problems.append(f"{geography}: the daily sea temperature departs from the climatology by {anomaly.std():.2f} C "
                            f"(sd over {len(anomaly)} days), expected {ANOMALY_SD_C[0]}-{ANOMALY_SD_C[1]}")
        years: dict[int, list[float]] = {}
        for d, t in days:
            years.setdefault(d.year, []).append(t)
        annual = [sum(v) / len(v) for v in years.values() if len(v) >= 360]
        if len(annual) >= YEARS and not YEARLY_SPREAD_C[0] <= np.std(annual, ddof=1) <= YEARLY_SPREAD_C[1]:
            problems.append(f"{geography}: the annual mean sea temperature of {len(annual)} whole years spreads "
                            f"{np.std(annual, ddof=1):.2f} C, expected {YEARLY_SPREAD_C[0]}-{YEARLY_SPREAD_C[1]}")
    pace = sorted((b.anomaly_c, b.expected_share) for b in sea_phases(ds.conn, ds.schedule))
    if len(pace) >= 6:
        third = len(pace) // 3
        cold, warm = (sum(p for _, p in part) / len(part) for part in (pace[:third], pace[-third:]))
        if warm >= cold:
            problems.append(f"the warmest third of {len(pace)} completed batches spent {warm:.1%} of the days the plan "
                            f"expected at sea, the coldest third {cold:.1%}: warm water should bring harvest sooner")
    return problems


@dataclass(frozen=True)
class SeaPhase:
    """A completed batch's time at sea: its mean water, that water's anomaly against the climatology, its days at
    sea and their share of the days the plan's expected curve needed to reach its target."""

    batch: str
    geography: str
    temp_c: float
    anomaly_c: float
    days: int
    expected_share: float


def sea_phases(conn: Any, schedule: Schedule) -> list[SeaPhase]:
    """Every completed batch's sea phase, by batch number (shared by the warm-years check and the report)."""
    from pytest_aquadata.farm import growth, weather

    planned = {b.batch_number: b for b in schedule.batches}
    out = []
    for number, first, days, temp in conn.execute("""
            SELECT b.batch_number, min(s.date), count(DISTINCT s.date), avg(s.temp_c)
            FROM batch_actualdailyassignmentstate s JOIN batch_batch b ON b.id = s.batch_id AND b.status = 'COMPLETED'
            JOIN batch_lifecyclestage st ON st.id = s.lifecycle_stage_id AND st.name = %s
            GROUP BY 1 ORDER BY 1""", (catalog.ADULT.name,)).fetchall():
        batch = planned[number]
        expected = growth.harvest_day(batch.geography, batch.start_date, batch.harvest_kg, 10 * catalog.ADULT.days)
        normal = float(weather.climatology(batch.geography, first, days).mean())
        out.append(SeaPhase(number, batch.geography, float(temp), float(temp) - normal, int(days),
                            days / (expected - batch.stages[-1].start_day)))
    return out


#: At most this many of the values a column misses are kept per table or partition (the message counts them).
MISSING_KEPT = 1000


def references_resolve(ds: Dataset) -> list[str]:
    """Every foreign key of every generated table points at an existing row: the load turns the database's
    triggers off, and the readings' keys are no constraints at all, so nothing else proves it. One pass per
    table (per partition for the readings, which the workers split) over its distinct key combinations."""
    units: dict[str, tuple[Any, str, bool]] = {}
    for table in ds.targets.tables.values():
        keys = [c.name for c in table.columns if c.references and c.source]
        if keys:
            one_by_one = _unique_together(ds.conn, table.db_table, keys)  # once per table, not per partition
            units.update((source, (table, source, one_by_one)) for source in ds.sources(table.db_table))
    missing: dict[tuple[str, str], set[int]] = {}
    for unit, found in ds.shared.each("references", list(units),
                                      lambda unit: _missing_references(ds.conn, *units[unit])).items():
        for column, values in found:
            missing.setdefault((units[unit][0].db_table, column), set()).update(values)
    references = {(t.db_table, c.name): c.references for t in ds.targets.tables.values() for c in t.columns}
    return [f"{table}.{column}: {len(values):,}{'+' if len(values) >= MISSING_KEPT else ''} value(s) point at no row "
            f"of {references[table, column]} (e.g. {min(values)})"
            for (table, column), values in sorted(missing.items()) if values][:LIMIT]


def _missing_references(conn: Any, table: Any, source: str, one_by_one: bool) -> list[tuple[str, list[int]]]:
    """(column, values that point at no row) of ``source``, one of ``table``'s; ``one_by_one`` where a unique
    index covers the key columns (_unique_together).

    The key columns' values are collected together, as their distinct combinations: a row's keys mostly come
    together (a feeding's batch, container and assignment), so there are few, and one aggregation finds them.
    Where a unique index says every combination is distinct, each column is grouped on its own instead: on
    full's fish parameter scores (4.3 M rows, each an (observation, parameter) pair of its own), 0.95 s against
    5.07 s; on the feeding events, whose combinations repeat, grouping each column took 1.50 s against 0.84 s."""
    keys = [c for c in table.columns if c.references and c.source]
    names = ", ".join(f'"{c.name}"' for c in keys)
    if one_by_one:
        sets = ", ".join(f'("{c.name}")' for c in keys)
        used = f"SELECT {names} FROM {source} GROUP BY GROUPING SETS ({sets})"
    else:
        used = f"SELECT DISTINCT {names} FROM {source}"
    missing = " UNION ALL ".join(
        f"""SELECT '{c.name}', (array_agg(DISTINCT u."{c.name}"))[1:{MISSING_KEPT}] FROM used u
            WHERE u."{c.name}" IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM "{c.references.split('.')[0]}" r WHERE r."{c.references.split('.')[1]}" = u."{c.name}")"""
        for c in keys)
    return [(column, values or []) for column, values in conn.execute(f"WITH used AS ({used}) {missing}").fetchall()]


def _unique_together(conn: Any, db_table: str, columns: list[str]) -> bool:
    """Whether a unique index of ``db_table`` (on columns only, over every row) lies within ``columns``, so
    that no two rows have the same values in them."""
    return bool(conn.execute(
        """SELECT EXISTS (SELECT FROM pg_index x WHERE x.indrelid = to_regclass(format('public.%%I', %s::text))
                  AND x.indisunique
                  AND x.indpred IS NULL AND 0 <> ALL (x.indkey)
                  AND ARRAY(SELECT attname::text FROM pg_attribute WHERE attrelid = x.indrelid
                            AND attnum = ANY (x.indkey)) <@ %s::text[])""", (db_table, columns)).fetchone()[0])


def ledger_matches_records(ds: Dataset) -> list[str]:
    """Each batch's ledger entry (written in the same transaction as its rows) counts exactly the rows the
    tables hold in that batch's id block, and no rows exist outside a ledger entry."""
    ledger = {r[0]: (r[1], r[2]) for r in ds.conn.execute(
        "SELECT batch_index, batch_number, rows FROM aquadata_batchledger").fetchall()}
    held: dict[int, int] = {}
    for per_batch in ds.rows_per_batch().values():
        for index, n in per_batch.items():
            held[index] = held.get(index, 0) + n
    problems = []
    for index in sorted(set(ledger) | set(held)):
        number, counted = ledger.get(index, (None, 0))
        if held.get(index, 0) != counted:
            name = number or next((b.batch_number for b in ds.schedule.batches if b.index == index), f"#{index}")
            problems.append(f"batch {name}: the ledger counts {counted:,} rows, the tables hold {held.get(index, 0):,}")
    return problems[:LIMIT]


#: Every check by name, in the order the suite runs them; the tests of verify/test_dataset.py and
#: ``aquadata verify`` both take them from here. The checks that scan the largest tables come first, those that
#: make the pass over every reading at the first and fifth places: pytest-xdist's load scheduling hands each of
#: two workers four tests to start with, so both start the pass and split it (verify/shared.py).
CHECKS: dict[str, Callable[[Dataset], list[str]]] = {
    "incidents-match-the-readings": incidents_match_the_readings,
    "references-resolve": references_resolve,
    "ledger-matches-records": ledger_matches_records,
    "infrastructure-counts": infrastructure_counts,
    "readings-every-day": readings_every_day,
    "rows-within-schedule": rows_within_schedule,
    "master-data": master_data,
    "scheduled-batches-exist": scheduled_batches_exist,
    "daily-states-every-day": partial(daily_records_every_day, table="batch_actualdailyassignmentstate",
                                      date_expr="date", first_day=0),
    "feedings-every-day": partial(daily_records_every_day, table="inventory_feedingevent", date_expr="feeding_date",
                                  first_day=catalog.STAGES[0].days, excused="storm"),
    "one-daily-state-per-assignment-day": daily_state_per_assignment_day,
    "no-container-shared": no_container_shared,
    "no-batch-crosses-geography": no_batch_crosses_geography,
    "day-91-population": day_91_population,
    "survival": survival,
    "transfers-conserve-fish": transfers_conserve_fish,
    "feed-ledger-balances": feed_ledger_balances,
    "feed-conversion": feed_conversion,
    "feed-rises-with-temperature": feed_rises_with_temperature,
    "harvest-lots-add-up": harvest_lots_add_up,
    "lice-treatments": lice_treatments,
    "grades-from-history": grades_from_history,
    "warm-years-harvest-sooner": warm_years_harvest_sooner,
    "age-agrees": age_agrees,
    "active-stages-as-planned": active_stages_as_planned,
    "geographies-balanced": geographies_balanced,
    "utilisation-as-planned": utilisation_as_planned,
    "storms-match-the-feedings": storms_match_the_feedings,
    "escapes-match-the-counts": escapes_match_the_counts,
    "outbreaks-match-the-deaths": outbreaks_match_the_deaths,
    "outbreaks-worsen-conversion": outbreaks_worsen_conversion,
    "lice-outbreaks-match-the-counts": lice_outbreaks_match_the_counts,
    "low-oxygen-cuts-feeding-and-kills": low_oxygen_cuts_feeding_and_kills,
}
