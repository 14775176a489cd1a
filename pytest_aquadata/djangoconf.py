"""Point Django at the aquadata database, with our settings or with the user's own.

pytest-django must never create its own ``test_*`` databases for the dataset (pytest-django #514,
#1007): the database is created and migrated once by the controller, and every process only points
at it. ``fixtures.django_db_setup`` completes that by replacing pytest-django's creation step.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from pytest_aquadata.conninfo import django_database
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.schema import SCHEMA_APPS


def user_settings_module() -> str | None:
    return os.environ.get("DJANGO_SETTINGS_MODULE") or None


def configure(url: str) -> None:
    """Configure Django for ``url``: our own settings if the user has none, else patch theirs."""
    from django.conf import settings

    if not settings.configured and user_settings_module() is None:
        from pytest_aquadata import settings as ours

        defaults = {name: getattr(ours, name) for name in dir(ours) if name.isupper()}
        settings.configure(**{**defaults, "DATABASES": {"default": django_database(url)}})
    else:
        if not check_apps(list(settings.INSTALLED_APPS)):
            _install_ledger()
        theirs: dict[str, Any] = dict(settings.DATABASES.get("default", {}))
        dataset = django_database(url)
        options: dict[str, Any] = {**theirs.get("OPTIONS", {}), **dataset["OPTIONS"]}
        entry: dict[str, Any] = {**theirs, **dataset}
        entry["OPTIONS"] = options
        settings.DATABASES["default"] = entry
        _forget_connections()
    import django

    django.setup()


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
