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
    config.addinivalue_line(
        "markers", "aquadata(transaction=False): the test sees the farm through Django's default database (implies "
        "django_db); with transaction=True, or with transactional_db or live_server, it may commit, on a copy "
        "that is put back afterwards")
    if not opts.is_active(config) or config.getoption("help", False):
        return
    from pytest_aquadata.conninfo import name_sessions
    from pytest_aquadata.roles.controller import ControllerRole
    from pytest_aquadata.roles.worker import WorkerRole

    name_sessions()  # before any connection, and before xdist starts the workers, which inherit it
    try:
        role: WorkerRole | ControllerRole
        if hasattr(config, "workerinput"):
            config.pluginmanager.register(role := WorkerRole(config), "aquadata-worker")
        else:
            config.pluginmanager.register(role := ControllerRole(config), "aquadata-controller")
    except AquadataError as exc:
        raise pytest.UsageError(f"pytest-aquadata: {exc}") from None
    from pytest_aquadata import fixtures

    config.pluginmanager.register(fixtures, "aquadata-fixtures")
    if role.scope == "all":
        from pytest_aquadata import everywhere

        config.pluginmanager.register(everywhere, "aquadata-everywhere")
    verify = str(VERIFY_DIR)
    if opts.verify_requested(config) and verify not in config.args:  # xdist workers decide alike: same arguments
        config.args.append(verify)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Route the farm tests (marks.route), before pytest-django orders the tests by the database they use; and where
    pytest-django would set up a test database for every alias of the settings, only for those the tests use
    (aliases.py)."""
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return
    from pytest_aquadata import aliases, marks

    for item in items:
        marks.route(item, run.scope)
    if run.scope == "marked" and aliases.needed():
        aliases.set_up_only(items)
