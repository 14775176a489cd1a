"""An app of the client's that has nothing to do with the farm data."""

from django.db import models


class Customer(models.Model):
    name = models.CharField(max_length=100, unique=True)
    country = models.CharField(max_length=2)
