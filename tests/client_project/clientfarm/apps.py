"""The client's apps carry our app labels, as AquaMind's do."""

from django.apps import AppConfig


class InfrastructureConfig(AppConfig):
    name = "clientfarm.infrastructure"
    label = "infrastructure"
    default_auto_field = "django.db.models.BigAutoField"

class BroodstockConfig(AppConfig):
    name = "clientfarm.broodstock"
    label = "broodstock"
    default_auto_field = "django.db.models.BigAutoField"

class BatchConfig(AppConfig):
    name = "clientfarm.batch"
    label = "batch"
    default_auto_field = "django.db.models.BigAutoField"

class InventoryConfig(AppConfig):
    name = "clientfarm.inventory"
    label = "inventory"
    default_auto_field = "django.db.models.BigAutoField"

class EnvironmentalConfig(AppConfig):
    name = "clientfarm.environmental"
    label = "environmental"
    default_auto_field = "django.db.models.BigAutoField"

class HealthConfig(AppConfig):
    name = "clientfarm.health"
    label = "health"
    default_auto_field = "django.db.models.BigAutoField"

class HarvestConfig(AppConfig):
    name = "clientfarm.harvest"
    label = "harvest"
    default_auto_field = "django.db.models.BigAutoField"

class FinanceConfig(AppConfig):
    name = "clientfarm.finance"
    label = "finance"
    default_auto_field = "django.db.models.BigAutoField"

class ScenarioConfig(AppConfig):
    name = "clientfarm.scenario"
    label = "scenario"
    default_auto_field = "django.db.models.BigAutoField"
