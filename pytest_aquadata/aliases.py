"""Only the test databases the selected tests use: with the farm beside pytest-django's test database, a settings
module may name other databases (AquaMind's names ``migr_dev`` on localhost:5432) that no selected test uses and
that may not even be reachable. Django's own runner sets up only the aliases its tests ask for, and so does
pytest-django since 4.8 (``_get_databases_for_setup``); pytest-django 4.7, AquaMind's pin, sets up every alias.
On such a version the plugin hands Django's ``setup_databases`` the aliases the collected tests use, read the way
later pytest-django versions read them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from pytest_aquadata.marks import uses_database


def used(items: Iterable[pytest.Item]) -> set[str]:
    """The aliases the tests use: a Django TestCase class's ``databases``; else the ``django_db`` marker's
    ``databases`` (default only without it); else the default for a test that asks for the database by fixture.
    ``"__all__"`` stands for every alias, as in Django."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.test import TransactionTestCase

    every = set(connections.databases)
    aliases: set[str] = set()
    for item in items:
        cls = getattr(item, "cls", None)
        marker = item.get_closest_marker("django_db")
        if cls is not None and issubclass(cls, TransactionTestCase):
            databases: Any = cls.databases
        elif uses_database(item):
            databases = (marker.kwargs.get("databases") if marker is not None else None) or {DEFAULT_DB_ALIAS}
        else:
            continue
        aliases |= every if databases == "__all__" else set(databases)
    return aliases


def set_up_only(items: list[pytest.Item]) -> None:
    """Make Django's ``setup_databases`` set up only the aliases ``items`` use when its caller names none
    (pytest-django before 4.8); a caller that names its own is left alone. The aliases are read when the databases
    are set up, from ``items`` as they are then: pytest deselects (``-k``, ``-m``) in place, after this plugin's
    collection hook. A second call replaces the first."""
    import django.test.utils as utils

    original: Callable[..., Any] = getattr(utils.setup_databases, "__wrapped__", utils.setup_databases)

    def setup_databases(*args: Any, aliases: Iterable[str] | None = None, **kwargs: Any) -> Any:
        return original(*args, aliases=used(items) if aliases is None else aliases, **kwargs)

    setup_databases.__wrapped__ = original  # type: ignore[attr-defined]
    utils.setup_databases = setup_databases


def needed() -> bool:
    """Whether the installed pytest-django sets up every alias (it has no ``_get_databases_for_setup``)."""
    from pytest_django import fixtures

    return not hasattr(fixtures, "_get_databases_for_setup")
