"""Low oxygen and storms (issue 24): events of a sea area, planned from (seed, area, season), that every batch in
the area lives alike; what the fish make of them (eat less, die of low oxygen, go unfed in a storm); and the labels
a batch writes, which are exactly its own detector's windows."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine import area_incidents
from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import CAUSES, simulate
from pytest_aquadata.farm import events, weather
from pytest_aquadata.plan import incidents, yamlformat
from pytest_aquadata.plan.profiles import profile_path

RATES = {"low_oxygen": 2.0, "storm": 3.0}


def test_an_area_event_is_the_same_however_its_days_are_asked_for() -> None:
    every = events.events(1, "S-SEA-04", dt.date(2020, 1, 1), 6 * 365, RATES)
    assert {e.kind for e in every} == {"low_oxygen", "storm"}
    for first, days in ((dt.date(2022, 8, 1), 60), (dt.date(2023, 12, 30), 10), (dt.date(2020, 1, 1), 6 * 365)):
        last = first + dt.timedelta(days=days - 1)
        assert events.events(1, "S-SEA-04", first, days, RATES) == [e for e in every if e.first <= last and first <= e.last]
    for event in every:  # in its season, and as long as its kind's
        season = range(7, 10) if event.kind == "low_oxygen" else (10, 11, 12, 1, 2, 3)
        assert event.first.month in season, event
        assert (event.last - event.first).days + 1 in (range(5, 12) if event.kind == "low_oxygen" else range(1, 4))
    assert events.events(1, "S-SEA-05", dt.date(2020, 1, 1), 6 * 365, RATES) != every, "each area has its own"
    only_storms = events.events(1, "S-SEA-04", dt.date(2020, 1, 1), 6 * 365, {"storm": 3.0})
    assert only_storms == [e for e in every if e.kind == "storm"], "a rate changes only its own kind"
    assert events.events(1, "S-SEA-04", dt.date(2020, 1, 1), 6 * 365, incidents.parse("none", [])) == []


def test_a_spell_falls_to_its_floor_and_recovers() -> None:
    first = dt.date(2021, 1, 1)
    water = np.broadcast_to(weather.sea_temperature(3, "FI-SEA-02", first, 3 * 365), (2, 3 * 365))
    oxygen = events.oxygen_pct(3, "FI-SEA-02", water, first, RATES)
    normal = weather.oxygen_saturation(water)
    spells = [e for e in events.events(3, "FI-SEA-02", first, 3 * 365, RATES) if e.kind == "low_oxygen"]
    assert spells
    inside = np.zeros(3 * 365, dtype=bool)
    for spell in spells:
        lo, hi = (spell.first - first).days, (spell.last - first).days
        inside[lo:hi + 1] = True
        trough = oxygen[0, lo:hi + 1]
        assert trough.min() == np.float64(spell.floor_pct) and trough.argmin() == spell.falling - 1
        assert np.all(np.diff(trough[:spell.falling]) < 0) and np.all(np.diff(trough[spell.falling + spell.holding - 1:]) > 0)
    assert np.array_equal(oxygen[:, ~inside], normal[:, ~inside]) and np.array_equal(oxygen[0], oxygen[1])


def _sea(rates: dict[str, float]):  # type: ignore[no-untyped-def]
    schedule = yamlformat.load(profile_path("medium"))
    batch = next(b for b in schedule.batches if b.geography == "Scotland" and b.days_alive(schedule.history_end) > 800)
    return batch, simulate(BatchContext(batch, None, 1, schedule.history_end, rates)).segments[-1]  # type: ignore[arg-type]


def test_the_fish_go_unfed_in_a_storm_and_eat_less_and_die_in_low_oxygen() -> None:
    batch, calm = _sea({})
    _, rough = _sea({"low_oxygen": 6.0, "storm": 6.0})
    assert not calm.unfed.any() and rough.unfed.any()
    assert np.all(rough.unfed == rough.unfed[0]), "one storm for every ring of the area"
    assert (rough.appetite[rough.unfed] == 0).all()
    spell = rough.oxygen_pct < 70
    assert spell.any() and (rough.appetite[spell] < 0.7).all()
    low = CAUSES.index("Low Oxygen")
    assert (rough.cause[spell & (rough.deaths > 0)] == low).mean() > 0.9, "the spell's deaths are Low Oxygen's"
    assert rough.next_weight_g.mean() < calm.next_weight_g.mean(), "days unfed and eaten less grow less"


def test_the_labels_are_the_detectors_windows() -> None:
    values = np.full((3, 20, 6), 90.0) + np.random.default_rng(1).normal(0, 0.3, (3, 20, 6))
    values[:, 5:8] -= 20  # a spell
    values[:, 10] -= 20  # and another two days later: one window
    values[0, 15] -= 8  # one sensor of three 8 % low: the mean only 2.7 %, above the alarm
    values[:, 17] -= 20
    kept = np.ones(values.shape, dtype=bool)
    kept[:, 17, 2] = False  # every sensor dropped a reading that day: none counts
    alarm = area_incidents.oxygen_alarm(values, kept)
    assert np.flatnonzero(alarm).tolist() == [5, 6, 7, 10]
    assert area_incidents.windows(alarm) == [(5, 10)]
    values[1:, 19] = values[1:, 19, :1]  # two stuck sensors: the third alone decides
    values[0, 19] -= 20
    assert area_incidents.oxygen_alarm(values, kept)[19]
