"""A downstream Django project, as a user has it: its own settings with the schema apps, tests that use the
fixtures, the ORM on the shared dataset, and the factories, all in a real subprocess run."""

from __future__ import annotations

import pytest


def test_a_downstream_project_uses_fixtures_orm_and_factories(run_aquadata, verify_tests,  # type: ignore[no-untyped-def]
                                                              pytester: pytest.Pytester) -> None:
    pytester.makepyfile(farmsite_settings="""
        from pytest_aquadata.schema import SCHEMA_APPS

        INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", *SCHEMA_APPS]
        DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "never_used"}}
        USE_TZ = True
        SECRET_KEY = "downstream"
        DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    """)
    pytester.makepyfile(test_dashboard="""
        import datetime as dt

        import pytest

        import factories
        from pytest_aquadata.schema.batch.models import Batch


        def test_summary(aquadata):
            assert sum(n for *_, n in aquadata["by_geography_status_stage"]) == 10


        @pytest.mark.django_db
        def test_orm_sees_the_dataset():
            assert Batch.objects.filter(status="COMPLETED").count() == 2
            assert Batch.objects.get(batch_number="FI-B0001").harvest_events.count() >= 8


        @pytest.mark.django_db
        def test_factory_batch_is_rolled_back_afterwards():
            batch = factories.BatchFactory(geography="Scotland", stage="Fry", today=dt.date(2026, 11, 1))
            assert batch.daily_states.exists()
            assert Batch.objects.count() == 11


        @pytest.mark.django_db
        def test_the_factory_batch_is_gone():
            assert Batch.objects.count() == 10


        def test_transactional_db_is_refused(transactional_db):
            pass
    """)
    result = run_aquadata("--aquadata=smoke", "--aquadata-today=2026-11-01", "--ds=farmsite_settings")
    result.assert_outcomes(passed=verify_tests + 4, errors=1)  # refused in setup
    result.stdout.fnmatch_lines(["*test_transactional_db_is_refused*", "*would destroy the shared*"])
