"""The verification suite, collected whenever --aquadata is given: one test per check of checks.CHECKS,
each failing with the checks' own messages (batch, container, day and numbers)."""

from __future__ import annotations

import pytest

from pytest_aquadata.verify.checks import CHECKS
from pytest_aquadata.verify.dataset import Dataset


@pytest.mark.parametrize("check", list(CHECKS))
def test_dataset(aquadata_dataset: Dataset, check: str) -> None:
    problems = CHECKS[check](aquadata_dataset)
    assert not problems, "\n".join(problems)
