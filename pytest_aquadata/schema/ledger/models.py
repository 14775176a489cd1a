"""The generation ledger: what run made this dataset, and which batches are completely written.

It lives in the database, not on a local disk, so that every worker (on any host) sees the same
claims and the same barrier.
"""

from django.db import models


class Run(models.Model):
    """A single row describing the dataset: its fingerprint and the schema that holds it."""

    schema_version = models.PositiveIntegerField()
    fingerprint = models.CharField(max_length=64)
    schedule_name = models.CharField(max_length=255)
    schedule_digest = models.CharField(max_length=64)
    #: The schedule's text as given (dates before the shift to history_end), so that the dataset can be
    #: verified and resumed from the database alone.
    schedule_yaml = models.TextField(default="")
    seed = models.BigIntegerField()
    history_end = models.DateField()
    generator_version = models.CharField(max_length=20)
    batch_count = models.PositiveIntegerField()
    partition_count = models.PositiveIntegerField()
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    #: Which tables, columns and types hold the rows (mapping/layout.py), as the controller read them off the
    #: models: workers, ``aquadata digest`` and the report read the dataset through it without Django.
    layout = models.JSONField(null=True, blank=True)


class Partition(models.Model):
    """A contiguous chronological slice of the schedule, claimed by one worker at a time."""

    index = models.PositiveIntegerField(unique=True)
    first_batch = models.PositiveIntegerField()
    last_batch = models.PositiveIntegerField()
    claimed_by = models.CharField(max_length=100, blank=True)
    done = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    #: Whether the error is one the same command would meet again (errors.RepeatsOnRerun): the summary then names
    #: the fix rather than advising to run the same command again.
    repeats = models.BooleanField(default=False)


class BatchLedger(models.Model):
    """One row per written batch, inserted in the same transaction as the batch's rows."""

    batch_index = models.IntegerField(primary_key=True)  # -1: the farm's own rows (engine/areas.py)
    batch_number = models.CharField(max_length=50, unique=True)
    rows = models.BigIntegerField()
    #: Rows per table of this batch, so that summaries and reports count exactly without scanning a table.
    table_rows = models.JSONField(null=True, blank=True)
    seconds = models.FloatField()
    worker = models.CharField(max_length=100)


class DeferredIndex(models.Model):
    """A secondary index of a generated table, dropped while batches are bulk-loaded and built once all are
    written. Its definition is kept here, so an interrupted run still builds it when the data completes."""

    name = models.CharField(max_length=63, primary_key=True)
    table_name = models.CharField(max_length=63)
    definition = models.TextField()
    started_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)


class Incident(models.Model):
    """The ground truth of a bad day (engine/faults.py, docs/incidents.md): one row per incident, written in the
    same transaction as the batch whose rows it changes. The scope columns name the smallest scope it touches
    (a sensor's fault also names its container and batch); they are plain ids, not foreign keys, because the
    ledger app serves a project's own models too. ``is_natural`` marks a bad day the farm's ordinary biology made,
    labelled so that every signature in the data has its label."""

    id = models.BigIntegerField(primary_key=True)
    kind = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    area_id = models.BigIntegerField(null=True, blank=True)
    container_id = models.BigIntegerField(null=True, blank=True)
    sensor_id = models.BigIntegerField(null=True, blank=True)
    batch_id = models.BigIntegerField(null=True, blank=True)
    is_natural = models.BooleanField(default=False)
