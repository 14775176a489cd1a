"""Realism of the generated smoke dataset (issue 3): each test asserts numbers on the rows in PostgreSQL,
aggregated by SQL, except where the claim is about the model itself (growth by season)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from pytest_aquadata.farm import growth
from pytest_aquadata.verify.checks import CHECKS

READINGS_OF = """
    SELECT r.container_id, r.reading_time, r.value, c.area_id IS NOT NULL AS at_sea, g.name AS geography
    FROM environmental_environmentalreading r
    JOIN environmental_environmentalparameter p ON p.id = r.parameter_id AND p.name = %s
    JOIN infrastructure_container c ON c.id = r.container_id
    LEFT JOIN infrastructure_area a ON a.id = c.area_id
    LEFT JOIN infrastructure_geography g ON g.id = a.geography_id"""


def scalar(db: Any, sql: str, *params: object) -> Any:
    return db.execute(sql, params).fetchone()[0]


def test_sea_temperature_follows_each_geographys_season(aquadata_db: Any) -> None:
    rows = aquadata_db.execute(f"""
        WITH t AS ({READINGS_OF})
        SELECT geography, extract(month FROM reading_time) AS month, avg(value) FROM t
        WHERE at_sea GROUP BY 1, 2""", ("Temperature",)).fetchall()
    by_geo: dict[str, list[float]] = {}
    for geo, _, mean in rows:
        by_geo.setdefault(geo, []).append(mean)
    assert all(len(months) == 12 for months in by_geo.values())
    faroe, scotland = np.ptp(by_geo["Faroe Islands"]), np.ptp(by_geo["Scotland"])
    assert 1.0 < faroe < 3.0, f"Faroe monthly means swing {faroe:.2f} C"
    assert 4.5 < scotland < 7.0, f"Scotland monthly means swing {scotland:.2f} C"
    assert 9.0 < np.mean(by_geo["Faroe Islands"]) < 10.0 and 9.0 < np.mean(by_geo["Scotland"]) < 11.0


def test_the_season_a_batch_goes_to_sea_changes_its_growth() -> None:
    """Two Scottish batches six months apart: the one that meets a warm first summer at sea is much heavier
    after 120 days there (the whole year at sea evens out, so their harvest days differ little)."""
    sea = sum(s.days for s in growth.catalog.FRESHWATER_STAGES)
    cold, warm = dt.date(2024, 10, 1), dt.date(2025, 4, 1)  # at sea from late December / late June
    temp = {s: growth.expected_temperature("Scotland", s, sea + 120)[sea:].mean() for s in (cold, warm)}
    weight = {s: growth.mean_weight_g("Scotland", s, sea + 120)[-1] for s in (cold, warm)}
    assert temp[warm] > temp[cold] + 4
    assert weight[warm] > 1.4 * weight[cold], weight


def test_oxygen_falls_as_temperature_rises(aquadata_db: Any) -> None:
    correlation = scalar(aquadata_db, """
        SELECT corr(t.value, o.value)
        FROM environmental_environmentalreading t
        JOIN environmental_environmentalreading o ON o.container_id = t.container_id AND o.reading_time = t.reading_time
        JOIN environmental_environmentalparameter pt ON pt.id = t.parameter_id AND pt.name = 'Temperature'
        JOIN environmental_environmentalparameter po ON po.id = o.parameter_id AND po.name = 'Dissolved Oxygen'
        JOIN infrastructure_container c ON c.id = t.container_id AND c.area_id IS NOT NULL""")
    assert correlation < -0.6, "at sea the temperature swings by season, so oxygen follows it down"


def test_readings_are_autocorrelated_with_a_daily_cycle(aquadata_db: Any) -> None:
    lag1 = scalar(aquadata_db, f"""
        WITH daily AS (SELECT container_id, reading_time::date AS day, avg(value) AS v FROM ({READINGS_OF}) x
                       WHERE NOT at_sea GROUP BY 1, 2),
             centred AS (SELECT container_id, day, v - avg(v) OVER (PARTITION BY container_id) AS v FROM daily),
             pairs AS (SELECT v, lag(v) OVER (PARTITION BY container_id ORDER BY day) AS previous FROM centred)
        SELECT corr(v, previous) FROM pairs""", "pH")
    assert 0.6 < lag1 < 0.95, f"day-to-day autocorrelation of pH {lag1:.2f} (white noise would be ~0)"
    afternoon_minus_morning = scalar(aquadata_db, f"""
        SELECT avg(value) FILTER (WHERE extract(hour FROM reading_time) = 14)
             - avg(value) FILTER (WHERE extract(hour FROM reading_time) = 6)
        FROM ({READINGS_OF}) x WHERE NOT at_sea""", "Temperature")
    assert 0.15 < afternoon_minus_morning < 0.4


def test_salinity_at_sea_only(aquadata_db: Any) -> None:
    row = aquadata_db.execute(f"""
        SELECT count(*) FILTER (WHERE NOT at_sea), count(*) FILTER (WHERE at_sea), avg(value) FILTER (WHERE at_sea)
        FROM ({READINGS_OF}) x""", ("Salinity",)).fetchone()
    assert row[0] == 0 and row[1] > 0 and 33 <= row[2] <= 35


def test_growth_samples_spread_and_condition_factor(aquadata_db: Any) -> None:
    cv_low, cv_high, k_low, k_high = aquadata_db.execute("""
        WITH s AS (SELECT growth_sample_id, stddev(weight_g) / avg(weight_g) AS cv
                   FROM batch_individualgrowthobservation GROUP BY 1)
        SELECT percentile_cont(0.05) WITHIN GROUP (ORDER BY cv), percentile_cont(0.95) WITHIN GROUP (ORDER BY cv),
               (SELECT min(100 * weight_g / power(length_cm, 3)) FROM batch_individualgrowthobservation),
               (SELECT max(100 * weight_g / power(length_cm, 3)) FROM batch_individualgrowthobservation)
        FROM s""").fetchone()
    assert cv_low >= 0.10 and cv_high <= 0.20, (cv_low, cv_high)
    assert k_low >= 1.0 and k_high <= 1.3
    adult_length = scalar(aquadata_db, """
        SELECT avg(length_cm) FROM batch_individualgrowthobservation o JOIN batch_growthsample s ON s.id = o.growth_sample_id
        WHERE s.avg_weight_g BETWEEN 4800 AND 5200""")
    assert 73 <= adult_length <= 82, "a 5 kg salmon is about 75-80 cm"


def test_fcr_per_stage_and_over_the_sea_phase(aquadata_db: Any, aquadata_dataset: Any) -> None:
    """The check bounds every stage's FCR; here: it has every feeding stage to look at, in a plausible order."""
    fcr = dict(aquadata_db.execute("""
        SELECT st.name, sum(s.feed_kg) / nullif(sum(s.biomass_kg) FILTER (WHERE s.date = a.departure_date - 1)
               - sum(a.biomass_kg) FILTER (WHERE s.date = a.assignment_date), 0)
        FROM batch_actualdailyassignmentstate s JOIN batch_batchcontainerassignment a ON a.id = s.assignment_id
        JOIN batch_lifecyclestage st ON st.id = s.lifecycle_stage_id
        WHERE a.departure_date IS NOT NULL AND s.feed_kg > 0 GROUP BY st.name""").fetchall())
    assert set(fcr) == {"Fry", "Parr", "Smolt", "Post-Smolt", "Adult"}, fcr
    assert fcr["Fry"] < fcr["Smolt"] < fcr["Adult"], "bigger fish convert feed less efficiently"
    assert CHECKS["feed-conversion"](aquadata_dataset) == []


