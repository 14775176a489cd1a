"""The plugin's options, each with an ini twin and (where it makes sense) an environment variable.

Resolution order follows pytest-django: command line, then environment, then ini.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from pytest_aquadata.errors import AquadataError

PROFILES = ("smoke", "medium", "saturation", "full")


@dataclass(frozen=True)
class AquadataOptions:
    schedule: str  # a profile name or a schedule path
    database_url: str | None
    seed: int
    today: dt.date | None  # None: reuse the dataset's history end, or today for a new one
    rebuild: bool
    data_dir: Path
    progress_seconds: float | None  # None: 0.5 on a terminal, else 10
    report: Path | None = None  # where to write the HTML report at the end of the run
    scope: str = "marked"  # which Django tests see the farm: "marked" or "all"
    writable: str = "auto"  # keep a pristine copy for tests that commit: "auto", "yes" or "no"


def addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("aquadata", "salmon farm dataset (pytest-aquadata)")
    specs = [
        ("--aquadata", "aquadata", "PROFILE|PATH",
         "generate this profile (smoke, medium, saturation, full) or schedule YAML, then verify it"),
        ("--aquadata-db", "aquadata_db", "URL",
         "PostgreSQL URL to use instead of the embedded server [env AQUADATA_DATABASE_URL]"),
        ("--aquadata-seed", "aquadata_seed", "N", "random seed of the generated history (default 1) [env AQUADATA_SEED]"),
        ("--aquadata-today", "aquadata_today", "YYYY-MM-DD",
         "the day the farm's history ends (default: the dataset's, or today) [env AQUADATA_TODAY]"),
        ("--aquadata-dir", "aquadata_dir", "DIR",
         "where the embedded server keeps its data (default <rootdir>/.aquadata) [env AQUADATA_DIR]"),
        ("--aquadata-progress", "aquadata_progress", "SECONDS",
         "seconds between progress lines while generating (default 0.5 on a terminal, where the line is "
         "updated in place, else 10; 0: only the final line)"),
        ("--aquadata-report", "aquadata_report", "PATH",
         "write an HTML report with charts of the dataset (and the verification result) to PATH at the end of the run"),
        ("--aquadata-scope", "aquadata_scope", "marked|all",
         "which Django tests see the farm: marked (default: @pytest.mark.aquadata or the aquadata_farm fixture; "
         "every other test gets pytest-django's own test database) or all (every database test, and no test "
         "database is created)"),
        ("--aquadata-writable", "aquadata_writable", "auto|yes|no",
         "keep a pristine copy of the farm, so farm tests may commit (transactional_db, live_server); auto "
         "(default): for farms of up to 60 batches (a copy of full is 23 GB)"),
    ]
    for flag, ini, metavar, help_text in specs:
        group.addoption(flag, dest=ini, metavar=metavar, default=None, help=help_text)
        parser.addini(ini, help_text, default=None)
    group.addoption("--aquadata-rebuild", dest="aquadata_rebuild", action="store_true", default=None,
                    help="wipe the generated operational data (keeping infrastructure) and generate again")
    parser.addini("aquadata_rebuild", "wipe and regenerate the operational data", type="bool", default=False)
    group.addoption("--aquadata-verify", dest="aquadata_verify", action="store_true", default=None,
                    help="run the verification suite even when test paths are given (it runs by itself when none are)")
    parser.addini("aquadata_verify", "run the verification suite even when test paths are given", type="bool",
                  default=False)


def verify_requested(config: pytest.Config) -> bool:
    """The verification suite joins a run whose user named no tests, or asked for it: an explicit selection
    (``pytest tests/test_x.py::test_y``) runs only what it selects."""
    named_tests = config.args_source == pytest.Config.ArgsSource.ARGS
    return not named_tests or bool(config.getoption("aquadata_verify") or config.getini("aquadata_verify"))


def _get(config: pytest.Config, name: str, env: str | None = None) -> str | None:
    value = config.getoption(name)
    if value is None and env:
        value = os.environ.get(env)
    if value is None:
        value = config.getini(name)
    return str(value) if value not in (None, "") else None


def is_active(config: pytest.Config) -> bool:
    return _get(config, "aquadata") is not None


def progress_seconds(config: pytest.Config) -> float | None:
    """The progress interval the user set, or None for the default (which depends on the terminal)."""
    text = _get(config, "aquadata_progress")
    if text is None:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if seconds < 0:
        raise AquadataError(f"--aquadata-progress must be a number of seconds (0 or more), not {text!r}.")
    return seconds


def resolve(config: pytest.Config) -> AquadataOptions:
    """Read and validate every option; a bad value raises AquadataError naming the fix."""
    schedule = _get(config, "aquadata")
    assert schedule is not None
    if schedule not in PROFILES:
        path = Path(schedule)
        if not path.is_absolute():
            path = Path(config.invocation_params.dir) / path
        if not schedule.endswith((".yaml", ".yml")) and not path.exists():
            raise AquadataError(
                f"unknown profile {schedule!r}. Fix: use one of {', '.join(PROFILES)}, or a schedule YAML path."
            )
        if not path.is_file():
            raise AquadataError(
                f"schedule file {path} does not exist. Fix: check the path, or write one with `aquadata schedule -o {path}`."
            )
        schedule = str(path)
    seed_text = _get(config, "aquadata_seed", "AQUADATA_SEED") or "1"
    try:
        seed = int(seed_text)
    except ValueError:
        raise AquadataError(f"--aquadata-seed must be a whole number, not {seed_text!r}.") from None
    today_text = _get(config, "aquadata_today", "AQUADATA_TODAY")
    try:
        today = dt.date.fromisoformat(today_text) if today_text else None
    except ValueError:
        raise AquadataError(f"--aquadata-today must be a date as YYYY-MM-DD, not {today_text!r}.") from None
    rebuild = bool(config.getoption("aquadata_rebuild") or config.getini("aquadata_rebuild"))
    data_dir = Path(_get(config, "aquadata_dir", "AQUADATA_DIR") or Path(config.rootpath) / ".aquadata")
    report = _get(config, "aquadata_report")
    scope = _choice(config, "aquadata_scope", ("marked", "all"))
    writable = _choice(config, "aquadata_writable", ("auto", "yes", "no"))
    return AquadataOptions(
        schedule=schedule,
        database_url=_get(config, "aquadata_db", "AQUADATA_DATABASE_URL"),
        seed=seed,
        today=today,
        rebuild=rebuild,
        data_dir=data_dir,
        progress_seconds=progress_seconds(config),
        report=Path(config.invocation_params.dir) / report if report else None,
        scope=scope,
        writable=writable,
    )


def _choice(config: pytest.Config, name: str, choices: tuple[str, ...]) -> str:
    """An option that takes one of ``choices`` (the first is the default)."""
    value = _get(config, name) or choices[0]
    if value not in choices:
        flag = "--" + name.replace("_", "-")
        raise AquadataError(f"{flag} must be one of {', '.join(choices)}, not {value!r} (ini {name}).")
    return value
