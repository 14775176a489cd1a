"""Point Django at the aquadata database, with our settings or with the user's own.

Two scopes (``--aquadata-scope``):

- ``marked`` (the default): Django's default database stays what the settings say, so pytest-django creates,
  migrates and suffixes its own test database for the tests that do not ask for the farm. A farm test points the
  default database at the farm for its own duration (``point_default_at``), and the controller does so while it
  migrates and builds the farm (``pointed_at``).
- ``all``: the default database *is* the farm for the whole session, and pytest-django must never create its own
  ``test_*`` databases for it (pytest-django #514, #1007): ``everywhere.django_db_setup`` replaces that step.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from pytest_aquadata.conninfo import django_database
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.schema import SCHEMA_APPS


def user_settings_module() -> str | None:
    return os.environ.get("DJANGO_SETTINGS_MODULE") or None


def configure(url: str, scope: str) -> None:
    """Configure Django for the farm at ``url``: our own settings if the user has none, else theirs, with the ledger
    app added; in scope ``all`` the default database is the farm."""
    from django.conf import settings

    if not settings.configured and user_settings_module() is None:
        from pytest_aquadata import settings as ours

        defaults = {name: getattr(ours, name) for name in dir(ours) if name.isupper()}
        entry = django_database(url)  # in scope marked, pytest-django's test database is test_<farm> beside it
        if scope == "all":
            entry["TEST"] = {"NAME": entry["NAME"]}
        settings.configure(**{**defaults, "DATABASES": {"default": entry}})
    else:
        if not check_apps(list(settings.INSTALLED_APPS)):
            _install_ledger()
        if scope == "all":
            farm = farm_entry(url, settings.DATABASES.get("default", {}))
            farm["TEST"] = {**farm.get("TEST", {}), "NAME": farm["NAME"]}
            settings.DATABASES["default"] = farm
            _forget_connections()
    import django

    django.setup()


def farm_entry(url: str, base: dict[str, Any]) -> dict[str, Any]:
    """``base`` (a DATABASES entry) with the farm's server, database and credentials: the engine, options and
    test settings the project chose stay."""
    farm = django_database(url)
    entry: dict[str, Any] = {**base, **farm}
    entry["OPTIONS"] = {**base.get("OPTIONS", {}), **farm["OPTIONS"]}
    return entry


def point_default_at(entry: dict[str, Any]) -> dict[str, Any]:
    """Point Django's default database at ``entry`` and return what it pointed at before.

    The entry is changed in place: Django hands the same dict to every thread's connection, so a live_server
    thread follows too. This thread's connection is closed, to reopen on the new database at its next use."""
    from django.db import connections

    current = connections["default"].settings_dict
    before = dict(current)
    connections["default"].close()
    current.clear()
    current.update(entry)
    return before


class Pointing:
    """Django's default database pointed at the database at ``url`` until ``leave``, which points it back where it
    pointed before, whatever it was pointed at in between.

    For every thread (``every_thread``, what a live_server test needs) the shared entry is changed in place and this
    thread's connection reopened there; for this thread only (a read-only farm test), this thread's connection is
    swapped for one kept open on that database, so a test pays no new connection."""

    def __init__(self, url: str, every_thread: bool = True) -> None:
        from django.db import connections

        self.url = url
        self._before: dict[str, Any] | None = None
        self._wrapper: Any = None
        if every_thread:
            self._before = point_default_at(farm_entry(url, connections["default"].settings_dict))
            return
        self._wrapper = connections["default"]
        connections["default"] = _kept_open(url, self._wrapper.settings_dict)

    def leave(self) -> None:
        from django.db import connections

        if self._wrapper is not None:
            connections["default"] = self._wrapper
            self._wrapper = None
        if self._before is not None:
            point_default_at(self._before)
            self._before = None


#: The complete farm's URL in this process, once the plugin's barrier has seen it complete: where FarmTestCase
#: classes (pytest_aquadata/django/) point Django.
_farm: str | None = None


def set_farm(url: str) -> None:
    global _farm
    _farm = url


