"""What a schedule implies: counts per geography, status at the history end, utilisation, rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.plan.volumes import SeaLeaves


def total_holding_containers() -> int:
    return sum(g.stations * len(catalog.HALL_LETTERS) * catalog.TANKS_PER_HALL
               + g.areas * catalog.RINGS_PER_AREA for g in catalog.GEOGRAPHIES)


def containers_in_use(schedule: Schedule, day: dt.date, sea_leaves: SeaLeaves | None = None) -> int:
    """Holding containers with fish on ``day``: each stage's for its window, a ring until the day it leaves the
    sea when ``sea_leaves`` says (else to the end of its reservation)."""
    used = 0
    for b in schedule.batches:
        age = (day - b.start_date).days
        for s in b.stages:
            if s.start_day <= age < s.end_day:
                leaves = (sea_leaves or {}).get(b.index) if s.stage == catalog.ADULT.name else None
                used += len(s.containers) if leaves is None else sum(1 for d in leaves if age < d)
    return used


def counts(schedule: Schedule) -> dict[str, Any]:
    """The summary stored in a schedule's metadata and printed by ``aquadata schedule --describe``."""
    end = schedule.history_end
    per_geo = {g.name: sum(1 for b in schedule.batches if b.geography == g.name) for g in catalog.GEOGRAPHIES}
    completed = sum(1 for b in schedule.batches if b.is_completed(end))
    return {
        "batches": len(schedule.batches),
        "per_geography": per_geo,
        "completed_at_history_end": completed,
        "active_at_history_end": len(schedule.batches) - completed,
        "utilisation_at_history_end": round(containers_in_use(schedule, end) / total_holding_containers(), 3),
        "days_of_history": (end - schedule.batches[0].start_date).days + 1 if schedule.batches else 0,
    }


def utilisation_over_time(schedule: Schedule, points: int = 12) -> list[tuple[dt.date, float]]:
    first = schedule.batches[0].start_date
    span = (schedule.history_end - first).days
    total = total_holding_containers()
    days = [first + dt.timedelta(days=span * i // max(points - 1, 1)) for i in range(points)]
    return [(d, containers_in_use(schedule, d) / total) for d in days]
