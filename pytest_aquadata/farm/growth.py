"""Growth: the thermal growth coefficient model on the day's temperature. A fact of the farm's biology, beside
the catalog, read by the planner (when a batch reaches its harvest weight) and the engine alike.

W_next^(1/3) = W^(1/3) + TGC(stage) x T(day). Eggs and alevins do not grow by TGC: they go from 0.05 g
to 0.5 g over their 90 days as the yolk is absorbed. The mean weight curve is deterministic (no noise),
so the planner and the engine agree exactly on when a batch reaches its harvest weight.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.farm import catalog

EGG_WEIGHT_G = 0.05
FIRST_FEED_WEIGHT_G = 0.5


def stage_index_by_day(days: int) -> np.ndarray:
    """Index into catalog.STAGES for each day 0..days-1: 90 days per stage, then Adult."""
    return np.minimum(np.arange(days) // catalog.STAGES[0].days, len(catalog.STAGES) - 1)


def temperature_by_day(geography: str, start: dt.date, days: int) -> np.ndarray:
    """The profile temperature the batch lives in each day: halls at 12 C, the sea by season."""
    geo = catalog.GEOGRAPHY_BY_NAME[geography]
    stage = stage_index_by_day(days)
    day_of_year = (np.datetime64(start, "D") + np.arange(days) - np.datetime64(start.replace(month=1, day=1), "D"))
    doy = (day_of_year.astype(int) % 365) + 1
    sea = geo.sea_mean_c + geo.sea_amplitude_c * np.cos(2 * np.pi * (doy - catalog.SEA_PEAK_DAY) / 365.25)
    return np.where(stage == len(catalog.STAGES) - 1, sea, catalog.FRESHWATER_TEMPERATURE_C)


def mean_weight_g(geography: str, start: dt.date, days: int) -> np.ndarray:
    """Mean fish weight in grams on each day 0..days-1."""
    stage = stage_index_by_day(days)
    temp = temperature_by_day(geography, start, days)
    tgc = np.array([s.tgc for s in catalog.STAGES])[stage]
    egg_days = catalog.STAGES[0].days
    increments = np.where(np.arange(days) >= egg_days, tgc * temp, 0.0)
    grown = np.concatenate([[0.0], np.cumsum(increments)])[:days]  # growth before each day
    day = np.arange(days)
    yolk = EGG_WEIGHT_G + (FIRST_FEED_WEIGHT_G - EGG_WEIGHT_G) * day / egg_days
    weight = np.where(day < egg_days, yolk, (FIRST_FEED_WEIGHT_G ** (1 / 3) + grown) ** 3)
    return weight


def harvest_day(geography: str, start: dt.date, harvest_kg: float, adult_days: int) -> int:
    """The first day the mean weight reaches the target, at most the end of the adult stage."""
    sea_start = sum(s.days for s in catalog.FRESHWATER_STAGES)
    lifetime = sea_start + adult_days
    weight = mean_weight_g(geography, start, lifetime)
    reached = np.nonzero(weight[sea_start:] >= harvest_kg * 1000.0)[0]
    return int(sea_start + reached[0]) if reached.size else lifetime
