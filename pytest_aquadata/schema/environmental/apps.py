from django.apps import AppConfig


class EnvironmentalConfig(AppConfig):
    name = "pytest_aquadata.schema.environmental"
    label = "environmental"
    default_auto_field = "django.db.models.BigAutoField"
