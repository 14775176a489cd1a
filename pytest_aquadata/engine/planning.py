"""The batch's plan as planned activities (domain.md, section 8): what the schedule plans when the batch is created,
each stage change, the Parr vaccination and the harvest, with the schedule's due dates, and a status that follows
what the engine made happen: completed on the day it happened (a harvest on its last ring's day, which the fish's
growth decides, not the plan), in progress (a harvest begun), or pending (not yet, or not yet due).

And each delousing, planned when the count over the threshold comes in, due the next morning (engine/lice.py). A storm
postpones it (engine/infestation.py): a day's wait is a delousing done late; a longer one cancels the plan, and the
delousing is planned again for the first calm day, done then."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.farm.biology import TREATMENTS
from pytest_aquadata.farm.catalog import VACCINATION_DAY, VACCINATION_STAGE
from pytest_aquadata.rows import Column, Labels, Nullable, TableRows, by_table

#: A day's activity is done, and marked done, at noon.
DONE_AT = np.timedelta64(12, "h")
#: The tables of the batch the plan's statuses are read from (the readings and the rest are never concatenated here).
READS = ("batch_batch", "scenario", "batch_batchcontainerassignment", "batch_batchtransferworkflow",
         "health_treatment", "harvest_harvestevent", "health_licecount")
#: A delousing that waits longer than this for a storm to pass is cancelled and planned again (the module's docstring).
LATE_DAYS = 1


@dataclass(frozen=True)
class Activity:
    kind: str
    due: np.datetime64
    note: str
    container: int
    done: np.datetime64 | None = None  # the day it happened
    begun: bool = False  # under way (a harvest of some of the rings)
    workflow: int = 0  # the transfer workflow it spawned
    planned: np.datetime64 | None = None  # the day it was planned, if not the batch's first
    cancelled: bool = False


def rows(ctx: BatchContext, made: list[TableRows]) -> list[TableRows]:
    """The planned activities of the batch whose other rows are ``made``; none before it starts."""
    of = by_table(made, READS)
    if "batch_batchcontainerassignment" not in of:
        return []
    activities = _transfers(ctx, of) + _vaccination(ctx, of) + [_harvest(ctx, of)] + _delousings(of)
    k = len(activities)
    done = np.array([a.done if a.done is not None else np.datetime64("NaT") for a in activities], dtype="datetime64[D]")
    finished = ~np.isnat(done)
    begun = np.array([a.begun for a in activities])
    cancelled = np.array([a.cancelled for a in activities])
    containers = np.array([a.container for a in activities], dtype=np.int64)
    managers = ctx.ids.recorders.get("manager")
    people = managers[containers] if managers is not None else np.zeros(k, dtype=np.int64)
    people = np.where(people == 0, ctx.ids.system_user, people).astype(np.int32)
    workflows = np.array([a.workflow for a in activities], dtype=np.int64)
    return [TableRows("planning_plannedactivity", k, dict(
        id=ctx.block.take("planned_activity", k), scenario_id=np.full(k, _only(of["scenario"].data["scenario_id"])),
        batch_id=np.full(k, ctx.bid), activity_type=_labels([a.kind for a in activities]),
        due_date=np.array([a.due for a in activities], dtype="datetime64[D]"),
        status=Labels(np.where(finished, 0, np.where(begun, 1, np.where(cancelled, 3, 2))),
                      ["COMPLETED", "IN_PROGRESS", "PENDING", "CANCELLED"]),
        container_id=containers, notes=_labels([a.note for a in activities]),
        completed_at=Nullable(np.where(finished, done, ctx.start).astype("datetime64[us]") + DONE_AT, ~finished),
        completed_by_id=Nullable(people, ~finished), transfer_workflow_id=Nullable(workflows, workflows == 0),
        planned_on=np.array([ctx.start if a.planned is None else a.planned for a in activities], dtype="datetime64[D]")))]


def _transfers(ctx: BatchContext, of: dict[str, TableRows]) -> list[Activity]:
    """A transfer per stage change of the plan, done by the n-th transfer workflow if it happened."""
    part = of.get("batch_batchtransferworkflow")
    moved = sorted(zip(_array(part, "planned_start_date"), _array(part, "actual_start_date"), _array(part, "id"),
                       strict=True)) if part else []
    out = []
    for n, (before, after) in enumerate(zip(ctx.batch.stages, ctx.batch.stages[1:], strict=False)):
        happened = moved[n] if n < len(moved) else None
        out.append(Activity("TRANSFER", ctx.start + after.start_day, f"{before.stage} to {after.stage}",
                            ctx.ids.containers[after.containers[0]], None if happened is None else happened[1],
                            workflow=0 if happened is None else int(happened[2])))
    return out


def _vaccination(ctx: BatchContext, of: dict[str, TableRows]) -> list[Activity]:
    """The Parr vaccination (engine/health.py), done on the day of the batch's first vaccination."""
    parr = next((s for s in ctx.batch.stages if s.stage == VACCINATION_STAGE), None)
    if parr is None:
        return []
    part = of.get("health_treatment")
    days = ([t for t, kind in zip(_array(part, "treatment_date"), _texts(part, "treatment_type"), strict=True)
             if kind == "vaccination"] if part else [])
    return [Activity("VACCINATION", ctx.start + parr.start_day + VACCINATION_DAY, "Parr vaccination",
                     ctx.ids.containers[parr.containers[0]], min(days).astype("datetime64[D]") if days else None)]


