"""Which indexes and constraints the load defers, and how they come back (load/indexes.py), on tables a test
makes in a database of its own on the session's real server."""

from __future__ import annotations

import psycopg
import pytest

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.load import indexes

TABLES = ["site", "visit", "sample"]


@pytest.fixture
def conn(scratch_db: str):  # type: ignore[no-untyped-def]
    """Three generated tables: a unique constraint a foreign key depends on (site), and one each of a unique
    constraint, a plain index and a partial unique index no key depends on (sample); plus the record table,
    as ledger.DeferredIndex makes it."""
    with psycopg.connect(scratch_db, autocommit=True) as conn:
        conn.execute("CREATE TABLE aquadata_deferredindex (name varchar(63) PRIMARY KEY, table_name varchar(63) "
                     "NOT NULL, definition text NOT NULL, started_at timestamptz, built_at timestamptz)")
        conn.execute("CREATE TABLE site (id bigint PRIMARY KEY, code text NOT NULL, CONSTRAINT site_code UNIQUE (code))")
        conn.execute("CREATE TABLE visit (id bigint PRIMARY KEY, code text REFERENCES site (code))")
        conn.execute("CREATE TABLE sample (id bigint PRIMARY KEY, visit int NOT NULL, fish text NOT NULL, "
                     "CONSTRAINT sample_fish UNIQUE (visit, fish))")
        conn.execute("CREATE INDEX sample_visit ON sample (visit)")
        conn.execute("CREATE UNIQUE INDEX sample_first_fish ON sample (visit) WHERE fish = 'F01'")
        yield conn


def _present(conn: psycopg.Connection) -> set[tuple[str, str]]:
    """(index, its constraint's type or '') of every index in the database's own tables."""
    return set(conn.execute(
        "SELECT i.relname, COALESCE(c.contype::text, '') FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
        "LEFT JOIN pg_constraint c ON c.conindid = i.oid AND c.conrelid = x.indrelid AND c.contype <> 'f' "
        "WHERE x.indrelid = ANY(%s::regclass[])", (TABLES,)).fetchall())


def test_unique_constraints_and_indexes_are_deferred_and_come_back_as_they_were(conn) -> None:  # type: ignore[no-untyped-def]
    before = _present(conn)
    indexes.defer(conn, TABLES)
    assert {r[0] for r in conn.execute("SELECT name FROM aquadata_deferredindex").fetchall()} == {
        "sample_fish", "sample_visit", "sample_first_fish"}
    assert _present(conn) == {("site_pkey", "p"), ("visit_pkey", "p"), ("sample_pkey", "p"), ("site_code", "u")}, \
        "primary keys and the unique constraint visit's foreign key depends on stay"
    conn.execute("INSERT INTO sample SELECT g, g / 10, 'F' || lpad((g % 10 + 1)::text, 2, '0') "
                 "FROM generate_series(0, 999) g")
    indexes.build_pending(conn)
    assert _present(conn) == before
    assert indexes.progress(conn) == (3, 3)
    with pytest.raises(psycopg.errors.UniqueViolation):
        conn.execute("INSERT INTO sample VALUES (5000, 3, 'F02')")


def test_generated_rows_breaking_a_deferred_constraint_fail_with_its_name_and_the_row(conn) -> None:  # type: ignore[no-untyped-def]
    indexes.defer(conn, TABLES)
    conn.execute("INSERT INTO sample VALUES (1, 7, 'F02'), (2, 7, 'F02')")
    with pytest.raises(AquadataError) as failed:
        indexes.build_pending(conn)
    assert "the generated rows break sample_fish: Key (visit, fish)=(7, F02) is duplicated" in str(failed.value)
    assert conn.execute("SELECT built_at IS NULL FROM aquadata_deferredindex WHERE name = 'sample_fish'").fetchone() \
        == (True,), "not marked built: the next run tries it again"
    assert conn.execute("SELECT count(*) FROM sample").fetchone() == (2,), "no row is lost"


def test_a_partitioned_tables_index_is_deferred_then_built_on_every_partition(conn) -> None:  # type: ignore[no-untyped-def]
    """The readings' case: the parent's index goes with every partition's, and comes back valid and attached to
    each partition, those attached during the load (with only their key) included."""
    conn.execute("CREATE TABLE reading (id bigint NOT NULL, batch int NOT NULL, at int NOT NULL, PRIMARY KEY (id)) "
                 "PARTITION BY RANGE (id)")
    conn.execute("CREATE TABLE reading_0 PARTITION OF reading FOR VALUES FROM (MINVALUE) TO (100)")
    conn.execute("CREATE INDEX reading_batch_at ON reading (batch, at)")
    indexes.defer(conn, [*TABLES, "reading"])
    assert conn.execute("SELECT definition FROM aquadata_deferredindex WHERE name = 'reading_batch_at'").fetchone() \
        == ("CREATE INDEX reading_batch_at ON ONLY public.reading USING btree (batch, at)",)
    assert conn.execute("SELECT count(*) FROM pg_indexes WHERE tablename LIKE 'reading%' AND indexname NOT LIKE "
                        "'%pkey'").fetchone() == (0,), "the partition's index went with the parent's"
    for low in (100, 200):
        conn.execute(f"CREATE TABLE reading_{low} (LIKE reading)")
        conn.execute(f"INSERT INTO reading_{low} SELECT g, g / 10, g FROM generate_series({low}, {low + 99}) g")
        conn.execute(f"ALTER TABLE reading ATTACH PARTITION reading_{low} FOR VALUES FROM ({low}) TO ({low + 100})")
    indexes.build_pending(conn)
    assert conn.execute("SELECT x.indisvalid, count(h.inhrelid) FROM pg_index x LEFT JOIN pg_inherits h ON "
                        "h.inhparent = x.indexrelid WHERE x.indexrelid = 'reading_batch_at'::regclass GROUP BY 1"
                        ).fetchone() == (True, 3)


def test_the_largest_tables_index_is_built_first(conn) -> None:  # type: ignore[no-untyped-def]
    """Claims go by table size, a partitioned table's being its partitions' and a plain table's its own (not by
    name: the largest table's index comes last by name, the smallest's first): the builders then end on small
    indexes, together."""
    conn.execute("CREATE TABLE reading (id bigint PRIMARY KEY, batch int NOT NULL) PARTITION BY RANGE (id)")
    conn.execute("CREATE TABLE reading_0 PARTITION OF reading FOR VALUES FROM (MINVALUE) TO (MAXVALUE)")
    conn.execute("CREATE INDEX visit_by_batch ON reading (batch)")
    conn.execute("CREATE TABLE tally (id bigint PRIMARY KEY, n int NOT NULL)")
    conn.execute("CREATE INDEX a_tally_n ON tally (n)")
    conn.execute("INSERT INTO reading SELECT g, g FROM generate_series(1, 20000) g")
    conn.execute("INSERT INTO sample SELECT g, g, 'F' || g FROM generate_series(1, 2000) g")
    conn.execute("INSERT INTO tally SELECT g, g FROM generate_series(1, 10) g")
    indexes.defer(conn, [*TABLES, "reading", "tally"])
    indexes.build_pending(conn)
    assert [r[0] for r in conn.execute("SELECT name FROM aquadata_deferredindex ORDER BY started_at").fetchall()] == [
        "visit_by_batch", "sample_first_fish", "sample_fish", "sample_visit", "a_tally_n"]
