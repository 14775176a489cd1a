"""pytest hooks and options. Without --aquadata (or its ini twin) nothing here does anything, and nothing
heavy (Django, NumPy, psycopg) is imported: every import of those sits inside a hook that checks first.

The hooks that depend on the role a process plays live apart, in one plugin object per role (roles/), as
pytest-xdist splits its controller from its workers; this module registers the one that fits.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_aquadata import options as opts
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.stash import RUN_KEY

VERIFY_DIR = Path(__file__).parent / "verify"


def pytest_addoption(parser: pytest.Parser) -> None:
    opts.addoption(parser)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """The role's plugin, which sets up the options, the server and Django's database settings early enough for
    pytest-django to see them; the run itself is prepared later, once, by the controller."""
    config.addinivalue_line("markers", "aquadata: a test that needs the generated dataset")
    if not opts.is_active(config) or config.getoption("help", False):
        return
    from pytest_aquadata.roles.controller import ControllerRole
    from pytest_aquadata.roles.worker import WorkerRole

    try:
        if hasattr(config, "workerinput"):
            config.pluginmanager.register(WorkerRole(config), "aquadata-worker")
        else:
            config.pluginmanager.register(ControllerRole(config), "aquadata-controller")
    except AquadataError as exc:
        raise pytest.UsageError(f"pytest-aquadata: {exc}") from None
    from pytest_aquadata import fixtures

    config.pluginmanager.register(fixtures, "aquadata-fixtures")
    verify = str(VERIFY_DIR)
    if opts.verify_requested(config) and verify not in config.args:  # xdist workers decide alike: same arguments
        config.args.append(verify)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that would flush the shared database (transactional_db, live_server) is refused, in whichever
    process runs it."""
    if item.config.stash.get(RUN_KEY, None) is None:
        return
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    names = getattr(item, "fixturenames", ())
    if transactional or "transactional_db" in names or "live_server" in names:
        pytest.fail(
            "pytest-aquadata: this test asks for a transactional database (transactional_db, live_server or "
            "django_db(transaction=True)), whose teardown flushes every table and would destroy the shared "
            "dataset. Use @pytest.mark.django_db (each test runs in a rolled-back transaction), or run this "
            "test without --aquadata.", pytrace=False)
