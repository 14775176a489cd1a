"""The schema on the Django version this suite runs under (the suite runs at both ends of the range)."""

from __future__ import annotations

import io

import django
import pytest
from django.core.management import call_command


@pytest.mark.aquadata
def test_the_migrations_match_the_models_on_this_django() -> None:
    """The two constructs spelled differently across Django 4.2 and 5.x (schema/compat.py) deconstruct the same
    in models and migrations, so no version sees a change to make."""
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue(), (django.get_version(), out.getvalue())


@pytest.mark.aquadata
def test_the_database_fills_created_at_on_every_django(aquadata_db) -> None:  # type: ignore[no-untyped-def]
    """The binary COPY leaves batch_batch.created_at out: the column's DEFAULT (db_default from Django 5.0,
    migration batch.0003 before) fills it."""
    default = aquadata_db.execute("SELECT column_default FROM information_schema.columns WHERE table_name = "
                                  "'batch_batch' AND column_name = 'created_at'").fetchone()[0]
    assert default is not None and ("now()" in default.lower() or "current_timestamp" in default.lower()), default
    assert aquadata_db.execute("SELECT count(*) FROM batch_batch WHERE created_at IS NULL").fetchone() == (0,)
