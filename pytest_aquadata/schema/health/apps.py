from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "pytest_aquadata.schema.health"
    label = "health"
    default_auto_field = "django.db.models.BigAutoField"
