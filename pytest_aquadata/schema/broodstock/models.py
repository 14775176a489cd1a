"""Where a batch's eggs come from (domain.md, section 8): the company's own broodstock (spawners in the broodstock
station's tanks, paired under the year's breeding plan, each pair's eggs an egg production) or an external
supplier's egg batch. As AquaMind keeps them (apps/broodstock/models.py)."""

from django.conf import settings
from django.db import models


class EggSupplier(models.Model):
    name = models.CharField(max_length=100, unique=True)
    contact_details = models.TextField(blank=True)
    certifications = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class MaintenanceTask(models.Model):
    """The broodstock tanks' upkeep: a cleaning every month and an inspection every quarter (farm/build.py)."""

    TASK_TYPES = [("cleaning", "Cleaning"), ("repair", "Repair"), ("inspection", "Inspection"), ("upgrade", "Upgrade")]
    container = models.ForeignKey("infrastructure.Container", on_delete=models.CASCADE, related_name="maintenance_tasks")
    task_type = models.CharField(max_length=50, choices=TASK_TYPES)
    scheduled_date = models.DateTimeField()
    completed_date = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class BroodstockFish(models.Model):
    HEALTH = [("healthy", "Healthy"), ("monitored", "Monitored"), ("sick", "Sick"), ("deceased", "Deceased")]
    container = models.ForeignKey("infrastructure.Container", on_delete=models.PROTECT, related_name="broodstock")
    traits = models.JSONField(default=dict, blank=True)  # sex, weight_kg, year class; AquaMind has no sex column
    health_status = models.CharField(max_length=20, choices=HEALTH, default="healthy")
    created_at = models.DateTimeField(auto_now_add=True)


class FishMovement(models.Model):
    fish = models.ForeignKey(BroodstockFish, on_delete=models.CASCADE, related_name="movements")
    from_container = models.ForeignKey("infrastructure.Container", on_delete=models.PROTECT, related_name="+")
    to_container = models.ForeignKey("infrastructure.Container", on_delete=models.PROTECT, related_name="+")
    movement_date = models.DateTimeField(db_index=True)
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    notes = models.TextField(blank=True)


class BreedingPlan(models.Model):
    """A geography's spawning year: the pairs it makes, the traits it selects for."""

    name = models.CharField(max_length=100)
    start_date = models.DateTimeField()
    end_date = models.DateTimeField()
    objectives = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class BreedingTraitPriority(models.Model):
    TRAITS = [("growth_rate", "Growth Rate"), ("disease_resistance", "Disease Resistance"), ("size", "Size"),
              ("fertility", "Fertility")]
    plan = models.ForeignKey(BreedingPlan, on_delete=models.CASCADE, related_name="trait_priorities")
    trait_name = models.CharField(max_length=50, choices=TRAITS)
    priority_weight = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "trait_name"], name="unique_plan_trait")]


class BreedingPair(models.Model):
    plan = models.ForeignKey(BreedingPlan, on_delete=models.CASCADE, related_name="breeding_pairs")
    male_fish = models.ForeignKey(BroodstockFish, on_delete=models.PROTECT, related_name="as_male")
    female_fish = models.ForeignKey(BroodstockFish, on_delete=models.PROTECT, related_name="as_female")
    pairing_date = models.DateTimeField()
    progeny_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["plan", "male_fish", "female_fish"], name="unique_pair")]


class EggProduction(models.Model):
    SOURCES = [("internal", "Internal"), ("external", "External")]
    pair = models.ForeignKey(BreedingPair, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="egg_productions")
    egg_batch_id = models.CharField(max_length=50, unique=True)
    egg_count = models.PositiveIntegerField()
    production_date = models.DateTimeField()
    destination_station = models.ForeignKey("infrastructure.FreshwaterStation", null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    source_type = models.CharField(max_length=20, choices=SOURCES)


class ExternalEggBatch(models.Model):
    egg_production = models.OneToOneField(EggProduction, on_delete=models.CASCADE, related_name="external_batch")
    supplier = models.ForeignKey(EggSupplier, on_delete=models.PROTECT, related_name="batches")
    batch_number = models.CharField(max_length=50)
    provenance_data = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class BatchParentage(models.Model):
    batch = models.ForeignKey("batch.Batch", on_delete=models.CASCADE, related_name="parentages")
    egg_production = models.ForeignKey(EggProduction, on_delete=models.PROTECT, related_name="batch_assignments")
    assignment_date = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "egg_production"], name="unique_batch_egg_production")]
