"""Checks that the labelled incidents (aquadata_incident) are in the data and the fish respond to them: sensor
faults and low oxygen in the readings, outbreaks in the deaths and the conversion, lice outbreaks in the counts,
storms in the feedings, escapes in the fish counts."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine import area_incidents
from pytest_aquadata.farm import biology, events
from pytest_aquadata.verify.checks.common import LIMIT, fetch
from pytest_aquadata.verify.checks.health import adult_females_per_fish, not_a_disease
from pytest_aquadata.verify.dataset import Dataset


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
    rows = fetch(ds.conn, f"""
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
            AND tr.treatment_date > c.before AND tr.treatment_date < c.before + interval '7 days')
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
    rows = fetch(ds.conn, """
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
    (farm/growth.oxygen_appetite, the lifecycle's hazards), never a number it writes. A spell whose window or week
    before holds one of the batch's transfers is left out: the fish changed stage and water then (on full, two spells
    began within days of the move to sea, whose halls' week before fed another ration)."""
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
    rows = fetch(ds.conn, f"""
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
          AND NOT EXISTS (SELECT FROM batch_batchtransferworkflow t WHERE t.batch_id = p.batch_id
                          AND t.actual_start_date BETWEEN p.first - 7 AND p.last)
          AND (p.floor_feed >= 0.9 * p.before_feed OR d.inside IS NULL
               OR COALESCE(d.inside, 0)::float8 / p.fish_in <= 2 * COALESCE(d.before, 0)::float8 / p.fish_before)
        ORDER BY 1, 2""")
    return [f"batch {n}: low oxygen {first} to {last}: feed per kg at its floor {ratio:.0%} of the week before's "
            f"(expected under 90 %), Low Oxygen deaths {inside:.2e} a fish-day against {before or 0:.2e} (expected over "
            "twice)" for n, first, last, ratio, inside, before in rows]


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
