"""Generation: claim a time slice of the schedule, write its missing batches, repeat until none is left.

Every process that takes part runs this: each xdist worker before its first test, or the one process
when not distributed. Because the claims live in the database, a process that finds nothing left to
claim simply waits for the others (the barrier).
"""

from __future__ import annotations

import time

from pytest_aquadata.controller import PreparedRun
from pytest_aquadata.errors import AquadataError, RepeatsOnRerun
from pytest_aquadata.server import INDEX_SESSION, LOADING_SESSION, configure_session


def load_schedule(run: PreparedRun):  # type: ignore[no-untyped-def]
    from pytest_aquadata.plan import yamlformat

    return yamlformat.loads(run.schedule_yaml, "the run's schedule").shifted_to(run.history_end)


def generate(run: PreparedRun, worker: str) -> None:
    """Generate every open slice this process can claim (the progress monitor reads the ledger). Before each batch
    it looks whether another process's slice failed, and if one did, it stops: its slice stays open, unclaimed, for
    a rerun, and no process writes on alone for minutes after the run has failed."""
    import psycopg

    from pytest_aquadata.engine.batch import generate as generate_batch
    from pytest_aquadata.engine.context import load_ids
    from pytest_aquadata.engine.lifecycle import neighbours_of
    from pytest_aquadata.load import ledger
    from pytest_aquadata.load.copy import write_batch
    from pytest_aquadata.plan.occupancy import AreaStock

    with psycopg.connect(run.url) as claims, psycopg.connect(run.url, autocommit=True) as writer:
        for conn in (claims, writer):
            configure_session(conn, LOADING_SESSION)
        claims.commit()
        schedule, ids, targets, stock = None, None, None, None  # loaded on the first claim: the barrier polls this
        while True:
            failure: Exception | None = None
            stopped: str | None = None
            with claims.transaction():
                part = ledger.claim(claims, worker)
                if part is None:
                    break
                index, first, last = part
                try:
                    schedule, ids = schedule or load_schedule(run), ids or load_ids(writer)
                    stock = stock or AreaStock.of_schedule(schedule)
                    targets = targets or ledger.read_targets(writer)
                    done = ledger.written_batches(writer)
                    for batch in schedule.batches[first:last + 1]:
                        if batch.index in done:
                            continue
                        stopped = next((error for error, _ in ledger.failures(writer)), None)
                        if stopped is not None:
                            break
                        started = time.perf_counter()
                        tables = generate_batch(batch, run.history_end, run.seed, ids, neighbours_of(stock, batch.index),
                                                schedule.incidents)
                        write_batch(writer, batch.index, batch.batch_number, tables, targets, worker, started)
                    if stopped is None:
                        ledger.finish(claims, index)
                except Exception as exc:  # recorded in the claim's own transaction, then raised
                    failure = exc
                    ledger.record_error(claims, index, f"{worker}: {type(exc).__name__}: {exc}",
                                        isinstance(exc, RepeatsOnRerun))
            if failure is not None:
                raise failure
            if stopped is not None:
                raise AquadataError(f"generation failed: {stopped}")


def wait_until_complete(run: PreparedRun, worker: str, poll_seconds: float = 0.5) -> None:
    """The barrier: help with whatever is unclaimed, wait for the slices others hold, then help build the
    indexes deferred during the load (see load/indexes.py).

    Fails with the failing worker's error instead of hanging."""
    import psycopg

    from pytest_aquadata.load import ledger

    while True:
        generate(run, worker)
        with psycopg.connect(run.url, autocommit=True) as conn:
            configure_session(conn, {**LOADING_SESSION, **INDEX_SESSION})
            written, total, failed = ledger.status(conn)
            if failed:
                raise AquadataError("generation failed: " + "; ".join(error for error, _ in failed))
            if written >= total:
                ledger.complete(conn, poll_seconds)
                return
        time.sleep(poll_seconds)
