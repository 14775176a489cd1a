"""The run's fingerprint, the partitions workers claim, and which batches are written.

All of it lives in the database: claims use SELECT ... FOR UPDATE SKIP LOCKED and the lock is held for
as long as the worker generates the slice, so a killed worker's slice is free again at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.load import indexes, partitions
from pytest_aquadata.mapping.layout import Targets
from pytest_aquadata.plan.model import Schedule
from pytest_aquadata.plan.volumes import batch_rows


@dataclass(frozen=True)
class RunKey:
    schedule_name: str
    schedule_digest: str
    seed: int
    history_end: dt.date
    generator_version: str
    layout_digest: str

    @property
    def fingerprint(self) -> str:
        text = f"{self.schedule_digest}|{self.seed}|{self.history_end}|{self.generator_version}|{self.layout_digest}"
        return hashlib.sha256(text.encode()).hexdigest()


def read_run(conn: Any) -> dict[str, Any] | None:
    cur = conn.execute("SELECT * FROM aquadata_run ORDER BY id LIMIT 1")
    row = cur.fetchone()
    return dict(zip([c.name for c in cur.description], row, strict=True)) if row else None


def read_targets(conn: Any) -> Targets:
    """The layout the run's rows are written in (mapping/layout.py)."""
    return Targets.from_json(conn.execute("SELECT layout FROM aquadata_run ORDER BY id LIMIT 1").fetchone()[0])


def start_run(conn: Any, key: RunKey, schema_version: int, schedule: Schedule, schedule_yaml: str,
              partitions: int, rebuild: bool, targets: Targets) -> int:
    """Record (or check) the run and cut the batches still missing into ``partitions`` slices.

    Returns how many batches are missing. Refuses a dataset made by another run unless ``rebuild``.
    """
    with conn.transaction():
        conn.execute("LOCK TABLE aquadata_run IN EXCLUSIVE MODE")
        existing = read_run(conn)
        if existing and existing["fingerprint"] != key.fingerprint and not rebuild:
            raise AquadataError(
                "the database holds a dataset from another run "
                f"(schedule {existing['schedule_name']}, seed {existing['seed']}, history end "
                f"{existing['history_end']}, generator {existing['generator_version']}); this run asks for "
                f"schedule {key.schedule_name}, seed {key.seed}, history end {key.history_end}, generator "
                f"{key.generator_version}{_same_but_models(existing, key)}.\nFix: pass --aquadata-rebuild to replace the "
                "operational data (infrastructure and master data are kept), or use another --aquadata-db / --aquadata-dir."
            )
        if rebuild or (existing and existing["fingerprint"] != key.fingerprint):
            wipe_operational(conn, Targets.from_json(existing["layout"]) if existing and existing["layout"] else targets)
            existing = None
        if existing is None:
            conn.execute(
                "INSERT INTO aquadata_run (schema_version, fingerprint, schedule_name, schedule_digest, schedule_yaml, "
                "seed, history_end, generator_version, batch_count, partition_count, created_at, layout) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, now(), %s)",
                (schema_version, key.fingerprint, key.schedule_name, key.schedule_digest, schedule_yaml, key.seed,
                 key.history_end, key.generator_version, len(schedule.batches), partitions, targets.to_json()),
            )
        done = written_batches(conn)
        missing = [b for b in schedule.batches if b.index not in done]
        if missing:
            indexes.defer(conn, targets.db_tables())
        held = _drop_idle_slices(conn)  # slices another run's workers are generating right now stay theirs
        free = [b for b in missing if b.index not in held]
        weights = [sum(low for low, _ in batch_rows(b, key.history_end).values()) for b in free]
        first = conn.execute("SELECT COALESCE(max(index) + 1, 0) FROM aquadata_partition").fetchone()[0]
        for i, part in enumerate(cut_slices([b.index for b in free], weights, partitions)):
            conn.execute(
                "INSERT INTO aquadata_partition (index, first_batch, last_batch, claimed_by, done, error, repeats) "
                "VALUES (%s, %s, %s, '', false, '', false)", (first + i, part[0], part[-1]))
        conn.execute("UPDATE aquadata_run SET partition_count = %s, completed_at = CASE WHEN %s THEN "
                     "completed_at END", (partitions, not missing))
    return len(missing)


def _same_but_models(existing: dict[str, Any], key: RunKey) -> str:
    same = (existing["schedule_digest"], existing["seed"], existing["history_end"], existing["generator_version"]) == (
        key.schedule_digest, key.seed, key.history_end, key.generator_version)
    return ", into other models, columns or column types than the dataset's" if same else ""


def _drop_idle_slices(conn: Any) -> set[int]:
    """Delete the slices no live worker holds (done, failed, or left by a killed run) and return the batch
    indices of those that one holds: a claim keeps its row locked while it generates."""
    conn.execute("DELETE FROM aquadata_partition WHERE index IN "
                 "(SELECT index FROM aquadata_partition FOR UPDATE SKIP LOCKED)")
    return {i for first, last in conn.execute("SELECT first_batch, last_batch FROM aquadata_partition").fetchall()
            for i in range(first, last + 1)}


