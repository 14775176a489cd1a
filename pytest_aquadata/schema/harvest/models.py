"""Harvest events per ring and the graded lots they yield."""

from django.db import models


class ProductGrade(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.code


class HarvestEvent(models.Model):
    event_date = models.DateTimeField()
    batch = models.ForeignKey("batch.Batch", on_delete=models.PROTECT, related_name="harvest_events")
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.PROTECT, related_name="harvest_events"
    )
    dest_geography = models.ForeignKey(
        "infrastructure.Geography", null=True, blank=True, on_delete=models.PROTECT, related_name="harvest_events"
    )
    dest_subsidiary = models.CharField(max_length=20, default="FARMING")
    document_ref = models.CharField(max_length=100, blank=True)


class HarvestWaste(models.Model):
    """A harvest's by-products, by category, as AquaMind records them (apps/harvest/models/harvest_waste.py)."""

    event = models.ForeignKey(HarvestEvent, on_delete=models.CASCADE, related_name="waste_entries")
    category = models.CharField(max_length=50)
    weight_kg = models.FloatField()


class HarvestLot(models.Model):
    event = models.ForeignKey(HarvestEvent, on_delete=models.CASCADE, related_name="lots")
    product_grade = models.ForeignKey(ProductGrade, on_delete=models.PROTECT, related_name="lots")
    live_weight_kg = models.FloatField()
    gutted_weight_kg = models.FloatField(null=True, blank=True)
    fillet_weight_kg = models.FloatField(null=True, blank=True)
    unit_count = models.PositiveIntegerField()
