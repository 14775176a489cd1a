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
        missing = [app for app in SCHEMA_APPS if app not in settings.INSTALLED_APPS]
        if missing:
            raise AquadataError(
                "your Django settings lack the aquadata schema apps: "
                + ", ".join(missing)
                + ". Fix: add `*pytest_aquadata.schema.SCHEMA_APPS` to INSTALLED_APPS."
            )
        theirs: dict[str, Any] = dict(settings.DATABASES.get("default", {}))
        dataset = django_database(url)
        options: dict[str, Any] = {**theirs.get("OPTIONS", {}), **dataset["OPTIONS"]}
        entry: dict[str, Any] = {**theirs, **dataset}
        entry["OPTIONS"] = options
        settings.DATABASES["default"] = entry
        _forget_connections()
    import django

    django.setup()


def _forget_connections() -> None:
    """Django may be set up already (pytest-django does it early with a project's settings): drop its cached
    database settings and connection so the next use reads the patched DATABASES."""
    from django.db import connections

    connections.close_all()
    connections.__dict__.pop("settings", None)
    with contextlib.suppress(AttributeError):  # no connection was made yet
        del connections["default"]
