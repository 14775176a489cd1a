"""Proof that each verification check catches the defect it names: corrupt the generated smoke dataset in
exactly that way, inside a transaction that is rolled back, and assert the check fails naming the batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from pytest_aquadata.verify import checks

VICTIM = "FI-B0001"  # harvested: it has every kind of record
BATCH = f"(SELECT id FROM batch_batch WHERE batch_number = '{VICTIM}')"


@pytest.fixture
def corrupt(aquadata_run: Any, aquadata_db: Any) -> Iterator[Any]:
    """A writable connection whose changes are rolled back after the test: the shared dataset stays intact."""
    import psycopg

    with psycopg.connect(aquadata_run.url) as conn:
        try:
            yield conn
        finally:
            conn.rollback()


MUTATIONS: dict[str, tuple[str, Callable[[Any, Any], list[str]], str]] = {
    "double the day-91 population": (
        f"UPDATE batch_actualdailyassignmentstate SET population = population * 2 WHERE batch_id = {BATCH} "
        "AND day_number = 91",
        lambda conn, schedule: checks.day_91_population(conn), VICTIM),
    "overlap two assignments in a container": (
        """UPDATE batch_batchcontainerassignment SET container_id = (
               SELECT a1.container_id FROM batch_batchcontainerassignment a1
               JOIN batch_batchcontainerassignment a2 ON a2.id = batch_batchcontainerassignment.id
               WHERE a1.batch_id <> a2.batch_id AND a1.assignment_date < a2.departure_date
                 AND a2.assignment_date < COALESCE(a1.departure_date, 'infinity') LIMIT 1)
           WHERE id = (SELECT a2.id FROM batch_batchcontainerassignment a2 JOIN batch_batchcontainerassignment a1
                       ON a1.batch_id <> a2.batch_id AND a1.assignment_date < a2.departure_date
                       AND a2.assignment_date < COALESCE(a1.departure_date, 'infinity')
                       WHERE a2.batch_id = """ + BATCH + " AND NOT a2.is_active LIMIT 1)",
        lambda conn, schedule: checks.no_container_shared(conn), VICTIM),
    "move a ring into the other geography": (
        f"""UPDATE infrastructure_container SET area_id = (
                SELECT a.id FROM infrastructure_area a JOIN infrastructure_geography g ON g.id = a.geography_id
                WHERE g.name = 'Scotland' LIMIT 1)
            WHERE id = (SELECT container_id FROM batch_batchcontainerassignment a JOIN infrastructure_container c
                        ON c.id = a.container_id WHERE a.batch_id = {BATCH} AND c.area_id IS NOT NULL LIMIT 1)""",
        lambda conn, schedule: checks.no_batch_crosses_geography(conn), VICTIM),
    "drive a feed stock negative": (
        f"""UPDATE inventory_feedcontainerstock SET quantity_kg = -50 WHERE id = (
                SELECT s.id FROM inventory_feedcontainerstock s JOIN inventory_feedpurchase p ON p.id = s.feed_purchase_id
                WHERE p.batch_number LIKE '{VICTIM}/%' ORDER BY s.id LIMIT 1)""",
        lambda conn, schedule: checks.feed_ledger_balances(conn), VICTIM),
    "delete one day of readings of one batch": (
        f"""DELETE FROM environmental_environmentalreading WHERE batch_id = {BATCH}
            AND reading_time::date = (SELECT start_date + 100 FROM batch_batch WHERE id = {BATCH})""",
        lambda conn, schedule: checks.daily_records_every_day(
            conn, "environmental_environmentalreading", "reading_time::date", 0), VICTIM),
    "delete one day of feedings of one batch": (
        f"""DELETE FROM inventory_feedingevent WHERE batch_id = {BATCH}
            AND feeding_date = (SELECT start_date + 200 FROM batch_batch WHERE id = {BATCH})""",
        lambda conn, schedule: checks.daily_records_every_day(conn, "inventory_feedingevent", "feeding_date", 90),
        VICTIM),
    "drop one daily state of an assignment": (
        f"""DELETE FROM batch_actualdailyassignmentstate WHERE id = (
                SELECT id FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH} AND day_number = 300 LIMIT 1)""",
        lambda conn, schedule: checks.daily_state_per_assignment_day(conn), VICTIM),
    "set a harvest lot to 9 kg fish": (
        f"""UPDATE harvest_harvestlot SET live_weight_kg = unit_count * 9.0 WHERE id = (
                SELECT l.id FROM harvest_harvestlot l JOIN harvest_harvestevent e ON e.id = l.event_id
                WHERE e.batch_id = {BATCH} ORDER BY l.id LIMIT 1)""",
        lambda conn, schedule: checks.harvest_lots_add_up(conn), VICTIM),
    "lose fish in a transfer": (
        f"""UPDATE batch_transferaction SET transferred_count = transferred_count - 1000 WHERE id = (
                SELECT t.id FROM batch_transferaction t JOIN batch_batchtransferworkflow w ON w.id = t.workflow_id
                WHERE w.batch_id = {BATCH} ORDER BY t.id LIMIT 1)""",
        lambda conn, schedule: checks.transfers_conserve_fish(conn), VICTIM),
    "a scheduled batch missing": (
        f"DELETE FROM batch_batch WHERE id = {BATCH}",
        lambda conn, schedule: checks.scheduled_batches_exist(conn, schedule), VICTIM),
    "a batch's lice counts missing": (
        f"DELETE FROM health_licecount WHERE batch_id = {BATCH}",
        lambda conn, schedule: checks.rows_within_schedule(conn, schedule), "health_licecount"),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_the_check_catches_the_corruption(corrupt: Any, aquadata_schedule: Any, mutation: str) -> None:
    sql, check, named = MUTATIONS[mutation]
    assert check(corrupt, aquadata_schedule) == [], "the check passes on the intact dataset"
    changed = corrupt.execute(sql).rowcount
    assert changed > 0, f"the mutation changed nothing: {sql}"
    problems = check(corrupt, aquadata_schedule)
    assert problems, f"{mutation}: the check did not notice"
    assert any(named in p for p in problems), problems
