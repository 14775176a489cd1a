"""Species, lifecycle stages, batches, their container assignments and the events of their lives.

The event tables are written by the engine through binary COPY, so their measurements are FloatField
where AquaMind has DecimalField (names are the same; a NUMERIC cannot be built from NumPy cheaply).
"""

from django.conf import settings
from django.db import models

from pytest_aquadata.schema.compat import now_default


class Species(models.Model):
    name = models.CharField(max_length=100, unique=True)
    scientific_name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    optimal_temperature_min = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    optimal_temperature_max = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name_plural = "species"

    def __str__(self) -> str:
        return self.name


class LifeCycleStage(models.Model):
    name = models.CharField(max_length=100)
    species = models.ForeignKey(Species, on_delete=models.PROTECT, related_name="lifecycle_stages")
    order = models.PositiveIntegerField()
    description = models.TextField(blank=True)
    expected_weight_min_g = models.DecimalField(max_digits=10, decimal_places=2)
    expected_weight_max_g = models.DecimalField(max_digits=10, decimal_places=2)
    expected_duration_days = models.PositiveIntegerField(default=90)

    class Meta:
        ordering = ["species", "order"]
        constraints = [
            models.UniqueConstraint(fields=["species", "order"], name="unique_stage_order"),
            models.UniqueConstraint(fields=["species", "name"], name="unique_stage_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Batch(models.Model):
    STATUS_CHOICES = [
        ("PLANNED", "Planned"),
        ("ACTIVE", "Active"),
        ("COMPLETED", "Completed"),
        ("TERMINATED", "Terminated"),
    ]
    BATCH_TYPES = [("STANDARD", "Standard"), ("MIXED", "Mixed Population")]
    batch_number = models.CharField(max_length=50, unique=True)
    species = models.ForeignKey(Species, on_delete=models.PROTECT, related_name="batches")
    lifecycle_stage = models.ForeignKey(LifeCycleStage, on_delete=models.PROTECT, related_name="batches")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default="ACTIVE")
    batch_type = models.CharField(max_length=20, choices=BATCH_TYPES, default="STANDARD")
    start_date = models.DateField()
    expected_end_date = models.DateField(null=True, blank=True)
    actual_end_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(**now_default())

    class Meta:
        verbose_name_plural = "batches"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.batch_number


class BatchContainerAssignment(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="batch_assignments")
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="container_assignments"
    )
    lifecycle_stage = models.ForeignKey(LifeCycleStage, on_delete=models.PROTECT, related_name="container_assignments")
    population_count = models.PositiveIntegerField()
    avg_weight_g = models.FloatField(null=True, blank=True)
    biomass_kg = models.FloatField()
    assignment_date = models.DateField()
    departure_date = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    last_weighing_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assignment_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["container"], condition=models.Q(is_active=True), name="one_active_assignment_per_container"
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} in {self.container_id}"


class MortalityEvent(models.Model):
    CAUSES = [
        ("DISEASE", "Disease"),
        ("HANDLING", "Handling"),
        ("PREDATION", "Predation"),
        ("ENVIRONMENTAL", "Environmental"),
        ("UNKNOWN", "Unknown"),
        ("OTHER", "Other"),
    ]
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="mortality_events")
    assignment = models.ForeignKey(
        BatchContainerAssignment, null=True, blank=True, on_delete=models.CASCADE, related_name="mortality_events"
    )
    event_date = models.DateField()
    count = models.PositiveIntegerField()
    biomass_kg = models.FloatField()
    cause = models.CharField(max_length=20, choices=CAUSES, default="UNKNOWN")
    reason = models.ForeignKey(
        "health.MortalityReason", null=True, blank=True, on_delete=models.SET_NULL, related_name="mortality_events"
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["-event_date"]


class GrowthSample(models.Model):
    assignment = models.ForeignKey(BatchContainerAssignment, on_delete=models.CASCADE, related_name="growth_samples")
    sample_date = models.DateField()
    sample_size = models.PositiveIntegerField()
    avg_weight_g = models.FloatField()
    avg_length_cm = models.FloatField(null=True, blank=True)
    std_deviation_weight = models.FloatField(null=True, blank=True)
    std_deviation_length = models.FloatField(null=True, blank=True)
    min_weight_g = models.FloatField(null=True, blank=True)
    max_weight_g = models.FloatField(null=True, blank=True)
    condition_factor = models.FloatField(null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-sample_date"]


class IndividualGrowthObservation(models.Model):
    #: db_index=False here and on the other foreign keys that lead a unique constraint: its index serves them
    growth_sample = models.ForeignKey(GrowthSample, on_delete=models.CASCADE, related_name="individual_observations",
                                      db_index=False)
    fish_identifier = models.CharField(max_length=50)
    weight_g = models.FloatField()
    length_cm = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["growth_sample", "fish_identifier"], name="unique_fish_per_growth_sample")
        ]


