"""A downstream Django project, as a user has it: its own settings with the schema apps (and, as AquaMind's, a second
database no test uses, on a server that is not there), and in one real subprocess run its ordinary tests on
pytest-django's own test database (a function and a TestCase class) beside farm tests that read the shared dataset
through the fixtures, the ORM and the factories, a FarmTestCase class, farm tests that commit, and a live server
on the farm."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def test_a_downstream_project_uses_fixtures_orm_and_factories(run_aquadata, verify_tests,  # type: ignore[no-untyped-def]
                                                              pytester: pytest.Pytester, own_server) -> None:
    base, query = own_server  # the project's own server, for its ordinary tests; the farm is on the embedded one
    pytester.makepyfile(farmsite_settings=f"""
        import sys

        from pytest_aquadata.conninfo import django_database
        from pytest_aquadata.schema import SCHEMA_APPS

        INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", *SCHEMA_APPS]
        DATABASES = {{"default": django_database("{base}/farmsite?{query}"),
                     "reporting": django_database("host=/nonexistent-aquadata-socket port=1 dbname=reporting")}}
        USE_TZ = True
        SECRET_KEY = "downstream"
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        TEST_RUNNER = "pytest_aquadata.django.FarmRunner"
        ROOT_URLCONF = "farmsite_urls"
        STATIC_URL = "static/"
        UNDER_MANAGE_PY_TEST = "test" in sys.argv  # a common idiom (AquaMind makes Celery eager so)
    """)
    pytester.makepyfile(farmsite_urls="""
        from django.http import JsonResponse
        from django.urls import path
        from pytest_aquadata.schema.batch.models import Batch


        def batches(request):
            return JsonResponse({"batches": Batch.objects.count(), "noted": Batch.objects.exclude(notes="").count()})


        urlpatterns = [path("batches/", batches)]
    """)
    pytester.makepyfile(test_dashboard="""
        import datetime as dt
        import os

        import pytest

        import factories
        from django.db import connection
        from django.test import TestCase
        from django.db import connections
        import json
        import urllib.request

        from pytest_aquadata.django import FarmLiveServerTestCase, FarmTestCase, FarmTransactionTestCase
        from pytest_aquadata.schema.batch.models import Batch, LifeCycleStage, Species


        def test_the_settings_see_the_command_that_ran_them():
            from django.conf import settings
            assert settings.UNDER_MANAGE_PY_TEST == (os.environ.get("EXPECT_MANAGE_PY_TEST") == "1")


        def test_summary(aquadata):
            assert sum(n for *_, n in aquadata["by_geography_status_stage"]) == 10


        @pytest.mark.aquadata
        def test_orm_sees_the_dataset():
            assert Batch.objects.filter(status="COMPLETED").count() == 1
            assert Batch.objects.get(batch_number="FI-B0001").harvest_events.count() >= 8


        @pytest.mark.aquadata
        def test_factory_batch_is_rolled_back_afterwards():
            batch = factories.BatchFactory(geography="Scotland", stage="Fry", today=dt.date(2026, 11, 1))
            assert batch.daily_states.exists()
            assert Batch.objects.count() == 11


        @pytest.mark.aquadata
        def test_the_factory_batch_is_gone():
            assert Batch.objects.count() == 10


        @pytest.mark.django_db
        def test_an_ordinary_test_counts_its_own_objects():
            species = Species.objects.create(name="Atlantic salmon", scientific_name="Salmo salar")
            stage = LifeCycleStage.objects.create(name="Fry", species=species, order=3, expected_weight_min_g=1,
                                                  expected_weight_max_g=5)
            Batch.objects.create(batch_number="OWN-1", species=species, lifecycle_stage=stage,
                                 start_date=dt.date(2026, 1, 1))
            assert Batch.objects.count() == 1
            assert connection.settings_dict["NAME"] == "test_farmsite" and connection.settings_dict["HOST"] != ""


        def test_an_ordinary_test_sees_none_of_the_farm(db):
            assert Batch.objects.count() == 0


        class OwnRows(TestCase):
            def test_a_test_case_counts_its_own_rows(self):
                Species.objects.create(name="Atlantic salmon", scientific_name="Salmo salar")
                self.assertEqual((Species.objects.count(), Batch.objects.count()), (1, 0))


        class OnTheFarm(FarmTestCase):
            @classmethod
            def setUpTestData(cls):
                cls.completed = Batch.objects.get(status="COMPLETED")
                Species.objects.create(name="Arctic char", scientific_name="Salvelinus alpinus")

            def test_a_farm_test_case_reads_the_farm_and_its_test_data(self):
                self.assertEqual((Batch.objects.count(), self.completed.batch_number), (10, "FI-B0001"))
                self.assertTrue(Species.objects.filter(name="Arctic char").exists())

            def test_what_a_farm_test_case_writes_is_rolled_back(self):
                self.assertEqual(Batch.objects.filter(batch_number="FI-B0001").update(notes="changed"), 1)


        class CommitsOnTheFarm(FarmTransactionTestCase):
            def test_a_commits_on_the_farms_copy(self):
                self.assertEqual(Batch.objects.filter(batch_number="FI-B0001").update(notes="committed in a case"), 1)
                other = connections.create_connection("default")  # committed: a session of its own reads it
                try:
                    with other.cursor() as cursor:
                        cursor.execute("SELECT count(*) FROM batch_batch WHERE notes = 'committed in a case'")
                        self.assertEqual(cursor.fetchone(), (1,))
                finally:
                    other.close()

            def test_b_the_next_test_sees_the_farm_as_generated(self):
                self.assertEqual((Batch.objects.count(), Batch.objects.exclude(notes="").count()), (10, 0))


        class ServesTheFarm(FarmLiveServerTestCase):
            def served(self):
                with urllib.request.urlopen(self.live_server_url + "/batches/", timeout=30) as response:
                    return json.load(response)

            def test_a_the_live_server_serves_the_farm_and_what_the_test_commits(self):
                self.assertEqual(self.served(), {"batches": 10, "noted": 0})
                Batch.objects.filter(batch_number="FI-B0001").update(notes="committed beside a live server")
                self.assertEqual(self.served(), {"batches": 10, "noted": 1})

            def test_b_the_next_test_is_served_the_farm_as_generated(self):
                self.assertEqual(self.served(), {"batches": 10, "noted": 0})


        @pytest.mark.aquadata
        def test_the_farm_test_case_left_the_farm_as_generated():  # after the class: pytest-django keeps file order
            assert Batch.objects.filter(notes="changed").count() == 0
            assert not Species.objects.filter(name="Arctic char").exists()


        def test_a_farm_test_may_commit(transactional_db, aquadata_farm):
            batch = Batch.objects.get(batch_number="FI-B0001")
            batch.notes = "committed"
            batch.save()
            Batch.objects.create(batch_number="MINE-1", species=batch.species, lifecycle_stage=batch.lifecycle_stage,
                                 start_date=dt.date(2026, 1, 1))
            assert Batch.objects.count() == 11


        @pytest.mark.aquadata(transaction=True)
        def test_the_next_one_sees_the_farm_as_generated():
            assert Batch.objects.count() == 10 and Batch.objects.filter(notes="committed").count() == 0
    """)
    result = run_aquadata("--aquadata=smoke", "--aquadata-today=2026-11-01", "--ds=farmsite_settings", "-p",
                          "no:randomly")
    result.assert_outcomes(passed=verify_tests + 17)

    # the same tests through `manage.py test` (django-admin here) and the project's TEST_RUNNER, with the checks
    managed = subprocess.run([sys.executable, "-m", "django", "test", "test_dashboard", "--aquadata-verify",
                              "--settings=farmsite_settings"], cwd=pytester.path, capture_output=True, text=True,
                             timeout=300, env={**os.environ, "AQUADATA_TODAY": "2026-11-01", "EXPECT_MANAGE_PY_TEST": "1"})
    assert managed.returncode == 0, managed.stdout + managed.stderr
    assert f" {verify_tests + 17} passed" in managed.stdout and "generation skipped" in managed.stdout, managed.stdout


def test_scope_all_puts_every_database_test_on_the_farm_and_writable_no_refuses_commits(  # type: ignore[no-untyped-def]
        run_aquadata, pytester: pytest.Pytester) -> None:
    """``--aquadata-scope=all`` (ini ``aquadata_scope``), for a suite written only for the farm: a plain
    ``django_db`` test reads the farm and pytest-django makes no test database. ``--aquadata-writable=no`` keeps no
    pristine copy, and a test that commits fails saying which option gives one."""
    pytester.makeini("[pytest]\naquadata_scope = all\n")
    pytester.makepyfile(test_farm_only="""
        import pytest
        from django.db import connection
        from pytest_aquadata.schema.batch.models import Batch


        @pytest.mark.django_db
        def test_a_plain_database_test_reads_the_farm():
            assert Batch.objects.count() == 10
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'test_%'")
                assert cursor.fetchone() == (0,)


        @pytest.mark.django_db(transaction=True)
        def test_a_test_that_commits():
            pass
    """)
    result = run_aquadata("--aquadata=smoke", "--aquadata-today=2026-11-01", "--aquadata-writable=no",
                          "test_farm_only.py")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*this run keeps no pristine copy of the farm*--aquadata-writable=yes*"])
