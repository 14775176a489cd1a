"""Place one batch among containers that are already in use: what ``BatchFactory`` does in a database
that may hold a generated dataset. The planner places whole schedules with its own ledger; this places
a single batch against the assignments the database already has, as date intervals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import PlannedBatch, StagePlan
from pytest_aquadata.plan.planner import SURVIVAL_AT_HARVEST, PlanningError, reservation_end, ring_counts_to_try

#: container name -> its assignments as [start, end) dates; end None: still there
Busy = Mapping[str, Sequence[tuple[dt.date, dt.date | None]]]


def place_batch(index: int, batch_number: str, geography: str, start: dt.date, eggs: int, harvest_kg: float,
                busy: Busy, adult_days: int = catalog.ADULT.days) -> PlannedBatch:
    """The batch with whole free halls per freshwater stage and the fewest rings of one area that hold it."""
    geo = catalog.GEOGRAPHY_BY_NAME[geography]
    last_day = reservation_end(geography, start, harvest_kg, adult_days)

    def free(name: str, first: int, end: int) -> bool:
        a, b = start + dt.timedelta(days=first), start + dt.timedelta(days=end)
        return all(not (s < b and (e is None or a < e)) for s, e in busy.get(name, ()))

    stages = []
    for stage in catalog.FRESHWATER_STAGES:
        assert stage.hall_letter is not None
        first = (stage.order - 1) * stage.days
        hall_tanks = (catalog.tank_names(station, stage.hall_letter) for station in catalog.station_names(geo))
        tanks = next((t for t in hall_tanks if all(free(n, first, first + stage.days) for n in t)), None)
        if tanks is None:
            raise PlanningError(f"{batch_number}: no {stage.name} hall in {geography} is free from "
                                f"{start + dt.timedelta(days=first)} for {stage.days} days. "
                                "Fix: another start_date or geography.")
        stages.append(StagePlan(stage.name, tuple(tanks), first, first + stage.days))
    sea_start = sum(s.days for s in catalog.FRESHWATER_STAGES)
    for count in ring_counts_to_try(eggs * SURVIVAL_AT_HARVEST * harvest_kg, list(catalog.RING_OPTIONS)):
        for area in catalog.area_names(geo):
            rings = [r for r in catalog.ring_names(area) if free(r, sea_start, last_day)]
            if len(rings) >= count:
                stages.append(StagePlan(catalog.ADULT.name, tuple(rings[:count]), sea_start, last_day))
                return PlannedBatch(index, batch_number, geography, start, eggs, harvest_kg, last_day, tuple(stages))
    raise PlanningError(f"{batch_number}: no sea area in {geography} has {catalog.RING_OPTIONS[0]} rings free from "
                        f"{start + dt.timedelta(days=sea_start)} to {start + dt.timedelta(days=last_day)}. "
                        "Fix: another start_date or geography.")
