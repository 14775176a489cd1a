"""Egg suppliers."""

import factory

from factories._base import FarmFactory
from pytest_aquadata.farm import catalog


class EggSupplierFactory(FarmFactory):
    class Meta:
        model = "broodstock.EggSupplier"
        django_get_or_create = ("name",)

    name = factory.Iterator(catalog.EGG_SUPPLIERS)
    contact_details = factory.Faker("address")
    certifications = "ASC, GLOBALG.A.P."
