"""Bad days over a sea area: low-oxygen spells, storms and lice outbreaks, planned per (seed, area, year) from the schedule's
rates, so every ring of the area lives the same event, whichever batch is in it and whichever process writes it.

Like farm/weather.py, an event is a property of (place, date) alone: the events overlapping any days of an area
are the same however the days are asked for. Each kind draws from its own stream, keyed by (seed, kind, area,
season), so a rate changes only its own kind's events.

- low oxygen: a warm spell or an algal bloom in summer (July to September). Dissolved oxygen falls over 2 to 4
  days to a floor of 60-72 % saturation, stays there 1 to 4 days and recovers over 2 to 3. The water's oxygen is
  the lower of the warm water's (weather.oxygen_saturation) and the event's.
- storm: one to three days in the storm season (October to March) on which no ring of the area is fed.
- lice outbreak: ten to fourteen weeks from a summer's day (June to August). For its first four to six weeks lice
  from wild fish or a neighbouring site settle on the area's fish 15-30 times as fast as the area's own stock
  explains; they are a resistant strain, and to the outbreak's end a delousing keeps only 10-30 % of its efficacy
  (resistance to the common delousing treatments is widespread: Aaen 2015; the new lice take a month and more to
  grow into the adult females a count is judged by: Stien 2005).

Aaen 2015: S.M. Aaen et al., "Drug resistance in sea lice: a threat to salmonid aquaculture", Trends in
Parasitology 31: 72-81. Stien 2005: see farm/biology.py.

What the fish do about either (eat less, die of low oxygen, grow less) is the engine's (engine/lifecycle.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from pytest_aquadata.farm import weather

EVENT_STREAM = 0xE7E7
KINDS = ("low_oxygen", "storm", "lice_outbreak")
#: (first month, months) of each kind's season: a season is named by the year it starts in.
SEASONS = {"low_oxygen": (7, 3), "storm": (10, 6), "lice_outbreak": (6, 3)}
OXYGEN_FLOOR_PCT = (60.0, 72.0)
#: A lice outbreak: its weeks, the weeks lice settle faster and how many times, and the share of a delousing's
#: efficacy left (each from, to).
LICE_WEEKS = (10, 14)
LICE_INFLUX_WEEKS = (4, 6)
LICE_INFLUX = (15.0, 30.0)
LICE_EFFICACY_KEPT = (0.1, 0.3)


@dataclass(frozen=True)
class AreaEvent:
    """One event over an area: its kind, first and last day (both included); for low oxygen the saturation it
    falls to and the days it takes to fall and to hold there; for a lice outbreak the days (``holding``) and how
    much faster lice settle, and the share of a delousing's efficacy left."""

    kind: str
    first: dt.date
    last: dt.date
    floor_pct: float = 0.0
    falling: int = 0
    holding: int = 0
    influx: float = 1.0
    efficacy_kept: float = 1.0

    def days_from(self, first: dt.date) -> tuple[int, int]:
        """(first, last) day of the event counted from ``first``: the indexes of a series that starts there."""
        return (self.first - first).days, (self.last - first).days


def events(seed: int, area: str, first: dt.date, days: int, rates: dict[str, float]) -> list[AreaEvent]:
    """The events of ``area`` that overlap the ``days`` days from ``first``, in time order."""
    last = first + dt.timedelta(days=days - 1)
    out = []
    for kind in KINDS:
        rate = rates.get(kind, 0.0)
        if rate <= 0:
            continue
        for year in range(first.year - 1, last.year + 1):
            out += [e for e in _season(seed, area, kind, year, rate) if e.first <= last and first <= e.last]
    return sorted(out, key=lambda e: (e.first, e.kind))


