"""Egg suppliers."""

import factory
from factory.django import DjangoModelFactory

from pytest_aquadata.farm import catalog
from pytest_aquadata.schema.broodstock import models


class EggSupplierFactory(DjangoModelFactory):
    class Meta:
        model = models.EggSupplier
        django_get_or_create = ("name",)

    name = factory.Iterator(catalog.EGG_SUPPLIERS)
    contact_details = factory.Faker("address")
    certifications = "ASC, GLOBALG.A.P."
