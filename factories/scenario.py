"""Temperature profiles, growth, FCR and mortality models, scenarios and their projections."""

from __future__ import annotations

import datetime as dt

import factory

from factories._base import FarmFactory
from factories.batch import LifeCycleStageFactory
from pytest_aquadata.farm import biology, catalog, weather


class TemperatureProfileFactory(FarmFactory):
    class Meta:
        model = "scenario.TemperatureProfile"
        django_get_or_create = ("name",)

    name = factory.Iterator([f"{g.name} Sea" for g in catalog.GEOGRAPHIES])


class TemperatureReadingFactory(FarmFactory):
    """A day of a profile, on the geography's seasonal curve."""

    class Meta:
        model = "scenario.TemperatureReading"
        django_get_or_create = ("profile", "day_number")

    profile = factory.SubFactory(TemperatureProfileFactory)
    day_number = factory.Sequence(lambda n: n % 365 + 1)
    temperature = factory.LazyAttribute(lambda o: round(catalog.sea_temperature(
        catalog.GEOGRAPHY_BY_NAME.get(o.profile.name.removesuffix(" Sea"), catalog.GEOGRAPHIES[0]), o.day_number), 2))


class TGCModelFactory(FarmFactory):
    class Meta:
        model = "scenario.TGCModel"
        django_get_or_create = ("name",)

    profile = factory.SubFactory(TemperatureProfileFactory)
    location = factory.LazyAttribute(lambda o: o.profile.name.removesuffix(" Sea"))
    name = factory.LazyAttribute(lambda o: f"{o.location} TGC")
    tgc_value = biology.TGC[catalog.ADULT.name]


class FCRModelFactory(FarmFactory):
    class Meta:
        model = "scenario.FCRModel"
        django_get_or_create = ("name",)

    name = "Standard FCR"


class FCRModelStageFactory(FarmFactory):
    class Meta:
        model = "scenario.FCRModelStage"
        django_get_or_create = ("model", "stage")

    model = factory.SubFactory(FCRModelFactory)
    stage = factory.SubFactory(LifeCycleStageFactory)
    fcr_value = factory.LazyAttribute(lambda o: biology.PLANNING_FCR.get(o.stage.name, 0.0))
    duration_days = factory.LazyAttribute(lambda o: catalog.STAGE_BY_NAME[o.stage.name].days)


class MortalityModelFactory(FarmFactory):
    class Meta:
        model = "scenario.MortalityModel"
        django_get_or_create = ("name",)

    name = "Standard Mortality"
    frequency = "daily"
    rate = 0.03


class ScenarioFactory(FarmFactory):
    class Meta:
        model = "scenario.Scenario"

    name = factory.Sequence(lambda n: f"Scenario {n + 1}")
    start_date = factory.Faker("date_between", start_date="-3y", end_date="today")
    duration_days = 800
    initial_count = factory.Faker("random_int", min=3_000_000, max=3_800_000)
    genotype = "AquaGen Atlantic QTL-innOva"
    supplier = "AquaGen"
    initial_weight = 0.1
    tgc_model = factory.SubFactory(TGCModelFactory)
    fcr_model = factory.SubFactory(FCRModelFactory)
    mortality_model = factory.SubFactory(MortalityModelFactory)
    batch = None


class ProjectionRunFactory(FarmFactory):
    class Meta:
        model = "scenario.ProjectionRun"

    scenario = factory.SubFactory(ScenarioFactory)
    run_number = 1
    label = "Baseline"


class ScenarioProjectionFactory(FarmFactory):
    class Meta:
        model = "scenario.ScenarioProjection"

    projection_run = factory.SubFactory(ProjectionRunFactory)
    day_number = factory.Sequence(lambda n: n + 1)
    projection_date = factory.LazyAttribute(
        lambda o: o.projection_run.scenario.start_date + dt.timedelta(days=o.day_number - 1))
    average_weight = 1.0
    population = factory.LazyAttribute(lambda o: float(o.projection_run.scenario.initial_count))
    biomass = factory.LazyAttribute(lambda o: o.population * o.average_weight / 1000)
    daily_feed = factory.LazyAttribute(lambda o: o.biomass * 0.02)
    cumulative_feed = factory.SelfAttribute("daily_feed")
    temperature = weather.HALL_SET_POINT_C
    current_stage = factory.SubFactory(LifeCycleStageFactory)