def test_feed_follows_biomass_fish_size_and_temperature(aquadata_db: Any) -> None:
    by_size = [r[0] for r in aquadata_db.execute("""
        SELECT avg(f.feeding_percentage * 2) FROM inventory_feedingevent f
        JOIN batch_actualdailyassignmentstate s ON s.assignment_id = f.batch_assignment_id AND s.date = f.feeding_date
        WHERE s.lifecycle_stage_id <> (SELECT id FROM batch_lifecyclestage WHERE name = 'Adult')
           OR s.temp_c BETWEEN 9 AND 11
        GROUP BY width_bucket(log(s.avg_weight_g), array[log(2), log(20), log(200), log(1000), log(3000)])
        ORDER BY width_bucket(log(s.avg_weight_g), array[log(2), log(20), log(200), log(1000), log(3000)])""").fetchall()]
    assert len(by_size) == 6 and by_size == sorted(by_size, reverse=True), f"% of biomass a day by size: {by_size}"
    assert 2.5 <= by_size[0] <= 6.0 and 0.2 <= by_size[-1] <= 1.2, by_size
    warm_vs_cold = scalar(aquadata_db, """
        SELECT corr(s.feed_kg / s.biomass_kg, s.temp_c) FROM batch_actualdailyassignmentstate s
        JOIN batch_lifecyclestage st ON st.id = s.lifecycle_stage_id AND st.name = 'Adult'
        WHERE s.avg_weight_g BETWEEN 1000 AND 3000""")
    assert warm_vs_cold > 0.3


