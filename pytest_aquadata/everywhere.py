"""The fixture of scope ``all`` (``--aquadata-scope=all``), registered only then: every database test runs on the
farm, so pytest-django's creation of a test database is replaced by nothing, and its test database never exists.
A suite written only for the farm saves the project's migrations this way."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def django_db_setup(aquadata_ready: None) -> None:
    """Nothing to create: the aquadata database is migrated and complete; tests only point at it."""
