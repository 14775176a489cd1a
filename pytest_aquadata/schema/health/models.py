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
