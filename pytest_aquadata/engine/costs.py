"""The project a batch's costs are booked to (domain.md, section 8: cost centres follow stations and areas), as
AquaMind's finance_core makes it when a batch's first container is assigned (apps/finance_core/services/
cost_centers.py): a PROJECT centre ``PRJ-{batch id}`` at that container's site, under the site's company, named after
the site, the batch and the month, and the batch's link to it, made by the station's manager.

AquaMind also puts the project under a SITE centre of the site, made by the first batch assigned there. Those are
not generated: they are rows of the farm, not of one batch, in the table the batches write, which a rebuild empties
and the ledger counts by batch; until the ledger has an entry for the farm's own rows, the projects have no parent."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.rows import TableRows

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
            cost_center_id=centre, company_id=np.array([ctx.ids.companies[ctx.batch.geography]]),
            site_id=np.array([site]), parent_id=None, code=f"PRJ-{ctx.bid}",
            name=f"{station}-{ctx.batch.batch_number}:{month}", cost_center_type="PROJECT", description="",
            is_active=np.array([True]), created_at=np.array([linked]))),
        TableRows("finance_core_costcenterbatchlink", 1, dict(
            link_id=ctx.block.take("cost_center_link", 1), cost_center_id=centre, batch_id=np.array([ctx.bid]),
            created_by_id=np.array([manager], dtype=np.int32), linked_at=np.array([linked]))),
    ]
