"""The four shipped profiles: their planning parameters and where their YAML lives."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from pytest_aquadata.plan.planner import PlanParameters

PROFILE_PARAMETERS: dict[str, PlanParameters] = {
    "smoke": PlanParameters(name="smoke", batches_per_geography=5, stagger=95),
    "medium": PlanParameters(name="medium", batches_per_geography=20, stagger=40),
    "saturation": PlanParameters(name="saturation", batches_per_geography=85, stagger=15),
    "full": PlanParameters(name="full", batches_per_geography=275, stagger=6),
}


def profile_path(name: str) -> Path:
    """The packaged YAML of a profile (installed as package data, so it works from a wheel)."""
    return Path(str(resources.files("pytest_aquadata.schedules").joinpath(f"{name}.yaml")))
