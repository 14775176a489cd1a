"""The verification checks, one module per theme, and their registry.

Each check is one SQL query (or a few) that aggregates in the database and returns only the offending rows, as
messages that name the batch, the container, the day and the numbers. The themes: structure and references
(structure.py), each batch's life (lifecycle.py), feed and growth (feed.py), health and lice (health.py), the
labelled incidents (incidents.py), the people (people.py), a project's audit trail (audit.py), the eggs' sources
(broodstock.py), the books (finance.py), the reference data the pages look things up in (reference.py), and the
air over the sea (weather.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks.audit import audit_trail_records_every_row
from pytest_aquadata.verify.checks.broodstock import eggs_come_from_their_source
from pytest_aquadata.verify.checks.feed import (
    feed_conversion,
    feed_ledger_balances,
    feed_rises_with_temperature,
    feeding_summaries_by_the_clients_rule,
    growth_samples_by_the_clients_rule,
    harvest_lots_add_up,
    harvest_waste_adds_up,
    observed_fcr_by_the_clients_rule,
    warm_years_harvest_sooner,
)
from pytest_aquadata.verify.checks.finance import costs_booked_to_the_sites
from pytest_aquadata.verify.checks.health import grades_from_history, health_records_follow_the_fish, lice_treatments
from pytest_aquadata.verify.checks.incidents import (
    escapes_match_the_counts,
    incidents_match_the_readings,
    lice_outbreaks_match_the_counts,
    low_oxygen_cuts_feeding_and_kills,
    outbreaks_match_the_deaths,
    outbreaks_worsen_conversion,
    storms_match_the_feedings,
)
from pytest_aquadata.verify.checks.lifecycle import (
    active_stages_as_planned,
    age_agrees,
    daily_records_every_day,
    daily_state_per_assignment_day,
    day_91_population,
    plans_follow_what_happened,
    readings_every_day,
    survival,
    transfers_conserve_fish,
)
from pytest_aquadata.verify.checks.people import recorded_by_the_sites_staff, staff_at_every_site
from pytest_aquadata.verify.checks.reference import reference_data_describes_the_farm
from pytest_aquadata.verify.checks.structure import (
    geographies_balanced,
    infrastructure_counts,
    ledger_matches_records,
    master_data,
    no_batch_crosses_geography,
    no_container_shared,
    references_resolve,
    rows_within_schedule,
    scheduled_batches_exist,
    utilisation_as_planned,
)
from pytest_aquadata.verify.checks.weather import weather_follows_the_sea
from pytest_aquadata.verify.dataset import Dataset

#: Every check by name, in the order the suite runs them; the tests of verify/test_dataset.py and
#: ``aquadata verify`` both take them from here. The checks that scan the largest tables come first, those that
#: make the pass over every reading at the first and fifth places: pytest-xdist's load scheduling hands each of
#: two workers four tests to start with, so both start the pass and split it (verify/shared.py).
CHECKS: dict[str, Callable[[Dataset], list[str]]] = {
    "incidents-match-the-readings": incidents_match_the_readings,
    "references-resolve": references_resolve,
    "ledger-matches-records": ledger_matches_records,
    "audit-trail-records-every-row": audit_trail_records_every_row,
    "infrastructure-counts": infrastructure_counts,
    "staff-at-every-site": staff_at_every_site,
    "plans-follow-what-happened": plans_follow_what_happened,
    "eggs-come-from-their-source": eggs_come_from_their_source,
    "costs-booked-to-the-sites": costs_booked_to_the_sites,
    "reference-data-describes-the-farm": reference_data_describes_the_farm,
    "health-records-follow-the-fish": health_records_follow_the_fish,
    "feeding-summaries-by-the-clients-rule": feeding_summaries_by_the_clients_rule,
    "weather-follows-the-sea": weather_follows_the_sea,
    "recorded-by-the-sites-staff": recorded_by_the_sites_staff,
    "readings-every-day": readings_every_day,
    "rows-within-schedule": rows_within_schedule,
    "master-data": master_data,
    "scheduled-batches-exist": scheduled_batches_exist,
    "daily-states-every-day": partial(daily_records_every_day, table="batch_actualdailyassignmentstate",
                                      date_expr="date", first_day=0),
    "feedings-every-day": partial(daily_records_every_day, table="inventory_feedingevent", date_expr="feeding_date",
                                  first_day=catalog.STAGES[0].days, excused="storm"),
    "one-daily-state-per-assignment-day": daily_state_per_assignment_day,
    "no-container-shared": no_container_shared,
    "no-batch-crosses-geography": no_batch_crosses_geography,
    "day-91-population": day_91_population,
    "survival": survival,
    "transfers-conserve-fish": transfers_conserve_fish,
    "feed-ledger-balances": feed_ledger_balances,
    "feed-conversion": feed_conversion,
    "observed-fcr-by-the-clients-rule": observed_fcr_by_the_clients_rule,
    "growth-samples-by-the-clients-rule": growth_samples_by_the_clients_rule,
    "feed-rises-with-temperature": feed_rises_with_temperature,
    "harvest-lots-add-up": harvest_lots_add_up,
    "harvest-waste-adds-up": harvest_waste_adds_up,
    "lice-treatments": lice_treatments,
    "grades-from-history": grades_from_history,
    "warm-years-harvest-sooner": warm_years_harvest_sooner,
    "age-agrees": age_agrees,
    "active-stages-as-planned": active_stages_as_planned,
    "geographies-balanced": geographies_balanced,
    "utilisation-as-planned": utilisation_as_planned,
    "storms-match-the-feedings": storms_match_the_feedings,
    "escapes-match-the-counts": escapes_match_the_counts,
    "outbreaks-match-the-deaths": outbreaks_match_the_deaths,
    "outbreaks-worsen-conversion": outbreaks_worsen_conversion,
    "lice-outbreaks-match-the-counts": lice_outbreaks_match_the_counts,
    "low-oxygen-cuts-feeding-and-kills": low_oxygen_cuts_feeding_and_kills,
}
