"""Proof that each verification check catches the defect it names: corrupt the generated smoke dataset in
exactly that way, inside a transaction that is rolled back, and assert the check fails naming the batch."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks import CHECKS
from pytest_aquadata.verify.dataset import Dataset

VICTIM = "FI-B0001"  # harvested: it has every kind of record
BATCH = f"(SELECT id FROM batch_batch WHERE batch_number = '{VICTIM}')"


@pytest.fixture
def corrupt(aquadata_run: Any, aquadata_db: Any) -> Iterator[Any]:
    """A writable connection whose changes are rolled back after the test: the shared dataset stays intact."""
    import psycopg

    with psycopg.connect(aquadata_run.url) as conn:
        conn.execute("SET TimeZone = 'UTC'")
        try:
            yield conn
        finally:
            conn.rollback()


#: defect: (the SQL that makes it, the check that must catch it, what its message must name)
MUTATIONS: dict[str, tuple[str, str, str]] = {
    "double the day-91 population": (
        f"UPDATE batch_actualdailyassignmentstate SET population = population * 2 WHERE batch_id = {BATCH} "
        "AND day_number = 91",
        "day-91-population", VICTIM),
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
        "no-container-shared", VICTIM),
    "move a ring into the other geography": (
        f"""UPDATE infrastructure_container SET area_id = (
                SELECT a.id FROM infrastructure_area a JOIN infrastructure_geography g ON g.id = a.geography_id
                WHERE g.name = 'Scotland' LIMIT 1)
            WHERE id = (SELECT container_id FROM batch_batchcontainerassignment a JOIN infrastructure_container c
                        ON c.id = a.container_id WHERE a.batch_id = {BATCH} AND c.area_id IS NOT NULL LIMIT 1)""",
        "no-batch-crosses-geography", VICTIM),
    "drive a feed stock negative": (
        f"""UPDATE inventory_feedcontainerstock SET quantity_kg = -50 WHERE id = (
                SELECT s.id FROM inventory_feedcontainerstock s JOIN inventory_feedpurchase p ON p.id = s.feed_purchase_id
                WHERE p.batch_number LIKE '{VICTIM}/%' ORDER BY s.id LIMIT 1)""",
        "feed-ledger-balances", VICTIM),
    "forget the label of a sensor fault": (
        f"DELETE FROM aquadata_incident WHERE id = (SELECT min(id) FROM aquadata_incident WHERE batch_id = {BATCH})",
        "incidents-match-the-readings", VICTIM),
    "label a sensor fault that never happened": (
        f"""INSERT INTO aquadata_incident (id, kind, started_at, ended_at, container_id, sensor_id, batch_id, is_natural)
            SELECT (SELECT max(id) + 1 FROM aquadata_incident), 'sensor_stuck', r.reading_time,
                   r.reading_time + interval '36 hours', r.container_id, r.sensor_id, r.batch_id, false
            FROM environmental_environmentalreading r WHERE r.batch_id = {BATCH} AND NOT EXISTS (
                SELECT 1 FROM aquadata_incident i WHERE i.sensor_id = r.sensor_id AND i.batch_id = r.batch_id)
            ORDER BY r.id LIMIT 1""",
        "incidents-match-the-readings", VICTIM),
    "forget the label of a storm": (
        "DELETE FROM aquadata_incident WHERE id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'storm')",
        "storms-match-the-feedings", "which no storm incident labels"),
    "feed the rings through a storm": (
        """UPDATE batch_actualdailyassignmentstate s SET feed_kg = 100 FROM aquadata_incident i
           WHERE i.id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'storm') AND s.batch_id = i.batch_id
             AND s.date BETWEEN i.started_at::date AND i.ended_at::date""",
        "storms-match-the-feedings", "shows no day without feeding at sea"),
    "forget the label of a low-oxygen spell": (
        "DELETE FROM aquadata_incident WHERE id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'low_oxygen')",
        "incidents-match-the-readings", "which no low_oxygen incident labels"),
    "lift the oxygen of a spell back to normal": (
        """UPDATE environmental_environmentalreading r SET value = value + 40 FROM aquadata_incident i
           WHERE i.id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'low_oxygen') AND r.batch_id = i.batch_id
             AND r.reading_time BETWEEN i.started_at AND i.ended_at AND r.parameter_id = (
                 SELECT id FROM environmental_environmentalparameter WHERE name = 'Dissolved Oxygen')""",
        "incidents-match-the-readings", "is not a window of its oxygen alarms"),
    "feed the fish through a low-oxygen spell as if it were not there (its floor cut their feed by half)": (
        """UPDATE batch_actualdailyassignmentstate s SET feed_kg = feed_kg * 2.5 FROM aquadata_incident i
           WHERE i.id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'low_oxygen' AND NOT is_natural)
             AND s.batch_id = i.batch_id AND s.date BETWEEN i.started_at::date AND i.ended_at::date""",
        "low-oxygen-cuts-feeding-and-kills", "of the week before's"),
    "label an escape that never happened": (
        f"""INSERT INTO aquadata_incident (id, kind, started_at, ended_at, container_id, batch_id, is_natural)
            SELECT (SELECT max(id) + 1 FROM aquadata_incident), 'escape', s.date, s.date + interval '86399 seconds',
                   s.container_id, s.batch_id, false
            FROM batch_actualdailyassignmentstate s WHERE s.batch_id = {BATCH} ORDER BY s.date DESC LIMIT 1""",
        "escapes-match-the-counts", VICTIM),
    "a thousand fish gone from a ring with no trace": (
        f"""UPDATE batch_actualdailyassignmentstate SET population = population - 1000
            WHERE assignment_id = (SELECT max(assignment_id) FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH})
              AND day_number >= (SELECT max(day_number) - 20 FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH})""",
        "escapes-match-the-counts", VICTIM),
    "forget the label of a disease outbreak": (
        "DELETE FROM aquadata_incident WHERE id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'disease_outbreak')",
        "outbreaks-match-the-deaths", "which no disease_outbreak incident labels"),
    "record an outbreak's deaths under no cause": (
        """UPDATE batch_mortalityevent m SET cause = 'UNKNOWN', description = 'Unknown' FROM aquadata_incident i
           WHERE i.id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'disease_outbreak')
             AND m.batch_id = i.batch_id AND m.event_date BETWEEN i.started_at::date AND i.ended_at::date""",
        "outbreaks-match-the-deaths", "shows no run of disease deaths"),
    "record half the feed a sick ring was given (it would convert as well as a healthy one)": (
        """UPDATE batch_actualdailyassignmentstate s SET feed_kg = feed_kg * 0.5 FROM aquadata_incident i
           WHERE i.id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'disease_outbreak')
             AND s.batch_id = i.batch_id AND s.container_id = i.container_id
             AND s.date BETWEEN i.started_at::date AND i.started_at::date + 4""",
        "outbreaks-worsen-conversion", "feed conversion"),
    "forget the label of a lice outbreak": (
        """DELETE FROM aquadata_incident WHERE id = (
               SELECT min(id) FROM aquadata_incident WHERE kind = 'lice_outbreak' AND NOT is_natural)""",
        "lice-outbreaks-match-the-counts", "which no lice_outbreak incident labels"),
    "a resistant strain's counts written under the threshold": (
        """UPDATE health_licecount c SET count_value = 0 FROM aquadata_incident i, health_licetype t
           WHERE i.id = (SELECT min(id) FROM aquadata_incident WHERE kind = 'lice_outbreak' AND NOT is_natural)
             AND c.batch_id = i.batch_id AND c.count_date BETWEEN i.started_at AND i.ended_at
             AND t.id = c.lice_type_id AND t.gender = 'female' AND t.development_stage = 'adult'""",
        "lice-outbreaks-match-the-counts", "shows no ring over the threshold"),
    "delete one day of readings of one batch": (
        f"""DELETE FROM environmental_environmentalreading WHERE batch_id = {BATCH}
            AND reading_time::date = (SELECT start_date + 100 FROM batch_batch WHERE id = {BATCH})""",
        "readings-every-day", VICTIM),
    "delete one day of feedings of one batch": (
        f"""DELETE FROM inventory_feedingevent WHERE batch_id = {BATCH}
            AND feeding_date = (SELECT start_date + 200 FROM batch_batch WHERE id = {BATCH})""",
        "feedings-every-day", VICTIM),
    "drop one daily state of an assignment": (
        f"""DELETE FROM batch_actualdailyassignmentstate WHERE id = (
                SELECT id FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH} AND day_number = 300 LIMIT 1)""",
        "one-daily-state-per-assignment-day", VICTIM),
    "set a harvest lot to 9 kg fish": (
        f"""UPDATE harvest_harvestlot SET live_weight_kg = unit_count * 9.0 WHERE id = (
                SELECT l.id FROM harvest_harvestlot l JOIN harvest_harvestevent e ON e.id = l.event_id
                WHERE e.batch_id = {BATCH} ORDER BY l.id LIMIT 1)""",
        "harvest-lots-add-up", VICTIM),
    "lose fish in a transfer": (
        f"""UPDATE batch_transferaction SET transferred_count = transferred_count - 1000 WHERE id = (
                SELECT t.id FROM batch_transferaction t JOIN batch_batchtransferworkflow w ON w.id = t.workflow_id
                WHERE w.batch_id = {BATCH} ORDER BY t.id LIMIT 1)""",
        "transfers-conserve-fish", VICTIM),
    "a scheduled batch missing": (
        f"DELETE FROM batch_batch WHERE id = {BATCH}",
        "scheduled-batches-exist", VICTIM),
    "a batch's lice counts missing": (
        f"DELETE FROM health_licecount WHERE batch_id = {BATCH}",
        "rows-within-schedule", "health_licecount"),
    "delete one day of daily states of one batch": (
        f"""DELETE FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH}
            AND date = (SELECT start_date + 150 FROM batch_batch WHERE id = {BATCH})""",
        "daily-states-every-day", VICTIM),
    "a Faroe tank that no longer holds fish": (
        """UPDATE infrastructure_container SET hierarchy_role = 'STRUCTURAL' WHERE id = (
               SELECT c.id FROM infrastructure_container c JOIN infrastructure_hall h ON h.id = c.hall_id
               WHERE h.name LIKE 'FI-FW-01-%' AND c.hierarchy_role = 'HOLDING' ORDER BY c.id LIMIT 1)""",
        "infrastructure-counts", "Faroe Islands: 599 holding tanks, expected 600"),
    "a feed renamed": (
        "UPDATE inventory_feed SET name = 'Starter Feed 0.4mm' WHERE name = 'Starter Feed 0.5mm'",
        "master-data", "Starter Feed 0.4mm"),
    "a third of a batch dead before day 200": (
        f"UPDATE batch_actualdailyassignmentstate SET population = population * 2 / 3 WHERE batch_id = {BATCH} "
        "AND day_number = 200",
        "survival", VICTIM),
    "three times the feed of a stage": (
        f"""UPDATE batch_actualdailyassignmentstate SET feed_kg = feed_kg * 3 WHERE batch_id = {BATCH}
            AND lifecycle_stage_id = (SELECT id FROM batch_lifecyclestage WHERE name = 'Parr')""",
        "feed-conversion", VICTIM),
    "a day's observed FCR in the thousands, on a gain of grams (feed over any gain, uncapped)": (
        f"""UPDATE batch_actualdailyassignmentstate SET observed_fcr = 5928 WHERE id = (
                SELECT min(id) FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH} AND feed_kg > 0
                AND observed_fcr IS NULL)""",
        "observed-fcr-by-the-clients-rule", VICTIM),
    "no observed FCR on a day the fish grew and were fed": (
        f"""UPDATE batch_actualdailyassignmentstate SET observed_fcr = NULL WHERE id = (
                SELECT min(id) FROM batch_actualdailyassignmentstate WHERE batch_id = {BATCH}
                AND observed_fcr IS NOT NULL)""",
        "observed-fcr-by-the-clients-rule", VICTIM),
    "a harvested batch left active": (
        f"UPDATE batch_batch SET status = 'ACTIVE', actual_end_date = NULL WHERE id = {BATCH}",
        "age-agrees", VICTIM),
    "every active Fry batch shown as Adult": (
        """UPDATE batch_batch SET lifecycle_stage_id = (SELECT id FROM batch_lifecyclestage WHERE name = 'Adult')
           WHERE status = 'ACTIVE' AND lifecycle_stage_id = (SELECT id FROM batch_lifecyclestage WHERE name = 'Fry')""",
        "active-stages-as-planned", "missing ['Fry']"),
    "a batch renumbered into the other geography": (
        f"UPDATE batch_batch SET batch_number = 'S-B9999' WHERE id = {BATCH}",
        "geographies-balanced", "Faroe Islands"),
    "tanks never released after a transfer": (
        """UPDATE batch_batchcontainerassignment SET departure_date = NULL WHERE departure_date IS NOT NULL
           AND batch_id = (SELECT id FROM batch_batch WHERE status = 'ACTIVE' ORDER BY start_date LIMIT 1)""",
        "utilisation-as-planned", "holding containers in use"),
    "a batch's row deleted behind the ledger's back": (
        f"DELETE FROM batch_mortalityevent WHERE id = (SELECT max(id) FROM batch_mortalityevent WHERE batch_id = {BATCH})",
        "ledger-matches-records", VICTIM),
    "a reading deleted behind the ledger's back (a batch's own partition)": (
        f"""DELETE FROM environmental_environmentalreading WHERE id = (
                SELECT max(id) FROM environmental_environmentalreading WHERE batch_id = {BATCH})""",
        "ledger-matches-records", VICTIM),
    "a reading moved outside every batch's id block (the partition below the first block)": (
        f"""UPDATE environmental_environmentalreading SET id = 5 WHERE id = (
                SELECT max(id) FROM environmental_environmentalreading WHERE batch_id = {BATCH})""",
        "ledger-matches-records", "batch farm: the ledger counts"),  # block -1 is the farm's own rows
    "feed cut as the water warms (1-3 kg fish at sea)": (
        """UPDATE batch_actualdailyassignmentstate SET feed_kg = biomass_kg * (20 - temp_c) / 2000
           WHERE avg_weight_g BETWEEN 1000 AND 3000 AND biomass_kg > 0
             AND lifecycle_stage_id = (SELECT id FROM batch_lifecyclestage WHERE name = 'Adult')""",
        "feed-rises-with-temperature", "correlation"),
    "a harvested ring never deloused": (
        f"""DELETE FROM health_treatment WHERE treatment_type <> 'vaccination' AND batch_assignment_id = (
                SELECT assignment_id FROM harvest_harvestevent WHERE batch_id = {BATCH} ORDER BY id LIMIT 1)""",
        "lice-treatments", VICTIM),
    "every ring graded alike": (
        """UPDATE harvest_harvestlot l SET unit_count = floor(r.fish * CASE g.code WHEN 'SUPERIOR' THEN 0.10
               WHEN 'GRADE_A' THEN 0.40 WHEN 'GRADE_B' THEN 0.35 WHEN 'GRADE_C' THEN 0.12 ELSE 0.03 END)
           FROM harvest_productgrade g, (SELECT event_id, sum(unit_count) AS fish FROM harvest_harvestlot GROUP BY 1) r
           WHERE g.id = l.product_grade_id AND r.event_id = l.event_id""",
        "grades-from-history", "the same share in all"),
    "the sea's temperatures replaced by the climatology": (
        "UPDATE batch_actualdailyassignmentstate s SET temp_c = CASE g.name "
        + " ".join(f"WHEN '{geo.name}' THEN {geo.sea_mean_c} + {geo.sea_amplitude_c} * "
                   f"cos(2 * pi() * (extract(doy FROM s.date) - {catalog.SEA_PEAK_DAY}) / 365.25)"
                   for geo in catalog.GEOGRAPHIES)
        + """ END FROM infrastructure_container c, infrastructure_area a, infrastructure_geography g
             WHERE c.id = s.container_id AND a.id = c.area_id AND g.id = a.geography_id""",
        "warm-years-harvest-sooner", "departs from the climatology"),
    "a reading of a sensor that does not exist": (
        f"""UPDATE environmental_environmentalreading SET sensor_id = 987654321 WHERE id = (
                SELECT max(id) FROM environmental_environmentalreading WHERE batch_id = {BATCH})""",
        "references-resolve", "environmental_environmentalreading.sensor_id: 1 value(s) point at no row"),
    "a mortality event of an assignment that does not exist": (
        f"""UPDATE batch_mortalityevent SET assignment_id = 5 WHERE id = (
                SELECT min(id) FROM batch_mortalityevent WHERE batch_id = {BATCH})""",
        "references-resolve", "batch_mortalityevent.assignment_id"),
    "a fish's score of an observation that does not exist (keys a unique index covers: grouped one by one)": (
        """UPDATE health_fishparameterscore SET individual_fish_observation_id = 987654321
           WHERE id = (SELECT min(id) FROM health_fishparameterscore)""",
        "references-resolve",
        "health_fishparameterscore.individual_fish_observation_id: 1 value(s) point at no row of "
        "health_individualfishobservation.id (e.g. 987654321)"),
    "a supplier's eggs miscounted": (
        f"""UPDATE broodstock_eggproduction SET egg_count = egg_count + 1000 WHERE id IN (
                SELECT egg_production_id FROM broodstock_batchparentage WHERE batch_id = {BATCH})""",
        "eggs-come-from-their-source", f"batch {VICTIM}: external eggs"),
    "a female paired with herself": (
        "UPDATE broodstock_breedingpair SET male_fish_id = female_fish_id WHERE id = (SELECT min(id) FROM "
        "broodstock_breedingpair)",
        "eggs-come-from-their-source", "1 whose pair, plan, fish or spawning tank does not hold"),
    "a batch's project booked at another station": (
        f"""UPDATE finance_core_costcenter c SET site_id = (
                SELECT max(site_id) FROM finance_dimsite WHERE source_model = 'station' AND site_id <> c.site_id)
            FROM finance_core_costcenterbatchlink l WHERE l.cost_center_id = c.cost_center_id AND l.batch_id = {BATCH}""",
        "costs-booked-to-the-sites", f"batch {VICTIM}: 1 cost centre links"),
    "a closed month left unlocked": (
        "DELETE FROM finance_core_periodlock WHERE period_lock_id = (SELECT min(period_lock_id) FROM "
        "finance_core_periodlock)",
        "costs-booked-to-the-sites", "months locked, expected"),
    "a score recorded with no meaning": (
        "DELETE FROM health_parameterscoredefinition WHERE score_value = 1",
        "reference-data-describes-the-farm", "a score with no definition"),
    "an Adult constraint narrower than the fish": (
        "UPDATE scenario_stage_constraint SET max_weight_g = min_weight_g * 1.5 WHERE lifecycle_stage = 'Adult'",
        "reference-data-describes-the-farm", "Adult: "),
    "a transfer's water recorded 5 C warmer": (
        f"""UPDATE environmental_stagetransitionenvironmental SET temperature = temperature + 5
            WHERE batch_transfer_workflow_id = (SELECT min(id) FROM batch_batchtransferworkflow WHERE batch_id = {BATCH})""",
        "health-records-follow-the-fish", f"batch {VICTIM}: transfer"),
    "a vet's post-mortem record lost": (
        "DELETE FROM health_mortalityrecord WHERE id = (SELECT min(id) FROM health_mortalityrecord)",
        "health-records-follow-the-fish", "outbreak deaths in a ring, the vet's records 0"),
    "a lab sample never sent": (
        f"""DELETE FROM health_healthlabsample WHERE id = (SELECT min(l.id) FROM health_healthlabsample l
            JOIN batch_batchcontainerassignment a ON a.id = l.batch_container_assignment_id WHERE a.batch_id = {BATCH})""",
        "health-records-follow-the-fish", f"batch {VICTIM}: the sampling of"),
    "an account group's allocation rule lost": (
        "DELETE FROM finance_core_allocationrule WHERE rule_id = (SELECT min(rule_id) FROM finance_core_allocationrule)",
        "reference-data-describes-the-farm", "0 allocation rules"),
    "a container's feeding summary without a day of feed": (
        "UPDATE inventory_containerfeedingsummary SET total_feed_kg = total_feed_kg * 30 / 31 WHERE id = "
        "(SELECT min(id) FROM inventory_containerfeedingsummary)",
        "feeding-summaries-by-the-clients-rule", "'s summary holds feed"),
    "a batch's feeding summary missing a container": (
        "UPDATE inventory_batchfeedingsummary SET container_count = container_count - 1 WHERE id = "
        "(SELECT min(id) FROM inventory_batchfeedingsummary)",
        "feeding-summaries-by-the-clients-rule", "its summary counts"),
    "a storm's gale recorded as a breeze": (
        """UPDATE environmental_weatherdata w SET wind_speed = 5 FROM aquadata_incident i WHERE i.kind = 'storm'
           AND w.area_id = i.area_id AND w.timestamp::date = i.started_at::date AND i.id = (
               SELECT min(id) FROM aquadata_incident WHERE kind = 'storm')""",
        "weather-follows-the-sea", "blows 5.0 m/s at its calmest"),
    "a day an hour too long": (
        "UPDATE environmental_photoperioddata SET day_length_hours = day_length_hours + 1 WHERE id = 1",
        "weather-follows-the-sea", "h long, its latitude's"),
    "a month's feed budget entered in thousands": (
        f"""UPDATE finance_core_budgetentry SET amount = amount / 1000 WHERE entry_id = (
                SELECT min(e.entry_id) FROM finance_core_budgetentry e JOIN finance_core_costcenterbatchlink l
                ON l.cost_center_id = e.cost_center_id WHERE l.batch_id = {BATCH})""",
        "costs-booked-to-the-sites", f"batch {VICTIM}: the feed budget of"),
    "the smolts' transfer price lost": (
        "DELETE FROM finance_intercompanypolicy WHERE lifecycle_stage_id = (SELECT id FROM batch_lifecyclestage "
        "WHERE name = 'Post-Smolt')",
        "costs-booked-to-the-sites", "as Post-Smolt with no transfer price"),
    "smolts sold to the sea site below their policy's price": (
        "UPDATE finance_intercompanytransaction SET amount = round((amount * 0.9)::numeric, 2) WHERE tx_id = "
        "(SELECT min(tx_id) FROM finance_intercompanytransaction)",
        "costs-booked-to-the-sites", "sold for"),
    "a project under another site's cost centre": (
        f"""UPDATE finance_core_costcenter c SET parent_id = (
                SELECT max(cost_center_id) FROM finance_core_costcenter WHERE cost_center_type = 'SITE'
                AND site_id <> c.site_id) WHERE code = 'PRJ-' || {BATCH}""",
        "costs-booked-to-the-sites", "its parent is SITE-"),
    "a transfer to sea not marked intercompany": (
        "UPDATE batch_batchtransferworkflow SET is_intercompany = false WHERE id = "
        "(SELECT min(object_id) FROM finance_intercompanytransaction)",
        "costs-booked-to-the-sites", "from a hall to the sea, not intercompany"),
    "a scenario's sea model from a week late": (
        f"""UPDATE scenario_scenariomodelchange SET change_day = change_day + 7 WHERE scenario_id IN (
                SELECT scenario_id FROM scenario WHERE batch_id = {BATCH})""",
        "reference-data-describes-the-farm", f"scenario {VICTIM} plan: starts on"),
    "a transfer left pending that happened": (
        f"""UPDATE planning_plannedactivity SET status = 'PENDING', completed_at = NULL WHERE id = (
                SELECT min(id) FROM planning_plannedactivity WHERE batch_id = {BATCH} AND activity_type = 'TRANSFER')""",
        "plans-follow-what-happened", f"batch {VICTIM}: its transfer due"),
    "a growth sample's condition factor off by 0.05": (
        "UPDATE batch_growthsample SET condition_factor = condition_factor + 0.05 WHERE id = "
        "(SELECT min(id) FROM batch_growthsample)",
        "growth-samples-by-the-clients-rule", "the sample of"),
    "a delousing's plan cancelled on a calm day": (
        "UPDATE planning_plannedactivity SET status = 'CANCELLED', completed_at = NULL WHERE id = "
        "(SELECT min(id) FROM planning_plannedactivity WHERE activity_type = 'TREATMENT')",
        "plans-follow-what-happened", "CANCELLED, no storm"),
    "a delousing's plan done two days late with no storm": (
        "UPDATE planning_plannedactivity SET completed_at = completed_at + interval '2 days' WHERE id = "
        "(SELECT min(id) FROM planning_plannedactivity WHERE activity_type = 'TREATMENT')",
        "plans-follow-what-happened", "no storm"),
    "a harvest marked done three days before its last ring's": (
        f"""UPDATE planning_plannedactivity SET completed_at = completed_at - interval '3 days'
            WHERE batch_id = {BATCH} AND activity_type = 'HARVEST'""",
        "plans-follow-what-happened", f"batch {VICTIM}: its harvest due"),
    "a harvest's waste recorded half again": (
        f"""UPDATE harvest_harvestwaste SET weight_kg = weight_kg * 1.5 WHERE id = (
                SELECT min(w.id) FROM harvest_harvestwaste w JOIN harvest_harvestevent e ON e.id = w.event_id
                WHERE e.batch_id = {BATCH})""",
        "harvest-waste-adds-up", f"batch {VICTIM}: the harvest of"),
    "take an area's operators off it": (
        """DELETE FROM users_userprofile_allowed_areas x USING users_userprofile p
           WHERE p.id = x.userprofile_id AND p.role = 'OPR'
             AND x.area_id = (SELECT id FROM infrastructure_area WHERE name = 'FI-SEA-01')""",
        "staff-at-every-site", "area FI-SEA-01 has no operator who may see it"),
    "a Scottish profile for a Faroese feeder": (
        """UPDATE users_userprofile SET geography = 'SC' WHERE id = (
               SELECT x.userprofile_id FROM users_userprofile_allowed_areas x JOIN infrastructure_area a
               ON a.id = x.area_id JOIN users_userprofile p ON p.id = x.userprofile_id
               WHERE a.name = 'FI-SEA-02' AND p.role = 'OPR' ORDER BY p.id LIMIT 1)""",
        "staff-at-every-site", "(SC) may see area FI-SEA-02 in Faroe Islands"),
    "a Faroese feeding recorded by a Scottish feeder": (
        """UPDATE inventory_feedingevent SET recorded_by_id = (
               SELECT p.user_id FROM users_userprofile p JOIN users_userprofile_allowed_areas x ON x.userprofile_id = p.id
               JOIN infrastructure_area a ON a.id = x.area_id WHERE a.name = 'S-SEA-01' AND p.role = 'OPR' LIMIT 1)
           WHERE id = (SELECT min(f.id) FROM inventory_feedingevent f JOIN infrastructure_container c
                       ON c.id = f.container_id JOIN infrastructure_area a ON a.id = c.area_id WHERE a.name LIKE 'FI-%')""",
        "recorded-by-the-sites-staff", "inventory_feedingevent: 1 of"),
    "a lice count signed by nobody": (
        f"UPDATE health_licecount SET user_id = NULL WHERE id = (SELECT min(id) FROM health_licecount "
        f"WHERE batch_id = {BATCH})",
        "recorded-by-the-sites-staff", "health_licecount: 1 of"),
    "no veterinarian in Scotland": (
        "UPDATE users_userprofile SET role = 'QA' WHERE role = 'VET' AND geography = 'SC'",
        "staff-at-every-site", "Scotland has no veterinarian"),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_the_check_catches_the_corruption(corrupt: Any, aquadata_schedule: Any, aquadata_run: Any,
                                          mutation: str) -> None:
    sql, name, named = MUTATIONS[mutation]

    def check() -> list[str]:  # a fresh Dataset each time: nothing cached from before the corruption
        return CHECKS[name](Dataset(corrupt, aquadata_schedule, aquadata_run.history_end, aquadata_run.seed))

    assert check() == [], "the check passes on the intact dataset"
    changed = corrupt.execute(sql).rowcount
    assert changed > 0, f"the mutation changed nothing: {sql}"
    problems = check()
    assert problems, f"{mutation}: the check did not notice"
    assert any(named in p for p in problems), problems


def test_every_check_has_a_mutation() -> None:
    """The audit trail's check has its mutations in the client project's test, since our own schema keeps no
    history (test_client_project.AUDIT_MUTATIONS)."""
    from test_client_project import AUDIT_MUTATIONS

    assert AUDIT_MUTATIONS
    assert {name for _, name, _ in MUTATIONS.values()} | {"audit-trail-records-every-row"} == set(CHECKS)


def test_references_group_each_column_only_where_a_unique_index_covers_the_keys(corrupt: Any) -> None:
    """A fish's scores are each an (observation, parameter) pair of their own (a unique constraint), so their keys are
    grouped one by one; a mortality's keys repeat, and are grouped together."""
    from pytest_aquadata.verify.checks.structure import _unique_together

    assert _unique_together(corrupt, "health_fishparameterscore", ["individual_fish_observation_id", "parameter_id"])
    assert not _unique_together(corrupt, "health_fishparameterscore", ["parameter_id"])
    assert not _unique_together(corrupt, "batch_mortalityevent", ["batch_id", "assignment_id", "reason_id"])