def farm_url() -> str:
    """The complete farm's URL, for a FarmTestCase; a clear error where this process has none."""
    if _farm is None:
        raise AquadataError("a FarmTestCase runs on the farm, and this process has none. Fix: run the tests with "
                            "pytest --aquadata=PROFILE (smoke, medium, full or a schedule file).")
    return _farm


#: This process's working copy of the farm (copies/working.WorkingCopy), once the plugin has made it: where a
#: FarmTransactionTestCase's tests run.
_working_copy: Any = None


def set_working_copy(copy: Any) -> None:
    global _working_copy
    _working_copy = copy


def working_copy() -> Any:
    """This process's working copy of the farm, for a FarmTransactionTestCase; a clear error where it has none."""
    if _working_copy is None:
        raise AquadataError("a FarmTransactionTestCase runs on the farm's working copy, and this process has none. "
                            "Fix: run the tests with pytest --aquadata=PROFILE.")
    return _working_copy


#: This process's connections kept open on the farm, one per database URL (read-only farm tests run in the main
#: thread).
_KEPT: dict[str, Any] = {}


def _kept_open(url: str, base: dict[str, Any]) -> Any:
    """A Django connection (DatabaseWrapper) of its own on the database at ``url``, made once."""
    if url not in _KEPT:
        from django.db.utils import load_backend

        entry = farm_entry(url, base)
        _KEPT[url] = load_backend(entry["ENGINE"]).DatabaseWrapper(entry, "default")
    return _KEPT[url]


def close_kept() -> None:
    """Close the connections kept open on the farm (at the end of the session)."""
    for wrapper in _KEPT.values():
        wrapper.close()


@contextlib.contextmanager
def pointed_at(url: str) -> Iterator[None]:
    """Django's default database is the farm at ``url`` inside the block (the controller migrates it)."""
    pointing = Pointing(url)
    try:
        yield
    finally:
        pointing.leave()


def check_apps(installed: list[str]) -> bool:
    """True if the project holds the data in our schema apps, or in its own apps with our app labels
    (mapping/) next to the ledger app; False if only the ledger app is missing (the project's own models).
    Raises AquadataError naming what to add when the project has neither."""
    missing = [app for app in SCHEMA_APPS if app not in installed]
    if not missing:
        return True
    ours = {app.rsplit(".", 1)[1] for app in SCHEMA_APPS} - {"ledger"}
    labels = _labels(installed)
    if ours & labels:  # the project's own models
        return LEDGER_LABEL in labels
    raise AquadataError(
        "your Django settings lack the aquadata schema apps: " + ", ".join(missing) + ". Fix: add "
        "`*pytest_aquadata.schema.SCHEMA_APPS` to INSTALLED_APPS, or give your own models our app labels "
        "(README: \"Your own models\").")


#: The ledger app and its label (its tables are ``aquadata_*``).
LEDGER_APP, LEDGER_LABEL = "pytest_aquadata.schema.ledger", "aquadata"


def _install_ledger() -> None:
    """Add the ledger app to a project's own settings for this run, so that its settings need no change
    (``DJANGO_SETTINGS_MODULE=aquamind.settings`` as it is). pytest-django has usually set Django up already:
    the app registry then takes the new list the way ``override_settings(INSTALLED_APPS=...)`` does."""
    from django.apps import apps
    from django.conf import settings

    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, LEDGER_APP]
    if apps.ready:
        apps.set_installed_apps(settings.INSTALLED_APPS)


def _labels(installed: list[str]) -> set[str]:
    """The app labels of INSTALLED_APPS, before or after Django is set up."""
    from django.apps import AppConfig, apps

    if apps.ready:
        return {config.label for config in apps.get_app_configs()}
    return {AppConfig.create(entry).label for entry in installed}


def _forget_connections() -> None:
    """Django may be set up already (pytest-django does it early with a project's settings): drop its cached
    database settings and connection so the next use reads the patched DATABASES."""
    from django.db import connections

    connections.close_all()
    connections.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):  # no connection was made yet
        del connections["default"]
