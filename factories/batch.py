"""Species, stages, batches and the single event models of a batch, for hand-made cases.

``BatchFactory`` (in :mod:`factories.lifecycle`) builds a batch with its whole history through the engine;
the bare batch row the event factories here hang from is ``BatchFactory(history=False)``.
"""

from __future__ import annotations

import datetime as dt

import factory

from factories._base import FarmFactory
from factories.infrastructure import ContainerFactory
from pytest_aquadata.farm import catalog


class SpeciesFactory(FarmFactory):
    class Meta:
        model = "batch.Species"
        django_get_or_create = ("name",)

    name = "Atlantic Salmon"
    scientific_name = "Salmo salar"
    optimal_temperature_min = 4
    optimal_temperature_max = 16


class LifeCycleStageFactory(FarmFactory):
    """One of the six stages, by its exact name, with its order and weight range from the catalog."""

    class Meta:
        model = "batch.LifeCycleStage"
        django_get_or_create = ("species", "name")

    class Params:
        spec = factory.LazyAttribute(lambda o: catalog.STAGE_BY_NAME[o.name])

    species = factory.SubFactory(SpeciesFactory)
    name = "Fry"
    order = factory.LazyAttribute(lambda o: o.spec.order)
    expected_weight_min_g = factory.LazyAttribute(lambda o: o.spec.min_weight_g)
    expected_weight_max_g = factory.LazyAttribute(lambda o: o.spec.max_weight_g)
    expected_duration_days = factory.LazyAttribute(lambda o: o.spec.days)


def _stage_for(container: object) -> str:
    """The stage a container's type serves (a tank of the Parr hall holds Parr)."""
    type_name = container.container_type.name  # type: ignore[attr-defined]
    return next(s.name for s in catalog.STAGES if s.container_type == type_name)


class BatchContainerAssignmentFactory(FarmFactory):
    class Meta:
        model = "batch.BatchContainerAssignment"

    batch = factory.SubFactory("factories.lifecycle.BatchFactory", history=False)
    container = factory.SubFactory(ContainerFactory)
    lifecycle_stage = factory.SubFactory(LifeCycleStageFactory, name=factory.LazyAttribute(
        lambda o: _stage_for(o.factory_parent.container)))
    population_count = factory.Faker("random_int", min=250_000, max=380_000)
    avg_weight_g = factory.LazyAttribute(
        lambda o: round(float(o.lifecycle_stage.expected_weight_min_g + o.lifecycle_stage.expected_weight_max_g) / 2, 2))
    biomass_kg = factory.LazyAttribute(lambda o: round(o.population_count * float(o.avg_weight_g) / 1000, 2))
    assignment_date = factory.LazyAttribute(lambda o: o.batch.start_date)
    departure_date = None
    is_active = True


class MortalityEventFactory(FarmFactory):
    class Meta:
        model = "batch.MortalityEvent"

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("assignment.batch")
    event_date = factory.LazyAttribute(lambda o: o.assignment.assignment_date + dt.timedelta(days=3))
    count = factory.Faker("random_int", min=5, max=400)
    biomass_kg = factory.LazyAttribute(lambda o: round(o.count * (o.assignment.avg_weight_g or 0) / 1000, 3))
    cause = factory.Faker("random_element", elements=sorted({c for _, c in catalog.MORTALITY_REASONS}))
    reason = factory.SubFactory("factories.health.MortalityReasonFactory")


class GrowthSampleFactory(FarmFactory):
    """A weekly sample of 30 fish; the summary columns follow from the weight and a condition factor of ~1.15."""

    class Meta:
        model = "batch.GrowthSample"

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    sample_date = factory.LazyAttribute(lambda o: o.assignment.assignment_date + dt.timedelta(days=7))
    sample_size = 30
    avg_weight_g = factory.LazyAttribute(lambda o: o.assignment.avg_weight_g)
    condition_factor = factory.Faker("pyfloat", min_value=1.0, max_value=1.3, right_digits=3)
    avg_length_cm = factory.LazyAttribute(lambda o: round((100 * o.avg_weight_g / o.condition_factor) ** (1 / 3), 2))
    std_deviation_weight = factory.LazyAttribute(lambda o: round(o.avg_weight_g * 0.15, 3))
    std_deviation_length = factory.LazyAttribute(lambda o: round(o.avg_length_cm * 0.05, 3))
    min_weight_g = factory.LazyAttribute(lambda o: round(o.avg_weight_g * 0.7, 3))
    max_weight_g = factory.LazyAttribute(lambda o: round(o.avg_weight_g * 1.35, 3))


class IndividualGrowthObservationFactory(FarmFactory):
    class Meta:
        model = "batch.IndividualGrowthObservation"

    growth_sample = factory.SubFactory(GrowthSampleFactory)
    fish_identifier = factory.Sequence(lambda n: f"F{n % 30 + 1:02d}-{n // 30}")
    weight_g = factory.LazyAttribute(lambda o: o.growth_sample.avg_weight_g)
    length_cm = factory.LazyAttribute(lambda o: o.growth_sample.avg_length_cm)


