from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "pytest_aquadata.schema.users"
    label = "users"
    default_auto_field = "django.db.models.BigAutoField"