def test_feed_stock_is_a_fifo_ledger_that_never_goes_negative(aquadata_db: Any, aquadata_dataset: Any) -> None:
    ledgers = scalar(aquadata_db, "SELECT count(DISTINCT (feed_id, split_part(batch_number, '/', 1), "
                                  "split_part(batch_number, '/', 2))) FROM inventory_feedpurchase")
    assert ledgers > 20
    assert CHECKS["feed-ledger-balances"](aquadata_dataset) == []


def test_a_purchase_when_stock_falls_below_a_fifth(aquadata_db: Any) -> None:
    """Replay one Adult ledger day by day: every purchase but the first comes on a day the stock would
    otherwise end below 20 % of the batch's share, and the stock never goes below zero."""
    batch, feed, share = aquadata_db.execute("""
        SELECT split_part(p.batch_number, '/', 1), p.feed_id, fc.capacity_kg / 2 FROM inventory_feedpurchase p
        JOIN inventory_feedcontainerstock s ON s.feed_purchase_id = p.id
        JOIN infrastructure_feedcontainer fc ON fc.id = s.feed_container_id
        WHERE p.batch_number LIKE '%/Adult/%' GROUP BY 1, 2, 3 ORDER BY count(*) DESC LIMIT 1""").fetchone()
    share = float(share)
    bought = dict(aquadata_db.execute("""
        SELECT purchase_date, quantity_kg FROM inventory_feedpurchase WHERE feed_id = %s AND batch_number LIKE %s""",
                                      (feed, f"{batch}/Adult/%")).fetchall())
    eaten = aquadata_db.execute("""
        SELECT f.feeding_date, sum(f.amount_kg) FROM inventory_feedingevent f JOIN batch_batch b ON b.id = f.batch_id
        WHERE b.batch_number = %s AND f.feed_id = %s GROUP BY 1 ORDER BY 1""", (batch, feed)).fetchall()
    assert len(bought) >= 5
    stock, purchases = 0.0, 0
    for day, kg in eaten:
        if day in bought:
            purchases += 1
            if purchases > 1:
                assert stock - kg < 0.2 * share, f"{batch}: purchase on {day} with {stock:.0f} kg in stock"
            stock += bought[day]
        elif purchases < len(bought):  # after the last purchase of a harvested stage its stock runs out
            assert stock - kg >= 0.2 * share - 1e-6
        stock -= kg
        assert stock >= -1e-6 and stock <= share + 1e-6
    assert purchases == len(bought)


