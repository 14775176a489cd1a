"""Fixtures for users, small and overridable one decision at a time, in pytest-django's style.

Registered by the plugin only when --aquadata is active. A farm test (``@pytest.mark.aquadata``, or one that asks for
``aquadata_farm``) gets Django's default database pointed at the farm, after pytest-django has set up its own test
database and before it opens the test's transaction; a farm test that commits runs on this process's working copy
of the farm, put back as generated after the test (copies/).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from pytest_aquadata.controller import PreparedRun

if TYPE_CHECKING:
    from pytest_aquadata.copies.working import WorkingCopy


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
    from pytest_aquadata import djangoconf

    djangoconf.set_farm(aquadata_run.url)


@pytest.fixture(scope="session")
def aquadata_db(aquadata_run: PreparedRun, aquadata_ready: None) -> Iterator[Any]:
    """A psycopg connection to the complete dataset, read-only and in UTC, for SQL checks. It reads a project's own
    tables under the engine's names too (verify/dataset.py)."""
    import psycopg

    from pytest_aquadata.verify.dataset import see_engine_names

    with psycopg.connect(aquadata_run.url, autocommit=True) as conn:
        see_engine_names(conn)
        conn.execute("SET TimeZone = 'UTC'")  # a day is a UTC day, as the engine writes it (a project may set another)
        conn.execute("SET default_transaction_read_only = on")
        yield conn


@pytest.fixture(scope="session")
def aquadata_shared(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """Where the xdist workers split the checks' scans of the largest tables (verify/shared.py): the run's base
    temporary directory, which pytest-xdist's documentation gives for this; without xdist, nowhere."""
    from pytest_aquadata.verify.shared import Shared

    if not hasattr(pytestconfig, "workerinput"):
        return Shared()
    return Shared(tmp_path_factory.getbasetemp().parent / "aquadata-shared")


@pytest.fixture(scope="session")
def aquadata_dataset(aquadata_db: Any, aquadata_schedule: Any, aquadata_run: PreparedRun, aquadata_shared: Any) -> Any:
    """What the verification checks look at: the read-only connection and the schedule (checks.CHECKS)."""
    from pytest_aquadata.verify.dataset import Dataset

    return Dataset(aquadata_db, aquadata_schedule, aquadata_run.history_end, aquadata_run.seed, aquadata_shared)


@pytest.fixture(scope="session")
def aquadata_incidents(aquadata_db: Any) -> list[Any]:
    """The dataset's incidents, the ground truth (verify/score.Label): score a project's alerting code with
    ``pytest_aquadata.verify.score.score(aquadata_incidents, alerts)["sensor_stuck"].recall``."""
    from pytest_aquadata.verify.score import read_labels

    return read_labels(aquadata_db)


@pytest.fixture(scope="session")
def aquadata(aquadata_db: Any, aquadata_schedule: Any) -> dict[str, Any]:
    """A summary of the dataset: batches by status, stage and geography, and rows per table."""
    from pytest_aquadata.summary import dataset_summary

    return dataset_summary(aquadata_db)


@pytest.fixture
def aquadata_farm(request: pytest.FixtureRequest, aquadata_run: PreparedRun, aquadata_ready: None,
                  django_db_setup: None, _aquadata_kept_connections: None) -> Iterator[str]:
    """Django's default database is the farm during the test: what ``@pytest.mark.aquadata`` asks for (the plugin
    puts this fixture first, so pytest-django's transaction opens on the farm). A test that commits
    (transactional_db, live_server, ``transaction=True``) runs on this process's working copy instead, which is
    put back as generated afterwards. Its value is the URL of the database the test sees."""
    from pytest_aquadata import djangoconf, marks

    _refuse_unittest(request)
    committing = marks.commits(request.node)
    if not committing and aquadata_run.scope == "all":  # the default database is the farm already
        yield aquadata_run.url
        return
    copy: WorkingCopy | None = request.getfixturevalue("aquadata_working_copy") if committing else None
    pointing = djangoconf.Pointing(aquadata_run.url if copy is None else copy.url, every_thread=committing)
    try:
        yield pointing.url
    finally:
        pointing.leave()
        if copy is not None:
            copy.reset()


@pytest.fixture(scope="session")
def _aquadata_kept_connections(django_db_setup: None) -> Iterator[None]:
    """Closes the connections read-only farm tests kept open on the farm, before pytest-django's test databases are
    torn down (it depends on their set-up, so it ends first)."""
    yield
    from pytest_aquadata import djangoconf

    djangoconf.close_kept()


@pytest.fixture
def _aquadata_farm_release(aquadata_farm: str, aquadata_empty_database: str) -> Iterator[None]:
    """Set up after pytest-django's database fixture, so torn down before it: a test that committed leaves its copy
    of the farm for an empty database first, and the flush pytest-django ends such a test with empties nothing
    (the copy's reset puts it back far quicker than a flush and a reload would)."""
    from django.db import connections

    from pytest_aquadata import djangoconf

    yield
    djangoconf.point_default_at(djangoconf.farm_entry(aquadata_empty_database, connections["default"].settings_dict))


@pytest.fixture(scope="session")
def aquadata_working_copy(aquadata_run: PreparedRun, aquadata_ready: None, pytestconfig: pytest.Config
                          ) -> Iterator[WorkingCopy]:
    """This process's copy of the farm for the tests that commit: made from the pristine template on the first
    such test, dropped at the end of the session."""
    from pytest_aquadata.copies.working import WorkingCopy
    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.stash import PRISTINE_FAILURE_KEY

    failure = pytestconfig.stash.get(PRISTINE_FAILURE_KEY, None)
    if failure is not None:
        pytest.fail(f"pytest-aquadata: {failure}", pytrace=False)
    copy = WorkingCopy(aquadata_run.url, getattr(pytestconfig, "workerinput", {}).get("workerid", "main"))
    try:
        copy.make()
    except AquadataError as exc:
        pytest.fail(f"pytest-aquadata: {exc}", pytrace=False)
    from pytest_aquadata import djangoconf

    djangoconf.set_working_copy(copy)
    yield copy
    from django.db import connections

    connections.close_all()
    copy.remove()


@pytest.fixture(scope="session")
def aquadata_empty_database(aquadata_run: PreparedRun) -> str:
    """The URL of a database with no tables on the farm's server, where a test that committed ends."""
    from pytest_aquadata.copies.working import empty_database

    return empty_database(aquadata_run.url)


def _refuse_unittest(request: pytest.FixtureRequest) -> None:
    """A plain django.test.TestCase class opens its transaction when the class starts, before any fixture of a test
    could point it at the farm: FarmTestCase points it there first."""
    from django.test import SimpleTestCase

    if isinstance(getattr(request.node, "instance", None), SimpleTestCase):
        pytest.fail("pytest-aquadata: a django.test.TestCase class cannot be pointed at the farm by a marker or a "
                    "fixture (its transaction opens with the class, before the test). Fix: derive the class from "
                    "pytest_aquadata.django.FarmTestCase instead.", pytrace=False)


@pytest.fixture(scope="session", autouse=True)
def aquadata_factories_seeded() -> None:
    """Seed factory_boy and Faker once per session, so the ``factories`` give the same rows on every run;
    importing ``factories`` seeds nothing (a user's own factories keep their own random state until here).
    Override this fixture to choose another seed, or call ``factories.reseed(n)`` in a test."""
    from factories import reseed

    reseed()
