"""The books (domain.md, section 8): each batch's project at the site its eggs were delivered to, under the site's
company, the months each site's books are closed for, and what the fish cost when they go to sea."""

from __future__ import annotations

import datetime as dt

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks.common import fetch
from pytest_aquadata.verify.dataset import Dataset


def costs_booked_to_the_sites(ds: Dataset) -> list[str]:
    """Each batch has one link, made the day its eggs were delivered, to its PROJECT centre (``PRJ-{batch}``) at its
    first container's station, under the station's company and its SITE centre (_site_centres); each site's months
    are locked from the first batch's month to the last closed by the history's end; each batch's feed budget is its
    plan's (_budgets); the transfers to sea are sold (_transfer_prices, _sold_to_sea)."""
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
    return problems + _site_centres(ds) + _closed_months(ds) + _budgets(ds) + _transfer_prices(ds) + _sold_to_sea(ds)


def _site_centres(ds: Dataset) -> list[str]:
    """Every finance site has one SITE cost centre (``SITE-{site}``, under the site's company), and every project's
    parent is the SITE centre of the project's own site, as AquaMind's finance_core makes them."""
    rows = fetch(ds.conn, """
        SELECT s.site_name, count(c.*), NULL FROM finance_dimsite s
        LEFT JOIN finance_core_costcenter c ON c.site_id = s.site_id AND c.cost_center_type = 'SITE'
             AND c.code = 'SITE-' || s.site_id AND c.company_id = s.company_id AND c.parent_id IS NULL
        GROUP BY s.site_id, s.site_name HAVING count(c.*) <> 1
        UNION ALL
        SELECT p.code, 1, coalesce(parent.code, 'none') FROM finance_core_costcenter p
        LEFT JOIN finance_core_costcenter parent ON parent.cost_center_id = p.parent_id
        WHERE p.cost_center_type = 'PROJECT' AND (parent.cost_center_type IS DISTINCT FROM 'SITE'
              OR parent.site_id IS DISTINCT FROM p.site_id OR parent.company_id IS DISTINCT FROM p.company_id)
        ORDER BY 1""")
    return [f"site {name}: {n} SITE cost centres" if parent is None else f"project {name}: its parent is {parent}, "
            "not its site's SITE centre" for name, n, parent in rows]


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


#: A budget's price per kg against what the farm paid for its feed: within this factor either way (a young farm has
#: bought only the dearer starter feeds, and a plan runs years ahead; a budget in the wrong unit is off by 1,000).
BUDGET_PRICE_FACTOR = 2.0


def _budgets(ds: Dataset) -> list[str]:
    """Each batch's monthly feed budget is its scenario's projected feed of that month (its notes' kg), booked to its
    project in its company's budget of the year, at a price per kg within BUDGET_PRICE_FACTOR of what the farm paid."""
    if ds.conn.execute("SELECT to_regclass('finance_core_budgetentry') IS NULL").fetchone()[0]:
        return []
    rows = fetch(ds.conn, """
        WITH planned AS (
            SELECT s.batch_id, date_trunc('month', p.projection_date)::date AS month, sum(p.daily_feed) AS kg
            FROM scenario_scenarioprojection p JOIN scenario_projectionrun r ON r.run_id = p.projection_run_id
            JOIN scenario s ON s.scenario_id = r.scenario_id GROUP BY 1, 2),
        paid AS (SELECT min(cost_per_kg) AS low, max(cost_per_kg) AS high FROM inventory_feedpurchase)
        SELECT b.batch_number, make_date(g.fiscal_year, e.month, 1), split_part(e.notes, ' ', 1)::numeric,
               round(p.kg::numeric), round((e.amount / nullif(p.kg, 0))::numeric, 3), c.code, g.company_id = c.company_id
        FROM finance_core_budgetentry e JOIN finance_core_budget g ON g.budget_id = e.budget_id
        JOIN finance_core_costcenter c ON c.cost_center_id = e.cost_center_id
        JOIN finance_core_costcenterbatchlink l ON l.cost_center_id = c.cost_center_id
        JOIN batch_batch b ON b.id = l.batch_id CROSS JOIN paid
        LEFT JOIN planned p ON p.batch_id = b.id AND p.month = make_date(g.fiscal_year, e.month, 1)
        WHERE split_part(e.notes, ' ', 1)::numeric IS DISTINCT FROM round(p.kg::numeric)
           OR e.amount / nullif(p.kg, 0) NOT BETWEEN paid.low / %(factor)s AND paid.high * %(factor)s
           OR g.company_id <> c.company_id
        ORDER BY 1, 2""", {"factor": BUDGET_PRICE_FACTOR})
    return [f"batch {number}: the feed budget of {month:%Y-%m} plans {noted} kg at {price} per kg ({code}"
            f"{'' if same else ', another company'}); its scenario projects {kg} kg"
            for number, month, noted, kg, price, code, same in rows]


