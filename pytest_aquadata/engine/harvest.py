"""Harvest: each ring on its own harvest day, one event with five grade lots, gutted and fillet weights, a finance
fact per lot, and the event's waste: what gutting took from the live weight (viscera and blood) and filleting from the
gutted weight (heads, frames and trimmings), summed over its lots.

A ring's grades come from its history: every fish's quality is normal around the ring's mean, the grade
cut-offs give the product grades' shares (catalog.PRODUCT_GRADES) to a ring of typical history, and the
ring's mean falls with each delousing that handled its fish, with its winter-ulcer losses and with the disease
outbreaks it lived (farm/biology.py). So the farm keeps about the grades' shares while rings differ.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import CAUSES, Segment
from pytest_aquadata.farm import biology, catalog
from pytest_aquadata.rows import Labels, TableRows

GUTTED, FILLET = 0.86, 0.62
#: The harvest waste's categories: what gutting removes, and what filleting removes.
WASTE = ("Viscera and blood", "Heads, frames and trimmings")
#: mean weight of a grade's fish relative to the others': the best grades are the bigger fish
GRADE_WEIGHT = np.array([1.08, 1.02, 0.98, 0.92, 0.85])
_NORMAL = NormalDist()
#: Quality cut-offs between the grades, best first: a typical ring's fish fall into the grades' shares.
_CUTS = [_NORMAL.inv_cdf(1 - float(s)) for s in np.cumsum([g[2] for g in catalog.PRODUCT_GRADES])[:-1]]


def ring_history(seg: Segment) -> np.ndarray:
    """(k, 3) per ring: physical delousings, % of its fish lost to winter ulcers, disease outbreaks it lived."""
    k = len(seg.containers)
    physical = np.zeros(k)
    if seg.lice is not None and len(seg.lice.count_days):
        kinds = [i for i, t in enumerate(biology.TREATMENTS) if t[0] == "physical"]
        physical = (seg.deloused & np.isin(seg.lice.kind, kinds)).sum(axis=1)
    ulcer = (np.where(seg.cause == CAUSES.index("Winter Ulcer"), seg.deaths - seg.outbreak_deaths, 0).sum(axis=1)
             / seg.start_population * 100)
    sick = np.bincount([s.ring for o in seg.outbreaks for s in o.rings], minlength=k)
    return np.stack([physical, ulcer, sick], axis=1)


def grade_shares(history: np.ndarray) -> np.ndarray:
    """(k, grades) the share of each ring's fish in each grade, best first."""
    penalty = np.array(biology.GRADE_PENALTY)
    mean = (np.array(biology.TYPICAL_HISTORY) - history) @ penalty
    above = np.array([[1 - _NORMAL.cdf(cut - m) for cut in _CUTS] for m in mean])  # share above each cut-off
    upper = np.concatenate([np.zeros((len(mean), 1)), above], axis=1)
    lower = np.concatenate([above, np.ones((len(mean), 1))], axis=1)
    return lower - upper


def rows(ctx: BatchContext, seg: Segment, aids: np.ndarray) -> list[TableRows]:
    """The harvest of every ring of the Adult segment harvested within the history."""
    rings = np.nonzero(seg.harvested)[0]
    k = len(rings)
    if k == 0:
        return []
    last = seg.leaves[rings] - seg.start_day - 1  # each ring's last day with fish
    final = seg.population[rings, last]
    weight = seg.weight_g[rings, last]
    when = (ctx.start + seg.leaves[rings]).astype("datetime64[us]") + np.timedelta64(7, "h")
    event_ids = ctx.block.take("harvest", k)
    grades = len(catalog.PRODUCT_GRADES)
    counts = np.floor(final[:, None] * grade_shares(ring_history(seg)[rings])).astype(np.int64)
    counts[:, 1] += final - counts.sum(axis=1)  # whole fish: the remainder goes to GRADE_A
    # the grades' fish are bigger or smaller than the ring's mean, which all its lots together keep
    scale = counts.sum(axis=1) / np.maximum((counts * GRADE_WEIGHT[None, :]).sum(axis=1), 1)
    live = counts * weight[:, None] * GRADE_WEIGHT[None, :] * scale[:, None] / 1000
    gutted, fillet = live * GUTTED, live * FILLET
    lot_ids = ctx.block.take("harvest_lot", k * grades)
    names = [seg.containers[r] for r in rings]
    events = TableRows("harvest_harvestevent", k, dict(
        id=event_ids, event_date=when, batch_id=np.full(k, ctx.bid), assignment_id=aids[rings],
        dest_geography_id=np.full(k, ctx.ids.geographies[ctx.batch.geography]), dest_subsidiary="FARMING",
        document_ref=Labels(np.arange(k), [f"HRV-{ctx.batch.batch_number}-{c[-2:]}" for c in names])))
    grade_ids = np.tile(np.array([ctx.ids.grades[g[0]] for g in catalog.PRODUCT_GRADES]), k)
    lots = TableRows("harvest_harvestlot", k * grades, dict(
        id=lot_ids, event_id=np.repeat(event_ids, grades), product_grade_id=grade_ids, live_weight_kg=live.ravel(),
        gutted_weight_kg=gutted.ravel(), fillet_weight_kg=fillet.ravel(), unit_count=counts.ravel()))
    waste = TableRows("harvest_harvestwaste", 2 * k, dict(
        id=ctx.block.take("harvest_waste", 2 * k), event_id=np.repeat(event_ids, 2),
        category=Labels(np.tile(np.arange(2), k), list(WASTE)),
        weight_kg=np.column_stack([(live - gutted).sum(axis=1), (gutted - fillet).sum(axis=1)]).ravel()))
    area = seg.containers[0].rsplit("-Ring-", 1)[0]
    n = k * grades
    facts = TableRows("finance_factharvest", n, dict(
        fact_id=ctx.block.take("fact_harvest", n), event_id=np.repeat(event_ids, grades), lot_id=lot_ids,
        event_date=np.repeat(when, grades), quantity_kg=live.ravel(), unit_count=counts.ravel(), product_grade_id=grade_ids,
        dim_company_id=np.full(n, ctx.ids.companies[ctx.batch.geography]), dim_site_id=np.full(n, ctx.ids.sites[area]),
        dim_batch_id=np.full(n, ctx.bid)))
    return [events, lots, waste, facts]
