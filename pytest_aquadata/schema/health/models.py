"""Lice, treatments, vaccinations, mortality reasons, journal entries and health sampling."""

from django.conf import settings
from django.db import models


class LiceType(models.Model):
    GENDERS = [("female", "Female"), ("male", "Male"), ("unknown", "Unknown")]
    species = models.CharField(max_length=100)
    gender = models.CharField(max_length=10, choices=GENDERS)
    development_stage = models.CharField(max_length=50)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["species", "gender", "development_stage"], name="unique_lice_type")
        ]

    def __str__(self) -> str:
        return f"{self.species} {self.gender} {self.development_stage}"


class LiceCount(models.Model):
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="lice_counts")
    container = models.ForeignKey(
        "infrastructure.Container", null=True, blank=True, on_delete=models.SET_NULL, related_name="lice_counts"
    )
    lice_type = models.ForeignKey(LiceType, null=True, blank=True, on_delete=models.PROTECT, related_name="counts")
    count_value = models.PositiveIntegerField()
    fish_sampled = models.PositiveIntegerField()
    count_date = models.DateTimeField()
    detection_method = models.CharField(max_length=20, default="manual")
    confidence_level = models.CharField(max_length=20, default="high")
    notes = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # the technician who counted


class VaccinationType(models.Model):
    name = models.CharField(max_length=100, unique=True)
    manufacturer = models.CharField(max_length=100, blank=True)
    dosage = models.CharField(max_length=50, blank=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class MortalityReason(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    def __str__(self) -> str:
        return self.name


class Treatment(models.Model):
    TYPES = [("medication", "Medication"), ("vaccination", "Vaccination"), ("physical", "Physical"), ("other", "Other")]
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="treatments")
    container = models.ForeignKey(
        "infrastructure.Container", null=True, blank=True, on_delete=models.SET_NULL, related_name="treatments"
    )
    batch_assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", null=True, blank=True, on_delete=models.SET_NULL, related_name="treatments"
    )
    treatment_date = models.DateTimeField()
    treatment_type = models.CharField(max_length=20, choices=TYPES)
    vaccination_type = models.ForeignKey(
        VaccinationType, null=True, blank=True, on_delete=models.PROTECT, related_name="treatments"
    )
    description = models.TextField()
    dosage = models.CharField(max_length=100, blank=True)
    duration_days = models.PositiveIntegerField(default=1)
    withholding_period_days = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=20, default="successful")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # the veterinarian


class JournalEntry(models.Model):
    CATEGORIES = [
        ("observation", "Observation"),
        ("issue", "Issue"),
        ("action", "Action"),
        ("diagnosis", "Diagnosis"),
        ("treatment", "Treatment"),
        ("vaccination", "Vaccination"),
        ("sample", "Sample"),
    ]
    SEVERITIES = [("low", "Low"), ("medium", "Medium"), ("high", "High")]
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="journal_entries")
    container = models.ForeignKey(
        "infrastructure.Container", null=True, blank=True, on_delete=models.SET_NULL, related_name="journal_entries"
    )
    entry_date = models.DateTimeField()
    category = models.CharField(max_length=20, choices=CATEGORIES)
    severity = models.CharField(max_length=10, choices=SEVERITIES, default="low")
    description = models.TextField()
    resolution_status = models.BooleanField(default=False)
    resolution_notes = models.TextField(blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")  # the veterinarian


class HealthParameter(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    min_score = models.PositiveSmallIntegerField(default=0)
    max_score = models.PositiveSmallIntegerField(default=3)
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class HealthSamplingEvent(models.Model):
    assignment = models.ForeignKey(
        "batch.BatchContainerAssignment", on_delete=models.CASCADE, related_name="health_sampling_events"
    )
    sampling_date = models.DateField()
    number_of_fish_sampled = models.PositiveIntegerField()
    avg_weight_g = models.FloatField(null=True, blank=True)
    avg_length_cm = models.FloatField(null=True, blank=True)
    avg_k_factor = models.FloatField(null=True, blank=True)
    notes = models.TextField(blank=True)
    sampled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")  # the veterinarian


class IndividualFishObservation(models.Model):
    sampling_event = models.ForeignKey(  # db_index=False: unique_fish_per_sampling's index serves it
        HealthSamplingEvent, on_delete=models.CASCADE, related_name="individual_fish_observations", db_index=False
    )
    fish_identifier = models.CharField(max_length=50)
    weight_g = models.FloatField(null=True, blank=True)
    length_cm = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sampling_event", "fish_identifier"], name="unique_fish_per_sampling")
        ]


class FishParameterScore(models.Model):
    individual_fish_observation = models.ForeignKey(  # db_index=False: unique_fish_score's index serves it
        IndividualFishObservation, on_delete=models.CASCADE, related_name="parameter_scores", db_index=False
    )
    parameter = models.ForeignKey(HealthParameter, on_delete=models.PROTECT, related_name="fish_scores")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["individual_fish_observation", "parameter"], name="unique_fish_score")
        ]


class ParameterScoreDefinition(models.Model):
    """What each score of a health parameter means (farm/build.py: normal, mild, moderate, severe)."""

    parameter = models.ForeignKey(HealthParameter, on_delete=models.CASCADE, related_name="score_definitions")
    score_value = models.IntegerField()
    label = models.CharField(max_length=50)
    description = models.TextField()
    display_order = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["parameter", "score_value"], name="unique_parameter_score")]


class SampleType(models.Model):
    """A kind of sample the fish health team sends to a laboratory."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)


class HealthLabSample(models.Model):
    """A sampling's gill swab, sent to the laboratory, and what came back (engine/health.py)."""

    batch_container_assignment = models.ForeignKey("batch.BatchContainerAssignment", on_delete=models.PROTECT,
                                                   related_name="lab_samples")
    sample_type = models.ForeignKey(SampleType, on_delete=models.PROTECT, related_name="samples")
    sample_date = models.DateField()
    date_sent_to_lab = models.DateField(null=True, blank=True)
    date_results_received = models.DateField(null=True, blank=True)
    lab_reference_id = models.CharField(max_length=100, null=True, blank=True)
    findings_summary = models.TextField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")


class MortalityRecord(models.Model):
    """Deaths the vet's post-mortem confirmed: an outbreak's, under Disease (engine/batch.py)."""

    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="mortality_records")
    assignment = models.ForeignKey("batch.BatchContainerAssignment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="mortality_records")
    container = models.ForeignKey("infrastructure.Container", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="mortality_records")
    event_date = models.DateTimeField()
    count = models.PositiveIntegerField()
    reason = models.ForeignKey(MortalityReason, on_delete=models.PROTECT, related_name="mortality_records")
    notes = models.TextField(blank=True)
