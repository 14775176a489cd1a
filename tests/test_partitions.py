"""Two workers write their batches' partitions of one parent at the same time, each in its own
transaction (load/partitions.py), on the session's real server. A medium run failed this way once: both
workers' servers chose the same index name for their partitions, which they had not yet committed."""

from __future__ import annotations

import json
import re
import threading

import psycopg
import pytest

from pytest_aquadata.engine.context import ID_BLOCK
from pytest_aquadata.load import partitions

#: our readings' name: long enough that the server's own index names, cut to 63 characters, are the same
#: for every partition
PARENT = "environmental_environmentalreading"


@pytest.fixture
def scratch_url(scratch_db: str) -> str:
    """A database of the test's own with a partitioned table shaped like the readings."""
    with psycopg.connect(scratch_db, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {PARENT} (id bigint NOT NULL, container_id int NOT NULL, "
                     "parameter_id int NOT NULL, reading_time timestamptz NOT NULL) PARTITION BY RANGE (id)")
        conn.execute(f"ALTER TABLE {PARENT} ADD PRIMARY KEY (id)")
        conn.execute(f"CREATE INDEX readings_container_time ON {PARENT} (container_id, reading_time)")
        conn.execute(f"CREATE INDEX readings_parameter_time ON {PARENT} (parameter_id, reading_time)")
    return scratch_db


def _write(conn: psycopg.Connection, batch: int) -> None:
    """What a batch's transaction does to the parent: a partition created, filled, keyed, indexed, attached."""
    first_id = (batch + 1) * ID_BLOCK + 1
    name = partitions.create(conn, PARENT, "id", first_id)
    conn.execute(f'INSERT INTO "{name}" SELECT {first_id} + g, g % 7, g % 3, now() FROM generate_series(0, 999) g')
    partitions.attach(conn, PARENT, name, "id", first_id)


def test_two_workers_writing_many_partitions_at_once_never_collide(scratch_url: str) -> None:
    """Two workers each write 40 small partitions of one parent, each in its own transaction, at the same
    time: every one is attached, with its own key and indexes."""
    failures: list[BaseException] = []

    def worker(batches: range) -> None:
        try:
            with psycopg.connect(scratch_url) as conn:
                for batch in batches:
                    _write(conn, batch)
                    conn.commit()
        except BaseException as exc:  # noqa: BLE001 (handed to the test's thread)
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(range(k, 80, 2),)) for k in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures[0]  # before names were given: a UniqueViolation on pg_class in 3 runs of 3
    with psycopg.connect(scratch_url, autocommit=True) as conn:
        indexes = conn.execute(
            "SELECT count(x.indexrelid) FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass GROUP BY i.inhrelid", (PARENT,)).fetchall()
        assert indexes == [(3,)] * 80, "a key and two indexes on each of the 80"
        assert conn.execute(f"SELECT count(*), count(DISTINCT id) FROM {PARENT}").fetchone() == (80_000, 80_000)
        partitions.drop_batches(conn, PARENT)
        assert conn.execute("SELECT count(*) FROM pg_inherits WHERE inhparent = %s::regclass",
                            (PARENT,)).fetchone() == (0,)


def test_a_query_on_one_batch_plans_that_batchs_partition_only(aquadata_db: psycopg.Connection) -> None:
    """Each batch's partition carries a CHECK on its batch, so the planner excludes the others (the BRIN on time
    then serves the window: environmental.0003); its columns keep statistics at partitions.STATISTICS, and
    autovacuum does not vacuum it after the load's inserts."""
    batches = [r[0] for r in aquadata_db.execute("SELECT id FROM batch_batch ORDER BY id").fetchall()]
    plan = json.dumps(aquadata_db.execute(
        f"EXPLAIN (FORMAT JSON) SELECT reading_time, value FROM {PARENT} WHERE batch_id = %s "
        "AND reading_time >= '2026-01-01'", (batches[2],)).fetchone()[0])  # type: ignore[index]
    scanned = sorted(set(re.findall(r'"Relation Name": "(\w+)"', plan)))
    assert len(batches) == 10 and scanned == [f"{PARENT}_{batches[2]}", f"{PARENT}_below"], plan
    targets = {r[0] for r in aquadata_db.execute(
        "SELECT attstattarget FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
        (f"{PARENT}_{batches[2]}",)).fetchall()}
    assert targets == {partitions.STATISTICS}
    options = aquadata_db.execute("SELECT reloptions FROM pg_class WHERE relname = %s",
                                  (f"{PARENT}_{batches[2]}",)).fetchone()
    assert options == (["autovacuum_vacuum_insert_threshold=-1"],)
