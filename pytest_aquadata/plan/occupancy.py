"""Which rings of each sea area other batches stock on each day: part of the lice's infection pressure.

Computed from the plan alone (the schedule's reservations, or the assignments a database already holds), so
any process that writes a batch knows its neighbours without asking what another process wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import Schedule

#: (owner, first day, end day or None) of one ring's stock: the owner is a batch index (or -1 when unknown)
Stay = tuple[int, dt.date, dt.date | None]


class AreaStock:
    """Rings stocked per sea area over time; ``others(batch_index)`` is what the engine asks for."""

    def __init__(self, stays: Mapping[str, Sequence[Stay]]):
        self._stays = stays

    @classmethod
    def of_schedule(cls, schedule: Schedule) -> AreaStock:
        """Every batch's rings for their reserved sea window."""
        stays: dict[str, list[Stay]] = {}
        for batch in schedule.batches:
            sea = batch.stages[-1]
            if sea.stage != catalog.ADULT.name:
                continue
            first, end = (batch.start_date + dt.timedelta(days=d) for d in (sea.start_day, sea.end_day))
            for ring in sea.containers:
                stays.setdefault(catalog.container_place(ring)[0], []).append((batch.index, first, end))
        return cls(stays)

    @classmethod
    def of_assignments(cls, busy: Mapping[str, Sequence[tuple[dt.date, dt.date | None]]]) -> AreaStock:
        """The rings a database's assignments hold (container name -> [start, end) dates), owners unknown."""
        stays: dict[str, list[Stay]] = {}
        for container, spans in busy.items():
            area, letter = catalog.container_place(container)
            if letter is None:
                stays.setdefault(area, []).extend((-1, start, end) for start, end in spans)
        return cls(stays)

    def rings(self, area: str, first: dt.date, days: int, exclude: int) -> np.ndarray:
        """(days,) rings of ``area`` stocked by batches other than ``exclude`` on each day from ``first``."""
        out = np.zeros(days)
        for owner, start, end in self._stays.get(area, ()):
            if owner == exclude:
                continue
            lo = max((start - first).days, 0)
            hi = days if end is None else min((end - first).days, days)
            if lo < hi:
                out[lo:hi] += 1
        return out
