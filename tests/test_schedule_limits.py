"""Schedules as users' tools write them are accepted; what cannot run is refused at load time (issue 14).

Each refused case is run the two ways a user meets it, ``aquadata schedule --check`` and ``pytest
--aquadata=FILE`` against this session's dataset, and must leave that dataset's digest as it was.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan import limits, yamlformat
from pytest_aquadata.plan.profiles import profile_path

SMOKE_TEXT = profile_path("smoke").read_text()
SMOKE = yaml.safe_load(SMOKE_TEXT)
TODAY = "--aquadata-today=2026-11-01"  # the history end of this session's own smoke dataset


def _check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", "schedule", "--check", str(path)],
                          capture_output=True, text=True, timeout=120)


def _doc(change: Callable[[dict[str, Any]], None]) -> str:
    doc = copy.deepcopy(SMOKE)
    change(doc)
    return yaml.safe_dump(doc, sort_keys=False)


def _first(**fields: Any) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc["batches"][0].update(fields)


def _nested(depth: int) -> str:
    return "format: 1\nmetadata: " + "[" * depth + "]" * depth + "\n"


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "format: 1\nmetadata:\n  parameters:\n" + "\n".join("    " + line for line in lines) + "\n"


REFUSED = {
    "eggs beyond the integer columns": (_doc(_first(eggs=1_000_000_000_000_000)),
                                        "batch FI-B0001: eggs 1,000,000,000,000,000 does not fit"),
    "eggs per container": (_doc(_first(eggs=40_000_000)), "batch FI-B0001: eggs 40,000,000 over 10 Egg&Alevin "
                                                          "containers is 4,000,000 fish per container"),
    "a date the tables cannot hold": (_doc(_first(start_date="1850-01-01")),
                                      "batch FI-B0001: start_date 1850-01-01 puts its life outside"),
    "a history end before a batch's start": (
        _doc(lambda doc: doc["metadata"].update(history_end=doc["batches"][-1]["start_date"][:8] + "01")),
        f"batch {SMOKE['batches'][-1]['batch_number']}: start_date * is after the history end"),
    # 500 levels are refused by our composer; 5,000 by libyaml's scanner first (PyYAML 6.0.4's bounds flow nesting
    # at 1,000 and reads ahead of the composer): the same words either way
    "500-deep nesting": (_nested(500), "not valid YAML: nested more than 32 levels deep"),
    "5,000-deep nesting": (_nested(5000), "not valid YAML: nested more than 32 levels deep"),
    "an alias bomb": (_alias_bomb(), "not valid YAML: its aliases expand to more than 5,000,000 values"),
    "a file too large": ("# " + "x" * (yamlformat.MAX_BYTES + 10) + "\n", "the file is 64 MB, more than a schedule*"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_what_cannot_run_is_refused_up_front_and_nothing_is_written(case: str, run_aquadata, aquadata_run,  # type: ignore[no-untyped-def]
                                                                     digest_of, tmp_path: Path) -> None:
    text, message = REFUSED[case]
    path = tmp_path / "schedule.yaml"
    path.write_text(text)
    checked = _check(path)
    assert checked.returncode == 2, checked.stderr
    assert "Traceback" not in checked.stderr
    pytest.LineMatcher(checked.stderr.splitlines()).fnmatch_lines(["invalid schedule *", f"*{message}*"])

    before = digest_of(aquadata_run.url)
    refused = run_aquadata(f"--aquadata={path}", f"--aquadata-db={aquadata_run.url}", TODAY)
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    output = "\n".join(refused.outlines + refused.errlines)
    assert "Traceback" not in output and "INTERNALERROR" not in output
    refused.stderr.fnmatch_lines([f"ERROR: pytest-aquadata: invalid schedule {path}:", f"*{message}*",
                                  f"Fix: correct the file, or check it with `aquadata schedule --check {path}`."])
    assert digest_of(aquadata_run.url) == before


def _stages_as_list(doc: dict[str, Any]) -> None:
    for batch in doc["batches"]:
        batch["stages"] = [{"stage": name, **plan} for name, plan in reversed(list(batch["stages"].items()))]


ACCEPTED = {
    "re-dumped by PyYAML (keys sorted)": yaml.safe_dump(SMOKE),
    "stages as a list, Adult first": _doc(_stages_as_list),
}


@pytest.mark.parametrize("case", ACCEPTED)
def test_schedules_in_any_key_order_run_as_the_canonical_one(case: str, run_aquadata, aquadata_run,  # type: ignore[no-untyped-def]
                                                             digest_of, verify_tests: int, tmp_path: Path) -> None:
    """The same plan in another layout is the same schedule: the run reuses this session's smoke dataset."""
    path = tmp_path / "schedule.yaml"
    path.write_text(ACCEPTED[case])
    checked = _check(path)
    assert checked.returncode == 0 and checked.stdout.strip() == f"{path}: valid, 10 batches", checked.stderr
    assert yamlformat.load(path).digest() == yamlformat.loads(SMOKE_TEXT).digest()
    before = digest_of(aquadata_run.url)
    result = run_aquadata(f"--aquadata={path}", f"--aquadata-db={aquadata_run.url}", TODAY)
    result.assert_outcomes(passed=verify_tests)
    result.stdout.fnmatch_lines(["*generation skipped*"])
    assert digest_of(aquadata_run.url) == before


def test_the_canonical_form_is_written_whatever_was_read() -> None:
    from pytest_aquadata.plan.describe import counts

    schedule = yamlformat.loads(ACCEPTED["stages as a list, Adult first"])
    assert yamlformat.dump(schedule, counts(schedule)) == yamlformat.dump(*(lambda s: (s, counts(s)))(
        yamlformat.loads(SMOKE_TEXT)))
    assert list(yaml.safe_load(yamlformat.dump(schedule, {}))["batches"][0]["stages"]) == [s.name for s in catalog.STAGES]


