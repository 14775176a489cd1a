"""One pass over the readings, for the checks that need every reading: the sensor-days that show a sensor fault's
signature, and the batches' oxygen alarms (docs/incidents.md).

The readings are four fifths of the rows. The pass groups them per sensor and day, one readings partition at a
time (a batch's readings are a partition of their own, so each query's groups fit in memory), and returns only
small results. A project's own, unpartitioned readings table is read in one query.

The detectors, each on one sensor's readings of one day, in this order (a day flagged by one is not looked at by
the next):

- dropout: fewer than six readings, or none, on a day between the sensor's first and last day in the batch;
- stuck: six readings, all the same value;
- spikes: six readings spanning more than the parameter's spike threshold (engine/faults.spike_threshold);
- drift: a temperature sensor's daily mean further than DRIFT_THRESHOLD_C from the mean of the batch's temperature
  sensors that day that no detector above flagged. A drifting sensor is among them, but at least four others
  are too (engine/faults.DRIFT_NEIGHBOURS), so it pulls the mean by at most a fifth of its error: it shows once its
  error passes 0.625 C, while the others stay within 0.2 C;
- low oxygen, per batch and day: the mean of the daily means of its sea oxygen sensors that no detector above
  flagged, below engine/area_incidents.ALARM_PCT (the engine labels the windows this finds, merged across short
  gaps: engine/area_incidents.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.engine.area_incidents import ALARM_PCT, OXYGEN
from pytest_aquadata.engine.environment import BASELINES
from pytest_aquadata.engine.faults import DRIFT_THRESHOLD_C, SLOTS, spike_threshold

#: A sensor-day a detector flagged: (kind, sensor id, batch id, day).
Signature = tuple[str, int, int, dt.date]


@dataclass(frozen=True)
class ReadingsPass:
    signatures: frozenset[Signature]
    #: (batch id, day) on which the batch's sea oxygen sensors alarm (engine/area_incidents.oxygen_alarm).
    oxygen_alarms: frozenset[tuple[int, dt.date]]


def read(conn: Any, sources: list[str]) -> ReadingsPass:
    """The pass over ``sources``: the readings table's partitions, or the table (under the engine's name)."""
    thresholds = {name: spike_threshold(name) for name in BASELINES}
    parameters = conn.execute("SELECT id, name FROM environmental_environmentalparameter").fetchall()
    values = ", ".join(f"({pid}, {thresholds.get(name, 0.0)!r}::float8, {name == 'Temperature'}, {name == OXYGEN})"
                       for pid, name in parameters) or "(0, 0.0, false, false)"
    signatures: set[Signature] = set()
    alarms: set[tuple[int, dt.date]] = set()
    for source in sources:
        for kind, sensor, batch, day, last in conn.execute(_DETECT.format(
                source=source, values=values, slots=SLOTS, drift=DRIFT_THRESHOLD_C, alarm=ALARM_PCT)).fetchall():
            if kind == "low_oxygen":
                alarms.add((batch, day))
            elif kind == "span":  # a sensor with days missing between its first and last: find them
                seen = {r[0] for r in conn.execute(f"SELECT DISTINCT reading_time::date FROM {source} "
                                                   "WHERE sensor_id = %s", (sensor,)).fetchall()}
                signatures.update(("sensor_dropout", sensor, batch, day + dt.timedelta(days=i))
                                  for i in range((last - day).days + 1) if day + dt.timedelta(days=i) not in seen)
            else:
                signatures.add((kind, sensor, batch, day))
    return ReadingsPass(frozenset(signatures), frozenset(alarms))


_DETECT = """
WITH p (parameter_id, spike, temperature, oxygen) AS (VALUES {values}),
d AS (
    SELECT sensor_id, parameter_id, reading_time::date AS day, min(batch_id) AS batch_id, count(*) AS n,
           min(value)::float8 AS lo, max(value)::float8 AS hi, avg(value)::float8 AS mean,
           min(container_id) AS container_id
    FROM {source} GROUP BY 1, 2, 3),
f AS (
    SELECT d.*, p.temperature, p.oxygen, CASE WHEN d.n < {slots} THEN 'sensor_dropout' WHEN d.lo = d.hi THEN 'sensor_stuck'
                                    WHEN d.hi - d.lo > p.spike THEN 'sensor_spikes' END AS kind
    FROM d JOIN p USING (parameter_id)),
m AS (SELECT batch_id, day, avg(mean) AS m FROM f WHERE temperature AND kind IS NULL GROUP BY 1, 2)
SELECT kind, sensor_id, batch_id, day, NULL::date FROM f WHERE kind IS NOT NULL
UNION ALL
SELECT 'sensor_drift', f.sensor_id, f.batch_id, f.day, NULL FROM f JOIN m USING (batch_id, day)
WHERE f.temperature AND f.kind IS NULL AND abs(f.mean - m.m) > {drift}
UNION ALL
SELECT 'span', sensor_id, min(batch_id), min(day), max(day) FROM f GROUP BY sensor_id
HAVING count(*) <> max(day) - min(day) + 1
UNION ALL
SELECT 'low_oxygen', NULL, f.batch_id, f.day, NULL FROM f JOIN infrastructure_container c ON c.id = f.container_id
WHERE f.oxygen AND f.kind IS NULL AND c.area_id IS NOT NULL GROUP BY f.batch_id, f.day HAVING avg(f.mean) < {alarm}
"""
