"""The water the fish live in: sea temperature per sea area and day, hall temperature per hall and day.

Each is a property of (place, date) alone, computed from the run's seed: whichever process writes a batch,
whatever the slice, and a resumed run, every container of an area reads the same sea on a day. The sea is
the geography's climatology (catalog.sea_temperature) plus three anomalies:
- interannual: one value per geography and year, interpolated between mid-years, so warm and cold years
  last months (year-to-year spread of annual mean SST on the Faroe shelf and the Scottish west coast is a
  few tenths of a degree: ICES Faroes ecoregion overview 2022; Marine Scotland, Scottish Ocean Climate
  Status Report 2016);
- synoptic: weather-scale anomalies of the geography, exponentially correlated over about a week (storms
  mix the water column, calm sunny spells warm it);
- local: each sea area's own offset (a sheltered loch against an exposed sound) and small local noise.
Halls are held at their set point with small excursions of their own. Random numbers come from streams
keyed by (seed, component, place, calendar year) and filtered over the days before, so a value never
depends on which days were asked for.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

from pytest_aquadata.farm import catalog

EPOCH = np.datetime64("1900-01-01", "D")
#: Days of noise before a day that its filtered value depends on (exp(-MEMORY / longest time scale) < 1e-3).
MEMORY_DAYS = 70
WEATHER_STREAM = 0x57EA


@dataclass(frozen=True)
class SeaClimate:
    """A geography's sea anomalies, in C: sd of the yearly anomaly; sd and time scale (days) of the synoptic
    anomaly; sd of an area's fixed offset; sd and time scale of an area's local noise."""

    interannual_sd: float
    synoptic_sd: float
    synoptic_days: float
    area_offset_sd: float
    local_sd: float
    local_days: float


CLIMATES = {
    "Faroe Islands": SeaClimate(0.30, 0.25, 10.0, 0.15, 0.08, 3.0),  # well mixed shelf water: mild, steady
    "Scotland": SeaClimate(0.35, 0.45, 7.0, 0.20, 0.12, 3.0),  # sea lochs: stronger weather, more local
}
#: Halls: set point and its small excursions (sd, time scale in days) from a recirculation unit's control loop.
HALL_SET_POINT_C = 12.0
HALL_EXCURSION = (0.15, 2.0)

_COMPONENT = {"interannual": 1, "synoptic": 2, "offset": 3, "local": 4, "hall": 5}


def climatology(geography: str, first: dt.date, days: int) -> np.ndarray:
    """The geography's profile temperature on each day (catalog.sea_temperature): what a planner expects, and what
    the scenario's temperature profiles hold."""
    dates = np.datetime64(first, "D") + np.arange(days)
    doy = (dates - dates.astype("datetime64[Y]")).astype(int) + 1
    return _profile(geography)[doy - 1]


@functools.cache
def _profile(geography: str) -> np.ndarray:
    """The catalog's profile for days of the year 1-366, as an array to index."""
    geo = catalog.GEOGRAPHY_BY_NAME[geography]
    return np.array([catalog.sea_temperature(geo, d) for d in range(1, 367)])


def sea_temperature(seed: int, area: str, first: dt.date, days: int) -> np.ndarray:
    """The sea of ``area`` on each of ``days`` days from ``first``, in C."""
    geo_index, area_number = area_key(area)
    geography = catalog.GEOGRAPHIES[geo_index].name
    climate = CLIMATES[geography]
    d0 = int((np.datetime64(first, "D") - EPOCH).astype(int))
    offset = np.random.default_rng([seed, WEATHER_STREAM, _COMPONENT["offset"], geo_index, area_number]).normal()
    return (climatology(geography, first, days)
            + _interannual(seed, geo_index, d0, days, climate.interannual_sd)
            + _filtered(seed, (_COMPONENT["synoptic"], geo_index), d0, days, climate.synoptic_sd, climate.synoptic_days)
            + climate.area_offset_sd * offset
            + _filtered(seed, (_COMPONENT["local"], geo_index, area_number), d0, days, climate.local_sd,
                        climate.local_days))


