from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "pytest_aquadata.schema.ledger"
    label = "aquadata"
    default_auto_field = "django.db.models.BigAutoField"
