"""Temperature profiles, growth/FCR/mortality models and scenario projections."""

from django.db import models


class TemperatureProfile(models.Model):
    profile_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)

    def __str__(self) -> str:
        return self.name


class TemperatureReading(models.Model):
    reading_id = models.BigAutoField(primary_key=True)
    profile = models.ForeignKey(TemperatureProfile, on_delete=models.CASCADE, related_name="readings")
    day_number = models.PositiveIntegerField()
    temperature = models.FloatField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "day_number"], name="unique_profile_day")]


class TGCModel(models.Model):
    model_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)
    location = models.CharField(max_length=255)
    release_period = models.CharField(max_length=255, blank=True)
    tgc_value = models.FloatField()
    exponent_n = models.FloatField(default=0.33)
    exponent_m = models.FloatField(default=0.66)
    profile = models.ForeignKey(TemperatureProfile, on_delete=models.PROTECT, related_name="tgc_models")


class FCRModel(models.Model):
    model_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)


class FCRModelStage(models.Model):
    model = models.ForeignKey(FCRModel, on_delete=models.CASCADE, related_name="stages")
    stage = models.ForeignKey("batch.LifeCycleStage", on_delete=models.PROTECT, related_name="fcr_stages")
    fcr_value = models.FloatField()
    duration_days = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["model", "stage"], name="unique_fcr_stage")]


class MortalityModel(models.Model):
    model_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255, unique=True)
    frequency = models.CharField(max_length=10, default="daily")
    rate = models.FloatField()


class Scenario(models.Model):
    scenario_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=255)
    start_date = models.DateField()
    duration_days = models.PositiveIntegerField()
    initial_count = models.PositiveIntegerField()
    genotype = models.CharField(max_length=255, blank=True)
    supplier = models.CharField(max_length=255, blank=True)
    initial_weight = models.FloatField(null=True, blank=True)
    tgc_model = models.ForeignKey(TGCModel, on_delete=models.PROTECT, related_name="scenarios")
    fcr_model = models.ForeignKey(FCRModel, on_delete=models.PROTECT, related_name="scenarios")
    mortality_model = models.ForeignKey(MortalityModel, on_delete=models.PROTECT, related_name="scenarios")
    batch = models.ForeignKey("batch.Batch", null=True, blank=True, on_delete=models.SET_NULL, related_name="scenarios")

    class Meta:
        db_table = "scenario"


class ProjectionRun(models.Model):
    run_id = models.BigAutoField(primary_key=True)
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="projection_runs")
    run_number = models.PositiveIntegerField(default=1)
    label = models.CharField(max_length=255, blank=True)
    total_projections = models.PositiveIntegerField(default=0)
    final_weight_g = models.FloatField(null=True, blank=True)
    final_biomass_kg = models.FloatField(null=True, blank=True)


class ScenarioProjection(models.Model):
    projection_id = models.BigAutoField(primary_key=True)
    projection_run = models.ForeignKey(ProjectionRun, on_delete=models.CASCADE, related_name="projections")
    projection_date = models.DateField()
    day_number = models.PositiveIntegerField()
    average_weight = models.FloatField()
    population = models.FloatField()
    biomass = models.FloatField()
    daily_feed = models.FloatField()
    cumulative_feed = models.FloatField()
    temperature = models.FloatField()
    current_stage = models.ForeignKey("batch.LifeCycleStage", on_delete=models.PROTECT, related_name="projections")


class BiologicalConstraints(models.Model):
    """A named set of what each stage's fish may weigh and bear (farm/build.py: the catalog's stages)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "scenario_biological_constraints"


class StageConstraint(models.Model):
    constraint_set = models.ForeignKey(BiologicalConstraints, on_delete=models.CASCADE, related_name="stage_constraints")
    lifecycle_stage = models.CharField(max_length=20)  # the stage's name, as AquaMind's readers look it up
    min_weight_g = models.FloatField()
    max_weight_g = models.FloatField()
    min_temperature_c = models.FloatField(null=True, blank=True)
    max_temperature_c = models.FloatField(null=True, blank=True)
    typical_duration_days = models.IntegerField(null=True, blank=True)
    max_freshwater_weight_g = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "scenario_stage_constraint"
        constraints = [models.UniqueConstraint(fields=["constraint_set", "lifecycle_stage"], name="unique_set_stage")]


class TGCModelStage(models.Model):
    tgc_model = models.ForeignKey(TGCModel, on_delete=models.CASCADE, related_name="stage_overrides")
    lifecycle_stage = models.CharField(max_length=20)
    tgc_value = models.FloatField()
    temperature_exponent = models.FloatField(default=1.0)
    weight_exponent = models.FloatField(default=0.333)

    class Meta:
        db_table = "scenario_tgc_model_stage"
        constraints = [models.UniqueConstraint(fields=["tgc_model", "lifecycle_stage"], name="unique_tgc_stage")]


class MortalityModelStage(models.Model):
    mortality_model = models.ForeignKey(MortalityModel, on_delete=models.CASCADE, related_name="stage_overrides")
    lifecycle_stage = models.CharField(max_length=20)
    daily_rate_percent = models.FloatField()
    weekly_rate_percent = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "scenario_mortality_model_stage"
        constraints = [models.UniqueConstraint(fields=["mortality_model", "lifecycle_stage"],
                                               name="unique_mortality_stage")]


class ScenarioModelChange(models.Model):
    """A scenario's change of model on a day of its plan: the halls' growth model to its geography's sea model on
    the first day at sea (engine/scenario.py)."""

    change_id = models.BigAutoField(primary_key=True)
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="model_changes")
    change_day = models.IntegerField()
    new_tgc_model = models.ForeignKey(TGCModel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