class BatchCreationWorkflow(models.Model):
    STATUS = [("PLANNED", "Planned"), ("IN_PROGRESS", "In Progress"), ("COMPLETED", "Completed")]
    workflow_number = models.CharField(max_length=50, unique=True)
    batch = models.OneToOneField(Batch, on_delete=models.CASCADE, related_name="creation_workflow")
    status = models.CharField(max_length=20, choices=STATUS, default="PLANNED")
    egg_source_type = models.CharField(max_length=20, default="EXTERNAL")
    external_supplier = models.ForeignKey(
        "broodstock.EggSupplier", null=True, blank=True, on_delete=models.PROTECT, related_name="creation_workflows"
    )
    egg_production = models.ForeignKey(  # the first of an internal batch's (broodstock.BatchParentage lists them all)
        "broodstock.EggProduction", null=True, blank=True, on_delete=models.PROTECT, related_name="creation_workflows"
    )
    total_eggs_planned = models.PositiveIntegerField()
    total_eggs_received = models.PositiveIntegerField(default=0)
    total_mortality_on_arrival = models.PositiveIntegerField(default=0)
    total_actions = models.PositiveIntegerField(default=0)
    actions_completed = models.PositiveIntegerField(default=0)
    planned_start_date = models.DateField()
    actual_start_date = models.DateField(null=True, blank=True)
    actual_completion_date = models.DateField(null=True, blank=True)

    class Meta:
        db_table = "batch_creationworkflow"


class CreationAction(models.Model):
    workflow = models.ForeignKey(BatchCreationWorkflow, on_delete=models.CASCADE, related_name="actions", db_index=False)
    action_number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, default="COMPLETED")
    dest_assignment = models.ForeignKey(
        BatchContainerAssignment, on_delete=models.CASCADE, related_name="creation_actions"
    )
    egg_count_planned = models.PositiveIntegerField()
    egg_count_delivered = models.PositiveIntegerField(default=0)
    mortality_on_arrival = models.PositiveIntegerField(default=0)
    expected_delivery_date = models.DateField()
    actual_delivery_date = models.DateField(null=True, blank=True)
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")  # the station's manager

    class Meta:
        db_table = "batch_creationaction"
        constraints = [models.UniqueConstraint(fields=["workflow", "action_number"], name="unique_creation_action")]


class BatchTransferWorkflow(models.Model):
    STATUS = [("PLANNED", "Planned"), ("IN_PROGRESS", "In Progress"), ("COMPLETED", "Completed")]
    workflow_number = models.CharField(max_length=50, unique=True)
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="transfer_workflows")
    workflow_type = models.CharField(max_length=30, default="LIFECYCLE_TRANSITION")
    status = models.CharField(max_length=20, choices=STATUS, default="PLANNED")
    source_lifecycle_stage = models.ForeignKey(LifeCycleStage, on_delete=models.PROTECT, related_name="+")
    dest_lifecycle_stage = models.ForeignKey(LifeCycleStage, on_delete=models.PROTECT, related_name="+")
    planned_start_date = models.DateField()
    actual_start_date = models.DateField(null=True, blank=True)
    actual_completion_date = models.DateField(null=True, blank=True)
    total_actions_planned = models.PositiveIntegerField(default=0)
    actions_completed = models.PositiveIntegerField(default=0)
    total_transferred_count = models.PositiveIntegerField(default=0)
    total_mortality_count = models.PositiveIntegerField(default=0)
    total_biomass_kg = models.FloatField(default=0)
    # where the fish cross from a hall to a sea area they cross companies (AquaMind's detect_intercompany)
    is_intercompany = models.BooleanField(default=False)
    source_subsidiary = models.CharField(max_length=20, null=True, blank=True)
    dest_subsidiary = models.CharField(max_length=20, null=True, blank=True)
    finance_transaction = models.ForeignKey("finance.IntercompanyTransaction", null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="transfer_workflows")


class TransferAction(models.Model):
    workflow = models.ForeignKey(BatchTransferWorkflow, on_delete=models.CASCADE, related_name="actions", db_index=False)
    action_number = models.PositiveIntegerField()
    source_assignment = models.ForeignKey(
        BatchContainerAssignment, on_delete=models.PROTECT, related_name="transfer_actions_as_source"
    )
    dest_assignment = models.ForeignKey(
        BatchContainerAssignment, on_delete=models.PROTECT, related_name="transfer_actions_as_dest"
    )
    source_population_before = models.PositiveIntegerField()
    transferred_count = models.PositiveIntegerField()
    mortality_during_transfer = models.PositiveIntegerField(default=0)
    transferred_biomass_kg = models.FloatField()
    status = models.CharField(max_length=20, default="COMPLETED")
    planned_date = models.DateField(null=True, blank=True)
    actual_execution_date = models.DateField(null=True, blank=True)
    transfer_method = models.CharField(max_length=20, default="PUMP")
    executed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")  # the manager of the source site

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workflow", "action_number"], name="unique_transfer_action")]


class ActualDailyAssignmentState(models.Model):
    assignment = models.ForeignKey(
        BatchContainerAssignment, on_delete=models.CASCADE, related_name="daily_states", db_index=False
    )
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="daily_states", db_index=False)
    container = models.ForeignKey(
        "infrastructure.Container", on_delete=models.CASCADE, related_name="daily_states", db_index=False
    )
    lifecycle_stage = models.ForeignKey(
        LifeCycleStage, on_delete=models.PROTECT, related_name="daily_states", db_index=False
    )
    date = models.DateField()
    day_number = models.PositiveIntegerField()
    avg_weight_g = models.FloatField()
    population = models.PositiveIntegerField()
    biomass_kg = models.FloatField()
    temp_c = models.FloatField(null=True, blank=True)
    mortality_count = models.PositiveIntegerField(default=0)
    feed_kg = models.FloatField(default=0)
    observed_fcr = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "batch_actualdailyassignmentstate"
        constraints = [models.UniqueConstraint(fields=["assignment", "date"], name="unique_assignment_date")]
        indexes = [
            models.Index(fields=["batch", "date"], name="idx_batch_date"),
            models.Index(fields=["container", "date"], name="idx_container_date"),
        ]
