"""Which tests see the farm, and which of those commit, read from a test's markers and fixtures: by the plugin when
it routes the collected tests, and by the farm fixture when it sets one up. No Django here."""

from __future__ import annotations

import pytest

#: The fixture that points Django's default database at the farm for one test (fixtures.aquadata_farm).
FARM_FIXTURE = "aquadata_farm"
#: The fixture that leaves the farm's copy before pytest-django's teardown of a test that committed.
RELEASE_FIXTURE = "_aquadata_farm_release"
#: pytest-django's fixtures that make a test commit (as its own ``_django_db_helper`` reads them).
COMMITTING_FIXTURES = ("transactional_db", "live_server", "django_db_reset_sequences")
#: pytest-django's fixtures that give a test the database.
DATABASE_FIXTURES = ("db", "django_db_serialized_rollback", *COMMITTING_FIXTURES)
#: What a FarmTestCase class's tests need before the class starts: the farm complete (which tells the class where it
#: is), and the connections it keeps open on the farm closed at the end of the session.
FARM_CASE_FIXTURES = ("aquadata_ready", "_aquadata_kept_connections")


def wants_farm(item: pytest.Item, scope: str) -> bool:
    """A test sees the farm when it asks (the marker, the fixture, or a fixture of its own that asks), or, in scope
    ``all``, whenever it uses the database."""
    if item.get_closest_marker("aquadata") is not None or FARM_FIXTURE in _names(item):
        return True
    return scope == "all" and uses_database(item)


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or any(n in _names(item) for n in DATABASE_FIXTURES)


def commits(item: pytest.Item) -> bool:
    """Whether pytest-django runs the test without a wrapping transaction (so what it writes is committed)."""
    for name in ("django_db", "aquadata"):
        marker = item.get_closest_marker(name)
        if marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                                   or (name == "django_db" and marker.args and marker.args[0])):
            return True
    return any(n in _names(item) for n in COMMITTING_FIXTURES)


def route(item: pytest.Item, scope: str) -> None:
    """Give a farm test what it needs, in the order it needs it: the database marker pytest-django reads, the farm
    fixture before pytest-django's own (so its transaction opens on the farm), and for a test that commits the
    release fixture after them (so its teardown leaves the farm's copy before pytest-django flushes). A FarmTestCase
    class points itself at the farm: its tests get the barrier first (and the working copy, if they commit)."""
    if is_farm_case(item):
        commits_too = getattr(item.cls, "aquadata_commits", False)  # type: ignore[attr-defined]
        for name in reversed((*FARM_CASE_FIXTURES, *(("aquadata_working_copy",) if commits_too else ()))):
            # session-scoped, first: set up before the class's setUpClass
            if name not in item.fixturenames:  # type: ignore[attr-defined]
                item.fixturenames.insert(0, name)  # type: ignore[attr-defined]
        return
    if not wants_farm(item, scope) or not hasattr(item, "fixturenames"):
        return
    committing = commits(item)
    if item.get_closest_marker("django_db") is None:
        item.add_marker(pytest.mark.django_db(transaction=committing))
    names: list[str] = item.fixturenames
    if FARM_FIXTURE in names:
        names.remove(FARM_FIXTURE)
    names.insert(0, FARM_FIXTURE)
    if committing and RELEASE_FIXTURE not in names:
        names.append(RELEASE_FIXTURE)


def is_farm_case(item: pytest.Item) -> bool:
    """A test of a FarmTestCase class (pytest_aquadata/django/), told by a class attribute: no Django here."""
    return bool(getattr(getattr(item, "cls", None), "aquadata_farm_case", False)) and hasattr(item, "fixturenames")


def _names(item: pytest.Item) -> list[str]:
    return getattr(item, "fixturenames", [])
