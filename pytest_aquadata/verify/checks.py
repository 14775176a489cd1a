"""Each check is one SQL query that aggregates in the database and returns only the offending rows,
as messages that name the batch, the container, the day and the numbers."""

from __future__ import annotations

from typing import Any

from pytest_aquadata.farm import catalog

LIMIT = 20


def _rows(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return conn.execute(sql + f" LIMIT {LIMIT}", params).fetchall()


def infrastructure_counts(conn: Any) -> list[str]:
    expected_tanks = sum(g.stations * len(catalog.HALL_LETTERS) * catalog.TANKS_PER_HALL for g in catalog.GEOGRAPHIES)
    problems = []
    for geo in catalog.GEOGRAPHIES:
        tanks, rings, sensors = conn.execute(
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
    total = conn.execute("SELECT count(*) FROM infrastructure_container c JOIN infrastructure_hall h ON h.id = c.hall_id "
                         "JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id "
                         "JOIN infrastructure_geography g ON g.id = fs.geography_id "
                         "WHERE c.hierarchy_role = 'HOLDING' AND g.name <> %s", (catalog.TEST_GEOGRAPHY,)).fetchone()[0]
    if total != expected_tanks:
        problems.append(f"{total} freshwater holding tanks in all, expected {expected_tanks}")
    return problems


def master_data(conn: Any) -> list[str]:
    problems = []
    stages = [r[0] for r in conn.execute("SELECT name FROM batch_lifecyclestage ORDER BY \"order\"").fetchall()]
    if stages != [s.name for s in catalog.STAGES]:
        problems.append(f"lifecycle stages are {stages}, expected {[s.name for s in catalog.STAGES]}")
    feeds = sorted(r[0] for r in conn.execute("SELECT name FROM inventory_feed").fetchall())
    if feeds != sorted(f[0] for f in catalog.FEEDS):
        problems.append(f"feeds are {feeds}, expected {sorted(f[0] for f in catalog.FEEDS)}")
    grades = sorted(r[0] for r in conn.execute("SELECT code FROM harvest_productgrade").fetchall())
    if grades != sorted(g[0] for g in catalog.PRODUCT_GRADES):
        problems.append(f"product grades are {grades}")
    return problems


def scheduled_batches_exist(conn: Any, schedule: Any) -> list[str]:
    """Every scheduled batch is in batch_batch and in the ledger, with assignments and daily states."""
    present = {r[0]: r[1:] for r in conn.execute(
        "SELECT b.batch_number, (SELECT count(*) FROM batch_batchcontainerassignment a WHERE a.batch_id = b.id), "
        "(l.batch_index IS NOT NULL) FROM batch_batch b LEFT JOIN aquadata_batchledger l "
        "ON l.batch_number = b.batch_number").fetchall()}
    problems = []
    for batch in schedule.batches:
        if batch.batch_number not in present:
            problems.append(f"batch {batch.batch_number}: scheduled but not in batch_batch")
            continue
        assignments, in_ledger = present[batch.batch_number]
        if not in_ledger:
            problems.append(f"batch {batch.batch_number}: rows present but no ledger entry (half-written?)")
        if assignments == 0:
            problems.append(f"batch {batch.batch_number}: no container assignments")
    extra = set(present) - {b.batch_number for b in schedule.batches}
    problems += [f"batch {n}: in the database but not in the schedule" for n in sorted(extra)]
    return problems


def daily_records_every_day(conn: Any, table: str, date_expr: str, first_day: int) -> list[str]:
    """Each batch has rows in ``table`` on every day it lived from ``first_day`` (0-based) on."""
    rows = _rows(conn, f"""
        WITH lived AS (
            SELECT b.id, b.batch_number, b.start_date + {first_day} AS first,
                   COALESCE(b.actual_end_date - 1, r.history_end) AS last
            FROM batch_batch b CROSS JOIN aquadata_run r),
        seen AS (SELECT batch_id, count(DISTINCT {date_expr}) AS days, min({date_expr}) AS lo, max({date_expr}) AS hi
                 FROM {table} GROUP BY batch_id)
        SELECT l.batch_number, l.first, l.last, COALESCE(s.days, 0), s.lo, s.hi FROM lived l
        LEFT JOIN seen s ON s.batch_id = l.id
        WHERE l.last >= l.first AND (COALESCE(s.days, 0) <> l.last - l.first + 1 OR s.lo <> l.first OR s.hi <> l.last)
        ORDER BY l.batch_number""")
    return [f"batch {n}: {table} covers {days} days ({lo} to {hi}), expected every day {first} to {last} "
            f"({(last - first).days + 1} days)" for n, first, last, days, lo, hi in rows]


def daily_state_per_assignment_day(conn: Any) -> list[str]:
    rows = _rows(conn, """
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


def no_container_shared(conn: Any) -> list[str]:
    """No container holds two batches on the same day (assignment windows overlap)."""
    rows = _rows(conn, """
        SELECT c.name, b1.batch_number, b2.batch_number, GREATEST(a1.assignment_date, a2.assignment_date)
        FROM batch_batchcontainerassignment a1
        JOIN batch_batchcontainerassignment a2 ON a1.container_id = a2.container_id AND a1.id < a2.id
             AND a1.batch_id <> a2.batch_id
             AND a1.assignment_date < COALESCE(a2.departure_date, 'infinity'::date)
             AND a2.assignment_date < COALESCE(a1.departure_date, 'infinity'::date)
        JOIN batch_batch b1 ON b1.id = a1.batch_id JOIN batch_batch b2 ON b2.id = a2.batch_id
        JOIN infrastructure_container c ON c.id = a1.container_id ORDER BY 1""")
    return [f"container {c}: batches {x} and {y} both in it on {day}" for c, x, y, day in rows]


def no_batch_crosses_geography(conn: Any) -> list[str]:
    rows = _rows(conn, """
        SELECT b.batch_number, string_agg(DISTINCT g.name, ', '), min(c.name)
        FROM batch_batchcontainerassignment a JOIN batch_batch b ON b.id = a.batch_id
        JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN infrastructure_hall h ON h.id = c.hall_id
        LEFT JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id
        LEFT JOIN infrastructure_area ar ON ar.id = c.area_id
        JOIN infrastructure_geography g ON g.id = COALESCE(fs.geography_id, ar.geography_id)
        GROUP BY b.batch_number HAVING count(DISTINCT g.id) > 1 ORDER BY 1""")
    return [f"batch {n}: uses containers in {geos} (e.g. {c})" for n, geos, c in rows]


def day_91_population(conn: Any) -> list[str]:
    """On day 91 (the first Fry day) a batch has 80-91 % of its eggs, counted once: 2.8-3.2 M for 3.5 M."""
    rows = _rows(conn, """
        SELECT b.batch_number, w.total_eggs_planned, sum(s.population)
        FROM batch_actualdailyassignmentstate s JOIN batch_batch b ON b.id = s.batch_id
        JOIN batch_creationworkflow w ON w.batch_id = b.id
        WHERE s.day_number = 91
        GROUP BY b.batch_number, w.total_eggs_planned
        HAVING sum(s.population) NOT BETWEEN 0.80 * w.total_eggs_planned AND 0.915 * w.total_eggs_planned
        ORDER BY 1""")
    return [f"batch {n}: day 91 population {pop:,} for {eggs:,} eggs ({pop / eggs:.1%}), expected 80-91.5 %"
            for n, eggs, pop in rows]


def rows_within_schedule(conn: Any, schedule: Any) -> list[str]:
    """Every engine table holds as many rows as the schedule implies (exact where the plan decides)."""
    from pytest_aquadata.plan.volumes import expected_rows

    problems = []
    for table, (low, high) in expected_rows(schedule).items():
        got = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        if not low <= got <= high:
            want = f"{low:,}" if low == high else f"{low:,}-{high:,}"
            problems.append(f"{table}: {got:,} rows, the schedule implies {want}")
    return problems


def transfers_conserve_fish(conn: Any) -> list[str]:
    """Per source assignment of a transfer: population before = transferred + mortality during transfer,
    and that population is what the source held on its last day."""
    rows = _rows(conn, """
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


def feed_ledger_balances(conn: Any) -> list[str]:
    """Per batch, stage and feed: purchases - feedings = stock left, no lot below zero, and no purchase larger
    than its silo or barge."""
    rows = _rows(conn, """
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


def harvest_lots_add_up(conn: Any) -> list[str]:
    """The lots of a ring's harvest hold exactly the fish the ring had on its last day, no grade's lot is
    outside 3-7.5 kg a fish, and the batch's harvest weight (all its lots) is 4-6.5 kg a fish."""
    rows = _rows(conn, """
        WITH lots AS (SELECT event_id, sum(unit_count) AS fish, sum(live_weight_kg) AS kg,
                             bool_and(live_weight_kg BETWEEN 3.0 * unit_count AND 7.5 * unit_count) AS lots_plausible
                      FROM harvest_harvestlot GROUP BY 1),
        rings AS (SELECT e.batch_id, e.assignment_id, e.event_date, l.*,
                         sum(l.kg) OVER w / nullif(sum(l.fish) OVER w, 0) AS batch_kg
                  FROM harvest_harvestevent e JOIN lots l ON l.event_id = e.id WINDOW w AS (PARTITION BY e.batch_id))
        SELECT b.batch_number, c.name, r.event_date::date, r.fish, s.population, r.kg / nullif(r.fish, 0), r.batch_kg
        FROM rings r JOIN batch_batch b ON b.id = r.batch_id
        JOIN batch_batchcontainerassignment a ON a.id = r.assignment_id
        JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN batch_actualdailyassignmentstate s ON s.assignment_id = a.id AND s.date = r.event_date::date - 1
        WHERE s.population IS DISTINCT FROM r.fish OR r.batch_kg NOT BETWEEN 4.0 AND 6.5 OR NOT r.lots_plausible""")
    return [f"batch {b} ring {c} harvest on {d}: lots hold {fish:,} fish, the ring had {held}; "
            f"{kg:.2f} kg a fish in this ring, {batch_kg:.3f} kg over the batch"
            for b, c, d, fish, held, kg, batch_kg in rows]
