"""The hooks of an xdist worker: it receives the prepared run as plain values (workerinput), points Django at
the run's database, and generates its share of the batches before its first test. The one process of a run
without xdist generates the same way (``generate_before_tests``), called by the controller's role."""

from __future__ import annotations

from collections.abc import Generator

import pytest

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.stash import FAILURE_KEY, PRISTINE_FAILURE_KEY, RUN_KEY


class WorkerRole:
    """Registered in an xdist worker only."""

    def __init__(self, config: pytest.Config):
        from pytest_aquadata import controller, djangoconf

        run = controller.PreparedRun.from_workerinput(config.workerinput)  # type: ignore[attr-defined]
        djangoconf.configure(run.url, run.scope)
        config.stash[RUN_KEY] = run
        self.scope = run.scope
        self.name: str = config.workerinput["workerid"]  # type: ignore[attr-defined]

    @pytest.hookimpl(wrapper=True)
    def pytest_sessionstart(self, session: pytest.Session) -> Generator[None, None, None]:
        yield
        generate_before_tests(session.config, self.name)


def generate_before_tests(config: pytest.Config, name: str) -> None:
    """Claim slices and generate until every batch is written, help build the deferred indexes, then (if the run
    keeps one) take the pristine copy for the tests that commit, before this process opens any test's session on
    the farm. A failure is kept for the barrier fixture, which fails every test that needs the data with it (not
    an INTERNALERROR); one of the copy fails only the tests that commit. Ctrl-C goes on up: the open batch's
    transaction is rolled back."""
    run = config.stash.get(RUN_KEY, None)
    if run is None:
        return
    from pytest_aquadata import worker

    try:
        worker.wait_until_complete(run, name)
    except AquadataError as exc:  # another process failed
        config.stash[FAILURE_KEY] = str(exc)
    except Exception as exc:  # reported by the barrier on every test that needs the data
        config.stash[FAILURE_KEY] = f"generation failed: {name}: {type(exc).__name__}: {exc}"
    else:
        if run.writable:
            _keep_pristine(config, run.url)


def _keep_pristine(config: pytest.Config, url: str) -> None:
    import psycopg

    from pytest_aquadata.copies import pristine

    try:
        pristine.ensure(url)
    except (AquadataError, psycopg.Error) as exc:
        config.stash[PRISTINE_FAILURE_KEY] = str(exc).strip()
