"""Harvest: per ring one event on the harvest day, five grade lots (10/40/35/12/3 % of the fish) with
gutted and fillet weights, and a finance fact per lot."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import Segment
from pytest_aquadata.farm import catalog
from pytest_aquadata.rows import Labels, TableRows

GUTTED, FILLET = 0.86, 0.62
#: mean weight of a grade's fish relative to the ring's mean: the best grades are the bigger fish
GRADE_WEIGHT = np.array([1.08, 1.02, 0.98, 0.92, 0.85])


def rows(ctx: BatchContext, seg: Segment, aids: np.ndarray) -> list[TableRows]:
    k = len(seg.containers)
    final = seg.population[:, -1]
    weight = seg.weight_g[:, -1]
    when = (ctx.start + ctx.batch.harvest_day).astype("datetime64[us]") + np.timedelta64(7, "h")
    event_ids = ctx.block.take("harvest", k)
    shares = np.array([g[2] for g in catalog.PRODUCT_GRADES])
    grades = len(shares)
    counts = np.floor(final[:, None] * shares[None, :]).astype(np.int64)
    counts[:, 1] += final - counts.sum(axis=1)  # whole fish: the remainder goes to GRADE_A
    live = counts * weight[:, None] * GRADE_WEIGHT[None, :] / 1000
    lot_ids = ctx.block.take("harvest_lot", k * grades)
    events = TableRows("harvest_harvestevent", k, dict(
        id=event_ids, event_date=np.full(k, when), batch_id=np.full(k, ctx.bid), assignment_id=aids,
        dest_geography_id=np.full(k, ctx.ids.geographies[ctx.batch.geography]), dest_subsidiary="FARMING",
        document_ref=Labels(np.arange(k), [f"HRV-{ctx.batch.batch_number}-{c[-2:]}" for c in seg.containers])))
    grade_ids = np.tile(np.array([ctx.ids.grades[g[0]] for g in catalog.PRODUCT_GRADES]), k)
    lots = TableRows("harvest_harvestlot", k * grades, dict(
        id=lot_ids, event_id=np.repeat(event_ids, grades), product_grade_id=grade_ids, live_weight_kg=live.ravel(),
        gutted_weight_kg=live.ravel() * GUTTED, fillet_weight_kg=live.ravel() * FILLET, unit_count=counts.ravel()))
    area = seg.containers[0].rsplit("-Ring-", 1)[0]
    n = k * grades
    facts = TableRows("finance_factharvest", n, dict(
        fact_id=ctx.block.take("fact_harvest", n), event_id=np.repeat(event_ids, grades), lot_id=lot_ids,
        event_date=np.full(n, when), quantity_kg=live.ravel(), unit_count=counts.ravel(), product_grade_id=grade_ids,
        dim_company_id=np.full(n, ctx.ids.companies[ctx.batch.geography]), dim_site_id=np.full(n, ctx.ids.sites[area]),
        dim_batch_id=np.full(n, ctx.bid)))
    return [events, lots, facts]
