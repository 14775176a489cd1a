"""Place every batch: geographies interleaved in start order, whole halls for freshwater stages,
rings in one area for the sea, every container free for its whole window.

The placement keeps its own ledger of when each container is next free; the no-overlap tests check
the result independently of it.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan import capacity, incidents
from pytest_aquadata.plan.model import PlannedBatch, Schedule, StagePlan

SURVIVAL_AT_HARVEST = 0.75  # for sizing the sea phase: how many of the eggs reach the rings' final biomass
#: Rings are reserved until the expected curve reaches this much more than the target weight: a batch in a cold
#: year or with slow fish still reaches its target inside its reservation, and one that grows as expected frees
#: its rings a few weeks early (the engine harvests a ring when its fish reach the target).
RESERVATION_MARGIN = 1.18


class PlanningError(Exception):
    """Placement failed although capacity allowed it (fragmentation); names the batch and the day."""


@dataclass(frozen=True)
class PlanParameters:
    name: str
    batches_per_geography: int
    stagger: int
    adult_days: int = 450
    rings: tuple[int, int] = (8, 20)
    eggs: tuple[int, int] = (3_000_000, 3_800_000)
    harvest_kg: tuple[float, float] = (4.5, 6.5)
    history_end: dt.date = dt.date(2026, 11, 1)
    tail_days: int = 10  # age of the youngest batch on the history's last day
    seed: int = 1

    def as_dict(self) -> dict[str, object]:
        return {
            "batches_per_geography": self.batches_per_geography,
            "stagger": self.stagger,
            "adult_days": self.adult_days,
            "rings": list(self.rings),
            "eggs": list(self.eggs),
            "harvest_kg": list(self.harvest_kg),
            "history_end": self.history_end.isoformat(),
            "tail_days": self.tail_days,
            "seed": self.seed,
        }


def plan(params: PlanParameters) -> Schedule:
    """Plan a schedule, or raise capacity.CapacityError / PlanningError before anything is written."""
    _check_ranges(params)
    capacity.check(params.batches_per_geography, params.stagger, params.adult_days, params.rings[0])
    rng = random.Random(params.seed)
    total = 2 * params.batches_per_geography
    first_start = params.history_end - dt.timedelta(days=(total - 1) * params.stagger + params.tail_days)
    free: dict[str, int] = {}  # container or hall name -> first absolute day it is free again
    batches = []
    for index in range(total):
        geo = catalog.GEOGRAPHIES[index % 2]
        start = first_start + dt.timedelta(days=index * params.stagger)
        day0 = (start - first_start).days
        eggs = rng.randint(*params.eggs)
        target = round(rng.uniform(*params.harvest_kg), 2)
        last_day = reservation_end(geo.name, start, target, params.adult_days)
        stages = [_place_hall(geo, stage, day0, free, index) for stage in catalog.FRESHWATER_STAGES]
        stages.append(_place_rings(geo, params, day0, last_day, eggs * SURVIVAL_AT_HARVEST * target, free, index))
        batches.append(PlannedBatch(index=index, batch_number=f"{geo.code}-B{index + 1:04d}", geography=geo.name,
                                    start_date=start, eggs=eggs, harvest_kg=target, harvest_day=last_day,
                                    stages=tuple(stages)))
    return Schedule(name=params.name, parameters=params.as_dict(), history_end=params.history_end,
                    batches=tuple(batches), incidents=dict(incidents.DEFAULT_RATES))


def _check_ranges(params: PlanParameters) -> None:
    problems = []
    if params.batches_per_geography < 1:
        problems.append("--batches-per-geography must be at least 1")
    if params.stagger < 1:
        problems.append("--stagger must be at least 1 day")
    if params.adult_days < 1:
        problems.append("--adult-days must be at least 1")
    low, high = params.rings
    if not (1 <= low <= high <= catalog.RINGS_PER_AREA):
        problems.append(f"--rings must be MIN-MAX within 1-{catalog.RINGS_PER_AREA}")
    if not (0 < params.eggs[0] <= params.eggs[1]):
        problems.append("--eggs must be MIN-MAX with 0 < MIN <= MAX")
    if not (0 < params.harvest_kg[0] <= params.harvest_kg[1]):
        problems.append("--harvest-kg must be MIN-MAX with 0 < MIN <= MAX")
    if problems:
        raise capacity.CapacityError("; ".join(problems))


def reservation_end(geography: str, start: dt.date, harvest_kg: float, adult_days: int) -> int:
    """The day (from the start) a batch's rings are reserved until: when its expected curve reaches the target
    with the margin, at most the end of its adult stage."""
    from pytest_aquadata.farm.growth import harvest_day

    return harvest_day(geography, start, harvest_kg * RESERVATION_MARGIN, adult_days)


def ring_counts_to_try(final_biomass_kg: float, options: list[int]) -> list[int]:
    """The fewest ring options that hold the final biomass, then each smaller option in turn (under pressure)."""
    needed = math.ceil(final_biomass_kg / catalog.ring_max_biomass_kg())
    wanted = next((n for n in options if n >= needed), options[-1])
    return sorted((n for n in options if n <= wanted), reverse=True)


def _place_hall(geo: catalog.GeographySpec, stage: catalog.StageSpec, day0: int, free: dict[str, int],
                index: int) -> StagePlan:
    assert stage.hall_letter is not None
    start_day = (stage.order - 1) * stage.days
    begin = day0 + start_day
    halls = [catalog.hall_name(station, stage.hall_letter) for station in catalog.station_names(geo)]
    candidates = [h for h in halls if free.get(h, -math.inf) <= begin]
    if not candidates:
        raise PlanningError(f"batch {index + 1}: no free {stage.name} hall in {geo.name} on day {begin}")
    hall = min(candidates, key=lambda h: (free.get(h, -math.inf), halls.index(h)))
    free[hall] = begin + stage.days
    station = hall.rsplit("-Hall-", 1)[0]
    return StagePlan(stage.name, tuple(catalog.tank_names(station, stage.hall_letter)), start_day,
                     start_day + stage.days)


def _place_rings(geo: catalog.GeographySpec, params: PlanParameters, day0: int, last_day: int,
                 final_biomass_kg: float, free: dict[str, int], index: int) -> StagePlan:
    """Rings in one area: the fewest that hold the final biomass; fewer under pressure, down to the minimum."""
    start_day = sum(s.days for s in catalog.FRESHWATER_STAGES)
    begin = day0 + start_day
    low, high = params.rings
    options = [n for n in catalog.RING_OPTIONS if low <= n <= high] or [low]
    for count in ring_counts_to_try(final_biomass_kg, options):
        best: tuple[float, list[str]] | None = None
        for area in catalog.area_names(geo):
            rings = [r for r in catalog.ring_names(area) if free.get(r, -math.inf) <= begin]
            if len(rings) >= count:
                chosen = sorted(rings, key=lambda r: free.get(r, -math.inf))[:count]
                score = max(free.get(r, -math.inf) for r in chosen)
                if best is None or score < best[0]:
                    best = (score, chosen)
        if best is not None:
            for ring in best[1]:
                free[ring] = day0 + last_day
            return StagePlan(catalog.ADULT.name, tuple(sorted(best[1])), start_day, last_day)
    raise PlanningError(
        f"batch {index + 1} ({geo.name}): no sea area has {options[0]} free rings on day {begin}. "
        "Fix: a longer --stagger or a shorter --adult-days."
    )
