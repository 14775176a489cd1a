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


CONFIDENCE_LEVELS = [("VERY_HIGH", "Very High"), ("HIGH", "High"), ("MEDIUM", "Medium"), ("LOW", "Low")]


class ContainerFeedingSummary(models.Model):
    """A container assignment's feed and growth over AquaMind's 31-day window (engine/summaries.py)."""

    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="container_feeding_summaries")
    container_assignment = models.ForeignKey("batch.BatchContainerAssignment", on_delete=models.CASCADE,
                                             related_name="feeding_summaries")
    period_start = models.DateField()
    period_end = models.DateField()
    total_feed_kg = models.FloatField()
    starting_biomass_kg = models.FloatField(null=True, blank=True)
    ending_biomass_kg = models.FloatField(null=True, blank=True)
    growth_kg = models.FloatField(null=True, blank=True)
    fcr = models.FloatField(null=True, blank=True)
    confidence_level = models.CharField(max_length=20, choices=CONFIDENCE_LEVELS, default="MEDIUM")
    estimation_method = models.CharField(max_length=20, null=True, blank=True)
    data_points = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["container_assignment", "period_start", "period_end"],
                                               name="unique_container_summary_period")]


class BatchFeedingSummary(models.Model):
    """A batch's feed and growth over the same window, from its containers' (engine/summaries.py)."""

    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="feeding_summaries")
    period_start = models.DateField()
    period_end = models.DateField()
    total_feed_kg = models.FloatField()
    total_starting_biomass_kg = models.FloatField(null=True, blank=True)
    total_ending_biomass_kg = models.FloatField(null=True, blank=True)
    total_growth_kg = models.FloatField(null=True, blank=True)
    weighted_avg_fcr = models.FloatField(null=True, blank=True)
    fcr = models.FloatField(null=True, blank=True)
    container_count = models.PositiveIntegerField(default=0)
    total_feed_consumed_kg = models.FloatField(null=True, blank=True)
    total_biomass_gain_kg = models.FloatField(null=True, blank=True)
    overall_confidence_level = models.CharField(max_length=20, choices=CONFIDENCE_LEVELS, default="MEDIUM")
    estimation_method = models.CharField(max_length=20, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "period_start", "period_end"],
                                               name="unique_batch_summary_period")]
