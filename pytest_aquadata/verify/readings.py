"""One pass over the readings, for the checks that need every reading: the sensor-days that show a sensor fault's
signature, and the batches' oxygen alarms (docs/incidents.md).

The readings are four fifths of the rows. The pass groups them per sensor and day, one readings partition at a
time (a batch's readings are a partition of their own, so each query's groups fit in memory), and returns only
small results; under xdist the workers split the partitions between them (verify/shared.py). A project's own,
unpartitioned readings table is read in one query. The pass also gives the days each batch has readings on, and
how many readings it read (a readings partition's count; a reading of a parameter the detectors do not know counts
too, and is no detector's).

The detectors, each on one sensor's readings of one day, in this order (a day flagged by one is not looked at by
the next):

- dropout: fewer than six readings, or none, on a day between the sensor's first and last day in the batch (a
  day with none is found among the groups, not by reading the sensor's rows again);
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
from collections.abc import Iterable
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
    #: (batch id, day) on which the batch has a reading (readings-every-day).
    days: frozenset[tuple[int, dt.date]]
    #: How many readings the pass read (a readings partition's count: rows-per-batch need not count them again).
    rows: int

    @classmethod
    def merged(cls, parts: Iterable[ReadingsPass]) -> ReadingsPass:
        """The pass over several sources, from each source's."""
        parts = list(parts)
        return cls(frozenset().union(*(p.signatures for p in parts)),
                   frozenset().union(*(p.oxygen_alarms for p in parts)),
                   frozenset().union(*(p.days for p in parts)), sum(p.rows for p in parts))


def parameters(conn: Any) -> str:
    """The parameters as the pass's VALUES list: (id, spike threshold, is temperature, is oxygen)."""
    thresholds = {name: spike_threshold(name) for name in BASELINES}
    found = conn.execute("SELECT id, name FROM environmental_environmentalparameter").fetchall()
    return ", ".join(f"({pid}, {thresholds.get(name, 0.0)!r}::float8, {name == 'Temperature'}, {name == OXYGEN})"
                     for pid, name in found) or "(0, 0.0, false, false)"


def read(conn: Any, source: str, values: str) -> ReadingsPass:
    """The pass over ``source`` (a readings partition, or the table under the engine's name): one query, which
    groups the rows per sensor and day once and runs every detector on the groups."""
    signatures: set[Signature] = set()
    alarms: set[tuple[int, dt.date]] = set()
    days: set[tuple[int, dt.date]] = set()
    rows = 0
    for kind, sensor, batch, day in conn.execute(_DETECT.format(
            source=source, values=values, slots=SLOTS, drift=DRIFT_THRESHOLD_C, alarm=ALARM_PCT)).fetchall():
        if kind == "low_oxygen":
            alarms.add((batch, day))
        elif kind == "day":
            days.add((batch, day))
            rows += sensor  # the day's readings
        else:
            signatures.add((kind, sensor, batch, day))
    return ReadingsPass(frozenset(signatures), frozenset(alarms), frozenset(days), rows)


#: The day is found with date_bin, plain arithmetic on the timestamp, and the mean as sum / count: a cast to date
#: converts through the session's time zone and avg keeps a sum of squares too, and with them the pass over full's
#: 134 M readings took a quarter longer. Whether a sensor is at sea comes from the sensor, not from every reading.
_DAY = "date_bin('1 day', reading_time, '2000-01-01 00:00+00')"
#: The detectors read the sensor-days (f) once materialised. The batch-days' figures (the readings' count, the
#: temperature sensors' mean for drift, the sea oxygen sensors' for the alarm) come from one aggregation of them
#: (bd), and a gap in a sensor's days is looked for among the sensors that have one (span): on 60 of full's
#: partitions, 5.5 s against 6.2 s for three aggregations and an anti-join over every sensor-day. A sensor's days
#: are spanned per batch: in a project's unpartitioned readings a tank's sensor serves one batch, then, months
#: later, another, and the months between are no dropout (medium into AquaMind's models flagged them).
_DETECT = """
WITH p (parameter_id, spike, temperature, oxygen) AS (VALUES {values}),
sea (sensor_id) AS (
    SELECT s.id FROM infrastructure_sensor s JOIN infrastructure_container c ON c.id = s.container_id
    WHERE c.area_id IS NOT NULL),
d AS (
    SELECT sensor_id, parameter_id, """ + _DAY + """::date AS day, min(batch_id) AS batch_id, count(*) AS n,
           min(value)::float8 AS lo, max(value)::float8 AS hi, (sum(value) / count(*))::float8 AS mean
    FROM {source} GROUP BY sensor_id, parameter_id, """ + _DAY + """),
f AS MATERIALIZED (
    SELECT d.*, p.temperature, p.oxygen AND sea.sensor_id IS NOT NULL AS sea_oxygen,
           CASE WHEN p.parameter_id IS NULL THEN NULL WHEN d.n < {slots} THEN 'sensor_dropout'
                WHEN d.lo = d.hi THEN 'sensor_stuck' WHEN d.hi - d.lo > p.spike THEN 'sensor_spikes' END AS kind
    FROM d LEFT JOIN p USING (parameter_id) LEFT JOIN sea USING (sensor_id)),
bd AS MATERIALIZED (
    SELECT batch_id, day, sum(n) AS n, avg(mean) FILTER (WHERE temperature AND kind IS NULL) AS temperature,
           avg(mean) FILTER (WHERE sea_oxygen AND kind IS NULL) AS oxygen
    FROM f GROUP BY batch_id, day),
span AS (SELECT sensor_id, batch_id, min(day) AS first, max(day) AS last FROM f GROUP BY sensor_id, batch_id
         HAVING count(*) <> max(day) - min(day) + 1)
SELECT kind, sensor_id, batch_id, day FROM f WHERE kind IS NOT NULL
UNION ALL
SELECT 'sensor_drift', f.sensor_id, f.batch_id, f.day FROM f JOIN bd USING (batch_id, day)
WHERE f.temperature AND f.kind IS NULL AND abs(f.mean - bd.temperature) > {drift}
UNION ALL
SELECT 'sensor_dropout', s.sensor_id, s.batch_id, g.day::date
FROM span s CROSS JOIN generate_series(s.first, s.last, interval '1 day') g (day)
WHERE NOT EXISTS (SELECT FROM f JOIN span USING (sensor_id, batch_id)
                  WHERE f.sensor_id = s.sensor_id AND f.batch_id = s.batch_id AND f.day = g.day::date)
UNION ALL
SELECT 'low_oxygen', NULL, batch_id, day FROM bd WHERE oxygen < {alarm}
UNION ALL
SELECT 'day', n::bigint, batch_id, day FROM bd
"""