def hall_temperature(seed: int, hall: str, first: dt.date, days: int) -> np.ndarray:
    """A hall's water on each day: its set point and the control loop's small excursions."""
    d0 = int((np.datetime64(first, "D") - EPOCH).astype(int))
    sd, scale = HALL_EXCURSION
    return HALL_SET_POINT_C + _filtered(seed, (_COMPONENT["hall"], *_hall_key(hall)), d0, days, sd, scale)


def water_temperature(seed: int, container: str, first: dt.date, days: int) -> np.ndarray:
    """The water of a tank (its hall's) or a ring (its area's) on each day."""
    site, letter = catalog.container_place(container)
    if letter is None:
        return sea_temperature(seed, site, first, days)
    return hall_temperature(seed, catalog.hall_name(site, letter), first, days)


def oxygen_saturation(temp_c: np.ndarray) -> np.ndarray:
    """% saturation of dissolved oxygen: it falls as water warms (less soluble oxygen, more respiration)."""
    return 97.0 - 1.6 * (temp_c - 8.0)


def _interannual(seed: int, geo_index: int, d0: int, days: int, sd: float) -> np.ndarray:
    """One anomaly per calendar year, placed at its mid-year and interpolated linearly between them."""
    dates = EPOCH + np.arange(d0, d0 + days)
    first_year = int(dates[0].astype("datetime64[Y]").astype(int)) + 1970 - 1
    years = np.arange(first_year, int(dates[-1].astype("datetime64[Y]").astype(int)) + 1970 + 2)
    values = np.array([np.random.default_rng([seed, WEATHER_STREAM, _COMPONENT["interannual"], geo_index, int(y)]).normal()
                       for y in years]) * sd
    mid_years = (np.array([np.datetime64(f"{y:04d}-07-02", "D") for y in years]) - EPOCH).astype(float)
    return np.interp(np.arange(d0, d0 + days, dtype=float), mid_years, values)


def _filtered(seed: int, key: tuple[int, ...], d0: int, days: int, sd: float, scale_days: float) -> np.ndarray:
    """Daily white noise keyed by (key, calendar year), smoothed with an exponential kernel of ``scale_days``:
    an AR(1)-like series of standard deviation ``sd`` whose value on a day depends only on the days before it."""
    noise = _daily_noise(seed, key, d0 - MEMORY_DAYS + 1, days + MEMORY_DAYS - 1)
    kernel = np.exp(-np.arange(MEMORY_DAYS) / scale_days)
    kernel *= sd / np.sqrt((kernel**2).sum())
    return np.convolve(noise, kernel, mode="valid")


def _daily_noise(seed: int, key: tuple[int, ...], d0: int, days: int) -> np.ndarray:
    """One standard normal per calendar day, drawn per (key, year): the same value for a day however it is asked."""
    dates = EPOCH + np.arange(d0, d0 + days)
    years = dates.astype("datetime64[Y]").astype(int) + 1970
    doy = (dates - dates.astype("datetime64[Y]")).astype(int)
    out = np.empty(days)
    for year in np.unique(years):
        draws = np.random.default_rng([seed, WEATHER_STREAM, *key, int(year)]).normal(size=366)
        here = years == year
        out[here] = draws[doy[here]]
    return out


def area_key(area: str) -> tuple[int, int]:
    """(geography index, area number) of an area named like ``FI-SEA-03``."""
    code, _, number = area.split("-")
    return next(i for i, g in enumerate(catalog.GEOGRAPHIES) if g.code == code), int(number)


def _hall_key(hall: str) -> tuple[int, int, int]:
    """(geography index, station number, hall letter index) of a hall named like ``FI-FW-03-Hall-B``."""
    station, letter = hall.rsplit("-Hall-", 1)
    code, _, number = station.split("-")
    geo = next((i for i, g in enumerate(catalog.GEOGRAPHIES) if g.code == code), len(catalog.GEOGRAPHIES))
    return geo, int(number) if number.isdigit() else 0, catalog.HALL_LETTERS.index(letter)