def _harvest(ctx: BatchContext, of: dict[str, TableRows]) -> Activity:
    """The harvest, due when the rings' reservation ends; done on the day of the last ring's harvest."""
    part = of.get("harvest_harvestevent")
    completed = of["batch_batch"].data["status"] == "COMPLETED"
    last = _array(part, "event_date").max().astype("datetime64[D]") if part and completed else None
    return Activity("HARVEST", ctx.start + ctx.batch.harvest_day, "Harvest at the end of the rings' reservation",
                    ctx.ids.containers[ctx.batch.stages[-1].containers[0]], last, begun=part is not None and not completed)


def _delousings(of: dict[str, TableRows]) -> list[Activity]:
    """Each delousing (engine/lice.py), planned on the day of the count that called for it and due the next morning;
    done then, or LATE_DAYS late, or else cancelled and planned again for the day it was done (the module's
    docstring)."""
    part, counts = of.get("health_treatment"), of.get("health_licecount")
    if part is None or counts is None:
        return []
    names = {t[1] for t in TREATMENTS}
    counted = _array(counts, "count_date").astype("datetime64[D]")
    counted_in = _array(counts, "container_id")
    out = []
    for when, container, what in zip(_array(part, "treatment_date"), _array(part, "container_id"),
                                      _texts(part, "description"), strict=True):
        if what not in names:
            continue
        day = when.astype("datetime64[D]")
        count = counted[(counted_in == container) & (counted < day)].max()
        due = count + np.timedelta64(1, "D")
        if day - due <= np.timedelta64(LATE_DAYS, "D"):
            out.append(Activity("TREATMENT", due, what, int(container), day, planned=count))
            continue
        out.append(Activity("TREATMENT", due, f"{what}: postponed, a storm", int(container), planned=count,
                            cancelled=True))
        out.append(Activity("TREATMENT", day, f"{what}: planned again after the storm", int(container), day,
                            planned=due))
    return out


def _array(part: TableRows | None, column: str) -> np.ndarray:
    value: Column = part.data[column] if part else None
    assert isinstance(value, np.ndarray), f"{column} is an array"
    return value


def _only(value: Column) -> int:
    assert isinstance(value, np.ndarray)
    return int(value[0])


def _labels(values: list[str]) -> Labels:
    labels = list(dict.fromkeys(values))
    return Labels(np.array([labels.index(v) for v in values], dtype=np.int64), labels)


def _texts(part: TableRows | None, column: str) -> list[str | None]:
    value = part.data[column] if part else None
    if isinstance(value, Labels):
        return [value.labels[c] for c in value.codes]
    return [value if isinstance(value, str) else None] * (part.rows if part else 0)
