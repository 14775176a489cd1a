"""Farm tests the way Django projects write them: ``FarmTestCase``, a ``django.test.TestCase`` whose tests run on
the farm, ``FarmTransactionTestCase`` for tests that commit (on the farm's working copy), ``FarmLiveServerTestCase``
(a live server on that copy), and ``FarmRunner``, for ``manage.py test``. Imported by a project's tests and settings
(it imports Django), never by the plugin at start-up."""

from pytest_aquadata.django.runner import FarmRunner
from pytest_aquadata.django.testcases import FarmLiveServerTestCase, FarmTestCase, FarmTransactionTestCase

__all__ = ["FarmLiveServerTestCase", "FarmRunner", "FarmTestCase", "FarmTransactionTestCase"]
