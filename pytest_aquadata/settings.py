"""Django settings for the aquadata schema alone: what the plugin configures when a project has no
settings of its own (``djangoconf.configure`` swaps in the run's database), and what mypy's Django
plugin reads to type the models."""

from pytest_aquadata.schema import SCHEMA_APPS

INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", *SCHEMA_APPS]
DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "aquadata"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
SECRET_KEY = "pytest-aquadata"
