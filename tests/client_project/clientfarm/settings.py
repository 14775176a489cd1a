"""The client project's settings: its own apps with our labels and an unrelated app. Like AquaMind's, they do not
name the plugin's ledger app: the plugin adds it for the run."""

import os

from pytest_aquadata.conninfo import django_database

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "clientfarm.apps.InfrastructureConfig",
    "clientfarm.apps.BroodstockConfig",
    "clientfarm.apps.BatchConfig",
    "clientfarm.apps.InventoryConfig",
    "clientfarm.apps.EnvironmentalConfig",
    "clientfarm.apps.HealthConfig",
    "clientfarm.apps.HarvestConfig",
    "clientfarm.apps.FinanceConfig",
    "clientfarm.apps.ScenarioConfig",
    "clientfarm.crm",
]
#: ``manage.py migrate`` reads the database from the environment; under pytest the plugin points Django at the
#: run's database itself.
DATABASES = {"default": django_database(os.environ.get("CLIENT_DATABASE_URL", "dbname=clientfarm"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
SECRET_KEY = "clientfarm"
#: A required field of ours the client has and no rule fills.
AQUADATA_FILL = {"inventory.FeedPurchase.invoice_ref": "GENERATED"}
