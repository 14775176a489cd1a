"""Feeds, purchases, stock lots and feeding events."""

from __future__ import annotations

import datetime as dt

import factory

from factories._base import FarmFactory
from factories.batch import BatchContainerAssignmentFactory
from factories.infrastructure import FeedContainerFactory
from pytest_aquadata.farm import catalog

_FEED_BY_NAME = {f[0]: f for f in catalog.FEEDS}


class FeedFactory(FarmFactory):
    """One of the six feeds by its exact name, with its pellet size and composition from the catalog."""

    class Meta:
        model = "inventory.Feed"
        django_get_or_create = ("name",)

    class Params:
        spec = factory.LazyAttribute(lambda o: _FEED_BY_NAME[o.name])

    name = factory.Iterator([f[0] for f in catalog.FEEDS])
    brand = factory.LazyAttribute(lambda o: catalog.feed_brand(o.spec[2]))
    size_category = factory.LazyAttribute(lambda o: o.spec[3])
    pellet_size_mm = factory.LazyAttribute(lambda o: o.spec[2])
    protein_percentage = factory.LazyAttribute(lambda o: o.spec[4])
    fat_percentage = factory.LazyAttribute(lambda o: o.spec[5])
    carbohydrate_percentage = factory.LazyAttribute(lambda o: o.spec[6])
    description = factory.LazyAttribute(lambda o: f"For {o.spec[1]}")


class FeedPurchaseFactory(FarmFactory):
    class Meta:
        model = "inventory.FeedPurchase"

    feed = factory.SubFactory(FeedFactory)
    purchase_date = factory.Faker("date_between", start_date="-2y", end_date="today")
    quantity_kg = factory.Faker("pyfloat", min_value=5_000, max_value=60_000, right_digits=1)
    cost_per_kg = factory.Faker("pyfloat", min_value=1.3, max_value=2.8, right_digits=3)
    supplier = factory.SelfAttribute("feed.brand")
    batch_number = factory.Faker("bothify", text="LOT-#####")
    expiry_date = factory.LazyAttribute(lambda o: o.purchase_date + dt.timedelta(days=365))


class FeedContainerStockFactory(FarmFactory):
    """A purchase's lot in a silo, entered on the purchase day; nothing drawn from it yet."""

    class Meta:
        model = "inventory.FeedContainerStock"

    feed_container = factory.SubFactory(FeedContainerFactory)
    feed_purchase = factory.SubFactory(FeedPurchaseFactory)
    quantity_kg = factory.SelfAttribute("feed_purchase.quantity_kg")
    entry_date = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.feed_purchase.purchase_date, dt.time(9), tzinfo=dt.UTC))


class FeedingEventFactory(FarmFactory):
    class Meta:
        model = "inventory.FeedingEvent"

    batch_assignment = factory.SubFactory(BatchContainerAssignmentFactory)
    batch = factory.SelfAttribute("batch_assignment.batch")
    container = factory.SelfAttribute("batch_assignment.container")
    feed = factory.SubFactory(FeedFactory, name="Starter Feed 0.5mm")
    feed_container = factory.SubFactory(FeedContainerFactory, hall=factory.SelfAttribute("..container.hall"))
    feeding_date = factory.SelfAttribute("batch_assignment.assignment_date")
    feeding_time = factory.Iterator([dt.time(8), dt.time(16)])
    batch_biomass_kg = factory.SelfAttribute("batch_assignment.biomass_kg")
    feeding_percentage = 1.5
    amount_kg = factory.LazyAttribute(lambda o: round(o.batch_biomass_kg * o.feeding_percentage / 100, 2))
    feed_cost = factory.LazyAttribute(lambda o: round(o.amount_kg * 2.2, 2))
    method = "AUTOMATIC"
