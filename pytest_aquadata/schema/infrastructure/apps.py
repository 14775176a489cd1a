from django.apps import AppConfig


class InfrastructureConfig(AppConfig):
    name = "pytest_aquadata.schema.infrastructure"
    label = "infrastructure"
    default_auto_field = "django.db.models.BigAutoField"
