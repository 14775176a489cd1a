"""Every bound that generation would otherwise hit, checked when a schedule is loaded.

A schedule that passes these checks generates without a database error (tests/test_schedule_limits.py
proves it with Hypothesis). Each bound comes from a column or a rule of the engine, named beside it,
so a refused schedule says which field to change and why, before anything is written.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan.model import Schedule, StagePlan

#: PositiveIntegerField columns (population_count, total_eggs_planned, transferred_count, ...) are int4.
INT4_MAX = 2**31 - 1
#: Fish per container at the batch's start. The shipped profiles put 300,000-380,000 eggs in each of
#: 10 trays; this allows about 2.6 times that, which keeps every count within int4 and every stage's
#: daily feed within its silo's or barge's share.
MAX_FISH_PER_CONTAINER = 1_000_000
#: A farmed salmon's life from egg to harvest is 2-3 years; a longer plan is a typing error, and the
#: rows of one batch grow with its days.
MAX_LIFETIME_DAYS = 1_500
#: The engine writes feed expiry dates a year after a purchase and readers (psycopg, Django) hold
#: dates up to 9999-12-31; before 1900 the feed price index (from 2015) and the temperature profiles
#: have no meaning.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(9998, 12, 31)
#: batch_batch.batch_number and the workflow numbers built from it ("TRF-{batch_number}-{n}") are
#: varchar(50).
MAX_BATCH_NUMBER_LENGTH = 40
#: aquadata_run.schedule_name is varchar(255).
MAX_NAME_LENGTH = 255


def problems(schedule: Schedule) -> list[str]:
    """Every bound the schedule breaks, each naming the batch and the field."""
    out: list[str] = []
    if len(schedule.name) > MAX_NAME_LENGTH or not schedule.name.isprintable():
        out.append(f"metadata.name: must be at most {MAX_NAME_LENGTH} printable characters")
    if not EARLIEST_DATE <= schedule.history_end <= LATEST_DATE:
        out.append(f"metadata.history_end: {schedule.history_end} is outside {EARLIEST_DATE} to {LATEST_DATE}")
    for batch in schedule.batches:
        label = f"batch {batch.batch_number}"
        if len(batch.batch_number) > MAX_BATCH_NUMBER_LENGTH or not batch.batch_number.isprintable():
            label = f"batch #{batch.index + 1}"  # its number is what is wrong: name it by its place
            out.append(f"{label}: batch_number must be at most {MAX_BATCH_NUMBER_LENGTH} printable characters, not "
                       f"{len(batch.batch_number)} ({batch.batch_number[:20]!r}...)")
        if batch.harvest_day > MAX_LIFETIME_DAYS:
            out.append(f"{label}: harvest_day {batch.harvest_day} is longer than a salmon's farmed life "
                       f"(at most {MAX_LIFETIME_DAYS} days)")
        last_day = add_days(batch.start_date, min(batch.harvest_day, MAX_LIFETIME_DAYS))
        if batch.start_date < EARLIEST_DATE or last_day is None or last_day > LATEST_DATE:
            out.append(f"{label}: start_date {batch.start_date} puts its life outside {EARLIEST_DATE} to {LATEST_DATE}")
        if batch.start_date > schedule.history_end:
            out.append(f"{label}: start_date {batch.start_date} is after the history end {schedule.history_end}, so "
                       "the batch would have no history (move metadata.history_end, or remove the batch)")
        out += _fish_per_container(label, batch.eggs, [(s.stage, len(s.containers)) for s in batch.stages])
        out += _one_site_per_stage(label, batch.stages)
    out += _batches_per_barge(schedule)
    return out


def _fish_per_container(label: str, eggs: int, stages: list[tuple[str, int]]) -> list[str]:
    if eggs > INT4_MAX:
        return [f"{label}: eggs {eggs:,} does not fit the egg and population columns (at most {INT4_MAX:,})"]
    out = []
    for stage, containers in stages:
        per_container = math.ceil(eggs / containers)
        if per_container > MAX_FISH_PER_CONTAINER:
            out.append(f"{label}: eggs {eggs:,} over {containers} {stage} containers is {per_container:,} fish "
                       f"per container, more than {MAX_FISH_PER_CONTAINER:,} (lower eggs or add containers)")
        elif eggs < containers:
            out.append(f"{label}: eggs {eggs:,} leaves {stage} containers empty (fewer eggs than its {containers} "
                       "containers)")
    return out


def _one_site_per_stage(label: str, stages: tuple[StagePlan, ...]) -> list[str]:
    """A stage feeds from one silo or barge, so its containers stand in one hall or one sea area."""
    out = []
    for plan in stages:
        sites = {_site(name) for name in plan.containers}
        if len(sites) > 1:
            out.append(f"{label}: stages.{plan.stage}: containers must stand in one "
                       f"{'sea area' if plan.stage == catalog.ADULT.name else 'hall'}, not {len(sites)} "
                       f"({', '.join(sorted(sites))})")
    return out


def _batches_per_barge(schedule: Schedule) -> list[str]:
    """An area's barges are shared by at most two batches at once (each owns half the feed stock)."""
    windows: dict[str, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for batch in schedule.batches:
        adult = batch.stages[-1]
        area = _site(adult.containers[0])
        begin, end = add_days(batch.start_date, adult.start_day), add_days(batch.start_date, adult.end_day)
        if begin is None or end is None:
            continue  # reported as a date out of range
        windows[area].append((begin, 1, batch.batch_number))
        windows[area].append((end, -1, batch.batch_number))
    out = []
    for area, events in windows.items():
        present = 0
        for _day, step, number in sorted(events):
            present += step
            if present > catalog.BATCHES_PER_BARGE:
                out.append(f"batch {number}: stages.Adult: area {area} would hold {present} batches at once, more "
                           f"than the {catalog.BATCHES_PER_BARGE} its feed barges serve (use another area)")
    return out


def add_days(day: dt.date, days: int) -> dt.date | None:
    """``day`` plus ``days``, or None past the dates Python can hold (year 9999)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def _site(container: str) -> str:
    """The hall (``FI-FW-01-B``) or sea area (``FI-SEA-01``) a container name belongs to."""
    site, letter = catalog.container_place(container)
    return f"{site}-{letter}" if letter else site
