"""One pass over the readings, for the checks that need every reading: the days each batch has readings
(readings-every-day) and the sensor-days that show a sensor fault's signature (docs/incidents.md).

The readings are four fifths of the rows. The pass groups them per sensor and day, one readings partition at a
time (a batch's readings are a partition of their own, so each query's groups fit in memory), and returns only
small results. A project's own, unpartitioned readings table is read in one query.

The detectors, each on one sensor's readings of one day, in this order (a day flagged by one is not looked at by
the next):

- dropout: fewer than six readings, or none, on a day between the sensor's first and last day in the batch;
- stuck: six readings, all the same value;
- spikes: six readings spanning more than the parameter's spike threshold (engine/faults.spike_threshold);
- drift: a temperature sensor's daily mean further than DRIFT_THRESHOLD_C from the median of the batch's
  temperature sensors that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.engine.environment import BASELINES
from pytest_aquadata.engine.faults import DRIFT_THRESHOLD_C, SLOTS, spike_threshold

#: A sensor-day a detector flagged: (kind, sensor id, batch id, day).
Signature = tuple[str, int, int, dt.date]


@dataclass(frozen=True)
class ReadingsPass:
    batch_days: dict[int, tuple[int, dt.date, dt.date]]  # batch id -> (days with a reading, first, last)
    signatures: frozenset[Signature]


def read(conn: Any, sources: list[str]) -> ReadingsPass:
    """The pass over ``sources``: the readings table's partitions, or the table (under the engine's name)."""
    thresholds = {name: spike_threshold(name) for name in BASELINES}
    parameters = conn.execute("SELECT id, name FROM environmental_environmentalparameter").fetchall()
    values = ", ".join(f"({pid}, {thresholds.get(name, 0.0)!r}::float8, {name == 'Temperature'})"
                       for pid, name in parameters) or "(0, 0.0, false)"
    batch_days: dict[int, set[dt.date]] = {}
    signatures: set[Signature] = set()
    for source in sources:
        for kind, sensor, batch, day in conn.execute(_DETECT.format(source=source, values=values, slots=SLOTS,
                                                                     drift=DRIFT_THRESHOLD_C)).fetchall():
            if kind == "day":
                batch_days.setdefault(batch, set()).add(day)
            else:
                signatures.add((kind, sensor, batch, day))
    return ReadingsPass({b: (len(days), min(days), max(days)) for b, days in batch_days.items()},
                        frozenset(signatures))


_DETECT = """
WITH p (parameter_id, spike, temperature) AS (VALUES {values}),
d AS (
    SELECT sensor_id, batch_id, parameter_id, reading_time::date AS day, count(*) AS n, min(value)::float8 AS lo,
           max(value)::float8 AS hi, avg(value)::float8 AS mean
    FROM {source} GROUP BY 1, 2, 3, 4),
g AS (
    SELECT d.*, lead(day) OVER (PARTITION BY sensor_id, batch_id ORDER BY day) AS next FROM d),
flagged AS (
    SELECT g.sensor_id, g.batch_id, g.day, g.mean, p.temperature,
           CASE WHEN g.n < {slots} THEN 'sensor_dropout'
                WHEN g.lo = g.hi THEN 'sensor_stuck'
                WHEN g.hi - g.lo > p.spike THEN 'sensor_spikes' END AS kind
    FROM g JOIN p USING (parameter_id)),
median AS (
    SELECT batch_id, day, percentile_cont(0.5) WITHIN GROUP (ORDER BY mean) AS m FROM flagged
    WHERE temperature GROUP BY 1, 2)
SELECT kind, sensor_id, batch_id, day FROM flagged WHERE kind IS NOT NULL
UNION ALL
SELECT 'sensor_drift', f.sensor_id, f.batch_id, f.day FROM flagged f JOIN median m USING (batch_id, day)
WHERE f.kind IS NULL AND f.temperature AND abs(f.mean - m.m) > {drift}
UNION ALL
SELECT 'sensor_dropout', sensor_id, batch_id, (day + s)::date FROM g, generate_series(1, next - day - 1) s
WHERE next - day > 1
UNION ALL
SELECT DISTINCT 'day', 0, batch_id, day FROM d
"""
