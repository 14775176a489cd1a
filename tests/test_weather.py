"""The weather is a property of (place, day) computed from the seed alone, with the statistics real seas show;
the feeding table reads as printed tables are read; neighbours share their sea."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import simulate
from pytest_aquadata.farm import weather
from pytest_aquadata.farm.ration import ration_pct
from pytest_aquadata.plan import yamlformat
from pytest_aquadata.plan.profiles import profile_path


def test_a_day_has_one_sea_however_it_is_asked_for() -> None:
    """Any worker computes the same water for a day, whichever window of days it asks for, and a seed is a world."""
    long = weather.sea_temperature(1, "S-SEA-03", dt.date(2018, 1, 1), 3000)
    for first, days in ((dt.date(2020, 5, 7), 100), (dt.date(2018, 1, 1), 1), (dt.date(2025, 12, 30), 5)):
        offset = (first - dt.date(2018, 1, 1)).days
        assert np.array_equal(weather.sea_temperature(1, "S-SEA-03", first, days), long[offset:offset + days])
    assert not np.allclose(weather.sea_temperature(2, "S-SEA-03", dt.date(2018, 1, 1), 3000), long)


def test_the_sea_has_warm_and_cold_years_and_areas_of_a_geography_stay_close() -> None:
    first, days = dt.date(2000, 1, 1), 365 * 25
    dates = np.datetime64(first) + np.arange(days)
    years = dates.astype("datetime64[Y]").astype(int)
    for geography, area, neighbour in (("Faroe Islands", "FI-SEA-01", "FI-SEA-02"), ("Scotland", "S-SEA-01", "S-SEA-07")):
        sea = weather.sea_temperature(1, area, first, days)
        anomaly = sea - weather.climatology(geography, first, days)
        annual = [anomaly[years == y].mean() for y in np.unique(years)]
        assert 0.1 < np.std(annual) < 0.6, (geography, np.std(annual))  # a few tenths of a degree, year to year
        assert np.corrcoef(anomaly[1:], anomaly[:-1])[0, 1] > 0.8, "a day's anomaly carries into the next"
        gap = sea - weather.sea_temperature(1, neighbour, first, days)
        assert abs(gap.mean()) < 1.0 and gap.std() < 0.3, "two areas share the geography's weather"
    halls = weather.hall_temperature(1, "FI-FW-01-Hall-B", first, days)
    assert abs(halls.mean() - weather.HALL_SET_POINT_C) < 0.05 and halls.std() < 0.3


def test_every_ring_of_an_area_lives_in_the_same_water() -> None:
    schedule = yamlformat.load(profile_path("smoke"))
    batch = next(b for b in schedule.batches if b.geography == "Scotland")
    sea = simulate(BatchContext(batch, None, 1, schedule.history_end)).segments[-1]  # type: ignore[arg-type]
    assert sea.stage.name == "Adult" and len(sea.containers) >= 8
    assert all(np.array_equal(sea.water_c[0], row) for row in sea.water_c[1:])
    area = sea.containers[0].rsplit("-Ring-", 1)[0]
    first = batch.start_date + dt.timedelta(days=sea.start_day)
    assert np.array_equal(sea.water_c[0], weather.sea_temperature(1, area, first, sea.days))


def test_the_feeding_table_rises_with_warmth_to_16_c_and_falls_with_fish_size_at_sea() -> None:
    temps = np.arange(2.0, 20.5, 0.5)
    for weight in (0.8, 40.0, 800.0, 4500.0):
        ration = ration_pct(temps, np.full(len(temps), weight))
        assert np.all(np.diff(ration[temps <= 16]) > 0) and ration[-1] < ration[temps == 16][0]
    at_sea = ration_pct(np.full(5, 10.0), np.array([800.0, 1500.0, 2500.0, 3500.0, 5000.0]))
    assert np.all(np.diff(at_sea) < 0)
