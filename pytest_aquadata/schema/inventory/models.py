"""Feeds, purchases, stock in feed containers (FIFO by entry_date) and feeding events."""

from django.conf import settings
from django.db import models


class Feed(models.Model):
    SIZE_CATEGORIES = [("MICRO", "Micro"), ("SMALL", "Small"), ("MEDIUM", "Medium"), ("LARGE", "Large")]
    name = models.CharField(max_length=100, unique=True)
    brand = models.CharField(max_length=100)
    size_category = models.CharField(max_length=20, choices=SIZE_CATEGORIES)
    pellet_size_mm = models.DecimalField(max_digits=5, decimal_places=2)
    protein_percentage = models.DecimalField(max_digits=5, decimal_places=2)
    fat_percentage = models.DecimalField(max_digits=5, decimal_places=2)
    carbohydrate_percentage = models.DecimalField(max_digits=5, decimal_places=2)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class FeedPurchase(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.PROTECT, related_name="purchases")
    purchase_date = models.DateField()
    quantity_kg = models.FloatField()
    cost_per_kg = models.FloatField()
    supplier = models.CharField(max_length=100)
    batch_number = models.CharField(max_length=100, blank=True)
    expiry_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)


class FeedContainerStock(models.Model):
    """One lot of a purchase in a feed container; ``quantity_kg`` is what remains of it."""

    feed_container = models.ForeignKey(
        "infrastructure.FeedContainer", on_delete=models.CASCADE, related_name="stock_entries"
    )
    feed_purchase = models.ForeignKey(FeedPurchase, on_delete=models.CASCADE, related_name="stock_entries")
    quantity_kg = models.FloatField()
    entry_date = models.DateTimeField()

    class Meta:
        ordering = ["feed_container", "entry_date"]


class FeedingEvent(models.Model):
    METHODS = [("MANUAL", "Manual"), ("AUTOMATIC", "Automatic"), ("BROADCAST", "Broadcast")]
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="feeding_events", db_index=False)
    batch_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.CASCADE, related_name="feeding_events", db_index=False
    )
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="feeding_events", db_index=False
    )
    feed = models.ForeignKey(Feed, on_delete=models.PROTECT, related_name="feeding_events", db_index=False)
    feed_container = models.ForeignKey(
        "infrastructure.FeedContainer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feeding_events",
        db_index=False,
    )
    feeding_date = models.DateField()
    feeding_time = models.TimeField()
    amount_kg = models.FloatField()
    batch_biomass_kg = models.FloatField()
    feeding_percentage = models.FloatField()
    feed_cost = models.FloatField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=METHODS, default="AUTOMATIC")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")  # the site's feeder (engine/recorders.py)

    class Meta:
        indexes = [
            models.Index(fields=["batch", "feeding_date"], name="idx_feeding_batch_date"),
            models.Index(fields=["feed_container", "feeding_date"], name="idx_feeding_silo_date"),
        ]
