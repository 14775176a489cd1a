"""The incidents a schedule asks for: a rate per kind, in the schedule's ``incidents:`` section.

Rates are inputs by design: how many bad days a test farm should hold, the way ``batches_per_geography`` says how
many batches. What an incident does to the data, and how it is detected, is the engine's and the checks'
(engine/faults.py, farm/events.py, docs/incidents.md). ``incidents: none`` turns every kind off.
"""

from __future__ import annotations

from typing import Any

#: Each kind's rate and its unit. A sensor fault is one sensor's; drift is a temperature sensor's (its neighbours
#: in the batch's hall or sea area read the same water, which is what shows the drift).
UNITS: dict[str, str] = {
    "sensor_dropout": "per sensor-year",
    "sensor_stuck": "per sensor-year",
    "sensor_spikes": "per sensor-year",
    "sensor_drift": "per temperature sensor-year",
    "low_oxygen": "per sea area-year",
    "storm": "per sea area-year",
    "escape": "per ring-year",
    "disease_outbreak": "per ring-year (the rings it starts in)",
    "lice_outbreak": "per sea area-year",
}
#: The rates of a schedule that names none: enough that smoke holds a handful of each sensor fault (about 740
#: sensor-years of readings), medium a few dozen and full a few thousand; and that a sea area has a low-oxygen spell
#: every other summer and a storm that stops the feeding every winter; a torn net every fifty ring-years; a disease
#: outbreak starting in about one ring of a batch's sea phase; a lice outbreak in an area every three summers.
DEFAULT_RATES: dict[str, float] = {"sensor_dropout": 0.02, "sensor_stuck": 0.01, "sensor_spikes": 0.02,
                                   "sensor_drift": 0.05, "low_oxygen": 0.5, "storm": 1.0,
                                   "escape": 0.02, "disease_outbreak": 0.08, "lice_outbreak": 0.3}
#: Every kind, in the order ``aquadata_incident`` rows are labelled with.
KINDS = tuple(DEFAULT_RATES)
#: A rate above this is refused: a sensor failing every few days is no farm's.
MAX_RATE = 12.0


def parse(raw: Any, problems: list[str]) -> dict[str, float]:
    """The rates of an ``incidents:`` section: missing means the defaults, ``none`` means every rate 0, a mapping
    sets the kinds it names (the others keep their defaults)."""
    if raw is None:
        return dict(DEFAULT_RATES)
    if raw == "none":
        return {kind: 0.0 for kind in DEFAULT_RATES}
    if not isinstance(raw, dict):
        problems.append("incidents: must be none or a mapping of kind to rate")
        return dict(DEFAULT_RATES)
    rates = dict(DEFAULT_RATES)
    for kind, rate in raw.items():
        if kind not in DEFAULT_RATES:
            problems.append(f"incidents.{kind}: unknown kind (known: {', '.join(DEFAULT_RATES)})")
        elif isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= MAX_RATE:
            problems.append(f"incidents.{kind}: must be a number from 0 to {MAX_RATE:g} ({UNITS[kind]}), not {rate!r}")
        else:
            rates[kind] = float(rate)
    return rates


def dumped(rates: dict[str, float]) -> Any:
    """The section as a schedule file writes it."""
    return "none" if not any(rates.values()) else dict(rates)
