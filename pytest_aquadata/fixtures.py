"""Fixtures for users, small and overridable one decision at a time, in pytest-django's style.

Registered by the plugin only when --aquadata is active, after pytest-django, so ``django_db_setup``
here replaces pytest-django's: the database already exists and is migrated, so nothing is created.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_aquadata.controller import PreparedRun


@pytest.fixture(scope="session")
def aquadata_run(pytestconfig: pytest.Config) -> PreparedRun:
    """The prepared run: database URL, schedule path, seed and history end."""
    from pytest_aquadata.stash import RUN_KEY

    return pytestconfig.stash[RUN_KEY]  # type: ignore[return-value]


@pytest.fixture(scope="session")
def aquadata_schedule(aquadata_run: PreparedRun) -> Any:
    """The schedule, with its dates moved so its history ends on the run's history end."""
    from pytest_aquadata.worker import load_schedule

    return load_schedule(aquadata_run)


@pytest.fixture(scope="session")
def aquadata_ready(aquadata_run: PreparedRun, pytestconfig: pytest.Config) -> None:
    """The barrier: returns once every batch of the schedule is written (or fails with a worker's error)."""
    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.stash import FAILURE_KEY
    from pytest_aquadata.worker import wait_until_complete

    failure = pytestconfig.stash.get(FAILURE_KEY, None)
    if failure is not None:
        pytest.fail(f"pytest-aquadata: {failure}", pytrace=False)
    name = getattr(pytestconfig, "workerinput", {}).get("workerid", "main")
    try:
        wait_until_complete(aquadata_run, name)
    except AquadataError as exc:
        pytest.fail(f"pytest-aquadata: {exc}", pytrace=False)


@pytest.fixture(scope="session")
def aquadata_db(aquadata_run: PreparedRun, aquadata_ready: None) -> Iterator[Any]:
    """A psycopg connection to the complete dataset, read-only, for SQL checks. It reads a project's own
    tables under the engine's names too (verify/dataset.py)."""
    import psycopg

    from pytest_aquadata.verify.dataset import see_engine_names

    with psycopg.connect(aquadata_run.url, autocommit=True) as conn:
        see_engine_names(conn)
        conn.execute("SET default_transaction_read_only = on")
        yield conn


@pytest.fixture(scope="session")
def aquadata_dataset(aquadata_db: Any, aquadata_schedule: Any, aquadata_run: PreparedRun) -> Any:
    """What the verification checks look at: the read-only connection and the schedule (checks.CHECKS)."""
    from pytest_aquadata.verify.dataset import Dataset

    return Dataset(aquadata_db, aquadata_schedule, aquadata_run.history_end, aquadata_run.seed)


@pytest.fixture(scope="session")
def aquadata(aquadata_db: Any, aquadata_schedule: Any) -> dict[str, Any]:
    """A summary of the dataset: batches by status, stage and geography, and rows per table."""
    from pytest_aquadata.summary import dataset_summary

    return dataset_summary(aquadata_db)


@pytest.fixture(scope="session")
def django_db_setup(aquadata_ready: None) -> None:
    """Nothing to create: the aquadata database is migrated and complete; tests only point at it."""


@pytest.fixture(scope="session", autouse=True)
def aquadata_factories_seeded() -> None:
    """Seed factory_boy and Faker once per session, so the ``factories`` give the same rows on every run;
    importing ``factories`` seeds nothing (a user's own factories keep their own random state until here).
    Override this fixture to choose another seed, or call ``factories.reseed(n)`` in a test."""
    from factories import reseed

    reseed()
