"""What the engine makes of a schedule, without writing a row: the day each batch's rings leave the sea.

A ring is harvested when its fish reach the target, so its harvest day is an outcome of the weather and the
fish, not a date in the plan. The checks (rows per table, status and stage by age, containers in use) ask
this for every batch: the same simulation the workers ran, with the same streams, neighbours and area events.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from pytest_aquadata.engine.context import BatchContext, Ids
from pytest_aquadata.engine.lifecycle import neighbours_of, simulate
from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.plan.occupancy import AreaStock

#: batch index -> the day (from its start) each of its rings' fish leave the sea, in the plan's ring order
Leaves = dict[int, tuple[int, ...]]


def sea_leaves(schedule: Schedule, seed: int, history_end: dt.date, part: tuple[int, int] = (0, 1)) -> Leaves:
    """Every batch that reached the sea by ``history_end``: the day each ring is (or, past the history, would at
    the latest be) emptied. ``part`` (k, n): only the batches whose index is k modulo n, so that processes can split
    the simulations (on full, 3.8 s of CPU) and merge their answers."""
    stock = AreaStock.of_schedule(schedule)
    out: Leaves = {}
    k, n = part
    for batch in schedule.batches:
        if batch.index % n != k:
            continue
        sea = batch.stages[-1]
        if sea.stage != catalog.ADULT.name or batch.days_alive(history_end) <= sea.start_day:
            continue
        life = simulate(BatchContext(batch, cast(Ids, None), seed, history_end, schedule.incidents),
                        neighbours_of(stock, batch.index))
        out[batch.index] = tuple(int(d) for d in life.segments[-1].leaves)
    return out
