from django.apps import AppConfig


class FinanceCoreConfig(AppConfig):
    name = "pytest_aquadata.schema.finance_core"
    label = "finance_core"
    default_auto_field = "django.db.models.BigAutoField"
