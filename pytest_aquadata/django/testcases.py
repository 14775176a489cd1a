"""``FarmTestCase``: a ``django.test.TestCase`` whose tests run on the generated farm, for projects whose suites are
TestCase and DRF ``APITestCase`` classes (AquaMind's are); ``FarmTransactionTestCase`` for tests that commit, and
``FarmLiveServerTestCase`` for a browser or an HTTP client against a live server.

A TestCase opens its class-wide transaction in ``setUpClass``, on ``connections["default"]``, before any test could
be pointed elsewhere. So the class points this thread's default connection at the farm first (djangoconf.Pointing:
a connection kept open on the farm, swapped in for this thread) and points it back after ``tearDownClass``. Inside,
everything is Django's own: ``setUpTestData`` writes on the farm within the class's transaction, each test runs in
its own savepoint, and all of it is rolled back, so the next class sees the farm as generated. Beside it, ordinary
TestCase classes and pytest-django tests keep their own test database.

Under pytest with ``--aquadata``, the plugin waits for the farm to be complete before the class starts. As a mixin
with DRF: ``class MyTest(FarmTestCase, APITestCase)``."""

from __future__ import annotations

from typing import ClassVar

from django.db import connections
from django.test import LiveServerTestCase, TestCase, TransactionTestCase

from pytest_aquadata import djangoconf


class _OnTheFarm:
    """Points Django's default connection at a database of the farm from before the class's setUpClass until after
    its tearDownClass: where (``_aquadata_target``) is the subclass's to say."""

    #: Read by the plugin (marks.py) without importing Django: the tests of this class need the farm.
    aquadata_farm_case: ClassVar[bool] = True
    _aquadata_pointing: ClassVar[djangoconf.Pointing | None] = None

    @classmethod
    def _aquadata_target(cls) -> tuple[str, bool]:
        """The URL of the database to point at, and whether for every thread (else this thread only)."""
        raise NotImplementedError

    @classmethod
    def setUpClass(cls) -> None:
        url, every_thread = cls._aquadata_target()
        cls._aquadata_pointing = djangoconf.Pointing(url, every_thread=every_thread)
        try:
            super().setUpClass()  # type: ignore[misc]  # the TestCase class this is mixed into
        except BaseException:
            cls._aquadata_leave()
            raise

    @classmethod
    def tearDownClass(cls) -> None:
        try:
            super().tearDownClass()  # type: ignore[misc]
        finally:
            cls._aquadata_leave()

    @classmethod
    def _aquadata_leave(cls) -> None:
        if cls._aquadata_pointing is not None:
            cls._aquadata_pointing.leave()
            cls._aquadata_pointing = None


class FarmTestCase(_OnTheFarm, TestCase):
    """A TestCase on the farm: read it through the ORM or the API; what a test writes is rolled back. This thread's
    connection is swapped for one kept open on the farm."""

    @classmethod
    def _aquadata_target(cls) -> tuple[str, bool]:
        return djangoconf.farm_url(), False


class FarmTransactionTestCase(_OnTheFarm, TransactionTestCase):
    """A TransactionTestCase on the farm: each test runs on this process's working copy of it (copies/working.py),
    sees the farm as generated, and may commit anything (on-commit hooks, Celery run eagerly, a second connection
    that reads what the test wrote). Afterwards the copy is put back as generated instead of flushed, as the
    plugin's own tests that commit are; the farm itself never sees the test's rows. Every thread's connection
    points at the copy for the whole class: Django prepares a test (its fixtures, its sequences) in setUpClass for
    the first test and before each test for the others (5.x), or before each test (4.2)."""

    #: Read by the plugin (marks.py): its tests need the process's working copy of the farm.
    aquadata_commits: ClassVar[bool] = True

    @classmethod
    def _aquadata_target(cls) -> tuple[str, bool]:
        return djangoconf.working_copy().url, True

    def _fixture_teardown(self) -> None:
        """Django flushes every table here; the copy is put back as generated instead (_post_teardown)."""

    def _post_teardown(self) -> None:
        try:
            super()._post_teardown()  # type: ignore[misc]  # Django's, which its stubs do not declare
        finally:
            connections["default"].close()
            djangoconf.working_copy().reset()


class FarmLiveServerTestCase(FarmTransactionTestCase, LiveServerTestCase):
    """A LiveServerTestCase on the farm: the live server's thread serves the working copy, because the copy is
    pointed at for every thread before Django starts the server in setUpClass; a browser (or any HTTP client) at
    ``live_server_url`` sees the farm as generated, and what its requests commit is put back after each test."""
