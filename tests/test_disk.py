"""The disk a run needs is stated and checked before anything is written (issues 7 and 14)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.load import disk
from pytest_aquadata.plan import yamlformat
from pytest_aquadata.plan.profiles import profile_path


def _needed(profile: str, max_wal: int = 0) -> int:
    schedule = yamlformat.load(profile_path(profile))
    return disk.needed_bytes(list(schedule.batches), schedule.history_end, max_wal_bytes=max_wal)


def test_the_full_profile_needs_what_it_was_measured_to_take() -> None:
    """Measured: 26 GB for the full profile's 180 M rows with every index (README, Performance)."""
    full = _needed("full") / disk.GB
    assert 24 <= full <= 35, full
    assert _needed("smoke") < _needed("medium") < _needed("saturation") < _needed("full")
    assert disk.needed_bytes([], yamlformat.load(profile_path("smoke")).history_end, 8 * disk.GB) == 0


def test_the_wal_room_grows_with_what_is_written_up_to_max_wal_size() -> None:
    """Smoke's WAL is about its data again, not the whole 8 GB allowance (issue 14); full's is the cap."""
    assert _needed("smoke", 8 * disk.GB) == _needed("smoke") + int(_needed("smoke") * disk.WAL_PER_DATA_BYTE)
    assert _needed("smoke", 8 * disk.GB) < 1 * disk.GB
    assert _needed("full", 8 * disk.GB) == _needed("full") + 8 * disk.GB


def test_a_disk_without_room_is_refused_with_the_figures(tmp_path: Path) -> None:
    free = shutil.disk_usage(tmp_path).free
    disk.check_free_space(tmp_path, free // 2, 10)
    with pytest.raises(AquadataError, match=r"needs about .* GB on the disk of .* which has .* GB free.*\nFix:"):
        disk.check_free_space(tmp_path, free + 10 * disk.GB, 550)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 GiB tmpfs of its own: the smoke farm and its WAL fit, the medium farm cannot."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1G", "tmpfs", str(mount)], capture_output=True, text=True,
                             timeout=60)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs here (root is needed): {mounted.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=True, timeout=60)


def test_on_a_small_disk_a_run_that_fits_completes_and_one_that_cannot_is_refused(  # type: ignore[no-untyped-def]
        small_disk: Path, run_aquadata, verify_tests) -> None:
    folder = small_disk / "aquadata"
    refused = run_aquadata("--aquadata=medium", f"--aquadata-dir={folder}", "--aquadata-today=2026-11-01")
    assert refused.ret == pytest.ExitCode.USAGE_ERROR
    refused.stderr.fnmatch_lines(["*generating the 40 missing batches needs about * GB on the disk of *"
                                  "which has * GB free.", "Fix: free some space, point --aquadata-dir*"])
    databases = [sum(f.stat().st_size for f in d.rglob("*")) for d in (folder / "pgdata" / "base").iterdir()]
    assert len(databases) == 4, "template0, template1, postgres and the (empty) aquadata database"
    assert max(databases) < 12 * 1024**2, f"no migrations, no farm: {databases}"

    smoke = run_aquadata("--aquadata=smoke", f"--aquadata-dir={folder}", "--aquadata-today=2026-11-01")
    smoke.assert_outcomes(passed=verify_tests)
    used = shutil.disk_usage(small_disk).used
    assert used <= _needed("smoke", max_wal=8 * disk.GB) + 100 * 1024**2, "the estimate covers what smoke wrote"
    assert used >= _needed("smoke", max_wal=8 * disk.GB) / 2, "and is not wildly above it"
