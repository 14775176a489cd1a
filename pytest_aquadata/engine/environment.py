"""Sensor readings: six a day per sensor, looking like a real farm.

The temperature sensor reads the water the container lives in (farm/weather.py: the same sea for every ring
of an area, the same hall for its tanks) with a little noise of its own. Every other series is a daily AR(1)
process (autocorrelated, not white noise) around a physical baseline; dissolved oxygen falls as the water
warms, and further in a low-oxygen spell (farm/events.py); every reading carries a small daily cycle. Salinity
is measured at sea only. A value below a series' lower bound is reflected above it, not held there: a day of
readings held at one value is a stuck sensor's signature (engine/faults.py), which the ordinary readings must
never show.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.farm import catalog, weather

HOURS = np.array(catalog.READING_HOURS)
#: A reading's resolution, in decimal places: what a sensor reports, and what a client's numeric(10, 4) column
#: (AquaMind's reading value) keeps, so a detector reads the same values in either database.
DECIMALS = 4
PHI = 0.85  # day-to-day autocorrelation of the deviations

#: parameter -> (freshwater level, sea level, daily AR sd, daily-cycle amplitude, lower bound)
BASELINES: dict[str, tuple[float, float, float, float, float]] = {
    "Temperature": (0.0, 0.0, 0.05, 0.15, -1.5),  # around the water's temperature: the sensor's own error
    "Dissolved Oxygen": (0.0, 0.0, 1.5, 1.5, 50.0),
    "pH": (7.0, 8.0, 0.05, 0.03, 5.5),
    "CO2": (8.0, 0.0, 1.0, 0.5, 0.5),
    "NO2": (0.03, 0.0, 0.008, 0.003, 0.001),
    "NO3": (20.0, 0.0, 3.0, 1.0, 0.5),
    "NH4": (0.008, 0.0, 0.002, 0.001, 0.0005),
    "Salinity": (0.0, 34.0, 0.15, 0.05, 28.0),
}


def readings(parameters: tuple[str, ...], water_c: np.ndarray, oxygen_pct: np.ndarray, at_sea: bool,
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Values per parameter, shaped (k containers, days, 6 hours), for containers in water ``water_c`` (k, days)
    holding ``oxygen_pct`` (k, days): the warm water's saturation, or less in a low-oxygen spell."""
    k, days = water_c.shape
    phase = np.sin(2 * np.pi * (HOURS - 9) / 24)[None, None, :]
    out: dict[str, np.ndarray] = {}
    temperature = None
    for name in parameters:
        fresh, sea, sd, cycle, low = BASELINES[name]
        deviation = _ar1(rng.normal(0, sd * np.sqrt(1 - PHI**2), size=(k, days)), sd, rng)
        if name == "Temperature":
            daily = water_c + deviation
            temperature = daily
        elif name == "Dissolved Oxygen":
            assert temperature is not None, "Temperature must come before Dissolved Oxygen"
            spell = weather.oxygen_saturation(water_c) - oxygen_pct  # what a low-oxygen spell takes away
            daily = weather.oxygen_saturation(temperature) - spell + deviation
        else:
            daily = (sea if at_sea else fresh) + deviation
        values = daily[:, :, None] + cycle * phase + rng.normal(0, sd * 0.1, size=(k, days, len(HOURS)))
        out[name] = bounded(values, low)
    return out


def bounded(values: np.ndarray, low: float) -> np.ndarray:
    """Values below the series' lower bound reflected above it, never held at it (see the module's docstring)."""
    return np.where(values < low, 2 * low - values, values)


def _ar1(innovations: np.ndarray, sd: float, rng: np.random.Generator) -> np.ndarray:
    series = np.empty_like(innovations)
    series[:, 0] = rng.normal(0, sd, size=innovations.shape[0])
    for d in range(1, innovations.shape[1]):
        series[:, d] = PHI * series[:, d - 1] + innovations[:, d]
    return series
