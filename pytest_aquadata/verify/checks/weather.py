"""The air over the sea areas (engine/areas.py, farm/atmosphere.py): a storm's gale is the storm the feedings and
the labels know, the waves are the wind's, and the day length is the area's latitude's."""

from __future__ import annotations

from pytest_aquadata.verify.checks.common import fetch
from pytest_aquadata.verify.dataset import Dataset

#: Beaufort 9, a gale: a farm stops feeding from it (farm/atmosphere.py has its own copy, the engine's).
GALE_MS = 20.8
#: The CBM model's constants (Forsythe et al. 1995), kept here apart from the engine's on purpose.
HORIZON_DEG = 0.8333


def weather_follows_the_sea(ds: Dataset) -> list[str]:
    """Each storm label's days blow a gale over its area, and no ring of an area is fed on a day of gale; the waves
    are the day's wind sea (0.21 U^2/g times the area's shelter, the same for every area and day); each area's day
    length is its latitude's by the CBM model, within 0.01 h."""
    if ds.conn.execute("SELECT to_regclass('environmental_weatherdata') IS NULL").fetchone()[0]:
        return []
    calm = fetch(ds.conn, """
        SELECT a.name, i.started_at::date, round(min(w.wind_speed)::numeric, 1) FROM aquadata_incident i
        JOIN infrastructure_area a ON a.id = i.area_id
        JOIN environmental_weatherdata w ON w.area_id = i.area_id
             AND w.timestamp::date BETWEEN i.started_at::date AND i.ended_at::date
        WHERE i.kind = 'storm' GROUP BY a.name, i.id, i.started_at HAVING min(w.wind_speed) < %s ORDER BY 1, 2""",
                 (GALE_MS,))
    problems = [f"{area}: the storm labelled from {day} blows {wind} m/s at its calmest, below a gale"
                for area, day, wind in calm]
    fed = fetch(ds.conn, """
        SELECT a.name, w.timestamp::date, round(w.wind_speed::numeric, 1), count(f.id)
        FROM environmental_weatherdata w JOIN infrastructure_area a ON a.id = w.area_id
        JOIN infrastructure_container c ON c.area_id = w.area_id
        JOIN inventory_feedingevent f ON f.container_id = c.id AND f.feeding_date = w.timestamp::date
        WHERE w.wind_speed >= %s GROUP BY 1, 2, 3 ORDER BY 1, 2""", (GALE_MS,))
    problems += [f"{area}: {n} feedings on {day}, in a gale of {wind} m/s" for area, day, wind, n in fed]
    shelter = ds.conn.execute("SELECT min(wave_height / (0.21 * wind_speed ^ 2 / 9.81)), "
                              "max(wave_height / (0.21 * wind_speed ^ 2 / 9.81)) FROM environmental_weatherdata "
                              "WHERE wind_speed >= 10").fetchone()  # rounded to 1 cm, the ratio within 1 %
    if shelter[0] is not None and shelter[1] - shelter[0] > 0.01:
        problems.append(f"the waves are {shelter[0]:.3f}-{shelter[1]:.3f} of a fully developed sea: not the wind's")
    light = fetch(ds.conn, """
        WITH sun AS (
            SELECT p.area_id, p.date, p.day_length_hours AS stored, a.latitude::float AS lat,
                   asin(0.39795 * cos(0.2163108 + 2 * atan(0.9671396 * tan(0.00860 * (extract(doy FROM p.date) - 186)))))
                   AS phi
            FROM environmental_photoperioddata p JOIN infrastructure_area a ON a.id = p.area_id)
        SELECT a.name, s.date, round(s.stored::numeric, 2),
               round((24 - 24 / pi() * acos(least(1, greatest(-1, (sin(radians(%(horizon)s)) + sin(radians(s.lat))
                      * sin(s.phi)) / (cos(radians(s.lat)) * cos(s.phi))))))::numeric, 2) AS computed
        FROM sun s JOIN infrastructure_area a ON a.id = s.area_id
        WHERE abs(s.stored - (24 - 24 / pi() * acos(least(1, greatest(-1, (sin(radians(%(horizon)s)) + sin(radians(s.lat))
                  * sin(s.phi)) / (cos(radians(s.lat)) * cos(s.phi))))))) > 0.011
        ORDER BY 1, 2""", {"horizon": HORIZON_DEG})
    return problems + [f"{area}: {day}'s day is {stored} h long, its latitude's {computed} h"
                       for area, day, stored, computed in light]
