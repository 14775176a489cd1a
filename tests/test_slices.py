"""How the missing batches are cut into one slice per worker (issue 5): contiguous in start order, none
empty, and balanced by expected rows, so old completed batches do not all land on one worker."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from pytest_aquadata.load.ledger import cut_slices
from pytest_aquadata.plan import yamlformat
from pytest_aquadata.plan.profiles import profile_path
from pytest_aquadata.plan.volumes import batch_rows


@given(st.lists(st.integers(0, 1000), min_size=1, max_size=60), st.integers(1, 16))
def test_slices_are_contiguous_non_empty_and_balanced(weights: list[int], parts: int) -> None:
    indices = [10 + i for i in range(len(weights))]
    slices = cut_slices(indices, weights, parts)
    assert [i for s in slices for i in s] == indices, "every batch once, in start order"
    assert len(slices) == min(parts, len(indices)) and all(slices)
    by_index = dict(zip(indices, weights, strict=True))
    heaviest = max(sum(by_index[i] for i in s) for s in slices)
    # no slice carries more than its share plus what whole batches force on it
    assert heaviest <= sum(weights) / len(slices) + 2 * max(weights)


def test_medium_on_two_workers_splits_its_rows_evenly() -> None:
    schedule = yamlformat.load(profile_path("medium"))
    end = dt.date(2026, 11, 1)
    weights = [sum(low for low, _ in batch_rows(b, end).values()) for b in schedule.batches]
    first, second = cut_slices([b.index for b in schedule.batches], weights, 2)
    assert first[-1] + 1 == second[0]
    rows = [sum(weights[i] for i in range(len(weights)) if schedule.batches[i].index in s) for s in (first, second)]
    assert abs(rows[0] - rows[1]) < 0.05 * sum(rows), rows
    assert len(first) < len(second), "the older half holds more rows a batch"
