"""Farm tests the way Django projects write them: ``FarmTestCase``, a ``django.test.TestCase`` whose tests run on
the farm. Imported by a project's test modules (it imports Django), never by the plugin at start-up."""

from pytest_aquadata.django.testcases import FarmTestCase

__all__ = ["FarmTestCase"]