def test_survival_at_day_200_and_at_harvest(aquadata_db: Any, aquadata_dataset: Any) -> None:
    """The check bounds survival per batch; here: there are batches past day 200 and harvested ones to check."""
    past_200, harvested = aquadata_db.execute(
        "SELECT (SELECT count(DISTINCT batch_id) FROM batch_actualdailyassignmentstate WHERE day_number = 200), "
        "(SELECT count(DISTINCT batch_id) FROM harvest_harvestevent)").fetchone()
    assert past_200 >= 6 and harvested >= 2
    assert CHECKS["survival"](aquadata_dataset) == []


def test_mortality_by_stage_with_outbreaks_that_have_a_cause(aquadata_db: Any) -> None:
    rate = dict(aquadata_db.execute("""
        SELECT st.name, sum(s.mortality_count)::float / sum(s.population + s.mortality_count)
        FROM batch_actualdailyassignmentstate s JOIN batch_lifecyclestage st ON st.id = s.lifecycle_stage_id
        GROUP BY 1""").fetchall())
    assert rate["Egg&Alevin"] > rate["Fry"] > rate["Parr"] > rate["Smolt"]
    # at sea the incidents add theirs (outbreaks, low oxygen, delousings): 10-20 % a sea generation (Mowi 2021)
    assert 0.0012 <= rate["Egg&Alevin"] <= 0.0020 and 0.0001 <= rate["Adult"] <= 0.0005, rate
    named = aquadata_db.execute("""
        SELECT count(*), count(DISTINCT m.cause), min(r.name), count(DISTINCT m.description) FROM batch_mortalityevent m
        JOIN health_mortalityreason r ON r.id = m.reason_id WHERE m.description LIKE 'Disease: %%'""").fetchone()
    assert named[0] > 0 and named[1] == 1 and named[2] == "Disease" and named[3] == 2, "deaths named after each disease"
    causes = scalar(aquadata_db, "SELECT count(DISTINCT cause) FROM batch_mortalityevent")
    assert causes >= 5
    unnamed = scalar(aquadata_db, "SELECT count(*) FROM batch_mortalityevent m JOIN health_mortalityreason r "
                     "ON r.id = m.reason_id WHERE m.description NOT LIKE r.name || '%%'")
    assert unnamed == 0, "every event's description names its reason"


def test_lice_pressure_rises_with_temperature_and_time_at_sea(aquadata_db: Any) -> None:
    weekly = aquadata_db.execute("""
        SELECT c.container_id, c.count_date, c.count_value::float / c.fish_sampled,
               (SELECT avg(s.temp_c) FROM batch_actualdailyassignmentstate s
                WHERE s.container_id = c.container_id AND s.date BETWEEN c.count_date::date - 6 AND c.count_date::date),
               c.count_date::date - min(c.count_date::date) OVER (PARTITION BY c.batch_id)
        FROM health_licecount c JOIN health_licetype t ON t.id = c.lice_type_id
        WHERE t.gender = 'female' AND t.development_stage = 'adult'""").fetchall()
    per_fish = np.array([r[2] for r in weekly])
    temp = np.array([r[3] for r in weekly])
    weeks_at_sea = np.array([r[4] for r in weekly])
    assert len(weekly) > 300
    assert per_fish[temp > 11].mean() > 1.5 * per_fish[temp < 9].mean()
    assert per_fish[weeks_at_sea > 180].mean() > 1.5 * per_fish[weeks_at_sea < 90].mean()


