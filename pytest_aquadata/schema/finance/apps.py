from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "pytest_aquadata.schema.finance"
    label = "finance"
    default_auto_field = "django.db.models.BigAutoField"
