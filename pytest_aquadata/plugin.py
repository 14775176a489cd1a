"""pytest hooks and options. Without --aquadata (or its ini twin) nothing here does anything, and nothing
heavy (Django, NumPy, psycopg) is imported: every import of those sits inside a hook that checks first.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pytest_aquadata import options as opts
from pytest_aquadata.errors import AquadataError
from pytest_aquadata.stash import (
    FAILURE_KEY,
    OPTIONS_KEY,
    PROGRESS_KEY,
    RUN_KEY,
    SERVER_KEY,
    STATS_KEY,
    VERIFICATION_KEY,
)

if TYPE_CHECKING:
    from pytest_aquadata.controller import PreparedRun

VERIFY_DIR = Path(__file__).parent / "verify"


def pytest_addoption(parser: pytest.Parser) -> None:
    opts.addoption(parser)


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def _distributed(config: pytest.Config) -> bool:
    """Whether xdist runs the tests in workers (``-n N`` or ``--tx``, including ``-n 1``)."""
    return config.pluginmanager.hasplugin("xdist") and config.getoption("dist", "no") != "no"


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    """Options, the server and Django's database settings, early enough for pytest-django to see them.

    The run itself (migrations, farm, schedule, ledger) is prepared later, once, on the controller:
    pytest_xdist_setupnodes when distributed, pytest_sessionstart otherwise."""
    config.addinivalue_line("markers", "aquadata: a test that needs the generated dataset")
    if not opts.is_active(config) or config.getoption("help", False):
        return
    from pytest_aquadata import controller, djangoconf

    try:
        if _is_worker(config):
            run = controller.PreparedRun.from_workerinput(config.workerinput)  # type: ignore[attr-defined]
            djangoconf.configure(run.url)
            config.stash[RUN_KEY] = run
        else:
            config.stash[STATS_KEY] = {"setup_started": time.perf_counter()}
            options = opts.resolve(config)
            config.stash[OPTIONS_KEY] = options
            config.stash[SERVER_KEY] = server = controller.start_server(options)
            djangoconf.configure(server.url)
            if options.report is not None:
                outcomes = VerificationOutcomes()
                config.stash[VERIFICATION_KEY] = outcomes.outcomes
                config.pluginmanager.register(outcomes, "aquadata-verification-outcomes")
    except AquadataError as exc:
        _stop_server(config)
        raise pytest.UsageError(f"pytest-aquadata: {exc}") from None
    from pytest_aquadata import fixtures

    config.pluginmanager.register(fixtures, "aquadata-fixtures")
    verify = str(VERIFY_DIR)
    if opts.verify_requested(config) and verify not in config.args:  # xdist workers decide alike: same arguments
        config.args.append(verify)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: list[object]) -> None:
    """xdist controller, before any worker exists: prepare the run that pytest_configure_node hands out."""
    if OPTIONS_KEY in config.stash:
        _prepare(config, partitions=len(specs))


def _prepare(config: pytest.Config, partitions: int) -> None:
    """Check, migrate, build the farm, load the schedule and start the run's ledger; then show progress."""
    import psycopg
    from django.db import Error as DjangoDatabaseError

    from pytest_aquadata import controller
    from pytest_aquadata.conninfo import redact

    server = config.stash[SERVER_KEY]
    try:
        with _django_db_unblocked(config):
            run = controller.prepare(config.stash[OPTIONS_KEY], server, partitions)
    except AquadataError as exc:
        _stop_server(config)
        raise pytest.UsageError(f"pytest-aquadata: {exc}") from None
    except (psycopg.Error, DjangoDatabaseError) as exc:  # the server went away, or refused us, while preparing
        _stop_server(config)
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise pytest.UsageError(
            f"pytest-aquadata: the server at {redact(server.url)} failed while the run was being prepared: {reason}.\n"
            "Fix: check that it is running and reachable, then run the same command again (nothing written so "
            "far is lost).") from None
    config.stash[RUN_KEY] = run
    stats = config.stash[STATS_KEY]
    stats["setup_seconds"] = time.perf_counter() - stats["setup_started"]
    if run.missing_batches > 0:
        _start_progress(config, run)


def _django_db_unblocked(config: pytest.Config) -> AbstractContextManager[object]:
    """pytest-django blocks database access from the moment it sets Django up, which with a project's own
    settings is before this hook; the controller's migrations and farm build are allowed through."""
    try:
        from pytest_django.plugin import blocking_manager_key
    except ImportError:
        return nullcontext()
    manager = config.stash.get(blocking_manager_key, None)
    return manager.unblock() if manager is not None else nullcontext()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:  # type: ignore[no-untyped-def]
    """xdist controller: hand the prepared run to each worker."""
    run = node.config.stash.get(RUN_KEY, None)
    if run is not None:
        node.workerinput.update(run.as_workerinput())


