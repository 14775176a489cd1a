"""The farm's own rows, of no one batch: each sea area's weather and daylight on every day of the run's history
(farm/atmosphere.py), as AquaMind keeps them per area (environmental_weatherdata at noon, environmental_
photoperioddata per day); and each finance site's SITE cost centre, the parent of the projects of the batches that
start there (engine/costs.py), as AquaMind's finance_core makes it (apps/finance_core/services/cost_centers.py:
``SITE-{site id}``, named after the site, under its company), open from the history's first day.

They are written once per run, before the batches, in one transaction with a ledger entry of their own
(FARM_INDEX): ids from 1, below every batch's block, so that the ledger's checks count them like a batch's rows,
a rebuild removes and rewrites them, and a resumed run finds them written."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.farm import atmosphere
from pytest_aquadata.rows import Labels, TableRows

#: The ledger's entry for the farm's own rows (a batch's index is 0 or more).
FARM_INDEX = -1
FARM_NAME = "farm"
#: AquaMind keeps an area's weather as observations; the farm's is the noon observation.
NOON = np.timedelta64(12, "h")


def rows(seed: int, first: dt.date, history_end: dt.date, areas: list[tuple[int, str, float]],
         rates: dict[str, float], sites: list[tuple[int, int, str]]) -> list[TableRows]:
    """The weather and daylight of ``areas`` ((id, name, latitude)) on each day from ``first`` to ``history_end``,
    under the schedule's incident ``rates`` (its storms), and the SITE cost centres of ``sites`` ((site id, company
    id, name))."""
    days = (history_end - first).days + 1
    if days <= 0 or not areas:
        return []
    return _weather(seed, first, days, areas, rates) + _site_centres(first, sites)


def _site_centres(first: dt.date, sites: list[tuple[int, int, str]]) -> list[TableRows]:
    """A SITE cost centre per site, its id the site's (so a batch's project names its parent without asking)."""
    if not sites:
        return []
    n = len(sites)
    ids = np.array([site for site, _, _ in sites], dtype=np.int64)
    return [TableRows("finance_core_costcenter", n, dict(
        cost_center_id=ids, company_id=np.array([c for _, c, _ in sites], dtype=np.int64), site_id=ids, parent_id=None,
        code=Labels(np.arange(n), [f"SITE-{site}" for site, _, _ in sites]),
        name=Labels(np.arange(n), [name for _, _, name in sites]), cost_center_type="SITE",
        description="Auto-created site cost center from finance-core linkage.", is_active=np.ones(n, dtype=bool),
        created_at=np.full(n, np.datetime64(first, "us")) + OPENED_AT))]


#: The books open, and the sites' cost centres with them, on the morning of the history's first day.
OPENED_AT = np.timedelta64(8, "h")


def _weather(seed: int, first: dt.date, days: int, areas: list[tuple[int, str, float]],
             rates: dict[str, float]) -> list[TableRows]:
    """Each area's noon weather and its daylight, ``days`` days from ``first``."""
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
