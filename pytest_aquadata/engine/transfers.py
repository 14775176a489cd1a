"""The creation workflow (eggs delivered into the first tanks) and a transfer workflow at every stage
change, with one action per (source, destination) pair of containers that fish move between: tank to
tank when the stage has as many containers as the last one (10 actions), else where the even re-split
crosses a container boundary. Each source's transfer mortality is on its first action, so source
before = transferred + mortality during transfer, summed per source.

A transfer from a hall to a sea area crosses from the geography's freshwater company to its farming company: the
workflow is intercompany and has its transaction, as AquaMind's own code makes them (apps/batch/models/workflow.py
detect_intercompany and _create_intercompany_transaction; apps/finance/services/transfer_finance.py): priced by the
policy for the stage sold (the source's), the workflow's biomass times the policy's price per kg to the cent, in the
buying company's currency, posted on the day the fish moved. The geography's controller approves it when the
month's books close (catalog.closing_day), as the month's period locks are; a later one is still pending."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine.broodstock import EggSource
from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import Segment, Transfer
from pytest_aquadata.farm import catalog
from pytest_aquadata.rows import Labels, Nullable, TableRows, concat


def creation(ctx: BatchContext, seg: Segment, aids: np.ndarray, source: EggSource) -> list[TableRows]:
    """The eggs' delivery into the first stage's containers, from ``source`` (engine/broodstock.py): the supplier
    for a supplier's eggs, the first egg production for the company's own."""
    wid = ctx.block.take("creation", 1)
    k = len(seg.containers)
    day = np.array([ctx.start])
    workflow = TableRows("batch_creationworkflow", 1, dict(
        id=wid, workflow_number=f"CRT-{ctx.batch.batch_number}", batch_id=np.array([ctx.bid]), status="COMPLETED",
        egg_source_type="INTERNAL" if source.internal else "EXTERNAL",
        external_supplier_id=Nullable(np.array([source.supplier]), np.array([source.internal])),
        egg_production_id=Nullable(np.array([source.first_production]), np.array([not source.internal])),
        total_eggs_planned=np.array([ctx.batch.eggs]), total_eggs_received=np.array([ctx.batch.eggs]),
        total_mortality_on_arrival=np.array([0]), total_actions=np.array([k]), actions_completed=np.array([k]),
        planned_start_date=day, actual_start_date=day, planned_completion_date=day, actual_completion_date=day))
    actions = TableRows("batch_creationaction", k, dict(
        id=ctx.block.take("creation_action", k), workflow_id=np.full(k, wid[0]), action_number=np.arange(1, k + 1),
        status="COMPLETED", dest_assignment_id=aids, egg_count_planned=seg.start_population,
        egg_count_delivered=seg.start_population, mortality_on_arrival=np.zeros(k, dtype=np.int64),
        expected_delivery_date=np.full(k, ctx.start), actual_delivery_date=np.full(k, ctx.start)))
    return [workflow, actions]


def transfers(ctx: BatchContext, moves: list[Transfer], segments: list[Segment],
              assignment_ids: list[np.ndarray]) -> list[TableRows]:
    if not moves:
        return []
    workflows, actions, sales = [], [], []
    for n, tr in enumerate(moves, start=1):
        src_i = segments.index(tr.source)
        src_ids, dst_ids = assignment_ids[src_i], assignment_ids[src_i + 1]
        wid = ctx.block.small("batch_batchtransferworkflow", 1)
        day = np.array([ctx.start + tr.day])
        pairs = np.array(tr.pairs, dtype=np.int64)
        m = len(pairs)
        first_of_source = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
        biomass = pairs[:, 2] * tr.source.weight_g[pairs[:, 0], -1] / 1000
        mortality = np.where(first_of_source, tr.mortality[pairs[:, 0]], 0)
        crossing = tr.source.stage.hall_letter is not None and tr.dest.stage.hall_letter is None
        sale = _sale(ctx, tr, wid[0], float(biomass.sum())) if crossing else None
        if sale is not None:
            sales.append(sale)
        workflows.append(TableRows("batch_batchtransferworkflow", 1, dict(
            id=wid, workflow_number=f"TRF-{ctx.batch.batch_number}-{n}", batch_id=np.array([ctx.bid]),
            workflow_type="LIFECYCLE_TRANSITION", status="COMPLETED",
            source_lifecycle_stage_id=np.array([ctx.ids.stages[tr.source.stage.name]]),
            dest_lifecycle_stage_id=np.array([ctx.ids.stages[tr.dest.stage.name]]), planned_start_date=day,
            actual_start_date=day, actual_completion_date=day, total_actions_planned=np.array([m]),
            actions_completed=np.array([m]), total_transferred_count=np.array([pairs[:, 2].sum()]),
            total_mortality_count=np.array([tr.mortality.sum()]), total_biomass_kg=np.array([biomass.sum()]),
            is_intercompany=np.array([crossing]), source_subsidiary="FRESHWATER" if crossing else None,
            dest_subsidiary="FARMING" if crossing else None,
            finance_transaction_id=Nullable(np.array([sale.data["tx_id"][0] if sale else 0]),  # type: ignore[index]
                                            np.array([sale is None])))))
        actions.append(TableRows("batch_transferaction", m, dict(
            id=ctx.block.take("transfer_action", m), workflow_id=np.full(m, wid[0]), action_number=np.arange(1, m + 1),
            source_assignment_id=src_ids[pairs[:, 0]], dest_assignment_id=dst_ids[pairs[:, 1]],
            source_population_before=tr.source_before[pairs[:, 0]], transferred_count=pairs[:, 2],
            mortality_during_transfer=mortality, transferred_biomass_kg=biomass, status="COMPLETED",
            planned_date=np.full(m, ctx.start + tr.day), actual_execution_date=np.full(m, ctx.start + tr.day),
            transfer_method="PUMP")))
    return [*([concat(sales)] if sales else []), concat(workflows), concat(actions), _water(ctx, moves, workflows)]


def _sale(ctx: BatchContext, tr: Transfer, workflow: int, biomass_kg: float) -> TableRows | None:
    """The intercompany transaction of a transfer from a hall to the sea (the module's docstring); none where the
    project keeps no policy for the stage sold or no content type for the workflow."""
    found = ctx.ids.transfer_prices.get((ctx.batch.geography, tr.source.stage.name))
    if found is None or not ctx.ids.workflow_type:
        return None
    policy, price, currency = found
    day = (ctx.start + tr.day).astype(dt.date)
    closed = catalog.closing_day(day)
    posted = closed <= ctx.history_end
    approver = ctx.ids.controllers.get(ctx.batch.geography, ctx.ids.system_user)
    return TableRows("finance_intercompanytransaction", 1, dict(
        tx_id=ctx.block.take("intercompany", 1), content_type_id=np.array([ctx.ids.workflow_type]),
        object_id=np.array([workflow]), policy_id=np.array([policy]), posting_date=np.array([day], dtype="datetime64[D]"),
        amount=np.array([round(round(biomass_kg, 2) * price, 2)]), currency=currency,
        state="posted" if posted else "pending",
        approved_by_id=Nullable(np.array([approver]), np.array([not posted])),
        approval_date=Nullable(np.array([np.datetime64(closed, "us") + CLOSED_AT]), np.array([not posted]))))


def _water(ctx: BatchContext, moves: list[Transfer], workflows: list[TableRows]) -> TableRows:
    """The water the fish left at each stage change, as AquaMind records a transfer's environment
    (environmental.StageTransitionEnvironmental): the source containers' mean temperature and oxygen on their last
    day, and their salinity (fresh water in the halls, TRANSITION_SALINITY_PSU for a sea stage)."""
    n = len(moves)
    temperature = np.array([tr.source.water_c[:, -1].mean() for tr in moves])
    oxygen = np.array([tr.source.oxygen_pct[:, -1].mean() for tr in moves])
    salinity = np.array([0.0 if tr.source.stage.hall_letter else SEA_SALINITY_PSU for tr in moves])
    return TableRows("environmental_stagetransitionenvironmental", n, dict(
        id=ctx.block.take("transfer_water", n),
        batch_transfer_workflow_id=np.concatenate([w.data["id"] for w in workflows]),  # type: ignore[misc]
        temperature=np.round(temperature, 2), oxygen=np.round(oxygen, 2), salinity=salinity,
        notes=Labels(np.arange(n), [f"{tr.source.stage.name} to {tr.dest.stage.name}: the water the fish left"
                                    for tr in moves]),
        created_at=np.array([(ctx.start + tr.day).astype("datetime64[us]") + RECORDED_AT for tr in moves])))


#: The salinity of the sea the rings float in (psu): the North Atlantic water of both geographies' shelves.
SEA_SALINITY_PSU = 35.0
#: A transfer's water is recorded when its pumping begins, in the morning.
RECORDED_AT = np.timedelta64(8, "h")
#: The controller approves a month's transactions when its books close, at the hour the period locks are made.
CLOSED_AT = np.timedelta64(catalog.CLOSED_AT_HOUR, "h")