def _transfer_prices(ds: Dataset) -> list[str]:
    """Every geography whose fish leave the halls for the sea has a price for the stage they leave as: a lifecycle
    policy from a freshwater company of its own to the company of its sea sites."""
    if ds.conn.execute("SELECT to_regclass('finance_intercompanypolicy') IS NULL").fetchone()[0]:
        return []
    rows = fetch(ds.conn, """
        WITH crossing AS (
            SELECT DISTINCT g.id AS geography_id, g.name, st.id AS stage_id, st.name AS stage
            FROM batch_batchtransferworkflow w JOIN batch_lifecyclestage st ON st.id = w.source_lifecycle_stage_id
            JOIN batch_transferaction a ON a.workflow_id = w.id
            JOIN batch_batchcontainerassignment d ON d.id = a.dest_assignment_id
            JOIN infrastructure_container c ON c.id = d.container_id JOIN infrastructure_area ar ON ar.id = c.area_id
            JOIN infrastructure_geography g ON g.id = ar.geography_id)
        SELECT x.name, x.stage FROM crossing x
        WHERE NOT EXISTS (
            SELECT FROM finance_intercompanypolicy p JOIN finance_dimcompany f ON f.company_id = p.from_company_id
            JOIN finance_dimcompany t ON t.company_id = p.to_company_id
            WHERE p.lifecycle_stage_id = x.stage_id AND p.pricing_basis = 'lifecycle' AND p.price_per_kg > 0
              AND f.geography_id = x.geography_id AND f.subsidiary = 'FW' AND t.company_id IN (
                  SELECT s.company_id FROM finance_dimsite s JOIN infrastructure_area ar ON ar.id = s.source_pk
                  WHERE s.source_model = 'area' AND ar.geography_id = x.geography_id))
        ORDER BY 1, 2""")
    return [f"{geography}: fish move to sea as {stage} with no transfer price from its freshwater company"
            for geography, stage in rows]


