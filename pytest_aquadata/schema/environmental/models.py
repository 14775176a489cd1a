"""Environmental parameters and the sensor readings: by far the largest table."""

from django.contrib.postgres.indexes import BrinIndex
from django.db import models


class EnvironmentalParameter(models.Model):
    name = models.CharField(max_length=100, unique=True)
    unit = models.CharField(max_length=20)
    description = models.TextField(blank=True)
    min_value = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    optimal_min = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    optimal_max = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class EnvironmentalReading(models.Model):
    """A sensor reading. Only two indexes: every extra index slows the bulk load or the index builds.

    The table is partitioned by batch (migration 0002, load/partitions.py), and its foreign keys are not
    database constraints: adding one to a batch's new partition locks the tables it refers to against the
    other worker's writes (SHARE ROW EXCLUSIVE), which would serialise the workers and can deadlock them.
    The engine's rows refer correctly by construction (the COPY skipped the constraint triggers anyway),
    and Django's on_delete works in Python, as with any ``db_constraint=False`` key."""

    parameter = models.ForeignKey(EnvironmentalParameter, on_delete=models.PROTECT, related_name="readings",
                                  db_index=False, db_constraint=False)
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="environmental_readings", db_index=False,
        db_constraint=False,
    )
    batch = models.ForeignKey(
        "batch.Batch", null=True, blank=True, on_delete=models.SET_NULL, related_name="environmental_readings",
        db_index=False, db_constraint=False,
    )
    sensor = models.ForeignKey(
        "infrastructure.Sensor", null=True, blank=True, on_delete=models.SET_NULL, related_name="readings",
        db_index=False, db_constraint=False,
    )
    batch_container_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="environmental_readings", db_index=False, db_constraint=False,
    )
    value = models.FloatField()
    reading_time = models.DateTimeField()
    is_manual = models.BooleanField(default=False)

    class Meta:
        # A batch's readings are a partition with a CHECK on its batch (load/partitions.py), so a query on one batch
        # plans that partition only; a BRIN on the time then finds its window. It builds from one scan of the rows,
        # where the B-tree on (batch, time) it replaced sorted them: 11 s against 60 s on full, for windows read in
        # 2 ms against 12 (migration 0003 gives the plans).
        indexes = [
            BrinIndex(fields=["reading_time"], name="idx_reading_time_brin", pages_per_range=4),
            models.Index(fields=["container", "reading_time"], name="idx_reading_container_time"),
        ]


class StageTransitionEnvironmental(models.Model):
    """The water the fish left at a stage change, as AquaMind records a transfer's environment (engine/transfers.py)."""

    batch_transfer_workflow = models.ForeignKey("batch.BatchTransferWorkflow", on_delete=models.CASCADE,
                                                related_name="environment")
    temperature = models.FloatField(null=True, blank=True)
    oxygen = models.FloatField(null=True, blank=True)
    salinity = models.FloatField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class WeatherData(models.Model):
    """A sea area's noon weather (engine/areas.py), as AquaMind keeps it."""

    area = models.ForeignKey("infrastructure.Area", on_delete=models.CASCADE, related_name="weather")
    timestamp = models.DateTimeField()
    temperature = models.FloatField(null=True, blank=True)  # the air's, C
    wind_speed = models.FloatField(null=True, blank=True)  # m/s
    wind_direction = models.IntegerField(null=True, blank=True)  # degrees
    precipitation = models.FloatField(null=True, blank=True)  # mm
    wave_height = models.FloatField(null=True, blank=True)  # m
    wave_period = models.FloatField(null=True, blank=True)  # s
    wave_direction = models.IntegerField(null=True, blank=True)
    cloud_cover = models.IntegerField(null=True, blank=True)  # %

    class Meta:
        indexes = [models.Index(fields=["area", "timestamp"], name="weather_area_time")]


class PhotoperiodData(models.Model):
    """A sea area's day length and noon light (engine/areas.py)."""

    area = models.ForeignKey("infrastructure.Area", on_delete=models.CASCADE, related_name="photoperiod")
    date = models.DateField()
    day_length_hours = models.FloatField()
    light_intensity = models.FloatField(null=True, blank=True)  # lux
    is_interpolated = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["area", "date"], name="unique_area_photoperiod")]
