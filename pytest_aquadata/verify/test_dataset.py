"""The verification suite, collected whenever --aquadata is given. One test per check."""

from __future__ import annotations

from typing import Any

import pytest

from pytest_aquadata.verify import checks

pytestmark = pytest.mark.aquadata


def _assert_none(problems: list[str]) -> None:
    assert not problems, "\n".join(problems)


def test_infrastructure_counts(aquadata_db: Any) -> None:
    _assert_none(checks.infrastructure_counts(aquadata_db))


def test_master_data(aquadata_db: Any) -> None:
    _assert_none(checks.master_data(aquadata_db))


def test_every_scheduled_batch_exists(aquadata_db: Any, aquadata_schedule: Any) -> None:
    _assert_none(checks.scheduled_batches_exist(aquadata_db, aquadata_schedule))


@pytest.mark.parametrize(
    ("table", "date_expr", "first_day"),
    [
        ("environmental_environmentalreading", "reading_time::date", 0),
        ("batch_actualdailyassignmentstate", "date", 0),
        ("inventory_feedingevent", "feeding_date", 90),
    ],
    ids=["readings", "daily-states", "feedings"],
)
def test_records_for_every_day_lived(aquadata_db: Any, table: str, date_expr: str, first_day: int) -> None:
    _assert_none(checks.daily_records_every_day(aquadata_db, table, date_expr, first_day))


def test_one_daily_state_per_assignment_day(aquadata_db: Any) -> None:
    _assert_none(checks.daily_state_per_assignment_day(aquadata_db))


def test_no_container_holds_two_batches(aquadata_db: Any) -> None:
    _assert_none(checks.no_container_shared(aquadata_db))


def test_no_batch_crosses_a_geography(aquadata_db: Any) -> None:
    _assert_none(checks.no_batch_crosses_geography(aquadata_db))


def test_day_91_population_counted_once(aquadata_db: Any) -> None:
    _assert_none(checks.day_91_population(aquadata_db))


def test_rows_per_table_within_what_the_schedule_implies(aquadata_db: Any, aquadata_schedule: Any) -> None:
    _assert_none(checks.rows_within_schedule(aquadata_db, aquadata_schedule))


def test_transfers_conserve_fish(aquadata_db: Any) -> None:
    _assert_none(checks.transfers_conserve_fish(aquadata_db))


def test_feed_ledger_balances(aquadata_db: Any) -> None:
    _assert_none(checks.feed_ledger_balances(aquadata_db))


def test_harvest_lots_add_up_to_the_final_population(aquadata_db: Any) -> None:
    _assert_none(checks.harvest_lots_add_up(aquadata_db))
