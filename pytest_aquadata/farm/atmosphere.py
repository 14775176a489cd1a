"""The air over each sea area (domain.md, section 8: an area's daily weather comes from the same weather that drives
the sea), and its daylight. Like farm/weather.py, a property of (seed, area, date) alone.

- Wind (m/s, at noon): a Weibull draw (shape 2, the Rayleigh distribution of a mid-latitude coast's winds) whose
  scale follows the season, windier in winter; on a storm's days (farm/events.py, the days no ring is fed) a gale
  of STORM_WIND_MS and more: storm force is Beaufort 10, 24.5 m/s and over; a fish farm stops feeding from about
  Beaufort 9, 20.8 m/s.
- Waves: a wind sea of the day's wind, Pierson and Moskowitz 1964's fully developed sea (significant height
  0.21 U^2 / g, peak period 0.83 x 2 pi U / g... as 0.56 U s), cut by the area's shelter (fetch-limited in a loch or
  sound).
- Air temperature: the area's sea (farm/weather.py) and the season's air-sea difference (air colder than the sea in
  winter, a little warmer in summer, as on both coasts), with a day's own noise.
- Precipitation: a wet day with the season's probability (Faroe Islands and the Hebrides: rain on some 250-280
  days a year), a gamma amount; storms bring more.
- Cloud cover (%): from the day's rain and its own draw.
- Daylight: the day length of the area's latitude (the CBM model, Forsythe et al. 1995, sunrise and sunset at the
  sun's top limb with refraction), and noon's illuminance: clear sky by the sun's noon elevation, dimmed by the
  cloud (Kasten and Czeplak 1980: 1 - 0.75 (N/8)^3.4 of the clear sky's).

Forsythe et al. 1995: W.C. Forsythe et al., "A model comparison for daylength as a function of latitude and day of
year", Ecological Modelling 80: 87-95. Kasten and Czeplak 1980: Solar Energy 24: 177-189. Pierson and Moskowitz
1964: Journal of Geophysical Research 69: 5181-5190.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.farm import events, weather

ATMOSPHERE_STREAM = 0xA1A1
G = 9.81
#: Wind of a storm's days: a gale, at least Beaufort 9 (20.8 m/s), when no ring is fed.
STORM_WIND_MS = 20.8
#: Weibull scale of the noon wind by month (m/s): 8-9 m/s mean winds in winter, 5-6 in summer on both coasts.
WIND_SCALE_MS = (10.0, 9.6, 9.0, 7.6, 6.6, 6.0, 5.8, 6.2, 7.2, 8.4, 9.4, 10.0)
#: Calm days' wind stays below a gale: a Weibull draw above this is cut to it (a gale is a storm's).
CALM_MAX_MS = 20.0
#: The share of a fully developed sea an area's shelter lets build (its fetch): a sea loch or a sound.
SHELTER = 0.35
#: The air's mean difference from the sea by month (C): colder in winter, warmer in summer.
AIR_MINUS_SEA_C = (-3.0, -3.2, -2.6, -1.2, 0.3, 1.3, 1.6, 1.2, 0.2, -1.0, -2.0, -2.6)
AIR_NOISE_SD = 1.2
#: Probability of a wet day by month, and the mean rain of a wet day (mm).
WET_DAY = (0.80, 0.75, 0.75, 0.65, 0.60, 0.60, 0.65, 0.70, 0.75, 0.80, 0.80, 0.80)
WET_DAY_MM = 5.0
STORM_RAIN = 2.5  # times a wet day's rain
#: Noon's clear-sky illuminance at a 90-degree sun (lux).
CLEAR_SKY_LUX = 110_000.0
#: Sunrise and sunset at the upper limb with refraction (degrees below the horizon), the CBM model's p.
HORIZON_DEG = 0.8333


def daily(seed: int, area: str, first: dt.date, days: int, rates: dict[str, float]) -> dict[str, np.ndarray]:
    """Each day's noon weather over ``area`` from ``first``: wind (speed, direction), waves (height, period,
    direction), air temperature, precipitation and cloud cover."""
    geo_index, area_number = weather.area_key(area)
    month = (np.datetime64(first, "D") + np.arange(days)).astype("datetime64[M]").astype(int) % 12
    storm = events.storm_days(seed, area, first, days, rates)
    rng = np.random.default_rng([seed, ATMOSPHERE_STREAM, geo_index, area_number,
                                 int((np.datetime64(first, "D") - weather.EPOCH).astype(int)), days])
    calm = np.minimum(np.array(WIND_SCALE_MS)[month] * rng.weibull(2.0, days), CALM_MAX_MS)
    wind = np.where(storm, STORM_WIND_MS + rng.gamma(2.0, 2.0, days), calm)
    direction = (225 + rng.normal(0, 60, days)) % 360  # the prevailing south-westerlies
    height = SHELTER * 0.21 * wind**2 / G
    sea = weather.sea_temperature(seed, area, first, days)
    air = sea + np.array(AIR_MINUS_SEA_C)[month] + rng.normal(0, AIR_NOISE_SD, days)
    wet = (rng.random(days) < np.array(WET_DAY)[month]) | storm
    rain = np.where(wet, rng.gamma(0.8, WET_DAY_MM / 0.8, days) * np.where(storm, STORM_RAIN, 1.0), 0.0)
    cloud = np.clip(np.where(wet, 85, 45) + rng.normal(0, 15, days), 0, 100)
    return {"wind_speed": np.round(wind, 2), "wind_direction": np.round(direction).astype(np.int64) % 360,
            "wave_height": np.round(height, 2), "wave_period": np.round(0.56 * wind * np.sqrt(SHELTER), 2),
            "wave_direction": np.round(direction).astype(np.int64) % 360, "temperature": np.round(air, 2),
            "precipitation": np.round(rain, 2), "cloud_cover": np.round(cloud).astype(np.int64)}


def day_length_h(latitude: float, first: dt.date, days: int) -> np.ndarray:
    """Hours from sunrise to sunset at ``latitude`` on each day from ``first`` (Forsythe et al. 1995)."""
    day_of_year = _day_of_year(first, days)
    theta = 0.2163108 + 2 * np.arctan(0.9671396 * np.tan(0.00860 * (day_of_year - 186)))
    phi = np.arcsin(0.39795 * np.cos(theta))
    lat = np.radians(latitude)
    cosine = (np.sin(np.radians(HORIZON_DEG)) + np.sin(lat) * np.sin(phi)) / (np.cos(lat) * np.cos(phi))
    return 24 - 24 / np.pi * np.arccos(np.clip(cosine, -1, 1))


def noon_lux(latitude: float, first: dt.date, days: int, cloud_pct: np.ndarray) -> np.ndarray:
    """Noon's illuminance (lux): the clear sky's at the sun's noon elevation, dimmed by the cloud."""
    declination = np.radians(23.44) * np.sin(2 * np.pi * (284 + _day_of_year(first, days)) / 365)
    elevation = np.pi / 2 - abs(np.radians(latitude) - declination)
    octas = cloud_pct / 100 * 8
    return CLEAR_SKY_LUX * np.sin(np.maximum(elevation, 0)) * (1 - 0.75 * (octas / 8) ** 3.4)


def _day_of_year(first: dt.date, days: int) -> np.ndarray:
    """(days,) each day's number in its year, from 1, for the days from ``first``."""
    dates = np.datetime64(first, "D") + np.arange(days)
    return (dates - dates.astype("datetime64[Y]").astype("datetime64[D]")).astype(int) + 1
