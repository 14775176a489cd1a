"""Lice, treatments, vaccinations, mortality reasons, journal entries and health sampling."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

import factory

from factories._base import FarmFactory
from factories.batch import BatchContainerAssignmentFactory
from factories.infrastructure import ContainerFactory
from pytest_aquadata.farm import catalog


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


class LiceTypeFactory(FarmFactory):
    class Meta:
        model = "health.LiceType"
        django_get_or_create = ("species", "gender", "development_stage")

    species = "Lepeophtheirus salmonis"
    gender = "female"
    development_stage = "adult"


class MortalityReasonFactory(FarmFactory):
    class Meta:
        model = "health.MortalityReason"
        django_get_or_create = ("name",)

    name = factory.Iterator([r[0] for r in catalog.MORTALITY_REASONS])


class VaccinationTypeFactory(FarmFactory):
    class Meta:
        model = "health.VaccinationType"
        django_get_or_create = ("name",)

    name = factory.Iterator([v[0] for v in catalog.VACCINATION_TYPES])
    manufacturer = factory.LazyAttribute(lambda o: {v[0]: v[1] for v in catalog.VACCINATION_TYPES}.get(o.name, "PHARMAQ"))
    dosage = "0.1 ml"


class HealthParameterFactory(FarmFactory):
    class Meta:
        model = "health.HealthParameter"
        django_get_or_create = ("name",)

    name = factory.Iterator(catalog.HEALTH_PARAMETERS)


class LiceCountFactory(FarmFactory):
    """A weekly count of 20 fish in a sea ring."""

    class Meta:
        model = "health.LiceCount"

    batch = factory.SubFactory("factories.lifecycle.BatchFactory", history=False)
    container = factory.SubFactory(ContainerFactory, ring=True)
    lice_type = factory.SubFactory(LiceTypeFactory)
    fish_sampled = 20
    count_value = factory.Faker("random_int", min=0, max=12)
    count_date = factory.LazyAttribute(lambda o: _at(o.batch.start_date + dt.timedelta(days=460), 10))


class TreatmentFactory(FarmFactory):
    """A lice treatment by default; ``vaccination=True`` gives a freshwater vaccination."""

    class Meta:
        model = "health.Treatment"

    class Params:
        vaccination = factory.Trait(
            treatment_type="vaccination",
            vaccination_type=factory.SubFactory(VaccinationTypeFactory),
            description="Vaccination by injection",
            dosage=factory.SelfAttribute("vaccination_type.dosage"),
            withholding_period_days=0,
        )

    batch_assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("batch_assignment.batch")
    container = factory.SelfAttribute("batch_assignment.container")
    treatment_date = factory.LazyAttribute(lambda o: _at(o.batch_assignment.assignment_date + dt.timedelta(days=10), 9))
    treatment_type = "physical"
    vaccination_type = None
    description = "Thermal delousing (Thermolicer)"
    dosage = ""
    duration_days = 1
    withholding_period_days = 0
    outcome = "successful"


class JournalEntryFactory(FarmFactory):
    class Meta:
        model = "health.JournalEntry"

    batch = factory.SubFactory("factories.lifecycle.BatchFactory", history=False)
    container = None
    entry_date = factory.LazyAttribute(lambda o: _at(o.batch.start_date + dt.timedelta(days=30), 14))
    category = "observation"
    severity = "low"
    description = factory.Faker("sentence", nb_words=10)
    resolution_status = False


class HealthSamplingEventFactory(FarmFactory):
    class Meta:
        model = "health.HealthSamplingEvent"

    assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    sampling_date = factory.LazyAttribute(lambda o: o.assignment.assignment_date + dt.timedelta(days=30))
    number_of_fish_sampled = 75
    avg_weight_g = factory.SelfAttribute("assignment.avg_weight_g")
    avg_k_factor = factory.Faker("pyfloat", min_value=1.0, max_value=1.3, right_digits=3)
    avg_length_cm = factory.LazyAttribute(lambda o: round((100 * (o.avg_weight_g or 1) / o.avg_k_factor) ** (1 / 3), 2))


class IndividualFishObservationFactory(FarmFactory):
    class Meta:
        model = "health.IndividualFishObservation"

    sampling_event = factory.SubFactory(HealthSamplingEventFactory)
    fish_identifier = factory.Sequence(lambda n: f"H{n + 1:03d}")
    weight_g = factory.SelfAttribute("sampling_event.avg_weight_g")
    length_cm = factory.SelfAttribute("sampling_event.avg_length_cm")


class FishParameterScoreFactory(FarmFactory):
    class Meta:
        model = "health.FishParameterScore"

    individual_fish_observation = factory.SubFactory(IndividualFishObservationFactory)
    parameter = factory.SubFactory(HealthParameterFactory)
    score = factory.Faker("random_element", elements=OrderedDict([(0, 0.6), (1, 0.3), (2, 0.08), (3, 0.02)]))
