"""Growth: the thermal growth coefficient model on the water the fish live in, scaled by what they eat.

W_next^(1/3) = W^(1/3) + TGC(stage) x potential x T x efficiency(T) x growth_share(appetite). Growth per degree
is best near an optimum temperature (bell-shaped, not linear); appetite is full in the comfort range and falls
outside it (farm/biology.py); a fish that eats less than a full ration grows less than in proportion, because
part of every ration only keeps it alive. Eggs and alevins do not grow by TGC: they go
from 0.05 g to 0.5 g over their 90 days as the yolk is absorbed.

The engine grows each container on its realised water (farm/weather.py) and its own appetite; the planner
reserves containers from the *expected* curve below (the climatology, full appetite, the strain's mean
potential), the one a farm plans with.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.farm import biology, catalog, weather

EGG_WEIGHT_G = 0.05
FIRST_FEED_WEIGHT_G = 0.5


def stage_index_by_day(days: int) -> np.ndarray:
    """Index into catalog.STAGES for each day 0..days-1: 90 days per stage, then Adult."""
    return np.minimum(np.arange(days) // catalog.STAGES[0].days, len(catalog.STAGES) - 1)


def appetite(temp_c: np.ndarray, at_sea: bool) -> np.ndarray:
    """The share of a full ration the fish eat at this water temperature: 1 in the comfort range, falling
    linearly to 0 at the limits."""
    zero_low, full_low, full_high, zero_high = biology.APPETITE_RANGE["sea" if at_sea else "freshwater"]
    return np.clip(np.minimum((temp_c - zero_low) / (full_low - zero_low), (zero_high - temp_c) / (zero_high - full_high)),
                   0.0, 1.0)


def oxygen_appetite(oxygen_pct: np.ndarray) -> np.ndarray:
    """The share of its appetite a fish keeps in water of this oxygen saturation: all of it down to the safe
    level, falling linearly to nothing at the level where feeding stops (biology.HYPOXIA_APPETITE)."""
    none, full = biology.HYPOXIA_APPETITE
    return np.clip((oxygen_pct - none) / (full - none), 0.0, 1.0)


def thermal_efficiency(temp_c: np.ndarray, at_sea: bool) -> np.ndarray:
    """The share of the TGC model's growth a fish makes at this temperature: 1 at the optimum, less either side."""
    optimum = biology.THERMAL_OPTIMUM_C["sea" if at_sea else "freshwater"]
    return np.clip(1 - biology.THERMAL_CURVATURE * (temp_c - optimum) ** 2, 0.0, 1.0)


def growth_share(eaten: np.ndarray) -> np.ndarray:
    """The share of full growth a fish makes on ``eaten`` (share of a full ration): what is left after upkeep."""
    return np.clip((eaten - biology.MAINTENANCE_SHARE) / (1 - biology.MAINTENANCE_SHARE), 0.0, 1.0)


def grow(start_g: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """Weights (k, n + 1) from ``start_g`` (k,) on day 0, each day's cube root growing by ``rate`` (k, n) (TGC x T x
    share); the last column is the weight the next day starts with."""
    roots = np.cbrt(start_g)[:, None] + np.concatenate([np.zeros((rate.shape[0], 1)), np.cumsum(rate, axis=1)], axis=1)
    return roots**3


def yolk_weight_g(days: np.ndarray) -> np.ndarray:
    """An egg or alevin's weight on its days since the start: the yolk absorbed evenly over the stage."""
    return EGG_WEIGHT_G + (FIRST_FEED_WEIGHT_G - EGG_WEIGHT_G) * days / catalog.STAGES[0].days


def expected_temperature(geography: str, start: dt.date, days: int) -> np.ndarray:
    """The water a batch is expected to live in each day: halls at their set point, the sea's climatology."""
    stage = stage_index_by_day(days)
    sea = weather.climatology(geography, start, days)
    return np.where(stage == len(catalog.STAGES) - 1, sea, weather.HALL_SET_POINT_C)


def mean_weight_g(geography: str, start: dt.date, days: int) -> np.ndarray:
    """The expected mean fish weight in grams on each day 0..days-1 (the planner's curve)."""
    stage = stage_index_by_day(days)
    temp = expected_temperature(geography, start, days)
    at_sea = stage == len(catalog.STAGES) - 1
    eaten = np.where(at_sea, appetite(temp, True), appetite(temp, False))
    efficiency = np.where(at_sea, thermal_efficiency(temp, True), thermal_efficiency(temp, False))
    tgc = np.array([biology.TGC[s.name] for s in catalog.STAGES])[stage]
    egg_days = catalog.STAGES[0].days
    rate = np.where(np.arange(days) >= egg_days, tgc * temp * efficiency * growth_share(eaten), 0.0)
    fed = grow(np.array([FIRST_FEED_WEIGHT_G]), rate[None, egg_days:])[0, :-1] if days > egg_days else np.empty(0)
    return np.concatenate([yolk_weight_g(np.arange(min(days, egg_days))), fed])


def harvest_day(geography: str, start: dt.date, harvest_kg: float, adult_days: int) -> int:
    """The first day the expected mean weight reaches ``harvest_kg``, at most the end of the adult stage."""
    sea_start = sum(s.days for s in catalog.FRESHWATER_STAGES)
    lifetime = sea_start + adult_days
    weight = mean_weight_g(geography, start, lifetime)
    reached = np.nonzero(weight[sea_start:] >= harvest_kg * 1000.0)[0]
    return int(sea_start + reached[0]) if reached.size else lifetime
