"""Property tests of the planner and the schedule format (issue 4): any parameters either plan into a
schedule that passes validation or are refused with the capacity error; any corruption of a valid
schedule is refused with the validation error and nothing else."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan import capacity, yamlformat
from pytest_aquadata.plan.describe import counts
from pytest_aquadata.plan.planner import PlanParameters, plan
from pytest_aquadata.plan.profiles import profile_path

SMOKE = yaml.safe_load(profile_path("smoke").read_text())


@st.composite
def parameters(draw: st.DrawFn) -> PlanParameters:
    low = draw(st.sampled_from(catalog.RING_OPTIONS))
    return PlanParameters(
        name="prop",
        batches_per_geography=draw(st.integers(1, 40)),
        stagger=draw(st.integers(1, 60)),
        adult_days=draw(st.integers(60, 600)),
        rings=(low, draw(st.sampled_from([n for n in catalog.RING_OPTIONS if n >= low]))),
        eggs=(3_000_000, draw(st.integers(3_000_000, 3_800_000))),
        harvest_kg=(4.5, draw(st.floats(4.5, 6.5))),
        history_end=draw(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))),
        seed=draw(st.integers(0, 2**31)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parameters())
def test_parameters_plan_into_a_valid_schedule_or_get_the_capacity_error(params: PlanParameters) -> None:
    try:
        schedule = plan(params)
    except capacity.CapacityError as exc:
        assert "Options that would fit" in str(exc)
        longer = capacity.min_stagger(params.batches_per_geography, params.adult_days, params.rings[0])
        assert f"--stagger {longer}" in str(exc)
        assert not capacity.problems_for(params.batches_per_geography, longer, params.adult_days, params.rings[0])
        return
    text = yamlformat.dump(schedule, counts(schedule))
    reloaded = yamlformat.loads(text)  # the --check validation
    assert len(reloaded.batches) == 2 * params.batches_per_geography
    assert reloaded.digest() == schedule.digest()


MUTATIONS = [
    ("drop a batch key", lambda b, rnd: b.pop(rnd.choice(sorted(yamlformat.BATCH_KEYS)))),
    ("unknown batch key", lambda b, rnd: b.update(colour="blue")),
    ("eggs of a wrong type", lambda b, rnd: b.update(eggs=rnd.choice(["many", -5, 1.5, None, True]))),
    ("a bad start date", lambda b, rnd: b.update(start_date=rnd.choice(["2026-13-45", "soon", 20260101]))),
    ("a bad harvest weight", lambda b, rnd: b.update(harvest_kg=rnd.choice([0, -1, "heavy", 25]))),
    ("an unknown geography", lambda b, rnd: b.update(geography="Norway")),
    ("an unknown container", lambda b, rnd: b["stages"]["Fry"]["containers"].__setitem__(0, "NOPE-FW-99-B-C01")),
    ("a container of the other geography", lambda b, rnd: b["stages"]["Adult"]["containers"].__setitem__(
        0, "S-SEA-20-Ring-20" if b["geography"] == "Faroe Islands" else "FI-SEA-23-Ring-20")),
    ("a window out of order", lambda b, rnd: b["stages"]["Parr"].update(end_day=b["stages"]["Parr"]["start_day"])),
    ("a stage missing", lambda b, rnd: b["stages"].pop(rnd.choice([s.name for s in catalog.STAGES]))),
    ("containers not a list", lambda b, rnd: b["stages"]["Smolt"].update(containers="FI-FW-01-D-C01")),
]


@settings(max_examples=80, deadline=None)
@given(st.integers(0, len(SMOKE["batches"]) - 1), st.sampled_from(MUTATIONS), st.randoms(use_true_random=False))
def test_corruptions_are_refused_with_the_validation_error(index: int, mutation: Any, rnd: Any) -> None:
    doc = copy.deepcopy(SMOKE)
    name, mutate = mutation
    mutate(doc["batches"][index], rnd)
    text = yaml.safe_dump(doc, sort_keys=False)
    try:
        yamlformat.loads(text)
    except yamlformat.ScheduleError as exc:
        number = SMOKE["batches"][index]["batch_number"]
        assert any(number in p or f"#{index + 1}" in p for p in exc.problems), (name, exc.problems)
    else:
        raise AssertionError(f"{name} was accepted")


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["format", "metadata", "batches"]), st.sampled_from([None, 2, "x", [], {}]))
def test_top_level_corruptions_are_refused(key: str, value: Any) -> None:
    doc = copy.deepcopy(SMOKE)
    doc[key] = value
    try:
        yamlformat.loads(yaml.safe_dump(doc))
    except yamlformat.ScheduleError as exc:
        assert exc.problems
    else:
        raise AssertionError(f"{key}={value!r} was accepted")
