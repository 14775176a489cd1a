"""The project's own test configuration (pytester comes from ``-p pytester`` in addopts: a
``pytest_plugins`` here would break inner runs that collect the plugin's verify/ folder from this checkout)."""

from __future__ import annotations

import pytest


@pytest.fixture
def run_aquadata(pytester: pytest.Pytester):  # type: ignore[no-untyped-def]
    """Run pytest in a subprocess in a fresh folder (its own embedded server under .aquadata/)."""

    def run(*args: str, timeout: float = 300) -> pytest.RunResult:
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=timeout)

    return run


@pytest.fixture
def verify_tests(request: pytest.FixtureRequest) -> int:
    """How many verification tests an inner ``--aquadata`` run must pass: as many as this session collected."""
    from pytest_aquadata.plugin import VERIFY_DIR

    count = sum(1 for item in request.session.items if VERIFY_DIR in item.path.parents)
    assert count >= 14
    return count
