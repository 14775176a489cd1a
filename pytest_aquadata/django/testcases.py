"""``FarmTestCase``: a ``django.test.TestCase`` whose tests run on the generated farm, for projects whose suites are
TestCase and DRF ``APITestCase`` classes (AquaMind's are).

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

from django.test import TestCase

from pytest_aquadata import djangoconf


class FarmTestCase(TestCase):
    """A TestCase on the farm: read it through the ORM or the API; what a test writes is rolled back."""

    #: Read by the plugin (marks.py) without importing Django: the tests of this class need the farm.
    aquadata_farm_case: ClassVar[bool] = True
    _aquadata_pointing: ClassVar[djangoconf.Pointing | None] = None

    @classmethod
    def setUpClass(cls) -> None:
        cls._aquadata_pointing = djangoconf.Pointing(djangoconf.farm_url(), every_thread=False)
        try:
            super().setUpClass()
        except BaseException:
            cls._leave_farm()
            raise

    @classmethod
    def tearDownClass(cls) -> None:
        try:
            super().tearDownClass()
        finally:
            cls._leave_farm()

    @classmethod
    def _leave_farm(cls) -> None:
        if cls._aquadata_pointing is not None:
            cls._aquadata_pointing.leave()
            cls._aquadata_pointing = None
