"""Planned activities, as AquaMind keeps them (apps/planning/models.py): per batch and scenario, with a due date,
and a status and completion that follow what happened."""

from django.conf import settings
from django.db import models

ACTIVITY_TYPES = [("VACCINATION", "Vaccination"), ("TREATMENT", "Treatment/Health Intervention"), ("CULL", "Culling"),
                  ("HARVEST", "Harvest"), ("SALE", "Sale/Commercial Handoff"), ("FEED_CHANGE", "Feed Strategy Change"),
                  ("TRANSFER", "Transfer"), ("MAINTENANCE", "Maintenance"), ("SAMPLING", "Sampling"),
                  ("OTHER", "Other")]


class ActivityTemplate(models.Model):
    """How a kind of activity is planned for every batch (farm/build.py's templates: one per activity the
    schedule plans)."""

    TRIGGERS = [("DAY_OFFSET", "Day Offset"), ("WEIGHT_THRESHOLD", "Weight Threshold"),
                ("STAGE_TRANSITION", "Stage Transition")]

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(null=True, blank=True)
    activity_type = models.CharField(max_length=50, choices=ACTIVITY_TYPES)
    trigger_type = models.CharField(max_length=20, choices=TRIGGERS)
    day_offset = models.IntegerField(null=True, blank=True)
    target_lifecycle_stage = models.ForeignKey("batch.LifeCycleStage", null=True, blank=True, on_delete=models.SET_NULL,
                                               related_name="+")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class PlannedActivity(models.Model):
    STATUSES = [("PENDING", "Pending"), ("IN_PROGRESS", "In Progress"), ("COMPLETED", "Completed"),
                ("CANCELLED", "Cancelled")]

    scenario = models.ForeignKey("scenario.Scenario", on_delete=models.CASCADE, related_name="planned_activities")
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="planned_activities")
    activity_type = models.CharField(max_length=50, choices=ACTIVITY_TYPES)
    due_date = models.DateField()
    status = models.CharField(max_length=20, choices=STATUSES, default="PENDING")
    container = models.ForeignKey("infrastructure.Container", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    notes = models.TextField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # the site's manager (engine/recorders.py)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    transfer_workflow = models.ForeignKey("batch.BatchTransferWorkflow", null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["batch", "status"], name="idx_pa_batch_status")]
