"""What the hooks keep on the pytest config for the fixtures and for each other.

A module of its own, as pytest-django keeps its keys apart from its plugin, so that the fixtures read
these without importing the plugin module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pytest_aquadata.controller import PreparedRun
    from pytest_aquadata.options import AquadataOptions
    from pytest_aquadata.progress import ProgressMonitor
    from pytest_aquadata.server import Server

RUN_KEY: pytest.StashKey[PreparedRun] = pytest.StashKey()
SERVER_KEY: pytest.StashKey[Server] = pytest.StashKey()
STATS_KEY = pytest.StashKey[dict[str, Any]]()
OPTIONS_KEY: pytest.StashKey[AquadataOptions] = pytest.StashKey()
PROGRESS_KEY: pytest.StashKey[ProgressMonitor] = pytest.StashKey()
#: Why this process's generation failed; the barrier fixture fails every test that needs the data with it.
FAILURE_KEY = pytest.StashKey[str]()
#: Why this process could not take the pristine copy of the farm; the tests that commit fail with it.
PRISTINE_FAILURE_KEY = pytest.StashKey[str]()
#: Each verification test's outcome (test name -> "passed" or "failed"), for the HTML report.
VERIFICATION_KEY = pytest.StashKey[dict[str, str]]()
