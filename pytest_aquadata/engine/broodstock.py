"""Where a batch's eggs come from (domain.md, section 8): about half the batches are the company's own, stripped
from its broodstock the day before they reach the hatchery, the other half an external supplier's egg batch.

The company's own: females are drawn (weight and relative fecundity, farm/biology.py, Estay et al. 1999) until their
eggs cover the batch's; each is paired with a male under the geography's breeding plan of that year, and each pair's
eggs are one egg production, linked to the batch by its parentage. How many pairs a batch takes is so the outcome of
the fish, not a number of the plan. The spawners are moved from their holding tanks into the stripping tank a week
before. A supplier's: one external egg production with the supplier's egg batch. A batch whose year has no breeding
plan (a factory's, outside the schedule's years) takes a supplier's eggs.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.farm import biology, catalog
from pytest_aquadata.rows import Labels, Nullable, TableRows

#: domain.md, section 8: a batch's eggs are the company's own or a supplier's, about half each.
INTERNAL_SHARE = 0.5
#: Spawners are stripped in the morning; the eggs are recorded as produced then.
STRIPPED_AT = np.timedelta64(9, "h")
#: Eggs are assigned to the batch when they reach its trays, in the afternoon of its first day.
DELIVERED_AT = np.timedelta64(14, "h")


@dataclass(frozen=True)
class EggSource:
    """What the batch's creation workflow records of its eggs, and the rows behind it."""

    internal: bool
    first_production: int
    supplier: int  # 0 for the company's own
    rows: list[TableRows]


def eggs(ctx: BatchContext, station: str) -> EggSource:
    """The batch's egg source, its egg productions delivered to ``station`` (the first stage's)."""
    rng = ctx.stream("broodstock")
    stripped_day = ctx.start - np.timedelta64(1, "D")
    plan = ctx.ids.breeding_plans.get(catalog.breeding_plan_name(ctx.batch.geography, int(str(stripped_day)[:4])))
    internal = bool(rng.random() < INTERNAL_SHARE) and plan is not None
    supplier = ctx.ids.egg_suppliers[int(ctx.stream("creation").integers(len(ctx.ids.egg_suppliers)))]
    stripped = stripped_day.astype("datetime64[us]") + STRIPPED_AT
    if internal:
        assert plan is not None
        return _own(ctx, rng, plan, station, stripped)
    return _supplied(ctx, supplier, station, stripped)


def _own(ctx: BatchContext, rng: np.random.Generator, plan: int, station: str, stripped: np.datetime64) -> EggSource:
    female_kg, fecundity = _draw_females(rng, ctx.batch.eggs)
    spawned = np.round(female_kg * fecundity).astype(np.int64)
    k = len(spawned)
    used = spawned.copy()
    used[-1] = ctx.batch.eggs - spawned[:-1].sum()  # the last female's eggs fill the batch up; the rest are not taken
    male_kg = _weights(rng, "M", k)
    geo = catalog.GEOGRAPHY_BY_NAME[ctx.batch.geography]
    holding, stripping = catalog.broodstock_tank_names(geo)
    tank_of = rng.integers(len(holding), size=2 * k)  # each spawner's holding tank
    fish = ctx.block.take("broodstock_fish", 2 * k)
    females, males = fish[:k], fish[k:]
    year_class = int(str(stripped)[:4]) - 4  # spawners are four-year-olds (a breeding nucleus's generation interval)
    traits = [json.dumps({"sex": sex, "weight_kg": round(float(w), 2), "year_class": year_class,
                          "holding_tank": holding[t]}, sort_keys=True)
              for sex, w, t in zip(["F"] * k + ["M"] * k, np.r_[female_kg, male_kg], tank_of, strict=True)]
    moved = stripped - np.timedelta64(biology.SPAWNER_MOVE_DAYS, "D")
    stripping_id = ctx.ids.containers[stripping]
    tank_ids = np.array([ctx.ids.containers[t] for t in holding], dtype=np.int64)
    pairs = ctx.block.take("breeding_pair", k)
    productions = ctx.block.take("egg_production", k)
    number = ctx.batch.batch_number
    delivered = ctx.start.astype("datetime64[us]") + DELIVERED_AT
    return EggSource(True, int(productions[0]), 0, [
        TableRows("broodstock_broodstockfish", 2 * k, dict(
            id=fish, container_id=np.full(2 * k, stripping_id), traits=Labels(np.arange(2 * k), traits),
            health_status="healthy", created_at=np.full(2 * k, moved))),
        TableRows("broodstock_fishmovement", 2 * k, dict(
            id=ctx.block.take("fish_movement", 2 * k), fish_id=fish, from_container_id=tank_ids[tank_of],
            to_container_id=np.full(2 * k, stripping_id), movement_date=np.full(2 * k, moved),
            notes="Moved to the stripping tank")),
        TableRows("broodstock_breedingpair", k, dict(
            id=pairs, plan_id=np.full(k, plan), male_fish_id=males, female_fish_id=females,
            pairing_date=np.full(k, stripped), progeny_count=used)),
        TableRows("broodstock_eggproduction", k, dict(
            id=productions, pair_id=Nullable(pairs, np.zeros(k, dtype=bool)),
            egg_batch_id=Labels(np.arange(k), [f"EB-INT-{number}-{n:04d}" for n in range(1, k + 1)]),
            egg_count=used, production_date=np.full(k, stripped),
            destination_station_id=np.full(k, ctx.ids.stations[station]), source_type="internal")),
        _parentage(ctx, productions, delivered),
    ])


