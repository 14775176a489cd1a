"""Checks of health and lice: delousings per sea cycle and their effect on the lice, and grades that follow each
ring's health history."""

from __future__ import annotations

from pytest_aquadata.farm import biology, catalog
from pytest_aquadata.mapping.layout import Targets
from pytest_aquadata.verify.checks.common import fetch
from pytest_aquadata.verify.dataset import Dataset

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
    rings = fetch(ds.conn, f"""
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
            AND tr.treatment_date > af.count_date AND tr.treatment_date < af.count_date + interval '7 days')
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


def health_records_follow_the_fish(ds: Dataset) -> list[str]:
    """A transfer's recorded water is its source containers' on their last day (within TRANSFER_WATER_TOLERANCE_C
    of their daily states' temperature); each health sampling sent one lab sample, its result back LAB_DAYS later
    (none where that falls after the history), negative on a day with no outbreak deaths in the ring, positive
    naming an outbreak whose deaths the ring's events record; the vet's mortality records are the outbreaks' deaths,
    per ring and day."""
    from pytest_aquadata.engine.health import LAB_DAYS

    if ds.conn.execute("SELECT to_regclass('health_healthlabsample') IS NULL OR to_regclass('health_mortalityrecord') "
                       "IS NULL OR to_regclass('environmental_stagetransitionenvironmental') IS NULL").fetchone()[0]:
        return []
    water = fetch(ds.conn, """
        WITH left_in AS (
            SELECT w.id, avg(s.temp_c) AS temp_c FROM batch_batchtransferworkflow w
            JOIN batch_transferaction a ON a.workflow_id = w.id
            JOIN batch_actualdailyassignmentstate s ON s.assignment_id = a.source_assignment_id
                 AND s.date = w.actual_start_date - 1
            GROUP BY 1)
        SELECT b.batch_number, w.workflow_number, count(e.id), round(min(e.temperature)::numeric, 2),
               round(min(l.temp_c)::numeric, 2)
        FROM batch_batchtransferworkflow w JOIN batch_batch b ON b.id = w.batch_id LEFT JOIN left_in l ON l.id = w.id
        LEFT JOIN environmental_stagetransitionenvironmental e ON e.batch_transfer_workflow_id = w.id
        GROUP BY b.batch_number, w.workflow_number
        HAVING count(e.id) <> 1 OR NOT abs(min(e.temperature) - min(l.temp_c)) <= %s
        ORDER BY 1, 2""", (TRANSFER_WATER_TOLERANCE_C,))
    problems = [f"batch {number}: transfer {workflow} has {n} water records ({recorded} C; its fish left {left} C)"
                for number, workflow, n, recorded, left in water]
    samples = fetch(ds.conn, """
        SELECT b.batch_number, e.sampling_date, count(l.id), min(l.findings_summary), min(l.date_results_received),
               EXISTS (SELECT FROM batch_mortalityevent m WHERE m.assignment_id = e.assignment_id
                       AND m.event_date = e.sampling_date AND m.description LIKE 'Disease: %%') AS dying,
               EXISTS (SELECT FROM batch_mortalityevent m WHERE m.assignment_id = e.assignment_id
                       AND m.description = 'Disease: ' || substr(min(l.findings_summary), 11)) AS named
        FROM health_healthsamplingevent e JOIN batch_batchcontainerassignment a ON a.id = e.assignment_id
        JOIN batch_batch b ON b.id = a.batch_id
        LEFT JOIN health_healthlabsample l ON l.batch_container_assignment_id = e.assignment_id
             AND l.sample_date = e.sampling_date
        GROUP BY b.batch_number, e.id, e.assignment_id, e.sampling_date
        HAVING count(l.id) <> 1
            OR min(l.date_results_received) IS DISTINCT FROM CASE WHEN e.sampling_date + %(days)s <= %(end)s
                                                                 THEN e.sampling_date + %(days)s END
            OR (min(l.findings_summary) NOT LIKE 'Positive: %%' AND EXISTS (
                    SELECT FROM batch_mortalityevent m WHERE m.assignment_id = e.assignment_id
                    AND m.event_date = e.sampling_date AND m.description LIKE 'Disease: %%'))
            OR (min(l.findings_summary) LIKE 'Positive: %%' AND NOT EXISTS (
                    SELECT FROM batch_mortalityevent m WHERE m.assignment_id = e.assignment_id
                    AND m.description = 'Disease: ' || substr(min(l.findings_summary), 11)))
        ORDER BY 1, 2""", {"days": LAB_DAYS, "end": ds.history_end})
    problems += [f"batch {number}: the sampling of {day} sent {n} lab samples, found {found!r} (back {back}), "
                 f"{'with' if dying else 'without'} outbreak deaths that day{'' if named else ', none of it named'}"
                 for number, day, n, found, back, dying, named in samples]
    deaths = fetch(ds.conn, """
        WITH events AS (
            SELECT assignment_id, event_date AS day, sum(count) AS dead FROM batch_mortalityevent
            WHERE description LIKE 'Disease: %%' GROUP BY 1, 2),
        records AS (
            SELECT assignment_id, event_date::date AS day, sum(count) AS dead FROM health_mortalityrecord GROUP BY 1, 2)
        SELECT b.batch_number, coalesce(e.day, r.day), e.dead, r.dead
        FROM events e FULL JOIN records r ON r.assignment_id = e.assignment_id AND r.day = e.day
        JOIN batch_batchcontainerassignment a ON a.id = coalesce(e.assignment_id, r.assignment_id)
        JOIN batch_batch b ON b.id = a.batch_id
        WHERE e.dead IS DISTINCT FROM r.dead ORDER BY 1, 2""")
    return problems + [f"batch {number}: {day} the events record {events or 0} outbreak deaths in a ring, the vet's "
                       f"records {records or 0}" for number, day, events, records in deaths]


#: A transfer's recorded water against its source's daily states, which read the sensors (C).
TRANSFER_WATER_TOLERANCE_C = 1.0
