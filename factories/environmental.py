"""Environmental parameters and sensor readings."""

from __future__ import annotations

import datetime as dt

import factory

from factories._base import FarmFactory
from factories.infrastructure import SensorFactory
from pytest_aquadata.farm import catalog

_PARAMETER_BY_NAME = {p[0]: p for p in catalog.PARAMETERS}
_SENSOR_PARAMETER = {code: name for name, code in catalog.SENSOR_TYPE_CODES.items()}


class EnvironmentalParameterFactory(FarmFactory):
    class Meta:
        model = "environmental.EnvironmentalParameter"
        django_get_or_create = ("name",)

    class Params:
        spec = factory.LazyAttribute(lambda o: _PARAMETER_BY_NAME[o.name])

    name = "Temperature"
    unit = factory.LazyAttribute(lambda o: o.spec[1])
    min_value = factory.LazyAttribute(lambda o: o.spec[2])
    max_value = factory.LazyAttribute(lambda o: o.spec[3])
    optimal_min = factory.LazyAttribute(lambda o: o.spec[4])
    optimal_max = factory.LazyAttribute(lambda o: o.spec[5])


class EnvironmentalReadingFactory(FarmFactory):
    """A reading of a sensor, its value inside the parameter's optimal range."""

    class Meta:
        model = "environmental.EnvironmentalReading"

    sensor = factory.SubFactory(SensorFactory)
    container = factory.SelfAttribute("sensor.container")
    parameter = factory.SubFactory(EnvironmentalParameterFactory, name=factory.LazyAttribute(
        lambda o: _SENSOR_PARAMETER[o.factory_parent.sensor.sensor_type]))
    batch = None
    batch_container_assignment = None
    value = factory.LazyAttribute(
        lambda o: round(float(o.parameter.optimal_min + o.parameter.optimal_max) / 2, 3))
    reading_time = factory.Faker("date_time_between", start_date="-1y", end_date="now", tzinfo=dt.UTC)
    is_manual = False
