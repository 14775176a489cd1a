"""Egg suppliers: where a batch's eggs come from."""

from django.db import models


class EggSupplier(models.Model):
    name = models.CharField(max_length=100, unique=True)
    contact_details = models.TextField(blank=True)
    certifications = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
