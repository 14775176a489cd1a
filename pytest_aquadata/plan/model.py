"""The schedule as immutable data: batches, their stage windows and containers, and the parameters."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class StagePlan:
    """A stage's containers over days [start_day, end_day) counted from the batch's start date."""

    stage: str
    containers: tuple[str, ...]
    start_day: int
    end_day: int


@dataclass(frozen=True)
class PlannedBatch:
    index: int
    batch_number: str
    geography: str
    start_date: dt.date
    eggs: int
    harvest_kg: float
    harvest_day: int  # the day (from start) the batch is harvested; its last day alive is harvest_day - 1
    stages: tuple[StagePlan, ...]

    def end_date(self) -> dt.date:
        return self.start_date + dt.timedelta(days=self.harvest_day)

    def days_alive(self, history_end: dt.date) -> int:
        """How many days of history this batch has on ``history_end`` (0 if not started yet)."""
        return max(0, min(self.harvest_day, (history_end - self.start_date).days + 1))

    def is_completed(self, history_end: dt.date) -> bool:
        return (history_end - self.start_date).days + 1 > self.harvest_day


@dataclass(frozen=True)
class Schedule:
    name: str
    parameters: dict[str, Any]
    history_end: dt.date
    batches: tuple[PlannedBatch, ...]
    shift_days: int = field(default=0)
    #: Incident kind -> rate (plan/incidents.py); the defaults unless the file says otherwise.
    incidents: dict[str, float] = field(default_factory=dict)

    def shifted_to(self, history_end: dt.date) -> Schedule:
        """The same schedule with every date moved so that its history ends on ``history_end``."""
        delta = dt.timedelta(days=(history_end - self.history_end).days)
        if not delta:
            return self
        return replace(
            self,
            history_end=history_end,
            shift_days=self.shift_days + delta.days,
            batches=tuple(replace(b, start_date=b.start_date + delta) for b in self.batches),
        )

    def digest(self) -> str:
        """A content digest of the plan (dates as planned, before any shift)."""
        payload = {
            "parameters": self.parameters,
            "incidents": self.incidents,
            "batches": [
                [b.batch_number, b.geography, (b.start_date - dt.timedelta(days=self.shift_days)).isoformat(),
                 b.eggs, b.harvest_kg, b.harvest_day,
                 [[s.stage, list(s.containers), s.start_day, s.end_day] for s in b.stages]]
                for b in self.batches
            ],
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
