"""The client project's settings: its own apps with our labels (the last part of each app's name, as Django
labels apps by default) and an unrelated app. Like AquaMind's, they do not
name the plugin's ledger app: the plugin adds it for the run."""

import os

from pytest_aquadata.conninfo import django_database

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "simple_history",
    "clientfarm.infrastructure",
    "clientfarm.users",
    "clientfarm.broodstock",
    "clientfarm.batch",
    "clientfarm.inventory",
    "clientfarm.environmental",
    "clientfarm.health",
    "clientfarm.harvest",
    "clientfarm.finance",
    "clientfarm.scenario",
    "clientfarm.finance_core",
    "clientfarm.planning",
    "clientfarm.crm",
]
#: ``manage.py migrate`` reads the database from the environment; under pytest the plugin points Django at the
#: run's database itself.
DATABASES = {"default": django_database(os.environ.get("CLIENT_DATABASE_URL", "dbname=clientfarm"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
SECRET_KEY = "clientfarm"
#: The project's own pages (clientfarm/web.py), for its browser tests.
ROOT_URLCONF = "clientfarm.web"
STATIC_URL = "/static/"
#: A required field of ours the client has and no rule fills.
AQUADATA_FILL = {"inventory.FeedPurchase.invoice_ref": "GENERATED"}
