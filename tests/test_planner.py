"""The planner: interleaving, geography boundaries, no overlap (checked without the planner's ledger),
the capacity error, and validation of broken schedules."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan import capacity, yamlformat
from pytest_aquadata.plan.describe import counts
from pytest_aquadata.plan.planner import PlanParameters, plan
from pytest_aquadata.plan.profiles import PROFILE_PARAMETERS, profile_path
from pytest_aquadata.verify.checks.lifecycle import active_stages

MEDIUM = PROFILE_PARAMETERS["medium"]


def _windows(schedule):  # type: ignore[no-untyped-def]
    for b in schedule.batches:
        for s in b.stages:
            begin = b.start_date + dt.timedelta(days=s.start_day)
            for c in s.containers:
                yield c, begin, begin + dt.timedelta(days=s.end_day - s.start_day), b


def test_geographies_interleave_in_start_order() -> None:
    schedule = plan(MEDIUM)
    geos = [b.geography for b in schedule.batches]
    assert geos == ["Faroe Islands", "Scotland"] * 20
    gaps = {(b.start_date - a.start_date).days for a, b in zip(schedule.batches, schedule.batches[1:], strict=False)}
    assert gaps == {MEDIUM.stagger}


def test_no_container_overlap_and_no_geography_crossing() -> None:
    schedule = plan(replace(MEDIUM, stagger=12))
    prefix = {g.name: g.code + "-" for g in catalog.GEOGRAPHIES}
    by_container: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for name, begin, end, batch in _windows(schedule):
        assert name.startswith(prefix[batch.geography]), (batch.batch_number, name)
        by_container.setdefault(name, []).append((begin, end, batch.batch_number))
    overlaps = [(c, w) for c, ws in by_container.items()
                for w in zip(sorted(ws), sorted(ws)[1:], strict=False) if w[1][0] < w[0][1]]
    assert overlaps == []
    assert len(by_container) > 300


def test_rings_adapt_to_pressure() -> None:
    relaxed = plan(replace(MEDIUM, stagger=40))
    pressed = plan(replace(MEDIUM, batches_per_geography=60, stagger=6, rings=(8, 20)))
    assert max(len(b.stages[-1].containers) for b in relaxed.batches) >= 10
    assert min(len(b.stages[-1].containers) for b in pressed.batches) == 8


def test_capacity_error_names_the_numbers_and_options() -> None:
    with pytest.raises(capacity.CapacityError) as info:
        plan(replace(MEDIUM, batches_per_geography=292, stagger=6, rings=(20, 20)))
    text = str(info.value)
    assert "Faroe Islands Adult: 38 overlapping batches x 20 containers = 760 needed, 460 exist" in text
    assert "--stagger" in text and "--adult-days" in text and "--batches-per-geography" in text


def test_shipped_profiles_regenerate_byte_for_byte() -> None:
    for name in ("smoke", "medium"):
        schedule = plan(PROFILE_PARAMETERS[name])
        assert yamlformat.dump(schedule, counts(schedule)) == profile_path(name).read_text()


@pytest.mark.parametrize("profile", ["smoke", "medium", "saturation", "full"])
def test_every_profile_has_every_stage_active_and_a_harvest(profile: str) -> None:
    """Moving a schedule to another history end moves every date together, so this holds for any run."""
    schedule = yamlformat.load(profile_path(profile))
    end = schedule.history_end
    assert active_stages(schedule, end) == {s.name for s in catalog.STAGES}
    assert any(b.is_completed(end) for b in schedule.batches)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("format: 1", "format: 2", "format: must be 1"),
        ("geography: Scotland", "geography: Mars", "batch S-B0002: geography must be one of"),
        ("start_date: '2024-", "start_date: '2024-13-", "start_date must be a date"),
        ("FI-SEA-", "S-SEA-", "belongs to Scotland, not the batch's geography Faroe Islands"),
        ("\n  eggs:", "\n  eggz:", "unknown key 'eggz'"),
        ("FI-FW-01-B-C01", "FI-FW-99-B-C01", "container FI-FW-99-B-C01 does not exist"),
    ],
)
def test_validation_names_batch_and_field(old: str, new: str, problem: str) -> None:
    text = profile_path("smoke").read_text()
    assert old in text
    with pytest.raises(yamlformat.ScheduleError) as info:
        yamlformat.loads(text.replace(old, new, 1))
    assert problem in str(info.value)


def test_overlapping_windows_are_refused() -> None:
    schedule = yamlformat.load(profile_path("smoke"))
    first = schedule.batches[0]
    text = profile_path("smoke").read_text()
    # Start the third batch (same geography) on the first one's start date: same halls, same days.
    third = schedule.batches[2]
    assert third.geography == first.geography
    moved = text.replace(f"start_date: '{third.start_date}'", f"start_date: '{first.start_date}'", 1)
    with pytest.raises(yamlformat.ScheduleError) as info:
        yamlformat.loads(moved)
    assert "overlapping windows" in str(info.value) or "start_date order" in str(info.value)


def test_params_keep_defaults() -> None:
    assert PlanParameters(name="x", batches_per_geography=1, stagger=1).adult_days == 450