@pytest.mark.parametrize("shape", ["flow", "block"])
@pytest.mark.parametrize("depth", [33, 999, 1001, 5000])
def test_too_deep_nesting_has_one_message_whichever_layer_notices(shape: str, depth: int) -> None:
    """libyaml's scanner (PyYAML 6.0.4 on) stops flow nesting at 1,000 levels before our composer counts 33; the
    user reads the loader's words, naming its bound, on every PyYAML version."""
    text = _nested(depth) if shape == "flow" else "format: 1\nmetadata:\n" + "".join(
        " " * (i + 1) + f"k{i}:\n" for i in range(depth))
    with pytest.raises(yamlformat.ScheduleError) as refused:
        yamlformat.loads(text)
    assert refused.value.problems == [f"not valid YAML: nested more than {yamlformat.MAX_DEPTH} levels deep"]


def test_a_stage_listed_twice_is_refused() -> None:
    def twice(doc: dict[str, Any]) -> None:
        _stages_as_list(doc)
        doc["batches"][2]["stages"][1] = dict(doc["batches"][2]["stages"][0])

    number = SMOKE["batches"][2]["batch_number"]
    with pytest.raises(yamlformat.ScheduleError, match=rf"batch {number}: stages lists a stage more than once"):
        yamlformat.loads(_doc(twice))


def test_a_run_moved_out_of_the_tables_range_is_refused(run_aquadata, aquadata_run, digest_of) -> None:  # type: ignore[no-untyped-def]
    """Valid as written, the smoke schedule moved to end in 1901 would start its batches in 1899."""
    before = digest_of(aquadata_run.url)
    refused = run_aquadata("--aquadata=smoke", f"--aquadata-db={aquadata_run.url}", "--aquadata-today=1901-01-01")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*invalid schedule * moved to end on 1901-01-01:*",
                                  "*batch FI-B0001: start_date 1898-* puts its life outside 1900-01-01 to 9998-12-31*"])
    assert digest_of(aquadata_run.url) == before


# Hypothesis: any schedule the loader accepts generates its first batch without a database error.

@st.composite
def first_batches(draw: st.DrawFn) -> str:
    """Smoke's document with its first batch redrawn over ranges well past every bound, in halls and areas the
    session's own smoke farm does not use (its active batches hold their containers in the database)."""
    doc = copy.deepcopy(SMOKE)
    batch = doc["batches"][0]
    geo = catalog.GEOGRAPHY_BY_NAME[batch["geography"]]
    used = {c.rsplit("-", 2)[0] for b in SMOKE["batches"] for s in b["stages"].values() for c in s["containers"]}
    lengths = [draw(st.integers(1, 400)) for _ in catalog.STAGES]
    stages, day = {}, 0
    for spec, length in zip(catalog.STAGES, lengths, strict=True):
        if spec.hall_letter is None:
            site = draw(st.sampled_from([a for a in catalog.area_names(geo) if a not in used]))
            names = catalog.ring_names(site)
        else:
            site = draw(st.sampled_from([f for f in catalog.station_names(geo) if f not in used]))
            names = catalog.tank_names(site, spec.hall_letter)
        count = draw(st.integers(1, len(names)))
        stages[spec.name] = {"containers": names[:count], "start_day": day, "end_day": day + length}
        day += length
    start = draw(st.dates(dt.date(1880, 1, 1), dt.date(9999, 1, 1)))
    batch.update(
        batch_number="P" + draw(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)),
        start_date=start.isoformat(), eggs=draw(st.one_of(st.integers(1, 12_000_000), st.integers(1, 10**13))),
        harvest_kg=draw(st.floats(0.1, 19.9)), harvest_day=day, stages=stages)
    lived = draw(st.integers(0, day + 30))
    end = start + dt.timedelta(days=lived) if start.year < 9990 else dt.date(9999, 12, 31)
    doc["metadata"]["history_end"] = end.isoformat()
    doc["batches"] = [batch]
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(first_batches())
def test_any_schedule_the_loader_accepts_writes_its_first_batch(aquadata_run, text: str) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    from pytest_aquadata.engine.batch import generate
    from pytest_aquadata.engine.context import load_ids
    from pytest_aquadata.load.copy import copy_tables
    from pytest_aquadata.load.ledger import read_targets

    try:
        schedule = yamlformat.loads(text)
    except yamlformat.ScheduleError as exc:
        assert exc.problems
        return
    batch = dataclasses.replace(schedule.batches[0], index=90_000)  # ids far from the session's batches
    with psycopg.connect(aquadata_run.url) as conn:
        tables = generate(batch, schedule.history_end, 1, load_ids(conn))
        with conn.transaction(force_rollback=True):
            assert sum(copy_tables(conn, tables, read_targets(conn)).values()) > 0


def test_the_limits_hold_the_columns_they_name() -> None:
    """The bounds in plan/limits.py against the models they protect."""
    from django.apps import apps

    batch_number = apps.get_model("batch", "Batch")._meta.get_field("batch_number").max_length
    workflow = apps.get_model("batch", "BatchTransferWorkflow")._meta.get_field("workflow_number").max_length
    assert batch_number >= limits.MAX_BATCH_NUMBER_LENGTH
    assert len(f"TRF-{'x' * limits.MAX_BATCH_NUMBER_LENGTH}-{len(catalog.STAGES)}") <= workflow
    name = apps.get_model("aquadata", "Run")._meta.get_field("schedule_name").max_length
    assert name >= limits.MAX_NAME_LENGTH