def _supplied(ctx: BatchContext, supplier: int, station: str, stripped: np.datetime64) -> EggSource:
    production = ctx.block.take("egg_production", 1)
    number = ctx.batch.batch_number
    return EggSource(False, int(production[0]), supplier, [
        TableRows("broodstock_eggproduction", 1, dict(
            id=production, pair_id=Nullable(np.zeros(1, dtype=np.int64), np.ones(1, dtype=bool)),
            egg_batch_id=f"EB-EXT-{number}", egg_count=np.array([ctx.batch.eggs]), production_date=np.array([stripped]),
            destination_station_id=np.array([ctx.ids.stations[station]]), source_type="external")),
        TableRows("broodstock_externaleggbatch", 1, dict(
            id=ctx.block.take("external_egg_batch", 1), egg_production_id=production, supplier_id=np.array([supplier]),
            batch_number=f"LOT-{number}", provenance_data="Eyed eggs, disinfected on arrival; the supplier's "
            "certificate of health", created_at=np.array([ctx.start.astype("datetime64[us]") + DELIVERED_AT]))),
        _parentage(ctx, production, ctx.start.astype("datetime64[us]") + DELIVERED_AT),
    ])


def _parentage(ctx: BatchContext, productions: np.ndarray, delivered: np.datetime64) -> TableRows:
    k = len(productions)
    return TableRows("broodstock_batchparentage", k, dict(
        id=ctx.block.take("batch_parentage", k), batch_id=np.full(k, ctx.bid), egg_production_id=productions,
        assignment_date=np.full(k, delivered)))


def _draw_females(rng: np.random.Generator, eggs: int) -> tuple[np.ndarray, np.ndarray]:
    """Females (weight kg, eggs per kg) drawn until their eggs cover ``eggs``."""
    mean = biology.SPAWNER_WEIGHT_KG["F"][0] * biology.RELATIVE_FECUNDITY_PER_KG[0]
    weights, fecundity = np.empty(0), np.empty(0)
    while (weights * fecundity).sum() < eggs:
        n = int(eggs / mean * 1.2) + 8
        weights = np.r_[weights, _weights(rng, "F", n)]
        fecundity = np.r_[fecundity, _clipped(rng, *biology.RELATIVE_FECUNDITY_PER_KG, n)]
    k = int(np.searchsorted(np.cumsum(np.round(weights * fecundity)), eggs)) + 1
    return weights[:k], fecundity[:k]


def _weights(rng: np.random.Generator, sex: str, n: int) -> np.ndarray:
    return _clipped(rng, *biology.SPAWNER_WEIGHT_KG[sex], n)


def _clipped(rng: np.random.Generator, mean: float, sd: float, n: int) -> np.ndarray:
    return np.clip(rng.normal(mean, sd, n), mean - biology.SPAWNER_CLIP_SD * sd, mean + biology.SPAWNER_CLIP_SD * sd)
