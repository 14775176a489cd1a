"""Sensor faults: a dropout, a stuck value, spikes and a slow drift, each on one sensor, planned per stage segment of
a batch from the batch's own random stream and the schedule's rates, applied to the readings the environment
made, and recorded as incidents (the ground truth, ``aquadata_incident``).

Each fault changes exactly the readings of its sensor inside its window, and each has a signature a documented
threshold detector finds on every day of its window that shows it, and that the ordinary readings never have
(docs/incidents.md):

- dropout: 3 to 24 reading slots (half a day to four days) with no reading;
- stuck: 2 to 5 whole days on which every reading is the window's first value;
- spikes: 1 to 3 readings a day over 1 or 2 days, each moved by twice the spike threshold;
- drift: a temperature sensor whose error grows linearly over 10 to 30 days to twice the drift threshold, then
  recalibrated; its neighbours (the batch's other containers, in the same water) show it. Slow enough (at most
  0.1 C a day) that no day of it spans a spike threshold.

A fault never touches a container's first or last day of the segment, never overlaps another fault on the same
sensor, and drift is planned only where at least ``DRIFT_NEIGHBOURS`` containers read the same water throughout,
one drifting sensor at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.engine import environment

KINDS = ("sensor_dropout", "sensor_stuck", "sensor_spikes", "sensor_drift")
SLOTS = len(environment.HOURS)
#: A temperature sensor's daily mean further than this from the mean of its batch's temperature sensors that day
#: is drifting: the sensors read the same water, with an error of 0.05 C (environment.BASELINES).
DRIFT_THRESHOLD_C = 0.5
#: How far a drifting sensor's error rises by the end of its window: twice the threshold, so that its last days
#: show it (the detector sees the last half of the window).
DRIFT_RISE_C = 2 * DRIFT_THRESHOLD_C
#: Containers of the batch that must read the same water as a drifting sensor, for their mean to show it (five:
#: the drifting one moves the mean by at most a fifth of its error).
DRIFT_NEIGHBOURS = 5


def spike_threshold(parameter: str) -> float:
    """A day whose readings of one sensor span more than this holds a spike. The ordinary span is the daily
    cycle over the six reading hours (1.7 times its amplitude) and the reading noise (a tenth of the daily sd):
    this is two cycles and three daily sds, ten reading-noise sds above any ordinary day."""
    _, _, sd, cycle, _ = environment.BASELINES[parameter]
    return 2 * cycle + 3 * sd


@dataclass(frozen=True)
class Fault:
    """One fault: its kind, the container (index in the segment) and parameter of its sensor, and its window as
    reading slots counted from the segment's first day (day * 6 + hour index), both ends included."""

    kind: str
    container: int
    parameter: str
    first: int
    last: int


def plan(rates: dict[str, float], parameters: tuple[str, ...], present: np.ndarray,
         rng: np.random.Generator) -> list[Fault]:
    """The segment's faults. ``present`` (containers, days) says which days each container holds fish (from its
    first day to its harvest). At most one fault of a kind per sensor and segment, with the chance a Poisson
    process of the kind's rate gives at least one; every draw is made whatever the rates, so a rate changes only
    its own kind's faults."""
    k, n = present.shape
    held = present.sum(axis=1)
    usable = np.maximum(held - 2, 0)  # not on a container's first or last day
    faults: list[Fault] = []
    taken: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for kind in KINDS:
        chance = 1 - np.exp(-rates.get(kind, 0.0) * usable[:, None] / 365 * np.ones(len(parameters)))
        hit = rng.random((k, len(parameters))) < chance
        where = rng.random((k, len(parameters), 4))  # start, length, spikes, signs: drawn for every sensor
        for c, p in zip(*np.nonzero(hit), strict=True):
            parameter = parameters[p]
            if kind == "sensor_drift" and parameter != "Temperature":
                continue
            window = _window(kind, int(usable[c]), where[c, p])
            if window is None:
                continue
            first, last = window[0] + SLOTS, window[1] + SLOTS  # after the container's first day
            days = range(first // SLOTS, last // SLOTS + 1)
            if kind == "sensor_drift" and present[:, days.start:days.stop].sum(axis=0).min() < DRIFT_NEIGHBOURS:
                continue
            clash = taken.get((int(c), parameter), []) + (taken.get((-1, kind), []) if kind == "sensor_drift" else [])
            if any(a <= last and first <= b for a, b in clash):
                continue
            taken.setdefault((int(c), parameter), []).append((first, last))
            taken.setdefault((-1, kind), []).append((first, last))
            faults.append(Fault(kind, int(c), parameter, first, last))
    return faults


def _window(kind: str, usable_days: int, draw: np.ndarray) -> tuple[int, int] | None:
    """(first, last) slot of a fault within ``usable_days`` days (counted from the first usable day)."""
    slots = usable_days * SLOTS
    if kind == "sensor_dropout":
        length = 3 + int(draw[1] * 22)  # 3 to 24 slots
    elif kind == "sensor_stuck":
        length = (2 + int(draw[1] * 4)) * SLOTS  # 2 to 5 whole days
    elif kind == "sensor_spikes":
        length = (1 + int(draw[1] * 2)) * SLOTS  # 1 or 2 whole days
    else:
        length = (10 + int(draw[1] * 21)) * SLOTS  # 10 to 30 whole days
    if length > slots:
        return None
    if kind == "sensor_dropout":
        first = int(draw[0] * (slots - length + 1))
    else:  # whole days
        first = int(draw[0] * (usable_days - length // SLOTS + 1)) * SLOTS
    return first, first + length - 1


def apply(faults: list[Fault], values: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Change ``values`` (parameter -> (containers, days, 6)) in place; return the readings a dropout removes, as
    a mask of the same shape per parameter."""
    dropped = {p: np.zeros(v.shape, dtype=bool) for p, v in values.items()}
    for fault in faults:
        series = values[fault.parameter][fault.container].reshape(-1)  # a view: (days * 6,)
        window = slice(fault.first, fault.last + 1)
        if fault.kind == "sensor_dropout":
            dropped[fault.parameter][fault.container].reshape(-1)[window] = True
        elif fault.kind == "sensor_stuck":
            series[window] = series[fault.first]
        elif fault.kind == "sensor_spikes":
            series[window] += _spikes(fault, float(series[window].mean()), rng)
        else:
            series[window] += np.linspace(0, DRIFT_RISE_C, fault.last - fault.first + 1)
    return dropped


def _spikes(fault: Fault, level: float, rng: np.random.Generator) -> np.ndarray:
    """One to three readings a day moved by twice the threshold, never all six of a day (a day moved whole would
    span what it spanned before); downwards only where the value stays above the parameter's lower bound."""
    length = fault.last - fault.first + 1
    slots = np.concatenate([d * SLOTS + rng.choice(SLOTS, size=int(rng.integers(1, 4)), replace=False)
                            for d in range(length // SLOTS)])
    size = 2 * spike_threshold(fault.parameter)
    low = environment.BASELINES[fault.parameter][4]
    signs = np.where(rng.random(len(slots)) < 0.5, -1.0, 1.0) if level - size > low + size else np.ones(len(slots))
    shift = np.zeros(length)
    shift[slots] = signs * size
    return shift
