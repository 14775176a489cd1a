"""The rows a schedule implies, per table, before anything is generated.

Counts that follow from the plan alone (readings, daily states, samples, lice counts, projections, ...)
are exact: (low, high) with low == high. Counts that depend on random draws (mortality events, feed
purchases, treatments, journal entries, transfer actions) get the range the engine's rules allow. The
verification suite checks a generated dataset against these ranges; ``aquadata schedule --describe``
prints them.
"""

from __future__ import annotations

import datetime as dt

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import PlannedBatch, Schedule

Range = tuple[int, int]


def expected_rows(schedule: Schedule, history_end: dt.date | None = None) -> dict[str, Range]:
    """(low, high) rows per table for the whole schedule at ``history_end`` (default: the schedule's)."""
    end = history_end or schedule.history_end
    total: dict[str, list[int]] = {}
    for batch in schedule.batches:
        for table, (low, high) in batch_rows(batch, end).items():
            pair = total.setdefault(table, [0, 0])
            pair[0] += low
            pair[1] += high
    return {table: (low, high) for table, (low, high) in total.items()}


def batch_rows(batch: PlannedBatch, end: dt.date) -> dict[str, Range]:
    alive = batch.days_alive(end)
    out: dict[str, Range] = {}

    def add(table: str, low: int, high: int | None = None) -> None:
        old = out.get(table, (0, 0))
        out[table] = (old[0] + low, old[1] + (low if high is None else high))

    add("batch_batch", 1)
    add("scenario", 1)
    add("scenario_projectionrun", 1)
    add("scenario_scenarioprojection", batch.harvest_day)
    stages = [(catalog.STAGE_BY_NAME[s.stage], s) for s in batch.stages if s.start_day < alive]
    if not stages:
        return out
    add("batch_creationworkflow", 1)
    add("batch_creationaction", len(stages[0][1].containers))
    for i, (spec, plan) in enumerate(stages):
        k, days = len(plan.containers), min(plan.end_day, alive) - plan.start_day
        container_days = k * days
        sensors = len(catalog.SENSORS_SEA if spec.hall_letter is None else catalog.SENSORS_FRESHWATER)
        add("batch_batchcontainerassignment", k)
        add("batch_actualdailyassignmentstate", container_days)
        add("environmental_environmentalreading", container_days * sensors * len(catalog.READING_HOURS))
        add("batch_mortalityevent", int(0.9 * container_days), container_days)  # deaths on almost every day
        if i:
            before = len(stages[i - 1][1].containers)
            add("batch_batchtransferworkflow", 1)
            add("batch_transferaction", max(k, before), k + before - 1)
        lived = range(plan.start_day, plan.start_day + days)
        sample_days = sum(1 for d in lived if catalog.is_growth_sample_day(d))
        add("batch_growthsample", k * sample_days)
        add("batch_individualgrowthobservation", k * sample_days * catalog.GROWTH_SAMPLE_FISH)
        if spec.feed_pct_per_day:
            feedings = container_days * len(catalog.FEEDING_HOURS)
            add("inventory_feedingevent", int(0.95 * feedings), feedings)
            feeds = 2 if spec is catalog.ADULT else 1
            add("inventory_feedpurchase", 1, feeds * days)
            add("inventory_feedcontainerstock", 1, feeds * days)
        if spec.name == catalog.VACCINATION_STAGE and days > catalog.VACCINATION_DAY:
            add("health_treatment", k, k)
            add("health_journalentry", 1, 1)
        health = sum(1 for d in lived if catalog.is_health_sampling_day(d))
        add("health_healthsamplingevent", health)
        add("health_individualfishobservation", health * catalog.HEALTH_SAMPLE_FISH)
        add("health_fishparameterscore", health * catalog.HEALTH_SAMPLE_FISH * len(catalog.HEALTH_PARAMETERS))
        add("health_journalentry", health, health + container_days)  # + mortality episodes
        if spec is catalog.ADULT:
            weeks = days // 7
            add("health_licecount", k * weeks * len(catalog.LICE_TYPES))
            add("health_treatment", 0, k * weeks)
            add("health_journalentry", 0, k * weeks)
    if batch.is_completed(end):
        rings = len(batch.stages[-1].containers)
        grades = len(catalog.PRODUCT_GRADES)
        add("harvest_harvestevent", rings)
        add("harvest_harvestlot", rings * grades)
        add("finance_factharvest", rings * grades)
    return out
