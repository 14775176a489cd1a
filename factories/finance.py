"""Finance dimensions and the harvest fact table."""

from __future__ import annotations

import factory

from factories._base import FarmFactory
from factories.harvest import HarvestLotFactory
from factories.infrastructure import AreaFactory, GeographyFactory


class DimCompanyFactory(FarmFactory):
    class Meta:
        model = "finance.DimCompany"
        django_get_or_create = ("geography", "subsidiary")

    geography = factory.SubFactory(GeographyFactory)
    subsidiary = "FARMING"
    display_name = factory.LazyAttribute(lambda o: f"AquaMind {o.geography.name}")
    currency = factory.LazyAttribute(lambda o: "DKK" if o.geography.name.startswith("Faroe") else "GBP")


class DimSiteFactory(FarmFactory):
    """The finance site of a sea area (the area is built unless given)."""

    class Meta:
        model = "finance.DimSite"
        django_get_or_create = ("source_model", "source_pk")

    class Params:
        area = factory.SubFactory(AreaFactory)

    source_model = "area"
    source_pk = factory.SelfAttribute("area.pk")
    company = factory.SubFactory(DimCompanyFactory, geography=factory.SelfAttribute("..area.geography"))
    site_name = factory.SelfAttribute("area.name")


class FactHarvestFactory(FarmFactory):
    class Meta:
        model = "finance.FactHarvest"

    lot = factory.SubFactory(HarvestLotFactory)
    event = factory.SelfAttribute("lot.event")
    event_date = factory.SelfAttribute("lot.event.event_date")
    quantity_kg = factory.SelfAttribute("lot.live_weight_kg")
    unit_count = factory.SelfAttribute("lot.unit_count")
    product_grade = factory.SelfAttribute("lot.product_grade")
    dim_batch = factory.SelfAttribute("lot.event.batch")
    dim_site = factory.SubFactory(DimSiteFactory, area=factory.SelfAttribute("..lot.event.assignment.container.area"))
    dim_company = factory.SelfAttribute("dim_site.company")
