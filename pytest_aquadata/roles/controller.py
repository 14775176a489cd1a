"""The hooks of the process you start: it resolves the options, starts or reaches the server, prepares the run
once before any worker exists (xdist's setupnodes, or the session's start without xdist), hands the run to
the workers, shows the progress, names the dataset in the report header and writes the summary and the report.
Without xdist it is also the one process that generates (roles/worker.generate_before_tests)."""

from __future__ import annotations

import time
from collections.abc import Generator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.roles.worker import generate_before_tests
from pytest_aquadata.stash import OPTIONS_KEY, PROGRESS_KEY, RUN_KEY, SERVER_KEY, STATS_KEY, VERIFICATION_KEY

if TYPE_CHECKING:
    from pytest_aquadata.controller import PreparedRun


class ControllerRole:
    """Registered in the process you start, whether or not xdist distributes the tests."""

    def __init__(self, config: pytest.Config):
        from pytest_aquadata import controller, djangoconf
        from pytest_aquadata import options as opts

        self.config = config
        config.stash[STATS_KEY] = {"setup_started": time.perf_counter()}
        options = opts.resolve(config)
        config.stash[OPTIONS_KEY] = options
        self.scope = options.scope
        try:
            config.stash[SERVER_KEY] = server = controller.start_server(options)
            djangoconf.configure(server.url, options.scope)
        except AquadataError:
            stop_server(config)
            raise
        if options.report is not None:
            outcomes = VerificationOutcomes()
            config.stash[VERIFICATION_KEY] = outcomes.outcomes
            config.pluginmanager.register(outcomes, "aquadata-verification-outcomes")

    @property
    def distributed(self) -> bool:
        """Whether xdist runs the tests in workers (``-n N`` or ``--tx``, including ``-n 1``)."""
        return self.config.pluginmanager.hasplugin("xdist") and self.config.getoption("dist", "no") != "no"

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        """Name the dataset up front: what the run asks for, on which server, and what that server holds."""
        from pytest_aquadata.summary import header_lines

        server = config.stash[SERVER_KEY]
        return header_lines(config.stash[OPTIONS_KEY], server.url, server.embedded is not None)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_setupnodes(self, config: pytest.Config, specs: list[object]) -> None:
        """Before any worker exists: prepare the run that pytest_configure_node hands out."""
        self._prepare(partitions=len(specs))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node) -> None:  # type: ignore[no-untyped-def]
        """Hand the prepared run to each worker, as plain values."""
        run = self.config.stash.get(RUN_KEY, None)
        if run is not None:
            node.workerinput.update(run.as_workerinput())

    @pytest.hookimpl(wrapper=True)
    def pytest_sessionstart(self, session: pytest.Session) -> Generator[None, None, None]:
        """Without xdist, prepare the run here, then generate before any test. It wraps the other implementations so
        that it comes after them all: the report header naming the dataset is printed before any preparation can
        refuse the run."""
        yield
        if self.distributed:
            return
        self._prepare(partitions=1)
        try:
            generate_before_tests(self.config, "main")
        except KeyboardInterrupt:  # pytest shows no summary after an interrupt here: say what is kept
            self.write_summary()
            raise
        finally:
            stop_progress(self.config)

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        self.write_summary()

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        stop_progress(config)
        stop_server(config)

    def _prepare(self, partitions: int) -> None:
        """Check, migrate, build the farm, load the schedule and start the run's ledger; then show progress."""
        import psycopg
        from django.db import Error as DjangoDatabaseError

        from pytest_aquadata import controller, djangoconf
        from pytest_aquadata.conninfo import redact

        config = self.config
        server = config.stash[SERVER_KEY]
        try:
            with _django_db_unblocked(config), djangoconf.pointed_at(server.url):
                run = controller.prepare(config.stash[OPTIONS_KEY], server, partitions)
        except AquadataError as exc:
            stop_server(config)
            raise pytest.UsageError(f"pytest-aquadata: {exc}") from None
        except (psycopg.Error, DjangoDatabaseError) as exc:  # the server went away, or refused us, while preparing
            stop_server(config)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise pytest.UsageError(
                f"pytest-aquadata: the server at {redact(server.url)} failed while the run was being prepared: "
                f"{reason}.\nFix: check that it is running and reachable, then run the same command again (nothing "
                "written so far is lost).") from None
        config.stash[RUN_KEY] = run
        stats = config.stash[STATS_KEY]
        stats["setup_seconds"] = time.perf_counter() - stats["setup_started"]
        if run.missing_batches > 0:
            _start_progress(config, run)

    def write_summary(self) -> None:
        """The dataset, or what is kept and how to resume; then the HTML report if one was asked for. Once."""
        config = self.config
        run = config.stash.get(RUN_KEY, None)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        stats = config.stash.setdefault(STATS_KEY, {})
        if run is None or reporter is None or stats.get("summary_written"):
            return
        from pytest_aquadata.summary import summary_lines

        stats["summary_written"] = True
        stop_progress(config)
        if stats.get("finished_at"):
            stats["tests_seconds"] = time.perf_counter() - stats["finished_at"]
        reporter.write_sep("-", "aquadata")
        for line in summary_lines(run, stats):
            reporter.write_line(line)
        options = config.stash[OPTIONS_KEY]
        if options.report is not None:
            reporter.write_line(_write_report(run, options.report, config.stash.get(VERIFICATION_KEY, {})))


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


def _django_db_unblocked(config: pytest.Config) -> AbstractContextManager[object]:
    """pytest-django blocks database access from the moment it sets Django up, which with a project's own
    settings is before this hook; the controller's migrations and farm build are allowed through."""
    try:
        from pytest_django.plugin import blocking_manager_key
    except ImportError:
        return nullcontext()
    manager = config.stash.get(blocking_manager_key, None)
    return manager.unblock() if manager is not None else nullcontext()


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


def stop_progress(config: pytest.Config) -> None:
    """Stop the progress line (writing its final state) and keep that state for the summary."""
    monitor = config.stash.get(PROGRESS_KEY, None)
    if monitor is not None:
        del config.stash[PROGRESS_KEY]
        monitor.stop()
        stats = config.stash.setdefault(STATS_KEY, {})
        stats["generated"] = monitor.last
        stats["finished_at"] = monitor.finished_at


def _write_report(run: PreparedRun, path: Path, verification: dict[str, str]) -> str:
    import psycopg

    from pytest_aquadata.report.page import write_report

    try:
        with psycopg.connect(run.url, autocommit=True) as conn:
            timings = write_report(conn, path, verification or None)
    except Exception as exc:  # noqa: BLE001 - the run's result stands; the report says why it is missing
        return f"report: not written ({type(exc).__name__}: {exc})"
    return f"report: {path} ({path.stat().st_size / 1024:,.0f} KB, {timings['total']:.1f} s)"


def stop_server(config: pytest.Config) -> None:
    server = config.stash.get(SERVER_KEY, None)
    if server is not None:
        from django.db import connections

        connections.close_all()
        server.stop()
        del config.stash[SERVER_KEY]
