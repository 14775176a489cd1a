from django.apps import AppConfig


class BroodstockConfig(AppConfig):
    name = "pytest_aquadata.schema.broodstock"
    label = "broodstock"
    default_auto_field = "django.db.models.BigAutoField"
