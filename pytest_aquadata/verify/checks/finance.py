"""The books (domain.md, section 8): each batch's project at the site its eggs were delivered to, under the site's
company, and the months each site's books are closed for."""

from __future__ import annotations

import datetime as dt

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks.common import fetch
from pytest_aquadata.verify.dataset import Dataset


def costs_booked_to_the_sites(ds: Dataset) -> list[str]:
    """Each batch has one link, made the day its eggs were delivered, to its PROJECT centre (``PRJ-{batch}``) at its
    first container's station, under the station's company; each site's months are locked from the first batch's
    month to the last closed by the history's end."""
    if ds.conn.execute("SELECT to_regclass('finance_core_costcenter') IS NULL").fetchone()[0]:
        return []
    problems: list[str] = []
    batches = fetch(ds.conn, """
        WITH first AS (
            SELECT DISTINCT ON (a.batch_id) a.batch_id, fs.name AS station
            FROM batch_batchcontainerassignment a JOIN infrastructure_container c ON c.id = a.container_id
            JOIN infrastructure_hall h ON h.id = c.hall_id
            JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id
            ORDER BY a.batch_id, a.assignment_date, a.id)
        SELECT b.batch_number, count(l.*), min(p.code), min(f.station), min(site.site_name),
               min(l.linked_at::date) = b.start_date AS on_day
        FROM batch_batch b JOIN first f ON f.batch_id = b.id
        LEFT JOIN finance_core_costcenterbatchlink l ON l.batch_id = b.id
        LEFT JOIN finance_core_costcenter p ON p.cost_center_id = l.cost_center_id AND p.cost_center_type = 'PROJECT'
        LEFT JOIN finance_dimsite site ON site.site_id = p.site_id AND site.company_id = p.company_id
        GROUP BY b.id, b.batch_number, b.start_date
        HAVING count(l.*) <> 1 OR min(p.code) IS DISTINCT FROM 'PRJ-' || b.id
            OR min(site.site_name) IS DISTINCT FROM min(f.station)
            OR NOT coalesce(min(l.linked_at::date) = b.start_date, false)
        ORDER BY 1""")
    problems += [f"batch {number}: {n} cost centre links, to {code} at {site} (its company's), its eggs at {station}"
                 f"{'' if on_day else ', not linked the day its eggs came'}"
                 for number, n, code, station, site, on_day in batches]
    return problems + _closed_months(ds)


def _closed_months(ds: Dataset) -> list[str]:
    if ds.conn.execute("SELECT to_regclass('finance_core_periodlock') IS NULL").fetchone()[0] or not ds.schedule.batches:
        return []
    first = min(b.start_date for b in ds.schedule.batches)
    months, day = 0, dt.date(first.year, first.month, 1)
    while (day + dt.timedelta(days=32)).replace(day=catalog.CLOSED_ON_DAY) <= ds.history_end:
        months, day = months + 1, (day + dt.timedelta(days=32)).replace(day=1)
    rows = fetch(ds.conn, """
        SELECT s.site_name, count(l.*) FILTER (WHERE l.is_locked AND make_date(l.year, l.month, 1) >= %(first)s),
               count(l.*) FILTER (WHERE make_date(l.year, l.month, 1) >= %(open)s)
        FROM finance_dimsite s LEFT JOIN finance_core_periodlock l ON l.operating_unit_id = s.site_id
        GROUP BY s.site_id, s.site_name
        HAVING count(l.*) FILTER (WHERE l.is_locked AND make_date(l.year, l.month, 1) >= %(first)s) <> %(months)s
            OR count(l.*) FILTER (WHERE make_date(l.year, l.month, 1) >= %(open)s) > 0
        ORDER BY 1""", {"first": dt.date(first.year, first.month, 1), "open": day, "months": months})
    return [f"site {name}: {locked} months locked, expected {months} (to {day:%Y-%m}); {open_} months locked that "
            f"are still open" for name, locked, open_ in rows]
