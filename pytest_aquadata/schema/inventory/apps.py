from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "pytest_aquadata.schema.inventory"
    label = "inventory"
    default_auto_field = "django.db.models.BigAutoField"
