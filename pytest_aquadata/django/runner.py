"""``manage.py test`` on the farm: ``TEST_RUNNER = "pytest_aquadata.django.FarmRunner"``.

The runner does not generate anything itself: it runs the labels with pytest and this plugin, in a process of its
own, so the farm is generated or reused by exactly the code path of ``pytest --aquadata`` (its server, ledger,
workers and checks; the settings still see ``manage.py test`` in ``sys.argv``, main.py), FarmTestCase classes run
on the farm, and every other test on Django's test database, set up as pytest-django sets it up. The options come
from the command line (``manage.py test --aquadata=medium``), else from settings (``AQUADATA``, the profile or
schedule; ``AQUADATA_VERIFY``), else the plugin's environment variables (AQUADATA_DATABASE_URL, AQUADATA_SEED,
AQUADATA_TODAY, AQUADATA_DIR), as under pytest."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import subprocess
import sys
from typing import Any

#: Django's runner finds tests in files named test*.py; pytest's default is test_*.py and *_test.py.
DJANGO_TEST_FILES = "test*.py"


class FarmRunner:
    """A Django test runner (the interface of django.test.runner.DiscoverRunner that ``manage.py test`` uses)."""

    def __init__(self, verbosity: int = 1, failfast: bool = False, keepdb: bool = False, aquadata: str | None = None,
                 aquadata_verify: bool = False, **kwargs: Any) -> None:
        from django.conf import settings

        self.verbosity, self.failfast, self.keepdb = verbosity, failfast, keepdb
        self.profile = aquadata or getattr(settings, "AQUADATA", None) or "smoke"
        self.verify = aquadata_verify or bool(getattr(settings, "AQUADATA_VERIFY", False))
        self.settings_module = os.environ.get("DJANGO_SETTINGS_MODULE") or settings.SETTINGS_MODULE

    @classmethod
    def add_arguments(cls, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--aquadata", metavar="PROFILE|PATH",
                            help="the farm: smoke, medium, saturation, full or a schedule YAML (default: settings."
                                 "AQUADATA, else smoke)")
        parser.add_argument("--aquadata-verify", action="store_true",
                            help="also run the verification checks, as tests (default: settings.AQUADATA_VERIFY)")
        for flag, meaning in (("--keepdb", "keep Django's test database between runs"),
                              ("--failfast", "stop at the first failure")):
            # Django's test command defines --failfast itself in some versions (4.2), not in others
            with contextlib.suppress(argparse.ArgumentError):
                parser.add_argument(flag, action="store_true", help=meaning)

    def command(self, test_labels: list[str]) -> list[str]:
        """The pytest command that runs ``test_labels`` (Django's labels: dotted modules, classes and methods, or
        paths) on the farm."""
        args = [sys.executable, "-m", "pytest_aquadata.django.main", json.dumps(sys.argv), f"--aquadata={self.profile}",
                f"--ds={self.settings_module}", "-o", f"python_files={DJANGO_TEST_FILES}", "-p", "no:cacheprovider"]
        args += ["--aquadata-verify"] if self.verify else []
        args += ["--reuse-db"] if self.keepdb else []
        args += ["-x"] if self.failfast else []
        args += {0: ["-q"], 1: [], 2: ["-v"]}.get(self.verbosity, ["-vv"])
        return args + [pytest_target(label) for label in test_labels]

    def run_tests(self, test_labels: list[str], **kwargs: Any) -> int:
        """Run the tests; ``manage.py test`` exits with 1 when this is not 0. Ctrl-C reaches the pytest process too
        (same process group), which stops as a pytest run stops."""
        return subprocess.call(self.command(list(test_labels)))


def pytest_target(label: str) -> str:
    """A Django test label as pytest names the same tests: a path stays a path; ``apps.batch.tests.api`` is the
    package's folder, ``apps.batch.tests.test_x.SomeTest.test_y`` the module's file with ``::SomeTest::test_y``."""
    if os.path.exists(label):
        return label
    parts = label.split(".")
    for end in range(len(parts), 0, -1):
        try:
            spec = importlib.util.find_spec(".".join(parts[:end]))
        except (ImportError, ValueError):
            spec = None
        if spec is None or spec.origin is None:
            if spec is not None and spec.submodule_search_locations:  # a namespace package
                return "::".join([next(iter(spec.submodule_search_locations)), *parts[end:]])
            continue
        path = os.path.dirname(spec.origin) if spec.submodule_search_locations else spec.origin
        return "::".join([os.path.relpath(path), *parts[end:]])
    return label
