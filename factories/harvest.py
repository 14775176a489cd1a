"""Product grades, harvest events and their lots."""

from __future__ import annotations

import datetime as dt

import factory

from factories._base import FarmFactory
from factories.batch import BatchContainerAssignmentFactory
from pytest_aquadata.farm import catalog

_GRADE_SHARE = {g[0]: g[2] for g in catalog.PRODUCT_GRADES}


class ProductGradeFactory(FarmFactory):
    class Meta:
        model = "harvest.ProductGrade"
        django_get_or_create = ("code",)

    code = factory.Iterator([g[0] for g in catalog.PRODUCT_GRADES])
    name = factory.LazyAttribute(lambda o: o.code.replace("_", " ").title())


class HarvestEventFactory(FarmFactory):
    """The harvest of one sea ring."""

    class Meta:
        model = "harvest.HarvestEvent"

    assignment = factory.SubFactory(BatchContainerAssignmentFactory, container__ring=True, avg_weight_g=5200)
    batch = factory.SelfAttribute("assignment.batch")
    event_date = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.assignment.assignment_date + dt.timedelta(days=440), dt.time(7),
                                      tzinfo=dt.UTC))
    dest_geography = factory.SelfAttribute("assignment.container.area.geography")
    dest_subsidiary = "FARMING"
    document_ref = factory.LazyAttribute(lambda o: f"HRV-{o.batch.batch_number}-{o.assignment.container.name[-2:]}")


class HarvestLotFactory(FarmFactory):
    """A grade's share of the ring's fish (10/40/35/12/3 %), gutted 86 % and fillet 62 % of live weight."""

    class Meta:
        model = "harvest.HarvestLot"

    event = factory.SubFactory(HarvestEventFactory)
    product_grade = factory.SubFactory(ProductGradeFactory)
    unit_count = factory.LazyAttribute(
        lambda o: int(o.event.assignment.population_count * _GRADE_SHARE.get(o.product_grade.code, 0.2)))
    live_weight_kg = factory.LazyAttribute(lambda o: round(o.unit_count * (o.event.assignment.avg_weight_g or 0) / 1000, 2))
    gutted_weight_kg = factory.LazyAttribute(lambda o: round(o.live_weight_kg * 0.86, 2))
    fillet_weight_kg = factory.LazyAttribute(lambda o: round(o.live_weight_kg * 0.62, 2))
