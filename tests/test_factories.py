"""The factories against the real aquadata database, each test in a rolled-back transaction."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import factories
from pytest_aquadata.schema.batch import models as batch_models

pytestmark = pytest.mark.aquadata
TODAY = dt.date(2026, 11, 1)


def test_container_factory_alone_builds_hall_station_and_geography() -> None:
    tank = factories.ContainerFactory()
    station = tank.hall.freshwater_station
    assert tank.area is None and tank.container_type.name == "Fry Tank"
    assert station.geography.name in {"Faroe Islands", "Scotland"}
    assert re.fullmatch(r"(FI|S)-FW-\d\d", station.name)
    assert tank.hall.name == f"{station.name}-Hall-B"
    assert tank.name == f"{station.name}-B-C{int(tank.name[-2:]):02d}"
    assert float(tank.max_biomass_kg) == 100 * 30


def test_ring_trait_builds_a_sea_ring_in_an_area() -> None:
    ring = factories.ContainerFactory(ring=True)
    assert ring.hall is None and ring.area is not None
    assert ring.container_type.name == "Sea Ring" and float(ring.volume_m3) == 50_000
    assert ring.name.startswith(f"{ring.area.name}-Ring-")


@pytest.mark.parametrize("name", sorted(n for n in factories.__all__ if n.endswith("Factory") and n != "BatchFactory"))
def test_every_factory_saves_a_row(name: str) -> None:
    factory_class = getattr(factories, name)
    model = factory_class._meta.model
    before = model.objects.count()
    obj = factory_class()
    assert obj.pk is not None
    reused = bool(factory_class._meta.django_get_or_create)
    assert model.objects.count() in ({before, before + 1} if reused else {before + 1})


def test_master_data_factories_reuse_the_farms_rows() -> None:
    assert factories.LifeCycleStageFactory(name="Smolt").order == 4
    assert batch_models.LifeCycleStage.objects.filter(name="Smolt").count() == 1
    assert factories.FeedFactory(name="Finisher Feed 6.0mm").pellet_size_mm == 6


def test_transfer_action_conserves_fish() -> None:
    action = factories.TransferActionFactory()
    assert action.source_population_before == action.transferred_count + action.mortality_during_transfer
    assert action.source_assignment.container.container_type.name == "Fry Tank"
    assert action.dest_assignment.container.container_type.name == "Parr Tank"
    assert action.source_assignment.batch == action.dest_assignment.batch == action.workflow.batch


def test_seeded_values_repeat_after_reseed() -> None:
    factories.reseed(7)
    first = [factories.FeedPurchaseFactory.build().quantity_kg for _ in range(3)]
    factories.reseed(7)
    assert [factories.FeedPurchaseFactory.build().quantity_kg for _ in range(3)] == first


def test_batch_factory_builds_a_whole_history_in_a_stage() -> None:
    batch = factories.BatchFactory(geography="Scotland", stage="Smolt", today=TODAY)
    assert batch.status == "ACTIVE" and batch.lifecycle_stage.name == "Smolt"
    days = (TODAY - batch.start_date).days + 1
    active = batch.batch_assignments.filter(is_active=True)
    assert active.count() == 10
    assert {a.container.hall.name[-1] for a in active} == {"D"}
    assert all(a.container.hall.freshwater_station.geography.name == "Scotland" for a in active)
    states = batch_models.ActualDailyAssignmentState.objects.filter(batch=batch)
    assert states.values("date").distinct().count() == days
    assert batch.mortality_events.exists() and batch.feeding_events.exists()


def test_batch_factory_completed_trait_harvests() -> None:
    batch = factories.BatchFactory(completed=True, geography="Faroe Islands", today=TODAY)
    assert batch.status == "COMPLETED" and batch.actual_end_date is not None
    lots = [lot for event in batch.harvest_events.all() for lot in event.lots.all()]
    assert lots and len(lots) == 5 * batch.harvest_events.count()
    mean_kg = sum(lot.live_weight_kg for lot in lots) / sum(lot.unit_count for lot in lots)
    assert 4.0 <= mean_kg <= 6.8


def test_two_factory_batches_never_share_a_container() -> None:
    first = factories.BatchFactory(geography="Faroe Islands", stage="Parr", today=TODAY)
    second = factories.BatchFactory(geography="Faroe Islands", stage="Parr", today=TODAY)
    assert first.pk != second.pk
    mine = set(first.batch_assignments.filter(is_active=True).values_list("container_id", flat=True))
    theirs = set(second.batch_assignments.filter(is_active=True).values_list("container_id", flat=True))
    assert mine and theirs and not mine & theirs


def test_bare_batch_for_hand_made_rows() -> None:
    batch = factories.BatchFactory(history=False, today=TODAY)
    assert batch.start_date == TODAY - dt.timedelta(days=200)
    assert not batch.batch_assignments.exists()
