"""Checks of the farm's structure and bookkeeping: infrastructure and master data as the catalog builds them, every
scheduled batch present and written whole (its ledger entry matching its rows), rows within what the schedule
implies, containers never shared nor geographies crossed, utilisation and balance as planned, and every foreign key
of every generated table resolving."""

from __future__ import annotations

from typing import Any

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks.common import LIMIT, fetch
from pytest_aquadata.verify.dataset import Dataset


def infrastructure_counts(ds: Dataset) -> list[str]:
    expected_tanks = sum(g.stations * len(catalog.HALL_LETTERS) * catalog.TANKS_PER_HALL for g in catalog.GEOGRAPHIES)
    problems = []
    for geo in catalog.GEOGRAPHIES:
        tanks, rings, sensors = ds.conn.execute(
            "SELECT (SELECT count(*) FROM infrastructure_container c JOIN infrastructure_hall h ON h.id = c.hall_id "
            " JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id "
            " JOIN infrastructure_geography g ON g.id = fs.geography_id WHERE g.name = %(g)s AND c.hierarchy_role = 'HOLDING'"
            " AND fs.station_type <> 'BROODSTOCK'),"
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
                         "WHERE c.hierarchy_role = 'HOLDING' AND g.name <> %s AND fs.station_type <> 'BROODSTOCK'",
                         (catalog.TEST_GEOGRAPHY,)).fetchone()[0]
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


def no_container_shared(ds: Dataset) -> list[str]:
    """No container holds two batches on the same day (assignment windows overlap)."""
    rows = fetch(ds.conn, """
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
    rows = fetch(ds.conn, """
        SELECT b.batch_number, string_agg(DISTINCT g.name, ', '), min(c.name)
        FROM batch_batchcontainerassignment a JOIN batch_batch b ON b.id = a.batch_id
        JOIN infrastructure_container c ON c.id = a.container_id
        LEFT JOIN infrastructure_hall h ON h.id = c.hall_id
        LEFT JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id
        LEFT JOIN infrastructure_area ar ON ar.id = c.area_id
        JOIN infrastructure_geography g ON g.id = COALESCE(fs.geography_id, ar.geography_id)
        GROUP BY b.batch_number HAVING count(DISTINCT g.id) > 1 ORDER BY 1""")
    return [f"batch {n}: uses containers in {geos} (e.g. {c})" for n, geos, c in rows]


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
