from django.apps import AppConfig


class ScenarioConfig(AppConfig):
    name = "pytest_aquadata.schema.scenario"
    label = "scenario"
    default_auto_field = "django.db.models.BigAutoField"
