from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "pytest_aquadata.schema.planning"
    label = "planning"
    default_auto_field = "django.db.models.BigAutoField"