class BatchCreationWorkflowFactory(FarmFactory):
    class Meta:
        model = "batch.BatchCreationWorkflow"

    batch = factory.SubFactory("factories.lifecycle.BatchFactory", history=False)
    workflow_number = factory.LazyAttribute(lambda o: f"CRT-{o.batch.batch_number}")
    status = "COMPLETED"
    external_supplier = factory.SubFactory("factories.broodstock.EggSupplierFactory")
    total_eggs_planned = factory.Faker("random_int", min=3_000_000, max=3_800_000)
    total_eggs_received = factory.SelfAttribute("total_eggs_planned")
    total_actions = 10
    actions_completed = 10
    planned_start_date = factory.LazyAttribute(lambda o: o.batch.start_date)
    actual_start_date = factory.SelfAttribute("planned_start_date")
    actual_completion_date = factory.SelfAttribute("planned_start_date")


class CreationActionFactory(FarmFactory):
    class Meta:
        model = "batch.CreationAction"

    workflow = factory.SubFactory(BatchCreationWorkflowFactory)
    action_number = factory.Sequence(lambda n: n + 1)
    dest_assignment = factory.SubFactory(
        BatchContainerAssignmentFactory, batch=factory.SelfAttribute("..workflow.batch"), container__stage="Egg&Alevin")
    egg_count_planned = factory.SelfAttribute("dest_assignment.population_count")
    egg_count_delivered = factory.SelfAttribute("egg_count_planned")
    expected_delivery_date = factory.SelfAttribute("workflow.planned_start_date")
    actual_delivery_date = factory.SelfAttribute("expected_delivery_date")


class BatchTransferWorkflowFactory(FarmFactory):
    """A stage transition (Fry to Parr unless told), 90 days after the batch's start per stage."""

    class Meta:
        model = "batch.BatchTransferWorkflow"

    class Params:
        source_stage = "Fry"
        dest_stage = "Parr"

    batch = factory.SubFactory("factories.lifecycle.BatchFactory", history=False)
    workflow_number = factory.LazyAttributeSequence(lambda o, n: f"TRF-{o.batch.batch_number}-{n + 1}")
    status = "COMPLETED"
    source_lifecycle_stage = factory.SubFactory(LifeCycleStageFactory, name=factory.SelfAttribute("..source_stage"))
    dest_lifecycle_stage = factory.SubFactory(LifeCycleStageFactory, name=factory.SelfAttribute("..dest_stage"))
    planned_start_date = factory.LazyAttribute(
        lambda o: o.batch.start_date + dt.timedelta(days=90 * (catalog.STAGE_BY_NAME[o.dest_stage].order - 1)))
    actual_start_date = factory.SelfAttribute("planned_start_date")
    actual_completion_date = factory.SelfAttribute("planned_start_date")
    total_actions_planned = 10
    actions_completed = 10


class TransferActionFactory(FarmFactory):
    """Fish pumped from one tank to the next; source before = transferred + mortality during transfer."""

    class Meta:
        model = "batch.TransferAction"

    workflow = factory.SubFactory(BatchTransferWorkflowFactory)
    action_number = factory.Sequence(lambda n: n + 1)
    source_assignment = factory.SubFactory(
        BatchContainerAssignmentFactory, batch=factory.SelfAttribute("..workflow.batch"),
        container__stage=factory.SelfAttribute("...workflow.source_lifecycle_stage.name"), is_active=False)
    dest_assignment = factory.SubFactory(
        BatchContainerAssignmentFactory, batch=factory.SelfAttribute("..workflow.batch"),
        container__stage=factory.SelfAttribute("...workflow.dest_lifecycle_stage.name"))
    source_population_before = factory.SelfAttribute("source_assignment.population_count")
    mortality_during_transfer = factory.LazyAttribute(lambda o: o.source_population_before // 500)
    transferred_count = factory.LazyAttribute(lambda o: o.source_population_before - o.mortality_during_transfer)
    transferred_biomass_kg = factory.LazyAttribute(
        lambda o: round(o.transferred_count * (o.source_assignment.avg_weight_g or 0) / 1000, 2))
    planned_date = factory.SelfAttribute("workflow.planned_start_date")
    actual_execution_date = factory.SelfAttribute("planned_date")


class ActualDailyAssignmentStateFactory(FarmFactory):
    class Meta:
        model = "batch.ActualDailyAssignmentState"

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("assignment.batch")
    container = factory.SelfAttribute("assignment.container")
    lifecycle_stage = factory.SelfAttribute("assignment.lifecycle_stage")
    date = factory.SelfAttribute("assignment.assignment_date")
    day_number = factory.LazyAttribute(lambda o: (o.date - o.batch.start_date).days + 1)
    avg_weight_g = factory.LazyAttribute(lambda o: o.assignment.avg_weight_g or 0)
    population = factory.SelfAttribute("assignment.population_count")
    biomass_kg = factory.LazyAttribute(lambda o: o.population * o.avg_weight_g / 1000)
    temp_c = factory.Faker("pyfloat", min_value=11.0, max_value=13.0, right_digits=2)
    mortality_count = factory.Faker("random_int", min=0, max=300)
    feed_kg = factory.LazyAttribute(lambda o: round(o.biomass_kg * 0.02, 2))
    observed_fcr = factory.Faker("pyfloat", min_value=0.9, max_value=1.3, right_digits=3)
