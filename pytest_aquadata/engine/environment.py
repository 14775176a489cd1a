"""Sensor readings: six a day per sensor, looking like a real farm.

Each series is a daily AR(1) process (autocorrelated, not white noise) around a physical baseline: sea
temperature follows the geography's seasonal profile, halls are held near 12 C, dissolved oxygen falls
as temperature rises, and every reading carries a small daily cycle. Salinity is measured at sea only.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.farm import catalog

HOURS = np.array(catalog.READING_HOURS)
PHI = 0.85  # day-to-day autocorrelation of the deviations

#: parameter -> (freshwater level, sea level, daily AR sd, daily-cycle amplitude, lower bound)
BASELINES: dict[str, tuple[float, float, float, float, float]] = {
    "Temperature": (catalog.FRESHWATER_TEMPERATURE_C, 0.0, 0.25, 0.15, -1.5),
    "Dissolved Oxygen": (0.0, 0.0, 1.5, 1.5, 50.0),
    "pH": (7.0, 8.0, 0.05, 0.03, 5.5),
    "CO2": (8.0, 0.0, 1.0, 0.5, 0.5),
    "NO2": (0.03, 0.0, 0.008, 0.003, 0.001),
    "NO3": (20.0, 0.0, 3.0, 1.0, 0.5),
    "NH4": (0.008, 0.0, 0.002, 0.001, 0.0005),
    "Salinity": (0.0, 34.0, 0.15, 0.05, 28.0),
}


def oxygen_saturation(temp_c: np.ndarray) -> np.ndarray:
    """% saturation falls as water warms (less soluble oxygen, more respiration)."""
    return 97.0 - 1.6 * (temp_c - 8.0)


def readings(parameters: tuple[str, ...], profile_temp: np.ndarray, at_sea: bool, k: int,
             rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Values per parameter, shaped (k containers, days, 6 hours)."""
    days = profile_temp.shape[0]
    phase = np.sin(2 * np.pi * (HOURS - 9) / 24)[None, None, :]
    out: dict[str, np.ndarray] = {}
    temperature = None
    for name in parameters:
        fresh, sea, sd, cycle, low = BASELINES[name]
        deviation = _ar1(rng.normal(0, sd * np.sqrt(1 - PHI**2), size=(k, days)), sd, rng)
        if name == "Temperature":
            base = profile_temp[None, :] if at_sea else np.full((1, days), fresh)
            daily = base + deviation
            temperature = daily
        elif name == "Dissolved Oxygen":
            assert temperature is not None, "Temperature must come before Dissolved Oxygen"
            daily = oxygen_saturation(temperature) + deviation
        else:
            daily = (sea if at_sea else fresh) + deviation
        values = daily[:, :, None] + cycle * phase + rng.normal(0, sd * 0.1, size=(k, days, len(HOURS)))
        out[name] = np.maximum(values, low)
    return out


def _ar1(innovations: np.ndarray, sd: float, rng: np.random.Generator) -> np.ndarray:
    series = np.empty_like(innovations)
    series[:, 0] = rng.normal(0, sd, size=innovations.shape[0])
    for d in range(1, innovations.shape[1]):
        series[:, d] = PHI * series[:, d - 1] + innovations[:, d]
    return series
