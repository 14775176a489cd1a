"""The feeding summaries AquaMind keeps (apps/inventory/services/fcr_service.py), as its own script makes them for
every active batch (scripts/generate_all_batch_fcr.py, the same rule its signals apply on each feeding): for the
31 days ending with the history's last day, per active container assignment, and per batch from those.

A container's row (calculate_container_fcr): the feed given in its container in the window; the growth from the
batch's first and last growth samples in the window (any of its containers; at least two, and a gain), times the
assignment's recorded population; FCR their quotient (no row at 100 or more: AquaMind's column cannot hold it);
the confidence from the days since the batch's last weighing. The batch's (aggregate_container_fcr_to_batch): the
sums, the feed-weighted FCR of its containers, and the worst confidence. Values are rounded as AquaMind's columns
keep them, and the batch's figures are computed from the rounded containers', as AquaMind reads them back.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.rows import Nullable, TableRows, by_table

#: The window: today and the 30 days before (fcr_service: period_start = today - 30 days, both ends inclusive).
WINDOW_DAYS = 30
#: AquaMind's confidence by the days since the last weighing (fcr_service, lines 61-81): below each bound, the level.
CONFIDENCE = ((0, "LOW"), (10, "VERY_HIGH"), (20, "HIGH"), (40, "MEDIUM"))
WORST_FIRST = ("LOW", "MEDIUM", "HIGH", "VERY_HIGH")
#: AquaMind keeps a growth sample's mean weight to 0.01 g (batch_growthsample.avg_weight_g, numeric(10, 2)).
WEIGHT_DECIMALS = 2
#: inventory_containerfeedingsummary.fcr is numeric(5, 3): a value of 100 or more fails the insert, and no row is kept.
FCR_LIMIT = 100.0


#: The tables of the batch the summaries are computed from.
READS = ("batch_batch", "batch_batchcontainerassignment", "inventory_feedingevent", "batch_growthsample")


def rows(ctx: BatchContext, made: list[TableRows]) -> list[TableRows]:
    """The batch's summaries, if it is active at the history's end and has them."""
    of = by_table(made, READS)
    if of["batch_batch"].data["status"] != "ACTIVE" or not {"inventory_feedingevent", "batch_growthsample"} <= set(of):
        return []
    end = np.datetime64(ctx.history_end, "D")
    start = end - WINDOW_DAYS
    assignments, feedings, samples = of["batch_batchcontainerassignment"], of["inventory_feedingevent"], of["batch_growthsample"]
    active = _array(assignments, "is_active")
    # the samples' weights as AquaMind keeps them (numeric(10, 2)), from which its service computes
    day, weight, sample_ids = (_array(samples, "sample_date"), np.round(_array(samples, "avg_weight_g"), WEIGHT_DECIMALS),
                               _array(samples, "id"))
    inside = (day >= start) & (day <= end)
    if inside.sum() < 2:
        return []
    order = np.lexsort((sample_ids[inside], day[inside]))
    first, last = weight[inside][order[0]], weight[inside][order[-1]]
    gain = last - first
    since = (end - day.max()).astype(int)
    confidence = next((level for bound, level in CONFIDENCE if since < bound), "LOW")
    fed_day, fed_container, fed_kg = (_array(feedings, "feeding_date"), _array(feedings, "container_id"),
                                      _array(feedings, "amount_kg"))
    window = (fed_day >= start) & (fed_day <= end)
    kept = []
    for i in np.flatnonzero(active):
        given = float(fed_kg[window & (fed_container == _array(assignments, "container_id")[i])].sum())
        population = int(_array(assignments, "population_count")[i])
        if given <= 0 or gain <= 0 or population == 0:
            continue
        grown = gain / 1000 * population
        ratio = round(given / grown, 3)  # AquaMind divides the sums as they are; its columns round what it stores
        if ratio >= FCR_LIMIT:
            continue
        kept.append((i, round(given, 2), round(first / 1000 * population, 2), round(last / 1000 * population, 2),
                     round(grown, 2), ratio))
    if not kept:
        return []
    k = len(kept)
    rows_of = np.array([i for i, *_ in kept])
    feed, starting, ending, growth, fcr = (np.array([row[n] for row in kept], dtype=np.float64) for n in range(1, 6))
    containers = TableRows("inventory_containerfeedingsummary", k, dict(
        id=ctx.block.take("container_feeding_summary", k), batch_id=np.full(k, ctx.bid),
        container_assignment_id=_array(assignments, "id")[rows_of], period_start=np.full(k, start),
        period_end=np.full(k, end), total_feed_kg=feed, starting_biomass_kg=starting, ending_biomass_kg=ending,
        growth_kg=growth, fcr=fcr, confidence_level=confidence, estimation_method="MEASURED",
        data_points=np.full(k, int(inside.sum()))))
    weighted = round(float((feed * fcr).sum() / feed.sum()), 3)
    return [containers, TableRows("inventory_batchfeedingsummary", 1, dict(
        id=ctx.block.take("batch_feeding_summary", 1), batch_id=np.array([ctx.bid]), period_start=np.array([start]),
        period_end=np.array([end]), total_feed_kg=np.array([round(feed.sum(), 2)]),
        total_starting_biomass_kg=np.array([round(starting.sum(), 2)]),
        total_ending_biomass_kg=np.array([round(ending.sum(), 2)]), total_growth_kg=np.array([round(growth.sum(), 2)]),
        weighted_avg_fcr=np.array([weighted]), fcr=np.array([weighted]), container_count=np.array([k]),
        total_feed_consumed_kg=np.array([round(feed.sum(), 2)]), total_biomass_gain_kg=np.array([round(growth.sum(), 2)]),
        overall_confidence_level=confidence, estimation_method="MEASURED"))]


def _array(part: TableRows, column: str) -> np.ndarray:
    value = part.data[column]
    if isinstance(value, Nullable):
        return value.values
    assert isinstance(value, np.ndarray), f"{part.table}.{column} is an array"
    return value
