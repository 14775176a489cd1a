"""The two model constructs whose spelling differs across the Django versions we support (4.2 to 5.x), in
one place, for the models and their migrations alike: a migration written on one version then reads the
same on the other, and ``makemigrations --check`` stays clean on both."""

from __future__ import annotations

from typing import Any

import django
from django.db import models


def check_constraint(condition: models.Q, name: str) -> models.CheckConstraint:
    """A CheckConstraint: ``condition=`` from Django 5.1 on, ``check=`` before (removed in Django 6)."""
    keyword = "condition" if django.VERSION >= (5, 1) else "check"
    arguments: dict[str, Any] = {keyword: condition, "name": name}
    return models.CheckConstraint(**arguments)


def now_default() -> dict[str, Any]:
    """A timestamp the database fills when a row leaves it out (the binary COPY does): ``db_default`` from
    Django 5.0 on; before, a Python default, and migration 0003 of the batch app sets the column's DEFAULT."""
    if django.VERSION >= (5, 0):
        from django.db.models.functions import Now

        return {"db_default": Now()}
    from django.utils import timezone

    return {"default": timezone.now}
