"""Bad input, fuzzed (issue 12): Hypothesis corrupts the smoke schedule (broken YAML, wrong types, missing keys,
absurd numbers, overlaps, unknown containers, a geography crossed, duplicate batch numbers, deep nesting) and
feeds it to ``aquadata schedule --check`` and to a pytest run. Each gets exit code 2 or 4 with the problem
and the batch named, never a traceback, and nothing is written."""

from __future__ import annotations

import contextlib
import copy
import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pytest_aquadata import cli
from pytest_aquadata.plan.profiles import profile_path

SMOKE = yaml.safe_load(profile_path("smoke").read_text())
NUMBERS = [b["batch_number"] for b in SMOKE["batches"]]
FIELDS = ["batch_number", "geography", "start_date", "eggs", "harvest_kg", "harvest_day", "stages"]
ODD_VALUES = [None, True, -1, 0, 10**30, -(10**12), 1.5e300, float("nan"), "", "x" * 300, [], {}, [1, 2], {"a": 1},
              "2026-02-30", "9999-12-31"]


def _corrupt(draw: st.DrawFn, doc: dict[str, Any]) -> tuple[str, int | None]:
    """Corrupt ``doc`` in place one way; returns the kind and the index of the batch it hit (None: the file)."""
    i = draw(st.integers(0, len(doc["batches"]) - 1))
    batch = doc["batches"][i]
    kind = draw(st.sampled_from(["type", "missing", "absurd", "overlap", "unknown container", "geography crossed",
                                 "duplicate number", "stage window"]))
    if kind == "type":
        batch[draw(st.sampled_from(FIELDS))] = draw(st.sampled_from(ODD_VALUES))
    elif kind == "missing":
        del batch[draw(st.sampled_from(FIELDS))]
    elif kind == "absurd":
        field = draw(st.sampled_from(["eggs", "harvest_day", "harvest_kg"]))
        batch[field] = draw(st.sampled_from([10**12, 10**9 + 7, -3, 0, 99.9]))
        if field == "harvest_day" and batch[field] > 0:
            batch["stages"]["Adult"]["end_day"] = batch[field]
    elif kind == "overlap":
        other = doc["batches"][(i + 2) % len(doc["batches"])]  # the same geography
        batch["stages"]["Fry"]["containers"] = list(other["stages"]["Fry"]["containers"])
        batch["start_date"] = other["start_date"]
    elif kind == "unknown container":
        batch["stages"][draw(st.sampled_from(list(batch["stages"])))]["containers"][0] = "NOPE-FW-99-Z-C99"
    elif kind == "geography crossed":
        batch["geography"] = "Scotland" if batch["geography"] == "Faroe Islands" else "Faroe Islands"
    elif kind == "duplicate number":
        batch["batch_number"] = NUMBERS[(i + 1) % len(NUMBERS)]
    else:
        stage = draw(st.sampled_from(list(batch["stages"])))
        batch["stages"][stage]["start_day"] = draw(st.sampled_from([-5, 10**6, "soon"]))
    return kind, i


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[str, str, int | None]:
    """(kind, YAML text, index of the batch named in the problem or None)."""
    doc = copy.deepcopy(SMOKE)
    shape = draw(st.sampled_from(["document", "broken YAML", "deep nesting"]))
    if shape == "deep nesting":
        depth = draw(st.integers(40, 3000))
        return shape, "format: 1\nmetadata: " + "{a: " * depth + "1" + "}" * depth + "\n", None
    if shape == "broken YAML":
        text = yaml.safe_dump(doc, sort_keys=False)
        cut = draw(st.integers(10, len(text) - 10))
        return shape, text[:cut] + draw(st.sampled_from(["\n  - : [", "\t{{", ": : :", "\n'unterminated"])), None
    kind, index = _corrupt(draw, doc)
    return kind, yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), index


def _named(message: str, index: int | None) -> bool:
    if index is None:
        return True
    return any(n in message for n in NUMBERS + [f"#{index + 1}", f"batches[{index}]"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted())
def test_schedule_check_refuses_every_corruption_naming_it(case: tuple[str, str, int | None]) -> None:
    kind, text, index = case
    path = Path(f"/tmp/aquadata-fuzz-{abs(hash(text))}.yaml")
    path.write_text(text)
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = cli.main(["schedule", "--check", str(path)])
    finally:
        path.unlink()
    message = err.getvalue()
    if code == 0:  # a corruption that leaves a valid schedule (e.g. an overlap with a batch long gone)
        assert kind in {"overlap", "absurd", "type"}, (kind, text[:300])
        return
    assert code == 2, (kind, message)
    assert message.startswith("invalid schedule "), (kind, message)
    assert _named(message, index), (kind, message)


def test_a_pytest_run_refuses_fuzzed_schedules_and_writes_nothing(run_aquadata, aquadata_run, digest_of,  # type: ignore[no-untyped-def]
                                                                   pytester: pytest.Pytester) -> None:
    before = digest_of(aquadata_run.url)
    refused: list[str] = []

    @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
    @given(corrupted())
    def one(case: tuple[str, str, int | None]) -> None:
        kind, text, index = case
        path = pytester.path / "fuzzed.yaml"
        path.write_text(text)
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            valid = cli.main(["schedule", "--check", str(path)]) == 0
        result = run_aquadata(f"--aquadata={path}", f"--aquadata-db={aquadata_run.url}", "--aquadata-today=2026-11-01",
                              timeout=120)
        output = result.stdout.str() + result.stderr.str()
        assert result.ret == pytest.ExitCode.USAGE_ERROR, (kind, output[-2000:])
        assert "Traceback" not in output and "INTERNALERROR" not in output, (kind, output[-3000:])
        if valid:  # still a schedule, but another one than the dataset's: refused as such, nothing written
            assert "holds a dataset from another run" in result.stderr.str(), (kind, output[-2000:])
            return
        assert f"ERROR: pytest-aquadata: invalid schedule {path}:" in result.stderr.str(), (kind, output[-2000:])
        assert _named(result.stderr.str(), index), (kind, output[-2000:])
        refused.append(kind)

    one()
    assert refused, "at least one corruption was refused"
    assert digest_of(aquadata_run.url) == before
