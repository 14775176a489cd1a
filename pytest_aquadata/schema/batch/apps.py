from django.apps import AppConfig


class BatchConfig(AppConfig):
    name = "pytest_aquadata.schema.batch"
    label = "batch"
    default_auto_field = "django.db.models.BigAutoField"