def oxygen_pct(seed: int, area: str, water_c: np.ndarray, first: dt.date, rates: dict[str, float]) -> np.ndarray:
    """(k, days) the dissolved oxygen of the area's water (k rows of the same sea) on each day from ``first``: the
    warm water's saturation, lowered inside a low-oxygen event."""
    days = water_c.shape[-1]
    normal = weather.oxygen_saturation(water_c)
    depth = np.zeros(days)  # 0 outside an event, 1 at its floor
    floor = np.zeros(days)
    for event in events(seed, area, first, days, rates):
        if event.kind != "low_oxygen":
            continue
        t = np.arange((event.last - event.first).days + 1)
        rising = t >= event.falling + event.holding
        shape = np.where(t < event.falling, (t + 1) / event.falling, 1.0)
        shape = np.where(rising, 1 - (t - event.falling - event.holding + 1) / (len(t) - event.falling - event.holding + 1),
                         shape)
        offset = event.days_from(first)[0]
        keep = (offset + t >= 0) & (offset + t < days)
        depth[offset + t[keep]] = shape[keep]
        floor[offset + t[keep]] = event.floor_pct
    return np.minimum(normal, normal * (1 - depth) + floor * depth)


def storm_days(seed: int, area: str, first: dt.date, days: int, rates: dict[str, float]) -> np.ndarray:
    """(days,) whether a storm stops the feeding of the area on each day from ``first``."""
    out = np.zeros(days, dtype=bool)
    for event in events(seed, area, first, days, rates):
        if event.kind == "storm":
            lo, last = event.days_from(first)
            out[_within(lo, last + 1, days)] = True
    return out


def lice_pressure(seed: int, area: str, first: dt.date, days: int, rates: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """(influx, efficacy kept), each (days,): how many times faster lice settle in the area on each day from
    ``first``, and the share of a delousing's efficacy left; 1 outside a lice outbreak."""
    influx, kept = np.ones(days), np.ones(days)
    for event in events(seed, area, first, days, rates):
        if event.kind == "lice_outbreak":
            lo, last = event.days_from(first)
            kept[_within(lo, last + 1, days)] = event.efficacy_kept
            influx[_within(lo, lo + event.holding, days)] = event.influx  # the influx's days
    return influx, kept


def _within(lo: int, end: int, days: int) -> slice:
    """Days [lo, end) of an event, cut to a series of ``days`` days (either end may lie outside it)."""
    return slice(max(lo, 0), max(min(end, days), 0))


def _season(seed: int, area: str, kind: str, year: int, rate: float) -> list[AreaEvent]:
    """A season's events of one kind: a Poisson number at the rate per area-year, at uniform days of the season;
    one that would overlap an earlier one of the season is dropped."""
    geo, number = weather.area_key(area)
    rng = np.random.default_rng([seed, EVENT_STREAM, KINDS.index(kind), geo, number, year])
    month, months = SEASONS[kind]
    start = dt.date(year, month, 1)
    end = dt.date(year + (month + months - 1) // 12, (month + months - 1) % 12 + 1, 1)
    span = (end - start).days
    out: list[AreaEvent] = []
    for draw in rng.random((rng.poisson(rate), 5)):
        day = start + dt.timedelta(days=int(draw[0] * span))
        if kind == "storm":
            event = AreaEvent(kind, day, day + dt.timedelta(days=int(draw[1] * 3)))
        elif kind == "lice_outbreak":
            weeks = LICE_WEEKS[0] + int(draw[1] * (LICE_WEEKS[1] - LICE_WEEKS[0] + 1))
            settling = LICE_INFLUX_WEEKS[0] + int(draw[4] * (LICE_INFLUX_WEEKS[1] - LICE_INFLUX_WEEKS[0] + 1))
            event = AreaEvent(kind, day, day + dt.timedelta(days=7 * weeks - 1), holding=7 * settling,
                              influx=LICE_INFLUX[0] + draw[2] * (LICE_INFLUX[1] - LICE_INFLUX[0]),
                              efficacy_kept=LICE_EFFICACY_KEPT[0] + draw[3] * (LICE_EFFICACY_KEPT[1] - LICE_EFFICACY_KEPT[0]))
        else:
            falling, holding, recovering = 2 + int(draw[1] * 3), 1 + int(draw[2] * 4), 2 + int(draw[3] * 2)
            floor = OXYGEN_FLOOR_PCT[0] + draw[4] * (OXYGEN_FLOOR_PCT[1] - OXYGEN_FLOOR_PCT[0])
            event = AreaEvent(kind, day, day + dt.timedelta(days=falling + holding + recovering - 1), float(floor),
                              falling, holding)
        if all(event.first > e.last + dt.timedelta(days=1) or e.first > event.last + dt.timedelta(days=1) for e in out):
            out.append(event)
    return out
