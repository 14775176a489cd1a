"""Packages: the plugin, the factories, and the top-level schedules/ folder shipped inside the plugin as
``pytest_aquadata.schedules`` (pyproject.toml alone cannot map a folder into a found package)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["pytest_aquadata", "pytest_aquadata.*", "factories", "factories.*"]),
              "pytest_aquadata.schedules"],
    package_dir={"pytest_aquadata.schedules": "schedules"},
)
