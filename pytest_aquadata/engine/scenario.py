"""The batch's planning scenario: the models it was planned with and their daily projection; the halls' growth
model, changed on the plan's first day at sea to its geography's (a scenario model change).

The projection is the model's expectation (the climatology's water, the baseline mortality, the feed's
expected FCR: no weather, no episodes, no lice), over the batch's planned lifetime from its start date,
which is what a farm's planning tool shows next to the actual states.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.farm import biology, catalog, growth
from pytest_aquadata.rows import TableRows


def rows(ctx: BatchContext) -> list[TableRows]:
    batch = ctx.batch
    days = batch.harvest_day
    weight = growth.mean_weight_g(batch.geography, batch.start_date, days)
    temp = growth.expected_temperature(batch.geography, batch.start_date, days)
    stage = growth.stage_index_by_day(days)
    rate = np.array([biology.BASELINE_MORTALITY[s.name] for s in catalog.STAGES])[stage]
    population = batch.eggs * np.cumprod(1 - rate)
    biomass = population * weight / 1000
    fcr = np.array([biology.PLANNING_FCR.get(s.name, 0.0) for s in catalog.STAGES])[stage]
    feed = np.maximum(np.diff(weight, append=weight[-1]), 0) * population / 1000 * fcr
    scenario_id = ctx.block.take("scenario", 1)
    run_id = ctx.block.take("projection_run", 1)
    sea_model = ctx.ids.tgc_models[batch.geography]
    hall_model = ctx.ids.tgc_models.get(catalog.HALL_TGC_LOCATION)
    scenario = TableRows("scenario", 1, dict(
        scenario_id=scenario_id, name=f"{batch.batch_number} plan", start_date=np.array([ctx.start]),
        duration_days=np.array([days]), initial_count=np.array([batch.eggs]), genotype="AquaGen Atlantic QTL-innOva",
        supplier="AquaGen", initial_weight=np.array([growth.EGG_WEIGHT_G]),
        tgc_model_id=np.array([hall_model or sea_model]), fcr_model_id=np.array([ctx.ids.fcr_model]),
        mortality_model_id=np.array([ctx.ids.mortality_model]), batch_id=np.array([ctx.bid])))
    run = TableRows("scenario_projectionrun", 1, dict(
        run_id=run_id, scenario_id=scenario_id, run_number=np.array([1]), label="Baseline",
        total_projections=np.array([days]), final_weight_g=weight[-1:], final_biomass_kg=biomass[-1:]))
    at_sea = np.flatnonzero(stage == len(catalog.STAGES) - 1)
    changes = [] if hall_model is None or not len(at_sea) else [TableRows("scenario_scenariomodelchange", 1, dict(
        change_id=ctx.block.take("model_change", 1), scenario_id=scenario_id, change_day=at_sea[:1] + 1,
        new_tgc_model_id=np.array([sea_model])))]  # the halls' growth model until the plan's first day at sea
    stage_ids = np.array([ctx.ids.stages[s.name] for s in catalog.STAGES])
    projections = TableRows("scenario_scenarioprojection", days, dict(
        projection_id=ctx.block.take("projection", days), projection_run_id=np.full(days, run_id[0]),
        projection_date=ctx.start + np.arange(days), day_number=np.arange(1, days + 1), average_weight=weight,
        population=population, biomass=biomass, daily_feed=feed, cumulative_feed=np.cumsum(feed), temperature=temp,
        current_stage_id=stage_ids[stage]))
    return [scenario, run, projections, *changes]
