"""The farm's own rows, of no one batch: each sea area's weather and daylight on every day of the run's history
(farm/atmosphere.py), as AquaMind keeps them per area (environmental_weatherdata at noon, environmental_
photoperioddata per day).

They are written once per run, before the batches, in one transaction with a ledger entry of their own
(FARM_INDEX): ids from 1, below every batch's block, so that the ledger's checks count them like a batch's rows,
a rebuild removes and rewrites them, and a resumed run finds them written."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.farm import atmosphere
from pytest_aquadata.rows import TableRows

#: The ledger's entry for the farm's own rows (a batch's index is 0 or more).
FARM_INDEX = -1
FARM_NAME = "farm"
#: AquaMind keeps an area's weather as observations; the farm's is the noon observation.
NOON = np.timedelta64(12, "h")


def rows(seed: int, first: dt.date, history_end: dt.date, areas: list[tuple[int, str, float]],
         rates: dict[str, float]) -> list[TableRows]:
    """The weather and daylight of ``areas`` ((id, name, latitude)) on each day from ``first`` to ``history_end``,
    under the schedule's incident ``rates`` (its storms)."""
    days = (history_end - first).days + 1
    if days <= 0 or not areas:
        return []
    n = len(areas) * days
    dates = np.tile(np.datetime64(first, "D") + np.arange(days), len(areas))
    area_ids = np.repeat(np.array([a for a, _, _ in areas], dtype=np.int64), days)
    skies = [atmosphere.daily(seed, name, first, days, rates) for _, name, _ in areas]
    sky = {column: np.concatenate([s[column] for s in skies]) for column in skies[0]}
    length = np.concatenate([atmosphere.day_length_h(lat, first, days) for _, _, lat in areas])
    lux = np.concatenate([atmosphere.noon_lux(lat, first, days, s["cloud_cover"])
                          for (_, _, lat), s in zip(areas, skies, strict=True)])
    ids = np.arange(1, n + 1, dtype=np.int64)
    return [
        TableRows("environmental_weatherdata", n, dict(
            id=ids, area_id=area_ids, timestamp=dates.astype("datetime64[us]") + NOON, **sky)),
        TableRows("environmental_photoperioddata", n, dict(
            id=ids, area_id=area_ids, date=dates, day_length_hours=np.round(length, 2),
            light_intensity=np.round(lux, 2), is_interpolated=np.zeros(n, dtype=bool))),
    ]


def span(batch_starts: list[dt.date], history_end: dt.date) -> tuple[dt.date, int]:
    """(first day, days) of the farm's own rows: from the first batch's start to the history's end."""
    first = min(batch_starts, default=history_end)
    return first, (history_end - first).days + 1
