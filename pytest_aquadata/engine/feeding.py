"""Feeding, feed purchases and feed stock, per stage segment of a batch.

Stock design: each batch owns its stock in the silo or barge it feeds from. A hall serves one batch at
a time (a batch takes all its tanks), and an area's barge is shared by at most two batches, each with
half of it. So a batch's purchases, lots and consumption form a ledger computed from the batch alone,
in time order: deterministic whatever process writes it, and the container's total never exceeds its
capacity. Lots are drawn first-in-first-out; a purchase tops the stock up to the batch's share when it
would fall below 20 % of it, and the last purchase of a finished stage buys only what the stage still
eats, so no lot is left behind for the next batch in the hall.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import Segment
from pytest_aquadata.farm import biology, catalog, ration
from pytest_aquadata.rows import Labels, TableRows

FEED_TIMES_US = np.array(catalog.FEEDING_HOURS) * 3_600_000_000
#: Euro per kg in 2015, rising about 3 % a year.
BASE_COST_PER_KG = {"Starter Feed 0.5mm": 2.2, "Starter Feed 1.0mm": 2.0, "Grower Feed 2.0mm": 1.6,
                    "Grower Feed 3.0mm": 1.45, "Finisher Feed 4.5mm": 1.25, "Finisher Feed 6.0mm": 1.2}
PRICE_YEAR, PRICE_GROWTH = 2015, 0.03


def expected_price(stages: list[str], weight_g: np.ndarray, days: np.ndarray) -> np.ndarray:
    """The price per kg a plan expects for the feed of each day's stage and weight (the 6.0 mm finisher for
    Adults past LATE_ADULT_WEIGHT_G), by the price list and its yearly rise, without a lot's own noise."""
    names = [_feed_name(stage, w) for stage, w in zip(stages, weight_g, strict=True)]
    base = np.array([BASE_COST_PER_KG.get(name, 0.0) for name in names])
    years = (days.astype("datetime64[D]") - np.datetime64(f"{PRICE_YEAR}-01-01")).astype(int) / 365.25
    return base * (1 + PRICE_GROWTH) ** years


def _feed_name(stage: str, weight_g: float) -> str:
    names = [f[0] for f in catalog.FEEDS if f[1] == stage]
    if not names:
        return ""
    return names[-1] if len(names) > 1 and weight_g > catalog.LATE_ADULT_WEIGHT_G else names[0]


def daily_feed(seg: Segment, rng: np.random.Generator) -> np.ndarray:
    """kg a day per container: the feeding table's ration for the fish's weight and water, times the biomass and
    the share of it the fish eat (their appetite; part of what they refuse is fed and lost before the system
    stops), with the day-to-day variation of a feeding system; nothing on a day a storm cancels. Nothing here
    knows how much the fish grow: FCR is what the two come to."""
    if not seg.stage.fed:
        return np.zeros_like(seg.weight_g)
    sd = biology.FEED_NOISE_SD
    biomass_kg = seg.population * seg.weight_g / 1000
    offered = biomass_kg * ration.ration_pct(seg.water_c, seg.weight_g) / 100
    given = seg.appetite + biology.REFUSED_FEED_WASTED * (1 - seg.appetite)
    return offered * given * rng.lognormal(-sd**2 / 2, sd, size=offered.shape) * (seg.present & ~seg.unfed)


