"""Low oxygen and storms as one batch lives them in its sea area: the labels (``aquadata_incident`` rows, scope the
area and the batch) of the bad days its own rows show.

The events are the area's (farm/events.py); what they do to the fish is the lifecycle's. A label is written by
each batch whose rows show the event, in the same transaction as those rows, so two batches in an area during a
storm write two labels with the same area and window.

- low oxygen: the detector (docs/incidents.md, verify/readings.py) takes, per day, the mean of the daily means of
  the batch's sea oxygen sensors that show no sensor fault that day, and alarms below ``ALARM_PCT``; alarm days
  less than ``MERGE_GAP_DAYS`` apart make one window. The engine runs the same detector on the readings it writes,
  so every window is labelled: planned when a low-oxygen event of the area overlaps it, natural (a warm summer's
  own) otherwise. A batch that lives only an event's shallow edge, never under the alarm, shows none and gets none.
- storm: every event of the area on whose days the batch holds fish at sea: no ring of it is fed on those days.
- lice outbreak: the detector is a ring's weekly count over the treatment threshold the week after its delousing.
  An outbreak of the area whose window holds such a count of the batch is labelled with its window; a count
  outside every outbreak is labelled natural (lice that one delousing did not clear in ordinary times).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine import faults
from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.infestation import ADULT_FEMALE, TYPES
from pytest_aquadata.engine.labels import Lived
from pytest_aquadata.engine.lifecycle import Segment
from pytest_aquadata.farm import biology, catalog, events

OXYGEN = "Dissolved Oxygen"
#: The area's oxygen alarm, % saturation: under domain.md's safe 80-100 % range by the sensors' spread, so that
#: only the warmest summers' days reach it without a low-oxygen spell.
ALARM_PCT = 86.0
#: Alarm days this many days apart or fewer belong to one window (a day's noise does not end a spell).
MERGE_GAP_DAYS = 2
FEEDING_HOURS = np.array(catalog.FEEDING_HOURS)


def oxygen_alarm(values: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """(days,) whether the detector alarms on each day, from the oxygen readings (k, days, 6) and which of them
    were written (``kept``: the ring held fish and its sensor did not drop out). A sensor-day shows a fault when it
    has fewer than six readings, six equal ones, or a span over the spike threshold; those are left out."""
    full = kept.sum(axis=2) == faults.SLOTS
    lo, hi = values.min(axis=2), values.max(axis=2)
    clean = full & (lo != hi) & (hi - lo <= faults.spike_threshold(OXYGEN))
    sensors = clean.sum(axis=0)
    mean = np.where(clean, values.mean(axis=2), 0.0).sum(axis=0) / np.maximum(sensors, 1)
    return (sensors > 0) & (mean < ALARM_PCT)


def windows(alarm: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) day of each window: runs of alarm days, merged across gaps of up to MERGE_GAP_DAYS days."""
    days = np.flatnonzero(alarm)
    if not len(days):
        return []
    cut = np.flatnonzero(np.diff(days) > MERGE_GAP_DAYS + 1)
    return [(int(days[a]), int(days[b])) for a, b in zip(np.r_[0, cut + 1], np.r_[cut, len(days) - 1], strict=True)]


def labels(ctx: BatchContext, seg: Segment, oxygen: np.ndarray, kept: np.ndarray, times: np.ndarray) -> list[Lived]:
    """The segment's labels: its low-oxygen windows, from the oxygen readings (k, days, 6) it writes and their
    times (days, 6), and the storms it lived."""
    area = catalog.container_place(seg.containers[0])[0]
    first = ctx.batch.start_date + dt.timedelta(days=seg.start_day)
    planned = events.events(ctx.seed, area, first, seg.days, ctx.incidents)
    out: list[Lived] = []
    for a, b in windows(oxygen_alarm(oxygen, kept)):
        spell = any(e.kind == "low_oxygen" and e.days_from(first)[0] <= b and a <= e.days_from(first)[1]
                    for e in planned)
        out.append(Lived("low_oxygen", times[a, 0], times[b, -1], natural=not spell, area=True))
    out += _lice(ctx, seg, first, planned)
    for event in planned:
        lo, hi = event.days_from(first)
        if event.kind == "storm" and seg.present[:, max(lo, 0):max(hi + 1, 0)].any():
            day = np.datetime64(event.first, "D").astype("datetime64[us]")
            out.append(Lived("storm", day + np.timedelta64(int(FEEDING_HOURS[0]), "h"),
                             day + np.timedelta64(hi - lo, "D") + np.timedelta64(int(FEEDING_HOURS[-1]), "h"), area=True))
    return out


def lice_signatures(seg: Segment) -> np.ndarray:
    """(k, weeks) a ring's count over the treatment threshold the week after its delousing: lice that treatment did
    not clear (the detector of docs/incidents.md)."""
    lice = seg.lice
    assert lice is not None
    over = lice.counts[:, :, TYPES.index(ADULT_FEMALE)] > biology.LICE_THRESHOLD * catalog.LICE_FISH_SAMPLED
    after = np.zeros(lice.treated.shape, dtype=bool)
    after[:, 1:] = seg.deloused[:, :-1]
    return seg.lice_counted & over & after


def _lice(ctx: BatchContext, seg: Segment, first: dt.date, planned: list[events.AreaEvent]) -> list[Lived]:
    """A lice outbreak of the area whose window holds a signature of the batch's rings, labelled with the event's
    window; a signature outside every outbreak, labelled natural, from the count before it (whose delousing did not
    clear the lice) to its own."""
    if seg.lice is None or not len(seg.lice.count_days):
        return []
    weeks = np.flatnonzero(lice_signatures(seg).any(axis=0))
    days = seg.lice.count_days[weeks]
    start = np.datetime64(first, "D").astype("datetime64[us]")
    out, covered = [], np.zeros(len(weeks), dtype=bool)
    for event in planned:
        lo, hi = event.days_from(first)
        inside = (days >= lo) & (days <= hi)
        if event.kind == "lice_outbreak" and inside.any():
            covered |= inside
            out.append(Lived("lice_outbreak", start + np.timedelta64(lo, "D"),
                             start + np.timedelta64(hi + 1, "D") - np.timedelta64(1, "s"), area=True))
    count_time = start + np.timedelta64(catalog.LICE_COUNT_HOUR, "h")
    out += [Lived("lice_outbreak", count_time + np.timedelta64(int(d) - 7, "D"), count_time + np.timedelta64(int(d), "D"),
                  natural=True, area=True) for d in days[~covered]]
    return out
