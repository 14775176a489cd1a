"""Checks of feed and growth, the figures the model computes: the feed ledger, FCR per stage and at sea (and
differing between batches), feed rising with the water's warmth, harvest lots adding up, and warm years that
harvest sooner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.engine import derived
from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.verify.checks.common import LIMIT, fetch
from pytest_aquadata.verify.dataset import Dataset


def feed_ledger_balances(ds: Dataset) -> list[str]:
    """Per batch, stage and feed: purchases - feedings = stock left, no lot below zero, and no purchase larger
    than its silo or barge."""
    rows = fetch(ds.conn, """
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
    rows = fetch(ds.conn, """
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


#: Per batch and stage: days, feed, biomass of the fish that died, and biomass on arrival and on the last day, summed
#: over its containers (each taken on its own last day: rings are harvested on different days). The parts of the
#: biological FCR, shared by the check below and the report's FCR chart.
#: How far a stored gain or feed may be from the engine's own: a client stores both to 2 decimals (AquaMind's
#: biomass_kg and feed_kg), so a gain read back off two rounded biomasses is within 0.01 kg, a feed within 0.005.
GAIN_SLACK_KG = 0.01
FEED_SLACK_KG = 0.005


def growth_samples_by_the_clients_rule(ds: Dataset) -> list[str]:
    """Each growth sample's aggregates are its fish's, by the client's rule (engine/derived.py): their count, mean,
    population standard deviation, least and greatest weight, mean and deviation of length, and the condition factor
    of the means (100 x mean weight / mean length^3, to 0.01). A client's decimal columns round each fish and each
    aggregate to 0.01, so a value counts as right within what that allows (SAMPLE_SLACK; the factor's through its
    length and weight)."""
    slack = SAMPLE_SLACK
    rows = fetch(ds.conn, f"""
        WITH fish AS (
            SELECT growth_sample_id, count(*) AS n, avg(weight_g) AS w, stddev_pop(weight_g) AS sw, min(weight_g) AS lo,
                   max(weight_g) AS hi, avg(length_cm) AS l, stddev_pop(length_cm) AS sl
            FROM batch_individualgrowthobservation GROUP BY 1),
        k AS (SELECT *, 100 * w / power(l, 3) AS factor FROM fish)
        SELECT b.batch_number, s.sample_date, s.avg_weight_g, k.w, s.std_deviation_weight, k.sw, s.condition_factor,
               round(k.factor::numeric, 2)
        FROM batch_growthsample s JOIN k ON k.growth_sample_id = s.id
        JOIN batch_batchcontainerassignment a ON a.id = s.assignment_id JOIN batch_batch b ON b.id = a.batch_id
        WHERE s.sample_size <> k.n OR abs(s.avg_weight_g - k.w) > {slack} OR abs(s.std_deviation_weight - k.sw) > {slack}
           OR abs(s.min_weight_g - k.lo) > {slack} OR abs(s.max_weight_g - k.hi) > {slack}
           OR abs(s.avg_length_cm - k.l) > {slack} OR abs(s.std_deviation_length - k.sl) > {slack}
           OR abs(s.condition_factor - k.factor) > {slack} + k.factor * (3 * {slack} / k.l + {slack} / k.w)
        ORDER BY 1, 2""")
    return [f"batch {number}: the sample of {day} stores mean {w:.2f} g, sd {sd:.2f}, K {k}; its fish give {fw:.2f}, "
            f"{fsd:.2f}, {fk}" for number, day, w, fw, sd, fsd, k, fk in rows]


#: Two roundings to 0.01 (a fish's value and the aggregate) in a client's decimal columns, and a little more.
SAMPLE_SLACK = 0.011


def observed_fcr_by_the_clients_rule(ds: Dataset) -> list[str]:
    """Each daily state's observed FCR is the day's feed over its biomass gain (the gain since the assignment's
    previous day, or since it was stocked), by the client's rule (engine/derived.py): null unless the gain exceeds
    1 kg and fish were fed, at most 10, at 3 decimals. Stored gains and feed are rounded, so a value counts as right
    within what that rounding allows (GAIN_SLACK_KG, FEED_SLACK_KG)."""
    gain, feed, cap = GAIN_SLACK_KG, FEED_SLACK_KG, derived.FCR_CAP
    half = 0.5 * 10 ** -derived.FCR_DECIMALS
    rows = fetch(ds.conn, f"""
        WITH days AS (
            SELECT s.batch_id, s.assignment_id, s.date, s.feed_kg, s.observed_fcr,
                   s.biomass_kg - COALESCE(lag(s.biomass_kg) OVER (PARTITION BY s.assignment_id ORDER BY s.date),
                                           a.biomass_kg) AS gain
            FROM batch_actualdailyassignmentstate s JOIN batch_batchcontainerassignment a ON a.id = s.assignment_id)
        SELECT b.batch_number, d.assignment_id, d.date, d.feed_kg, d.gain, d.observed_fcr FROM days d
        JOIN batch_batch b ON b.id = d.batch_id
        WHERE d.observed_fcr > {cap}
           OR (d.observed_fcr IS NOT NULL AND d.gain <= {derived.FCR_MIN_GAIN_KG - gain})
           OR (d.observed_fcr IS NULL AND d.gain > {derived.FCR_MIN_GAIN_KG + gain} AND d.feed_kg > {feed})
           OR d.observed_fcr NOT BETWEEN least((d.feed_kg - {feed}) / (d.gain + {gain}), {cap}) - {half}
                                     AND least((d.feed_kg + {feed}) / greatest(d.gain - {gain}, {gain}), {cap}) + {half}
        ORDER BY 1, 3""")
    return [f"batch {n} assignment {a} on {day}: observed FCR {fcr}, from {fed:.3f} kg fed and a biomass gain of "
            f"{gained:.3f} kg (the rule: feed over gain, only where the gain exceeds {derived.FCR_MIN_GAIN_KG:g} kg "
            f"and fish were fed, at most {cap:g})" for n, a, day, fed, gained, fcr in rows]


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


#: A harvest's waste may differ from its lots' by the rounding of a client's decimal columns.
WASTE_TOLERANCE_KG = 0.05


def harvest_waste_adds_up(ds: Dataset) -> list[str]:
    """Each harvest's waste is what its lots lost: viscera and blood, the live weight less the gutted; heads, frames
    and trimmings, the gutted weight less the fillets (engine/harvest.py), one entry each."""
    from pytest_aquadata.engine.harvest import WASTE

    rows = fetch(ds.conn, """
        WITH lost AS (
            SELECT event_id, sum(live_weight_kg - gutted_weight_kg) AS gutting,
                   sum(gutted_weight_kg - fillet_weight_kg) AS filleting
            FROM harvest_harvestlot GROUP BY 1),
        waste AS (
            SELECT event_id, sum(weight_kg) FILTER (WHERE category = %(gutting)s) AS gutting,
                   sum(weight_kg) FILTER (WHERE category = %(filleting)s) AS filleting, count(*) AS entries
            FROM harvest_harvestwaste GROUP BY 1)
        SELECT b.batch_number, e.event_date::date, round(l.gutting::numeric, 1), round(w.gutting::numeric, 1),
               round(l.filleting::numeric, 1), round(w.filleting::numeric, 1), coalesce(w.entries, 0)
        FROM harvest_harvestevent e JOIN batch_batch b ON b.id = e.batch_id JOIN lost l ON l.event_id = e.id
        LEFT JOIN waste w ON w.event_id = e.id
        WHERE w.entries IS DISTINCT FROM 2 OR abs(l.gutting - w.gutting) > %(tolerance)s
           OR abs(l.filleting - w.filleting) > %(tolerance)s
        ORDER BY 1, 2""", {"gutting": WASTE[0], "filleting": WASTE[1], "tolerance": WASTE_TOLERANCE_KG})
    return [f"batch {number}: the harvest of {day} lost {lost_g} kg to gutting and {lost_f} kg to filleting, its "
            f"waste records {waste_g} and {waste_f} kg in {entries} entries"
            for number, day, lost_g, waste_g, lost_f, waste_f, entries in rows]


#: AquaMind's window, today and the 30 days before (fcr_service.py), kept here apart from the engine's on purpose: the
#: check holds the client's rule, the engine its reading of it; numeric(5, 3) holds FCRs below 100.
SUMMARY_DAYS = 31
#: A client keeps each feeding's amount and each sample's weight rounded (AquaMind: to 10 g and 0.01 g), the engine
#: its sums unrounded: the feed, growth and FCR recomputed from the stored rows may differ by that share.
SUMMARY_FEED_SHARE = 0.002
SUMMARY_FCR_TOLERANCE = 0.002


def feeding_summaries_by_the_clients_rule(ds: Dataset) -> list[str]:
    """Each active batch's feeding summaries are AquaMind's (engine/summaries.py), recomputed here from the stored
    feedings, growth samples and assignments: per active assignment whose window has feed, two samples and a gain,
    one row with the container's feed, the growth of the batch's first to last sample times the recorded population,
    their FCR and the confidence by the days since the last weighing; per batch, the sums and the feed-weighted FCR of
    its rows."""
    if ds.conn.execute("SELECT to_regclass('inventory_containerfeedingsummary') IS NULL").fetchone()[0]:
        return []
    params = {"end": ds.history_end, "start": ds.history_end - dt.timedelta(days=SUMMARY_DAYS - 1), "limit": 100.0,
              "share": SUMMARY_FEED_SHARE, "fcr": SUMMARY_FCR_TOLERANCE}
    containers = fetch(ds.conn, """
        WITH samples AS (
            SELECT g.id, g.sample_date, round(g.avg_weight_g::numeric, 2)::float AS avg_weight_g, a.batch_id
            FROM batch_growthsample g
            JOIN batch_batchcontainerassignment a ON a.id = g.assignment_id),
        win AS (
            SELECT batch_id, count(*) AS n, (array_agg(avg_weight_g ORDER BY sample_date, id))[1] AS first_g,
                   (array_agg(avg_weight_g ORDER BY sample_date DESC, id DESC))[1] AS last_g
            FROM samples WHERE sample_date BETWEEN %(start)s AND %(end)s GROUP BY 1),
        latest AS (SELECT batch_id, max(sample_date) AS day FROM samples GROUP BY 1),
        expected AS (
            SELECT a.id, a.batch_id, round(f.kg::numeric, 2) AS feed, w.n,
                   round(((w.last_g - w.first_g) / 1000 * a.population_count)::numeric, 2) AS growth,
                   round((f.kg / ((w.last_g - w.first_g) / 1000 * a.population_count))::numeric, 3) AS fcr,
                   CASE WHEN %(end)s - l.day < 0 THEN 'LOW' WHEN %(end)s - l.day < 10 THEN 'VERY_HIGH'
                        WHEN %(end)s - l.day < 20 THEN 'HIGH' WHEN %(end)s - l.day < 40 THEN 'MEDIUM' ELSE 'LOW' END AS level
            FROM batch_batchcontainerassignment a JOIN batch_batch b ON b.id = a.batch_id AND b.status = 'ACTIVE'
            JOIN win w ON w.batch_id = a.batch_id JOIN latest l ON l.batch_id = a.batch_id
            CROSS JOIN LATERAL (SELECT sum(amount_kg) AS kg FROM inventory_feedingevent e WHERE e.container_id = a.container_id
                                AND e.feeding_date BETWEEN %(start)s AND %(end)s) f
            WHERE a.is_active AND f.kg > 0 AND w.n >= 2 AND w.last_g > w.first_g AND a.population_count > 0
              AND f.kg / ((w.last_g - w.first_g) / 1000 * a.population_count) < %(limit)s)
        SELECT b.batch_number, coalesce(e.id, s.container_assignment_id), e.feed, round(s.total_feed_kg::numeric, 2),
               e.growth, round(s.growth_kg::numeric, 2), e.fcr, round(s.fcr::numeric, 3), e.level, s.confidence_level
        FROM expected e FULL JOIN inventory_containerfeedingsummary s ON s.container_assignment_id = e.id
             AND s.period_start = %(start)s AND s.period_end = %(end)s
        JOIN batch_batch b ON b.id = coalesce(e.batch_id, s.batch_id)
        WHERE NOT abs(e.feed - s.total_feed_kg::numeric) <= 0.01 + %(share)s * e.feed
           OR NOT abs(e.growth - s.growth_kg::numeric) <= 0.011 + %(share)s * e.growth
           OR NOT abs(e.fcr - s.fcr::numeric) <= %(fcr)s + %(share)s * e.fcr
           OR e.level IS DISTINCT FROM s.confidence_level
        ORDER BY 1, 2""", params)
    problems = [f"batch {number}: assignment {assignment}'s summary holds feed {got_feed} kg, growth {got_growth} kg, FCR "
                f"{got_fcr} ({got_level}); AquaMind's rule gives {feed}, {growth}, {fcr} ({level})"
                for number, assignment, feed, got_feed, growth, got_growth, fcr, got_fcr, level, got_level in containers]
    batches = fetch(ds.conn, """
        WITH c AS (
            SELECT batch_id, count(*) AS n, sum(total_feed_kg) AS feed,
                   round((sum(total_feed_kg * fcr) / sum(total_feed_kg))::numeric, 3) AS fcr
            FROM inventory_containerfeedingsummary WHERE period_end = %(end)s GROUP BY 1)
        SELECT b.batch_number, c.n, s.container_count, c.fcr, round(s.weighted_avg_fcr::numeric, 3)
        FROM c FULL JOIN inventory_batchfeedingsummary s ON s.batch_id = c.batch_id AND s.period_end = %(end)s
        JOIN batch_batch b ON b.id = coalesce(c.batch_id, s.batch_id)
        WHERE c.n IS DISTINCT FROM s.container_count OR NOT abs(c.fcr - s.weighted_avg_fcr::numeric) <= 0.0011
           OR NOT abs(c.feed - s.total_feed_kg) <= 0.011
        ORDER BY 1""", params)
    return problems + [f"batch {number}: its summary counts {got} containers and FCR {got_fcr}; its containers' "
                       f"rows are {n}, FCR {fcr}" for number, n, got, fcr, got_fcr in batches]