def feed_container(seg: Segment) -> str:
    """The hall's silo, or the barge of the batch's area picked by its first ring."""
    site, letter = catalog.container_place(seg.containers[0])
    if letter is None:
        ring = int(seg.containers[0].rsplit("-Ring-", 1)[1])
        return catalog.barge_names(site)[(ring - 1) * catalog.BARGES_PER_AREA // catalog.RINGS_PER_AREA]
    return catalog.silo_name(site, letter)


def rows(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray,
         feed_kg: np.ndarray) -> list[TableRows]:
    """Feeding events (08:00 and 16:00 per container-day) and the purchases and lots that supplied them."""
    names = [f[0] for f in catalog.FEEDS if f[1] == seg.stage.name]
    codes = np.zeros(feed_kg.shape, dtype=np.int64)
    if len(names) > 1:
        codes = (seg.weight_g > catalog.LATE_ADULT_WEIGHT_G).astype(np.int64)
    silo = feed_container(seg)
    share = ctx.ids.feed_capacity_kg[silo] / (catalog.BATCHES_PER_BARGE if seg.stage.hall_letter is None else 1)
    finished = seg.end_day == seg.planned_end_day or bool(seg.harvested.all())
    day_cost = np.zeros(feed_kg.shape[1])
    purchases, stock = [], []
    for code, name in enumerate(names):
        consumed = np.where(codes == code, feed_kg, 0).sum(axis=0)
        if not consumed.any():
            continue
        lots = _purchases(consumed, share, finished)
        lot_cost = _lot_costs(ctx, seg, name, lots[:, 0])
        drawn = np.concatenate([[0.0], np.cumsum(consumed)])
        lot_of_day = np.minimum(np.searchsorted(np.cumsum(lots[:, 1]), drawn[:-1], side="right"), len(lots) - 1)
        day_cost = np.where(consumed > 0, lot_cost[lot_of_day], day_cost)
        p, s = _lot_rows(ctx, seg, name, silo, lots, lot_cost, drawn[-1])
        purchases.append(p)
        stock.append(s)
    return [_feedings(ctx, seg, aids, container_ids, feed_kg, names, codes, silo, day_cost), *purchases, *stock]


def _purchases(consumed: np.ndarray, share: float, finished: bool) -> np.ndarray:
    """(day, kg) of each purchase: a loop per purchase (tens per stage), never per feeding."""
    drawn = np.concatenate([[0.0], np.cumsum(consumed)])
    need_left = drawn[-1]
    lots = []
    day = int(np.argmax(consumed > 0))
    stock = 0.0
    while True:
        top_up = min(share - stock, need_left) if finished else share - stock
        lots.append((day, top_up))
        need_left -= top_up
        if finished and need_left <= 1e-9:
            break
        # stock after feeding on day e is share - (drawn[e + 1] - drawn[day]); reorder on the first day it would drop
        # below 20 % (bought that morning, so the stock never goes negative)
        after = np.searchsorted(drawn, drawn[day] + (1 - catalog.REORDER_SHARE) * share, side="right") - 1
        if after >= len(consumed):
            break
        next_day = max(int(after), day + 1)
        stock = share - (drawn[next_day] - drawn[day])
        day = next_day
    return np.array(lots)


def _lot_costs(ctx: BatchContext, seg: Segment, name: str, days: np.ndarray) -> np.ndarray:
    years = (ctx.start + seg.start_day + days.astype(np.int64) - np.datetime64(f"{PRICE_YEAR}-01-01")).astype(int) / 365.25
    noise = ctx.stream("feeding").lognormal(0, 0.03, size=len(days))
    return BASE_COST_PER_KG[name] * (1 + PRICE_GROWTH) ** years * noise


def _lot_rows(ctx: BatchContext, seg: Segment, name: str, silo: str, lots: np.ndarray, cost: np.ndarray,
              consumed: float) -> tuple[TableRows, TableRows]:
    n = len(lots)
    days = ctx.start + seg.start_day + lots[:, 0].astype(np.int64)
    ids = ctx.block.take("feed_purchase", n)
    brand = catalog.feed_brand(next(f[2] for f in catalog.FEEDS if f[0] == name))
    purchases = TableRows("inventory_feedpurchase", n, dict(
        id=ids, feed_id=np.full(n, ctx.ids.feeds[name]), purchase_date=days, quantity_kg=lots[:, 1],
        cost_per_kg=cost, supplier=brand,
        batch_number=Labels(np.arange(n), [f"{ctx.batch.batch_number}/{seg.stage.name}/{i + 1:03d}" for i in range(n)]),
        expiry_date=days + 365, notes=f"for {ctx.batch.batch_number}"))
    bought = np.cumsum(lots[:, 1])
    remaining = np.clip(bought - consumed, 0, lots[:, 1])  # first in, first out
    stock = TableRows("inventory_feedcontainerstock", n, dict(
        id=ctx.block.take("feed_stock", n), feed_container_id=np.full(n, ctx.ids.feed_containers[silo]),
        feed_purchase_id=ids, quantity_kg=remaining,
        entry_date=days.astype("datetime64[us]") + np.timedelta64(6, "h")))
    return purchases, stock


def _feedings(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray, feed_kg: np.ndarray,
              names: list[str], codes: np.ndarray, silo: str, day_cost: np.ndarray) -> TableRows:
    k, n = feed_kg.shape
    half = np.clip(ctx.stream("feeding").normal(0.5, 0.04, size=(k, n)), 0.35, 0.65)
    amount = np.stack([feed_kg * half, feed_kg * (1 - half)], axis=2)  # (k, n, 2)
    biomass = np.repeat((seg.population * seg.weight_g / 1000)[:, :, None], 2, axis=2)
    fed = amount > 0
    c_idx, d_idx, t_idx = np.nonzero(fed)
    count = len(c_idx)
    values = amount[fed]
    return TableRows("inventory_feedingevent", count, dict(
        id=ctx.block.take("feeding", count), batch_id=np.full(count, ctx.bid), batch_assignment_id=aids[c_idx],
        container_id=container_ids[c_idx], feed_id=np.array([ctx.ids.feeds[f] for f in names])[codes[c_idx, d_idx]],
        feed_container_id=np.full(count, ctx.ids.feed_containers[silo]),
        feeding_date=ctx.start + seg.start_day + d_idx, feeding_time=FEED_TIMES_US[t_idx], amount_kg=values,
        batch_biomass_kg=biomass[fed], feeding_percentage=values / np.maximum(biomass[fed], 1e-9) * 100,
        feed_cost=values * day_cost[d_idx], method="AUTOMATIC", notes=""))