def _sold_to_sea(ds: Dataset) -> list[str]:
    """A transfer is intercompany exactly when fish leave a hall for a sea area, and then has one transaction by
    AquaMind's rule (apps/finance/services/transfer_finance.py): the policy from the source site's company to the
    destination site's for the stage sold, the biomass (to the cent, as the workflow keeps it) times its price per kg
    to the cent, in the buyer's currency, posted on the day the fish moved, and approved by a controller (role FIN)
    on the day its month closes (the catalog's CLOSED_ON_DAY of the next month) if that is within the history."""
    if ds.conn.execute("SELECT to_regclass('finance_intercompanytransaction') IS NULL").fetchone()[0]:
        return []
    controllers = ("SELECT user_id FROM users_userprofile WHERE role = 'FIN'"
                   if ds.conn.execute("SELECT to_regclass('users_userprofile') IS NOT NULL").fetchone()[0]
                   else "SELECT approved_by_id")
    rows = fetch(ds.conn, f"""
        WITH moved AS (
            SELECT w.id, w.workflow_number, w.total_biomass_kg AS kg, w.actual_completion_date AS day,
                   w.source_lifecycle_stage_id AS stage, w.is_intercompany, w.finance_transaction_id,
                   bool_or(sc.hall_id IS NOT NULL) AND bool_or(dc.area_id IS NOT NULL) AS crosses,
                   min(ss.company_id) AS seller, min(ds.company_id) AS buyer
            FROM batch_batchtransferworkflow w JOIN batch_transferaction a ON a.workflow_id = w.id
            JOIN batch_batchcontainerassignment s ON s.id = a.source_assignment_id
            JOIN infrastructure_container sc ON sc.id = s.container_id
            JOIN batch_batchcontainerassignment d ON d.id = a.dest_assignment_id
            JOIN infrastructure_container dc ON dc.id = d.container_id
            LEFT JOIN infrastructure_hall h ON h.id = sc.hall_id
            LEFT JOIN finance_dimsite ss ON ss.source_model = 'station' AND ss.source_pk = h.freshwater_station_id
            LEFT JOIN finance_dimsite ds ON ds.source_model = 'area' AND ds.source_pk = dc.area_id
            GROUP BY w.id),
        sold AS (
            SELECT m.*, count(t.tx_id) AS n, min(t.tx_id) AS tx, min(t.amount) AS amount, min(t.currency) AS currency,
                   min(t.posting_date) AS posted_on, min(t.state) AS state, min(t.approval_date) AS approved_at,
                   bool_and(t.approved_by_id IN ({controllers})) AS by_controller,
                   bool_and(p.from_company_id = m.seller AND p.to_company_id = m.buyer AND p.lifecycle_stage_id = m.stage
                            AND p.pricing_basis = 'lifecycle') AS policy_fits,
                   min(p.price_per_kg) AS price, min(b.currency) AS buyer_currency,
                   (date_trunc('month', m.day) + interval '1 month')::date + %(close)s - 1 AS closes
            FROM moved m LEFT JOIN finance_intercompanytransaction t ON t.object_id = m.id AND t.content_type_id = (
                SELECT id FROM django_content_type WHERE app_label = 'batch' AND model = 'batchtransferworkflow')
            LEFT JOIN finance_intercompanypolicy p ON p.policy_id = t.policy_id
            LEFT JOIN finance_dimcompany b ON b.company_id = m.buyer
            GROUP BY m.id, m.workflow_number, m.kg, m.day, m.stage, m.is_intercompany, m.finance_transaction_id,
                     m.crosses, m.seller, m.buyer)
        SELECT workflow_number, crosses, is_intercompany, n, amount, currency,
               round(round(kg::numeric, 2) * price::numeric, 2), buyer_currency, policy_fits, posted_on, day, state,
               approved_at, closes, by_controller, finance_transaction_id IS NOT DISTINCT FROM tx
        FROM sold
        WHERE crosses IS DISTINCT FROM is_intercompany OR n <> crosses::int OR finance_transaction_id IS DISTINCT FROM tx
           OR n = 1 AND (abs(amount::numeric - round(round(kg::numeric, 2) * price::numeric, 2)) > 0.011
                         OR currency IS DISTINCT FROM coalesce(buyer_currency, 'EUR') OR NOT policy_fits
                         OR posted_on <> day OR state <> CASE WHEN closes <= %(end)s THEN 'posted' ELSE 'pending' END
                         OR approved_at IS DISTINCT FROM CASE WHEN closes <= %(end)s
                                                              THEN closes + %(hour)s * interval '1 hour' END
                         OR state = 'posted' AND NOT by_controller)
        ORDER BY 1""", {"close": catalog.CLOSED_ON_DAY, "hour": catalog.CLOSED_AT_HOUR, "end": ds.history_end})
    problems = []
    for (number, crosses, flagged, n, amount, currency, expected, buyer_currency, fits, posted_on, day, state,
         approved_at, closes, by_controller, linked) in rows:
        if crosses is not flagged or n != int(bool(crosses)) or not linked:
            problems.append(f"transfer {number}: {'from a hall to the sea' if crosses else 'within a company'}, "
                            f"{'' if flagged else 'not '}intercompany, {n} transactions"
                            f"{'' if linked else ', not the one the workflow names'}")
            continue
        problems.append(f"transfer {number}: sold for {amount} {currency} (expected {expected} {buyer_currency}"
                        f"{'' if fits else ', under another policy'}), posted {posted_on} (moved {day}), {state}, "
                        f"approved {approved_at}{'' if by_controller else ' by no controller'}; its month closes {closes}")
    return problems