def test_treatment_follows_adult_females_over_half_a_fish_and_counts_drop(aquadata_db: Any) -> None:
    over, treated, before, after = aquadata_db.execute("""
        WITH af AS (
            SELECT c.batch_id, c.container_id, c.count_date, c.count_value::float / c.fish_sampled AS per_fish,
                   lead(c.count_value::float / c.fish_sampled) OVER w AS next_week
            FROM health_licecount c JOIN health_licetype t ON t.id = c.lice_type_id
            WHERE t.gender = 'female' AND t.development_stage = 'adult'
            WINDOW w AS (PARTITION BY c.container_id, c.batch_id ORDER BY c.count_date))
        SELECT count(*), count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM health_treatment tr WHERE tr.container_id = af.container_id AND tr.batch_id = af.batch_id
                   AND tr.treatment_type <> 'vaccination' AND tr.treatment_date BETWEEN af.count_date
                   AND af.count_date + interval '1 day')),
               avg(per_fish) FILTER (WHERE next_week IS NOT NULL), avg(next_week)
        FROM af, batch_batch b WHERE b.id = af.batch_id AND per_fish > 0.5
          AND af.count_date < (SELECT max(count_date) FROM health_licecount)
          AND NOT EXISTS (SELECT 1 FROM harvest_harvestevent e JOIN batch_batchcontainerassignment a ON a.id = e.assignment_id
                          WHERE a.container_id = af.container_id AND e.batch_id = af.batch_id
                          AND e.event_date::date = af.count_date::date + 1)
          AND NOT EXISTS (SELECT 1 FROM aquadata_incident i WHERE i.kind = 'lice_outbreak' AND i.batch_id = af.batch_id
                          AND af.count_date BETWEEN i.started_at AND i.ended_at)""").fetchone()
    assert over > 10 and treated == over, f"{treated} of {over} counts over 0.5 were treated within a day"
    assert after < 0.5 * before, f"adult females per fish {before:.2f} before, {after:.2f} a week after"


def test_daily_population_never_doubles_and_is_continuous(aquadata_db: Any) -> None:
    worst_up, worst_down, harvest_days = aquadata_db.execute("""
        WITH total AS (SELECT batch_id, date, sum(population) AS pop FROM batch_actualdailyassignmentstate GROUP BY 1, 2),
             steps AS (SELECT batch_id, date, pop::float / lag(pop) OVER (PARTITION BY batch_id ORDER BY date) AS ratio
                       FROM total),
             harvested AS (SELECT DISTINCT batch_id, event_date::date AS date FROM harvest_harvestevent)
        SELECT max(ratio), min(ratio) FILTER (WHERE h.date IS NULL), count(h.date) FROM steps
        LEFT JOIN harvested h USING (batch_id, date)""").fetchone()
    assert worst_up <= 1.0, "the batch's fish never increase from one day to the next"
    assert worst_down > 0.95, "no day loses more than 5 % but to a harvest (a transfer moves fish, it does not drop them)"
    assert harvest_days > 0


def test_health_sampling_vaccination_journal(aquadata_db: Any) -> None:
    sampled = aquadata_db.execute("""
        SELECT min(e.number_of_fish_sampled), max(e.number_of_fish_sampled), count(DISTINCT sc.parameter_id),
               min(sc.score), max(sc.score), min(st.order)
        FROM health_healthsamplingevent e
        JOIN health_individualfishobservation o ON o.sampling_event_id = e.id
        JOIN health_fishparameterscore sc ON sc.individual_fish_observation_id = o.id
        JOIN batch_batchcontainerassignment a ON a.id = e.assignment_id
        JOIN batch_lifecyclestage st ON st.id = a.lifecycle_stage_id""").fetchone()
    assert sampled == (75, 75, 9, 0, 3, 5), "75 fish, 9 parameters scored 0-3, from Post-Smolt on"
    vaccinated = aquadata_db.execute("""
        SELECT DISTINCT st.name FROM health_treatment t JOIN batch_batchcontainerassignment a ON a.id = t.batch_assignment_id
        JOIN batch_lifecyclestage st ON st.id = a.lifecycle_stage_id WHERE t.treatment_type = 'vaccination'""").fetchall()
    assert vaccinated == [("Parr",)]
    categories = {r[0] for r in aquadata_db.execute("SELECT DISTINCT category FROM health_journalentry").fetchall()}
    assert {"vaccination", "sample", "treatment"} <= categories
