"""The numbers behind each chart of the report, one function per chart, computed in the database.

Each function returns plain data (lists and dicts), so the tests compare it with the tables directly and
the drawing code never queries. Large tables are read through their indexes or aggregated once: the
daily assignment states (one row per container-day, with the day's mean temperature, biomass and feed)
stand in for the readings wherever a daily figure is enough, and the oxygen/temperature scatter samples
the readings. The full farm's report therefore reads about 6 M rows, not 170 M.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.describe import total_holding_containers, utilisation_over_time
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.verify.checks.feed import STAGE_FEED_CTE, sea_phases
from pytest_aquadata.verify.checks.health import adult_females_per_fish

#: Each container's geography and whether it is a sea ring.
PLACES = """
    SELECT c.id, g.name AS geography, c.area_id IS NOT NULL AS at_sea FROM infrastructure_container c
    LEFT JOIN infrastructure_hall h ON h.id = c.hall_id
    LEFT JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id
    LEFT JOIN infrastructure_area a ON a.id = c.area_id
    JOIN infrastructure_geography g ON g.id = COALESCE(fs.geography_id, a.geography_id)"""


@dataclass
class Source:
    """A connection to a complete dataset, its schedule, and the daily totals several charts share."""

    conn: Any
    schedule: Schedule
    history_end: dt.date
    _daily: list[tuple[Any, ...]] | None = field(default=None, repr=False)

    def daily(self) -> list[tuple[Any, ...]]:
        """(date, geography, at_sea, mean temperature, biomass kg, feed kg, batches) per day, place and
        water: one pass over the daily states. A batch is in one place a day (a transfer day counts the fish
        once, at their destination), so batch counts add up over freshwater and sea."""
        if self._daily is None:
            self._daily = self.conn.execute(f"""
                WITH place AS ({PLACES})
                SELECT s.date, p.geography, p.at_sea, avg(s.temp_c), sum(s.biomass_kg), sum(s.feed_kg),
                       count(DISTINCT s.batch_id)
                FROM batch_actualdailyassignmentstate s JOIN place p ON p.id = s.container_id
                GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""").fetchall()
        return self._daily


Series = dict[str, list[Any]]


def sea_temperature(src: Source) -> dict[str, Any]:
    """Per geography: the weekly mean temperature of each sea area's occupied rings, the geography's climatology
    (what a planner expects) on the same weeks, and the annual mean of each whole year at sea; and the halls'
    daily mean. One pass over the daily states."""
    from pytest_aquadata.farm import weather

    rows = src.conn.execute("""
        SELECT g.name, a.name, date_trunc('week', s.date)::date, avg(s.temp_c) FROM batch_actualdailyassignmentstate s
        JOIN infrastructure_container c ON c.id = s.container_id JOIN infrastructure_area a ON a.id = c.area_id
        JOIN infrastructure_geography g ON g.id = a.geography_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""").fetchall()
    out: dict[str, Any] = {}
    for geography, area, week, temp in rows:
        geo = out.setdefault(geography, {"areas": {}, "climatology": {"date": [], "temp_c": []}, "annual": {}})
        area_series = geo["areas"].setdefault(area, {"date": [], "temp_c": []})
        area_series["date"].append(week)
        area_series["temp_c"].append(float(temp))
    for geography, geo in out.items():
        weeks = sorted({d for a in geo["areas"].values() for d in a["date"]})
        clim = weather.climatology(geography, weeks[0], (weeks[-1] - weeks[0]).days + 7)
        geo["climatology"] = {"date": weeks, "temp_c": [float(clim[(w - weeks[0]).days:(w - weeks[0]).days + 7].mean())
                                                        for w in weeks]}
    by_year: dict[tuple[str, int], list[float]] = defaultdict(list)
    halls: Series = {"date": [], "temp_c": []}
    for day, geography, at_sea, temp, _biomass, _feed, _batches in src.daily():
        if at_sea:
            by_year[(geography, day.year)].append(float(temp))
        elif geography == catalog.GEOGRAPHIES[0].name:  # halls are held at one set point everywhere
            halls["date"].append(day)
            halls["temp_c"].append(float(temp))
    for (geography, year), temps in sorted(by_year.items()):
        if len(temps) >= 360:
            out[geography]["annual"][year] = sum(temps) / len(temps)
    out["Freshwater halls"] = halls
    return out


def oxygen_against_temperature(src: Source, points: int = 3000) -> dict[str, Series]:
    """Dissolved oxygen against the temperature read in the same container at the same time, at sea and in
    freshwater: the 14:00 readings of the batches the batch-lives chart follows, read through the readings'
    batch index (about a million rows on any profile), every n-th kept to ``points``."""
    temperature, oxygen = (src.conn.execute("SELECT id FROM environmental_environmentalparameter WHERE name = %s",
                                            (name,)).fetchone()[0] for name in ("Temperature", "Dissolved Oxygen"))
    rows = src.conn.execute(f"""
        WITH place AS ({PLACES}),
        pairs AS (
            SELECT r.container_id, r.reading_time, max(r.value) FILTER (WHERE r.parameter_id = %(t)s) AS temp,
                   max(r.value) FILTER (WHERE r.parameter_id = %(o)s) AS oxygen
            FROM environmental_environmentalreading r
            WHERE r.batch_id = ANY(%(batches)s) AND r.parameter_id IN (%(t)s, %(o)s)
              AND extract(hour FROM r.reading_time AT TIME ZONE 'UTC') = 14
            GROUP BY 1, 2)
        SELECT p.at_sea, pairs.temp, pairs.oxygen FROM pairs JOIN place p ON p.id = pairs.container_id
        WHERE pairs.temp IS NOT NULL AND pairs.oxygen IS NOT NULL ORDER BY pairs.container_id, pairs.reading_time
        """, {"t": temperature, "o": oxygen, "batches": [bid for bid, _ in _followed_batches(src)]}).fetchall()
    out: dict[str, Series] = {"Sea rings": {"temp_c": [], "oxygen": []}, "Freshwater halls": {"temp_c": [], "oxygen": []}}
    for at_sea, temp, value in rows[::max(1, -(-len(rows) // points))]:
        series = out["Sea rings" if at_sea else "Freshwater halls"]
        series["temp_c"].append(float(temp))
        series["oxygen"].append(float(value))
    return out


def _followed_batches(src: Source, count: int = 3) -> list[tuple[int, str]]:
    """The oldest harvested batch of each geography, then the oldest active ones, up to ``count``."""
    batches = src.conn.execute(
        "SELECT id, batch_number, status FROM batch_batch ORDER BY (status = 'COMPLETED') DESC, start_date").fetchall()
    geography = {b.batch_number: b.geography for b in src.schedule.batches}
    chosen: list[tuple[int, str]] = []
    seen: set[str] = set()
    for bid, number, status in batches:
        if status == "COMPLETED" and geography[number] not in seen:
            seen.add(geography[number])
            chosen.append((bid, number))
    chosen += [(b, n) for b, n, s in batches if s != "COMPLETED"][: max(0, count - len(chosen))]
    return chosen[:count]


def batch_lives(src: Source, count: int = 3) -> dict[str, Series]:
    """Population and mean weight by day of a few batches, egg to harvest where one is harvested, with the
    days of their stage transfers: the oldest harvested batch of each geography, then the oldest active."""
    out: dict[str, Series] = {}
    for bid, number in _followed_batches(src, count):
        rows = src.conn.execute(
            "SELECT date, sum(population), sum(biomass_kg) * 1000 / nullif(sum(population), 0) "
            "FROM batch_actualdailyassignmentstate WHERE batch_id = %s GROUP BY 1 ORDER BY 1", (bid,)).fetchall()
        transfers = [r[0] for r in src.conn.execute(
            "SELECT actual_start_date FROM batch_batchtransferworkflow WHERE batch_id = %s ORDER BY 1", (bid,))]
        out[number] = {"date": [r[0] for r in rows], "population": [int(r[1]) for r in rows],
                       "weight_g": [float(r[2] or 0) for r in rows], "transfers": transfers}
    return out


def biomass_and_active_batches(src: Source) -> dict[str, Series]:
    """Standing biomass (tonnes, freshwater and sea together) and active batches per geography and day."""
    biomass: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    batches: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for day, geography, _sea, _temp, kg, _feed, n in src.daily():
        biomass[geography][day] += float(kg) / 1000
        batches[geography][day] += int(n)
    return {geo: {"date": sorted(days), "biomass_t": [days[d] for d in sorted(days)],
                  "active_batches": [batches[geo][d] for d in sorted(days)]}
            for geo, days in sorted(biomass.items())}


def containers_in_use(src: Source, points: int = 60) -> Series:
    """Share of holding containers in use over the history: planned (the schedule, as `aquadata schedule
    --describe` computes it) against actual (open assignments)."""
    planned = utilisation_over_time(src.schedule, points)
    days = [d for d, _ in planned]
    actual = dict(src.conn.execute("""
        SELECT d::date, count(DISTINCT a.container_id) FROM unnest(%s::date[]) d
        JOIN batch_batchcontainerassignment a ON a.assignment_date <= d AND (a.departure_date IS NULL OR a.departure_date > d)
        GROUP BY 1""", (days,)).fetchall())
    total = total_holding_containers()
    return {"date": days, "planned": [share for _, share in planned], "actual": [actual.get(d, 0) / total for d in days]}


def adult_female_lice(src: Source) -> dict[str, Any]:
    """Adult female lice per fish: the monthly mean per geography; the weekly counts of the batch that was
    treated most often, with its treatment days; and the delousings of every harvested ring over its sea cycle."""
    from pytest_aquadata.load.ledger import read_targets

    counts = adult_females_per_fish(read_targets(src.conn))
    monthly = src.conn.execute(f"""
        WITH place AS ({PLACES}), counts AS ({counts})
        SELECT date_trunc('month', l.count_date)::date, p.geography, avg(l.per_fish)
        FROM counts l JOIN place p ON p.id = l.container_id GROUP BY 1, 2 ORDER BY 1, 2""").fetchall()
    by_geo: dict[str, Series] = defaultdict(lambda: {"date": [], "per_fish": []})
    for month, geography, per_fish in monthly:
        by_geo[geography]["date"].append(month)
        by_geo[geography]["per_fish"].append(float(per_fish))
    top = src.conn.execute("SELECT t.batch_id, b.batch_number FROM health_treatment t JOIN batch_batch b ON b.id = t.batch_id "
                           "WHERE t.treatment_type <> 'vaccination' GROUP BY 1, 2 ORDER BY count(*) DESC, 2 LIMIT 1").fetchone()
    batch: Series = {"date": [], "per_fish": [], "treatments": []}
    name = None
    if top is not None:
        name = top[1]
        weekly = src.conn.execute(f"""
            WITH counts AS ({counts}) SELECT count_date::date, avg(per_fish) FROM counts
            WHERE batch_id = %s GROUP BY 1 ORDER BY 1""", (top[0],)).fetchall()
        batch = {"date": [r[0] for r in weekly], "per_fish": [float(r[1]) for r in weekly],
                 "treatments": sorted({r[0] for r in src.conn.execute(
                     "SELECT treatment_date::date FROM health_treatment WHERE batch_id = %s AND treatment_type <> "
                     "'vaccination'", (top[0],))})}
    per_ring = [int(r[0]) for r in src.conn.execute("""
        SELECT count(t.id) FROM harvest_harvestevent e LEFT JOIN health_treatment t
        ON t.batch_assignment_id = e.assignment_id AND t.treatment_type <> 'vaccination' GROUP BY e.id ORDER BY 1""")]
    return {"monthly": dict(by_geo), "batch": name, "batch_series": batch, "treatments_per_ring": per_ring}


def feed_and_fcr(src: Source) -> dict[str, Any]:
    """Feed per day per geography (tonnes); the biological FCR of each stage over every batch (feed over biomass
    gained plus biomass of the fish that died, as the verification computes it); and each batch's own FCR per
    stage it lived through, the sea phase's for completed batches: the spread a farm's software sees."""
    per_day: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for day, geography, _sea, _temp, _kg, feed, _batches in src.daily():
        per_day[geography][day] += float(feed) / 1000
    rows = src.conn.execute(f"""
        WITH {STAGE_FEED_CTE}
        SELECT st.name, b.batch_number, CASE WHEN st.name = %s THEN b.status = 'COMPLETED' ELSE p.days >= %s END,
               p.feed, p.last_kg - p.first_kg + p.dead_kg
        FROM per_stage p JOIN batch_lifecyclestage st ON st.id = p.stage_id JOIN batch_batch b ON b.id = p.batch_id
        WHERE p.feed > 0 ORDER BY st."order", b.batch_number""", (catalog.ADULT.name, catalog.STAGES[0].days)).fetchall()
    stage_feed: dict[str, float] = defaultdict(float)
    gained: dict[str, float] = defaultdict(float)
    by_batch: dict[str, dict[str, float]] = defaultdict(dict)
    for stage, number, whole, kg, gain in rows:  # a batch's FCR of the stages it has lived through whole
        stage_feed[stage] += float(kg)
        gained[stage] += float(gain)
        if whole and gain > 0:
            by_batch[stage][number] = float(kg) / float(gain)
    return {"per_day": {geo: {"date": sorted(days), "feed_t": [days[d] for d in sorted(days)]}
                        for geo, days in sorted(per_day.items())},
            "fcr": {stage: stage_feed[stage] / gained[stage] for stage in stage_feed if gained[stage] > 0},
            "fcr_by_batch": dict(by_batch)}


def mortality_by_cause(src: Source) -> dict[str, int]:
    """Dead fish per mortality reason, most first."""
    rows = src.conn.execute("""
        SELECT COALESCE(r.name, m.cause), sum(m.count) FROM batch_mortalityevent m
        LEFT JOIN health_mortalityreason r ON r.id = m.reason_id GROUP BY 1 ORDER BY 2 DESC, 1""").fetchall()
    return {name: int(n) for name, n in rows}


def harvest(src: Source) -> dict[str, Any]:
    """Mean live weight of the fish of each harvest event (a ring), harvested fish per product grade, and per
    completed batch its sea's mean temperature and anomaly against the climatology, its days at sea and their
    share of the days the plan's curve expected to reach its target, and its rings' mean harvest weight."""
    weights = [float(r[0]) for r in src.conn.execute("""
        SELECT sum(l.live_weight_kg) / nullif(sum(l.unit_count), 0) FROM harvest_harvestlot l
        GROUP BY l.event_id HAVING sum(l.unit_count) > 0 ORDER BY 1""")]
    grades = {code: int(n) for code, n in src.conn.execute("""
        SELECT g.code, sum(l.unit_count) FROM harvest_harvestlot l JOIN harvest_productgrade g
        ON g.id = l.product_grade_id GROUP BY g.code, g.id ORDER BY g.id""")}
    kg = dict(src.conn.execute("""
        SELECT b.batch_number, sum(l.live_weight_kg) / nullif(sum(l.unit_count), 0) FROM harvest_harvestevent e
        JOIN harvest_harvestlot l ON l.event_id = e.id JOIN batch_batch b ON b.id = e.batch_id
        WHERE b.status = 'COMPLETED' GROUP BY 1""").fetchall())
    phases = sea_phases(src.conn, src.schedule)
    return {"fish_kg": weights, "grade_fish": grades, "batches": {
        "batch": [p.batch for p in phases], "geography": [p.geography for p in phases],
        "sea_temp_c": [p.temp_c for p in phases], "anomaly_c": [p.anomaly_c for p in phases],
        "days_at_sea": [p.days for p in phases], "expected_share": [p.expected_share for p in phases],
        "harvest_kg": [float(kg[p.batch]) for p in phases]}}


def incidents(src: Source, margin_days: int = 3) -> dict[str, Any]:
    """Every incident per geography (kind, start, end; an area's event once per batch that lived it), and one drawn
    in full: the first stuck sensor (else the first incident of a sensor), with its readings and those of the same
    parameter in a neighbouring container of its batch, from ``margin_days`` before the window to as many after."""
    rows = src.conn.execute(f"""
        WITH place AS ({PLACES})
        SELECT COALESCE(p.geography, g.name), i.kind, i.started_at, i.ended_at FROM aquadata_incident i
        LEFT JOIN place p ON p.id = i.container_id LEFT JOIN infrastructure_area a ON a.id = i.area_id
        LEFT JOIN infrastructure_geography g ON g.id = a.geography_id ORDER BY 1, 2, 3""").fetchall()
    timeline: dict[str, list[tuple[str, Any, Any]]] = defaultdict(list)
    for geography, kind, started, ended in rows:
        timeline[geography].append((kind, started, ended))
    chosen = src.conn.execute("""
        SELECT i.id, i.kind, i.sensor_id, i.batch_id, i.started_at, i.ended_at, r.parameter_id, r.container_id
        FROM aquadata_incident i JOIN LATERAL (SELECT parameter_id, container_id FROM environmental_environmentalreading
             WHERE sensor_id = i.sensor_id AND batch_id = i.batch_id LIMIT 1) r ON true
        WHERE i.sensor_id IS NOT NULL ORDER BY i.kind <> 'sensor_stuck', i.id LIMIT 1""").fetchone()
    example: dict[str, Any] = {}
    if chosen is not None:
        iid, kind, sensor, batch, started, ended, parameter, container = chosen
        margin = dt.timedelta(days=margin_days)
        lo, hi = started - margin, ended + margin

        def series_of(sensor_filter: str, value: Any) -> Series:
            found = src.conn.execute(
                f"SELECT reading_time, value FROM environmental_environmentalreading WHERE batch_id = %s AND "
                f"parameter_id = %s AND {sensor_filter} AND reading_time BETWEEN %s AND %s ORDER BY 1",
                (batch, parameter, value, lo, hi)).fetchall()
            return {"time": [r[0] for r in found], "value": [float(r[1]) for r in found]}

        neighbour = src.conn.execute(
            "SELECT container_id FROM environmental_environmentalreading WHERE batch_id = %s AND parameter_id = %s "
            "AND container_id <> %s AND reading_time BETWEEN %s AND %s LIMIT 1",
            (batch, parameter, container, lo, hi)).fetchone()
        name = src.conn.execute("SELECT name FROM environmental_environmentalparameter WHERE id = %s",
                                (parameter,)).fetchone()[0]
        example = {"id": iid, "kind": kind, "parameter": name, "started": started, "ended": ended,
                   "sensor": series_of("sensor_id = %s", sensor),
                   "neighbour": series_of("container_id = %s", neighbour[0]) if neighbour else {"time": [], "value": []}}
    return {"timeline": dict(timeline), "example": example}


def low_oxygen(src: Source, margin_days: int = 7) -> dict[str, Any]:
    """The first planned low-oxygen spell drawn in full, from ``margin_days`` before its window to as many after:
    per ring of the batch that lived it, each day's mean dissolved oxygen, feed (% of biomass) and deaths (per
    thousand fish), and the days' deaths recorded as Low Oxygen (cause ENVIRONMENTAL) over the batch."""
    chosen = src.conn.execute("""
        SELECT i.batch_id, b.batch_number, a.name, i.started_at::date, i.ended_at::date FROM aquadata_incident i
        JOIN batch_batch b ON b.id = i.batch_id JOIN infrastructure_area a ON a.id = i.area_id
        WHERE i.kind = 'low_oxygen' AND NOT i.is_natural ORDER BY i.id LIMIT 1""").fetchone()
    if chosen is None:
        return {}
    batch, number, area, first, last = chosen
    lo, hi = first - dt.timedelta(days=margin_days), last + dt.timedelta(days=margin_days)
    rings: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for ring, day, feed, deaths in src.conn.execute("""
            SELECT c.name, s.date, 100 * s.feed_kg / nullif(s.biomass_kg, 0),
                   1000.0 * s.mortality_count / nullif(s.population + s.mortality_count, 0)
            FROM batch_actualdailyassignmentstate s JOIN infrastructure_container c ON c.id = s.container_id
            WHERE s.batch_id = %s AND s.date BETWEEN %s AND %s ORDER BY 1, 2""", (batch, lo, hi)):
        rings[ring]["date"].append(day)
        rings[ring]["feed_pct"].append(float(feed or 0))
        rings[ring]["deaths_per_mille"].append(float(deaths or 0))
    oxygen: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for ring, day, value in src.conn.execute("""
            SELECT c.name, r.reading_time::date, avg(r.value)::float8 FROM environmental_environmentalreading r
            JOIN environmental_environmentalparameter p ON p.id = r.parameter_id AND p.name = 'Dissolved Oxygen'
            JOIN infrastructure_container c ON c.id = r.container_id
            WHERE r.batch_id = %s AND r.reading_time >= %s AND r.reading_time < %s + 1 GROUP BY 1, 2 ORDER BY 1, 2""",
            (batch, lo, hi)):
        oxygen[ring]["date"].append(day)
        oxygen[ring]["oxygen_pct"].append(value)
    low_oxygen_deaths = dict(src.conn.execute("""
        SELECT event_date, sum(count) FROM batch_mortalityevent WHERE batch_id = %s AND cause = 'ENVIRONMENTAL'
        AND event_date BETWEEN %s AND %s GROUP BY 1""", (batch, lo, hi)).fetchall())
    return {"batch": number, "area": area, "started": first, "ended": last,
            "rings": {r: dict(v) for r, v in sorted(rings.items())}, "oxygen": {r: dict(v) for r, v in sorted(oxygen.items())},
            "low_oxygen_deaths": {d: int(n) for d, n in sorted(low_oxygen_deaths.items())}}


def rows_and_generation(src: Source) -> dict[str, Any]:
    """Rows per generated table and the run's generation figures, from the ledger."""
    from pytest_aquadata.summary import table_rows

    ledger = src.conn.execute("SELECT count(*) FILTER (WHERE batch_index >= 0), COALESCE(sum(rows), 0), "  # -1: the farm's
                              "COALESCE(sum(seconds), 0), count(DISTINCT worker) FILTER (WHERE batch_index >= 0) "
                              "FROM aquadata_batchledger").fetchone()
    run = src.conn.execute("SELECT created_at, completed_at FROM aquadata_run LIMIT 1").fetchone()
    return {"rows": table_rows(src.conn), "batches": int(ledger[0]),
            "ledger_rows": int(ledger[1]), "batch_seconds": float(ledger[2]), "workers": int(ledger[3]),
            "started": run[0] if run else None, "completed": run[1] if run else None}