def cut_slices(indices: list[int], weights: list[int], parts: int) -> list[list[int]]:
    """Contiguous chronological slices (batches are in start order) of about equal expected rows, so that
    a worker holding the old, completed batches does not finish long after one holding the young ones."""
    if not indices:
        return []
    parts = max(1, min(parts, len(indices)))
    total = sum(weights) or 1
    out: list[list[int]] = [[] for _ in range(parts)]
    done, current = 0, 0
    for i, (index, weight) in enumerate(zip(indices, weights, strict=True)):
        share = min(int((done + weight / 2) * parts / total), parts - 1)  # where this batch's middle falls
        # move on one slice at a time, and leave at least one batch for each slice still to come
        if max(share, parts - (len(indices) - i)) > current and out[current]:
            current += 1
        out[current].append(index)
        done += weight
    return out


def written_batches(conn: Any) -> set[int]:
    return {r[0] for r in conn.execute("SELECT batch_index FROM aquadata_batchledger").fetchall()}


def wipe_operational(conn: Any, targets: Targets) -> None:
    """Remove every generated row and the ledger; infrastructure and master data stay. Batches' partitions
    are dropped, so the next run makes them afresh."""
    for parent in partitions.partitioned(conn, targets.db_tables()):
        partitions.drop_batches(conn, parent)
    generated = [f'"{t}"' for t in targets.db_tables()]
    tables = ", ".join([*generated, "aquadata_batchledger", "aquadata_partition", "aquadata_run"])
    conn.execute(f"TRUNCATE {tables} CASCADE")


def claim(conn: Any, worker: str) -> tuple[int, int, int] | None:
    """Lock the next open slice for this worker; the lock lasts until ``conn``'s transaction ends."""
    row = conn.execute(
        "SELECT index, first_batch, last_batch FROM aquadata_partition WHERE NOT done AND error = '' "
        "ORDER BY index FOR UPDATE SKIP LOCKED LIMIT 1").fetchone()
    if row is not None:
        conn.execute("UPDATE aquadata_partition SET claimed_by = %s WHERE index = %s", (worker, row[0]))
    return row


def finish(conn: Any, index: int) -> None:
    conn.execute("UPDATE aquadata_partition SET done = true WHERE index = %s", (index,))


def record_error(conn: Any, index: int, error: str, repeats: bool) -> None:
    """Mark a slice failed with ``error``; ``repeats``: the same command would fail the same way."""
    conn.execute("UPDATE aquadata_partition SET error = %s, repeats = %s WHERE index = %s", (error, repeats, index))


def failures(conn: Any) -> list[tuple[str, bool]]:
    """(error, repeats) of each failed slice, in the order they failed as far as the ledger knows (by slice)."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT error, repeats FROM aquadata_partition WHERE error <> '' ORDER BY index").fetchall()]


def status(conn: Any) -> tuple[int, int, list[tuple[str, bool]]]:
    """(written batches, scheduled batches, failures(): each failed slice's error and whether it repeats)."""
    written = conn.execute("SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0").fetchone()[0]
    run = read_run(conn)
    return written, run["batch_count"] if run else 0, failures(conn)


#: The advisory lock under which one process finishes a run ("aqua" "done").
COMPLETION_LOCK = 0x61717561646F6E65


def complete(conn: Any, poll_seconds: float = 0.5) -> None:
    """Once every batch is written: build the deferred indexes (with whoever else is building them), then, once,
    advance the sequences and gather the tables' statistics, and mark the run complete, the sign the progress
    monitor and ``aquadata verify`` wait for. The others wait for that under the same lock, so no process plans a
    check's query on tables PostgreSQL still believes empty (a nested loop over 4 M fish scores, for minutes)."""
    indexes.build_pending(conn, poll_seconds)
    conn.execute("SELECT pg_advisory_lock(%s)", (COMPLETION_LOCK,))
    try:
        if conn.execute("SELECT completed_at IS NULL FROM aquadata_run").fetchone() == (True,):  # rows were written
            targets = read_targets(conn)
            advance_sequences(conn, targets)
            analyze(conn, targets)
            conn.execute("UPDATE aquadata_run SET completed_at = now()")
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (COMPLETION_LOCK,))


def analyze(conn: Any, targets: Targets) -> None:
    """Statistics for every generated table but a partitioned one, whose partitions autovacuum analyzes as they
    come (a parent's ANALYZE would sample every partition again)."""
    tables = targets.db_tables()
    parted = partitions.partitioned(conn, tables)
    for table in tables:
        if table not in parted:
            conn.execute(f'ANALYZE "{table}"')


def advance_sequences(conn: Any, targets: Targets) -> None:
    """Leave every id sequence of the generated tables past the highest id written: rows were copied with
    their own ids, and the project's code (or a factory) creating the next row must not collide with them."""
    for target in (*targets.tables.values(), *targets.histories.values()):
        key = target.key
        conn.execute(
            f'SELECT setval(s, m) FROM (SELECT pg_get_serial_sequence(%s, %s) AS s, max("{key}") AS m '
            f'FROM "{target.db_table}") found WHERE s IS NOT NULL AND m IS NOT NULL',
            (f'"{target.db_table}"', key))
