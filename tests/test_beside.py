"""The farm beside pytest-django's own test database, in the client project (tests/client_project): one
``pytest --aquadata=smoke -n 2`` runs its ordinary tests, which count their own objects, its farm tests, and its
farm tests that commit, including live_server tests that a headless Chromium drives through Playwright. Every
test that commits starts from the farm exactly as generated (rows, sequences, partitions); the run passes in two
shuffled orders."""

from __future__ import annotations

import re
import shutil

import psycopg
import pytest
from test_client_project import APPS, PROJECT, TODAY, _client

CONFTEST = '''
import os
import random
import shutil

import pytest

# Playwright's sync API runs an event loop in the test's thread; Django's ORM there is still synchronous (as
# pytest-playwright's Django notes say).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Any order: shuffled with the seed the outer test gives (the same in every xdist worker)."""
    random.Random(int(os.environ["SHUFFLE_SEED"])).shuffle(items)


@pytest.fixture(autouse=True)
def starts_from_the_farm(request, aquadata_db):
    """A farm test that commits starts from the farm as generated: what an earlier one wrote is gone (a row, a
    sequence's position, a partition)."""
    marker = request.node.get_closest_marker("django_db")
    if "aquadata_farm" not in request.fixturenames or not (marker.kwargs.get("transaction") or
                                                           "live_server" in request.fixturenames):
        return
    from django.db import connection

    queries = ["SELECT count(*), max(id), string_agg(batch_number, ',' ORDER BY id) FROM batch_batch",
               "SELECT count(*) FROM pg_inherits",
               "SELECT count(*), max(id) FROM environmental_environmentalreading"]
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query)
            assert cursor.fetchone() == aquadata_db.execute(query).fetchone(), query
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] != aquadata_db.execute("SELECT current_database()").fetchone()[0]
        # every sequence where generation left it (the farm's own have moved on if a rolled-back test took ids)
        cursor.execute("""SELECT count(*) FROM aquadata_pristine.sequences p JOIN pg_sequences q
            ON format('%I.%I', q.schemaname, q.sequencename)::regclass = p.seq
            WHERE q.last_value IS DISTINCT FROM CASE WHEN p.is_called THEN p.last_value END""")
        assert cursor.fetchone()[0] == 0


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    yield page
    page.close()
'''

TESTS = {
    "test_own": '''
import pytest
from django.apps import apps
from django.db import connection

import factories

Batch = apps.get_model("batch", "Batch")


@pytest.mark.django_db
def test_an_ordinary_test_counts_its_own_batches():
    factories.BatchFactory(history=False)
    factories.BatchFactory(history=False)
    assert Batch.objects.count() == 2
    assert connection.settings_dict["NAME"].startswith("test_beside_plain")


def test_an_ordinary_test_sees_none_of_the_farm(db):
    assert Batch.objects.count() == 0
''',
    "test_farm": '''
import datetime as dt

import pytest
from django.apps import apps

import factories

Batch = apps.get_model("batch", "Batch")
pytestmark = pytest.mark.aquadata


def test_the_farm_through_the_orm(aquadata):
    assert Batch.objects.count() == 10 == sum(n for *_, n in aquadata["by_geography_status_stage"])


def test_a_farm_test_writes_and_is_rolled_back():
    factories.BatchFactory(geography="Scotland", stage="Fry", today=dt.date(2026, 11, 1))
    assert Batch.objects.count() == 11


def test_a_farm_test_sees_no_rolled_back_batch():
    assert Batch.objects.count() == 10


@pytest.mark.aquadata(transaction=True)
def test_a_farm_test_commits_a_batch_with_history():
    batch = factories.BatchFactory(geography="Scotland", stage="Fry", today=dt.date(2026, 11, 1))
    assert batch.daily_states.exists() and Batch.objects.count() == 11
''',
    "test_browser": '''
import pytest
from django.apps import apps

Batch = apps.get_model("batch", "Batch")
pytestmark = pytest.mark.aquadata


def listed(page, live_server):
    page.goto(live_server.url + "/batches/")
    return dict(zip(page.locator("td.batch").all_inner_texts(), map(float, page.locator("td.biomass").all_inner_texts())))


def test_the_page_lists_the_farms_batches(page, live_server):
    shown = listed(page, live_server)
    assert sorted(shown) == sorted(Batch.objects.values_list("batch_number", flat=True)) and len(shown) == 10
    at_sea = Batch.objects.filter(status="ACTIVE", lifecycle_stage__name__in=["Post-Smolt", "Adult"])
    assert at_sea.count() >= 2 and all(shown[b.batch_number] > 1000 for b in at_sea)


def test_a_batch_is_created_through_the_form(page, live_server):
    page.goto(live_server.url + "/batches/new")
    page.fill("input[name=batch_number]", "WEB-0001")
    page.click("button[type=submit]")
    page.wait_for_url("**/batches/")
    assert "WEB-0001" in listed(page, live_server) and Batch.objects.count() == 11


def test_the_next_browser_test_does_not_see_it(page, live_server):
    shown = listed(page, live_server)
    assert "WEB-0001" not in shown and len(shown) == 10
''',
}


def test_ordinary_farm_and_committing_tests_run_together_in_any_order(  # type: ignore[no-untyped-def]
        pytester: pytest.Pytester, run_aquadata, own_server, monkeypatch) -> None:
    if shutil.which("chromium") is None:
        pytest.skip("no chromium here (.ci/run installs it)")
    shutil.copytree(PROJECT, pytester.path, dirs_exist_ok=True)
    assert _client(pytester.path, "makemigrations", *APPS).returncode == 0
    base, query = own_server
    farm = f"{base}/beside_farm?{query}"
    with psycopg.connect(f"{base}/postgres?{query}", autocommit=True) as admin:
        admin.execute("CREATE DATABASE beside_farm")
    migrated = _client(pytester.path, "migrate", env={"CLIENT_DATABASE_URL": farm})
    assert migrated.returncode == 0, migrated.stderr
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(**TESTS)
    # the project's own database, for its ordinary tests (pytest-django makes test_beside_plain_gw0 and _gw1)
    monkeypatch.setenv("CLIENT_DATABASE_URL", f"{base}/beside_plain?{query}")
    orders = []
    for seed in ("1", "2"):
        monkeypatch.setenv("SHUFFLE_SEED", seed)
        result = run_aquadata("--aquadata=smoke", f"--aquadata-db={farm}", TODAY, "--ds=clientfarm.settings", "-n", "2",
                              "-v", *(f"{name}.py" for name in TESTS), timeout=600)
        result.assert_outcomes(passed=9)
        orders.append(re.findall(r"PASSED (test_\w+\.py::\w+)", result.stdout.str()))
        print(f"seed {seed}:", ", ".join(orders[-1]))
    assert sorted(orders[0]) == sorted(orders[1]) and orders[0] != orders[1]
