from django.apps import AppConfig


class HarvestConfig(AppConfig):
    name = "pytest_aquadata.schema.harvest"
    label = "harvest"
    default_auto_field = "django.db.models.BigAutoField"
