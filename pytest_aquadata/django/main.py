"""The pytest process that ``FarmRunner`` starts: ``python -m pytest_aquadata.django.main ARGV PYTEST_ARGS...``.

Settings modules often ask how they were started (AquaMind's makes Celery eager when ``'test' in sys.argv``, a
common Django idiom). So the process keeps the ``manage.py test ...`` command line in ``sys.argv`` (ARGV, as JSON)
for the settings to see, and hands pytest its own arguments directly: the settings read what they would under
Django's runner, and pytest runs exactly what the runner asked for."""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    """Run pytest with ``argv[1:]`` while ``sys.argv`` is the command line in ``argv[0]`` (JSON)."""
    import pytest

    sys.argv = json.loads(argv[0])
    return int(pytest.main(argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
