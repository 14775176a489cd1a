"""The project a batch's costs are booked to (domain.md, section 8: cost centres follow stations and areas), as
AquaMind's finance_core makes it when a batch's first container is assigned (apps/finance_core/services/
cost_centers.py): a PROJECT centre ``PRJ-{batch id}`` at that container's site, under the site's company, named after
the site, the batch and the month, and the batch's link to it, made by the station's manager.

AquaMind also puts the project under a SITE centre of the site, made by the first batch assigned there: the farm's
own rows (engine/areas.py) have one for every site, whose id is the site's."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.rows import Labels, TableRows

#: The eggs are delivered, and the batch's first assignment made, in the afternoon of its first day.
LINKED_AT = np.timedelta64(14, "h")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def rows(ctx: BatchContext, station: str, first_container: int) -> list[TableRows]:
    """The batch's project and link, its first container ``first_container`` at ``station``."""
    site = ctx.ids.station_sites[station]
    centre = ctx.block.take("cost_center", 1)
    linked = ctx.start.astype("datetime64[us]") + LINKED_AT
    managers = ctx.ids.recorders.get("manager")
    manager = int(managers[first_container]) if managers is not None and managers[first_container] else ctx.ids.system_user
    month = MONTHS[int(str(ctx.start)[5:7]) - 1]
    return [
        TableRows("finance_core_costcenter", 1, dict(
            cost_center_id=centre, company_id=np.array([ctx.ids.site_companies[site]]),
            site_id=np.array([site]), parent_id=np.array([site]), code=f"PRJ-{ctx.bid}",
            name=f"{station}-{ctx.batch.batch_number}:{month}", cost_center_type="PROJECT",
            description="Auto-created batch project for finance-core allocation.",
            is_active=np.array([True]), created_at=np.array([linked]))),
        TableRows("finance_core_costcenterbatchlink", 1, dict(
            link_id=ctx.block.take("cost_center_link", 1), cost_center_id=centre, batch_id=np.array([ctx.bid]),
            created_by_id=np.array([manager], dtype=np.int32), linked_at=np.array([linked]))),
    ]


#: The account a batch's planned feed is budgeted to (farm/build.py's chart: 6100 Feed purchases).
FEED_ACCOUNT = "6100"


def budget(ctx: BatchContext, made: list[TableRows]) -> list[TableRows]:
    """The batch's feed budget: per month of its plan (its scenario's projection), the feed the plan expects at the
    price the feed is expected to cost then (engine/feeding.py's price list, without a lot's noise), booked to its
    project under its company's budget of the year (the project's: its site's). None where the project keeps no budgets."""
    from pytest_aquadata.engine.feeding import expected_price

    parts = [p for p in made if p.table == "scenario_scenarioprojection" and p.rows]
    centres = [p for p in made if p.table == "finance_core_costcenter" and p.rows]
    account = ctx.ids.accounts.get(FEED_ACCOUNT)
    if not parts or not centres or account is None:
        return []
    projection = parts[0].data
    days, feed_kg, weight = projection["projection_date"], projection["daily_feed"], projection["average_weight"]
    stage_ids = projection["current_stage_id"]
    assert isinstance(days, np.ndarray) and isinstance(feed_kg, np.ndarray) and isinstance(weight, np.ndarray)
    assert isinstance(stage_ids, np.ndarray)
    names = {i: name for name, i in ctx.ids.stages.items()}
    price = expected_price([names[int(s)] for s in stage_ids], weight, days)
    month = days.astype("datetime64[M]")
    companies = centres[0].data["company_id"]
    assert isinstance(companies, np.ndarray)
    company = int(companies[0])
    months, first = np.unique(month, return_index=True)
    kg = np.add.reduceat(feed_kg, first)
    cost = np.add.reduceat(feed_kg * price, first)
    years = months.astype("datetime64[Y]").astype(int) + 1970
    budgets = np.array([ctx.ids.budgets.get((company, int(y)), 0) for y in years], dtype=np.int64)
    keep = (budgets > 0) & (kg > 0)
    k = int(keep.sum())
    centre = centres[0].data["cost_center_id"]
    assert isinstance(centre, np.ndarray)
    return [TableRows("finance_core_budgetentry", k, dict(
        entry_id=ctx.block.take("budget_entry", k), budget_id=budgets[keep], account_id=np.full(k, account),
        cost_center_id=np.full(k, int(centre[0])), month=(months[keep].astype(int) % 12 + 1),
        amount=np.round(cost[keep], 2),
        notes=Labels(np.arange(k), [f"{x:.0f} kg of feed planned" for x in kg[keep]]),
        planned_on=np.full(k, ctx.start.astype("datetime64[us]") + LINKED_AT)))]
