"""Capacity math, done before placement, so an impossible request fails at once with the numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pytest_aquadata.farm import catalog


@dataclass(frozen=True)
class CapacityProblem:
    geography: str
    stage: str
    needed: int
    available: int
    overlapping_batches: int
    containers_per_batch: int


class CapacityError(Exception):
    """The request cannot fit the infrastructure; the message gives the numbers and what would fit."""


def check(batches_per_geography: int, stagger: int, adult_days: int, min_rings: int) -> None:
    """Raise CapacityError unless every stage of every geography fits, with the options that would."""
    problems = problems_for(batches_per_geography, stagger, adult_days, min_rings)
    if not problems:
        return
    lines = [
        f"the plan does not fit: {batches_per_geography} batches per geography, a {stagger}-day global stagger "
        f"({2 * stagger} days within a geography), {adult_days} adult days, at least {min_rings} rings per batch."
    ]
    for p in problems:
        lines.append(
            f"  {p.geography} {p.stage}: {p.overlapping_batches} overlapping batches x {p.containers_per_batch} "
            f"containers = {p.needed} needed, {p.available} exist"
        )
    lines.append("Options that would fit:")
    lines.append(f"  --stagger {min_stagger(batches_per_geography, adult_days, min_rings)} (a longer stagger)")
    shorter = max_adult_days(batches_per_geography, stagger, min_rings)
    if shorter > 0:
        lines.append(f"  --adult-days {shorter} (a shorter adult stage)")
    fewest = fewest_rings(batches_per_geography, stagger, adult_days)
    if fewest is not None:
        lines.append(f"  --rings {fewest}-{catalog.RING_OPTIONS[-1]} (fewer rings per batch at least)")
    fewer = max_batches(stagger, adult_days, min_rings)
    lines.append(
        f"  --batches-per-geography {fewer} (fewer batches)" if fewer else "  (no batch count fits at this stagger)"
    )
    raise CapacityError("\n".join(lines))


def overlapping(stage_days: int, stagger: int, batches_per_geography: int) -> int:
    """How many batches of one geography occupy a stage on the same day, at most."""
    return min(batches_per_geography, math.ceil(stage_days / (2 * stagger)))


def problems_for(batches_per_geography: int, stagger: int, adult_days: int, min_rings: int) -> list[CapacityProblem]:
    problems = []
    for geo in catalog.GEOGRAPHIES:
        for stage in catalog.STAGES:
            days = adult_days if stage.hall_letter is None else stage.days
            per_batch = min_rings if stage.hall_letter is None else catalog.TANKS_PER_HALL
            # a batch's rings stand in one area, whose barges serve at most two batches: whole batches per area
            per_area = min(catalog.RINGS_PER_AREA // per_batch, catalog.BATCHES_PER_BARGE) * per_batch
            available = geo.areas * per_area if stage.hall_letter is None else geo.stations * catalog.TANKS_PER_HALL
            n = overlapping(days, stagger, batches_per_geography)
            if n * per_batch > available:
                problems.append(CapacityProblem(geo.name, stage.name, n * per_batch, available, n, per_batch))
    return problems


def min_stagger(batches_per_geography: int, adult_days: int, min_rings: int) -> int:
    stagger = 1
    while problems_for(batches_per_geography, stagger, adult_days, min_rings):
        stagger += 1
    return stagger


def max_adult_days(batches_per_geography: int, stagger: int, min_rings: int) -> int:
    days = 0
    while days < 2000 and not problems_for(batches_per_geography, stagger, days + 1, min_rings):
        days += 1
    return days


def fewest_rings(batches_per_geography: int, stagger: int, adult_days: int) -> int | None:
    fits = [r for r in range(1, catalog.RING_OPTIONS[0] + 1)
            if not problems_for(batches_per_geography, stagger, adult_days, r)]
    return max(fits) if fits else None


def max_batches(stagger: int, adult_days: int, min_rings: int) -> int:
    """The most batches per geography that fit; 0 if even one does not. Overlap stops growing once
    a stage's window is full, so the search ends there."""
    ceiling = max(overlapping(adult_days, stagger, 10**6), overlapping(catalog.STAGES[0].days, stagger, 10**6))
    n = 0
    while n <= ceiling and not problems_for(n + 1, stagger, adult_days, min_rings):
        n += 1
    return 10**6 if n > ceiling else n