@pytest.hookimpl(wrapper=True)
def pytest_sessionstart(session: pytest.Session) -> Generator[None, None, None]:
    """Without xdist, prepare the run here. Then generate, and build the deferred indexes, before any test:
    in each xdist worker, or in the one process. It wraps the other implementations so that it comes after
    them all: the report header naming the dataset is printed before any preparation can refuse the run."""
    yield
    config = session.config
    if OPTIONS_KEY in config.stash and not _distributed(config):
        _prepare(config, partitions=1)
    run = config.stash.get(RUN_KEY, None)
    if run is None or not (_is_worker(config) or not _distributed(config)):
        return
    from pytest_aquadata import worker

    name = config.workerinput["workerid"] if _is_worker(config) else "main"  # type: ignore[attr-defined]
    try:
        worker.wait_until_complete(run, name)
    except KeyboardInterrupt:  # the open batch's transaction is rolled back; say what is kept, as no summary follows
        if not _is_worker(config):
            _write_summary(config)
        raise
    except AquadataError as exc:  # another process failed
        config.stash[FAILURE_KEY] = str(exc)
    except Exception as exc:  # reported by the barrier on every test that needs the data, not as INTERNALERROR
        config.stash[FAILURE_KEY] = f"generation failed: {name}: {type(exc).__name__}: {exc}"
    finally:
        _stop_progress(config)


def _start_progress(config: pytest.Config, run: PreparedRun) -> None:
    from pytest_aquadata.progress import ProgressMonitor

    reporter = config.pluginmanager.get_plugin("terminalreporter")
    tty = reporter is not None and bool(reporter.isatty)
    every = config.stash[OPTIONS_KEY].progress_seconds
    if every is None:
        every = 0.5 if tty else 10.0

    def write(line: str, final: bool) -> None:
        if reporter is None:
            return
        if tty:
            reporter.rewrite(line, erase=True)
            if final:
                reporter.write("\n")
        else:
            reporter.write_line(line)

    monitor = ProgressMonitor(run.url, run.missing_batches, write, every)
    monitor.start()
    config.stash[PROGRESS_KEY] = monitor


def _stop_progress(config: pytest.Config) -> None:
    """Stop the progress line (writing its final state) and keep that state for the summary."""
    monitor = config.stash.get(PROGRESS_KEY, None)
    if monitor is not None:
        del config.stash[PROGRESS_KEY]
        monitor.stop()
        stats = config.stash.setdefault(STATS_KEY, {})
        stats["generated"] = monitor.last
        stats["finished_at"] = monitor.finished_at


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:  # type: ignore[no-untyped-def]
    if not _is_worker(config):
        _write_summary(config)


def _write_summary(config: pytest.Config) -> None:
    """The dataset, or what is kept and how to resume; then the HTML report if one was asked for. Once."""
    run = config.stash.get(RUN_KEY, None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    stats = config.stash.setdefault(STATS_KEY, {})
    if run is None or reporter is None or stats.get("summary_written"):
        return
    from pytest_aquadata.summary import summary_lines

    stats["summary_written"] = True
    _stop_progress(config)
    if stats.get("finished_at"):
        stats["tests_seconds"] = time.perf_counter() - stats["finished_at"]
    reporter.write_sep("-", "aquadata")
    for line in summary_lines(run, stats):
        reporter.write_line(line)
    options = config.stash.get(OPTIONS_KEY, None)
    if options is not None and options.report is not None:
        outcomes = config.stash.get(VERIFICATION_KEY, {})
        reporter.write_line(_write_report(run, options.report, outcomes))


class VerificationOutcomes:
    """Each verification test's outcome, reported by this process or an xdist worker, for the HTML report."""

    def __init__(self) -> None:
        self.outcomes: dict[str, str] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if "pytest_aquadata/verify/" not in report.location[0].replace("\\", "/"):
            return
        name = report.nodeid.rsplit("::", 1)[-1]
        if report.failed:
            self.outcomes[name] = "failed"
        elif report.when == "call":
            self.outcomes.setdefault(name, report.outcome)


def _write_report(run: PreparedRun, path: Path, verification: dict[str, str]) -> str:
    import psycopg

    from pytest_aquadata.report.page import write_report

    try:
        with psycopg.connect(run.url, autocommit=True) as conn:
            timings = write_report(conn, path, verification or None)
    except Exception as exc:  # noqa: BLE001 - the run's result stands; the report says why it is missing
        return f"report: not written ({type(exc).__name__}: {exc})"
    return f"report: {path} ({path.stat().st_size / 1024:,.0f} KB, {timings['total']:.1f} s)"


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_progress(config)
    _stop_server(config)


def _stop_server(config: pytest.Config) -> None:
    server = config.stash.get(SERVER_KEY, None)
    if server is not None:
        from django.db import connections

        connections.close_all()
        server.stop()
        del config.stash[SERVER_KEY]


def pytest_report_header(config: pytest.Config) -> list[str] | None:
    """Name the dataset up front: what the run asks for, on which server, and what that server holds."""
    options, server = config.stash.get(OPTIONS_KEY, None), config.stash.get(SERVER_KEY, None)
    if options is None or server is None:
        return None
    from pytest_aquadata.summary import header_lines

    return header_lines(options, server.url, server.embedded is not None)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that would flush the shared database (transactional_db, live_server) is refused."""
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


