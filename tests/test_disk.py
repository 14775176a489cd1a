"""The disk a run needs is stated and checked before anything is written (issue 7)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.load import disk
from pytest_aquadata.plan import yamlformat
from pytest_aquadata.plan.profiles import profile_path


def _needed(profile: str) -> int:
    schedule = yamlformat.load(profile_path(profile))
    return disk.needed_bytes(list(schedule.batches), schedule.history_end, wal_bytes=0)


def test_the_full_profile_needs_what_it_was_measured_to_take() -> None:
    """Measured: 26 GB for the full profile's 180 M rows with every index (README, Performance)."""
    full = _needed("full") / disk.GB
    assert 24 <= full <= 35, full
    assert _needed("smoke") < _needed("medium") < _needed("saturation") < _needed("full")
    assert disk.needed_bytes([], yamlformat.load(profile_path("smoke")).history_end, 8 * disk.GB) == 0


def test_a_disk_without_room_is_refused_with_the_figures(tmp_path: Path) -> None:
    free = shutil.disk_usage(tmp_path).free
    disk.check_free_space(tmp_path, free // 2, 10)
    with pytest.raises(AquadataError, match=r"needs about .* GB on the disk of .* which has .* GB free.*\nFix:"):
        disk.check_free_space(tmp_path, free + 10 * disk.GB, 550)


def test_pytest_refuses_the_full_farm_on_a_small_disk_before_writing(run_aquadata) -> None:  # type: ignore[no-untyped-def]
    """A RAM disk (/dev/shm, half the memory) cannot hold the full farm plus the WAL's room."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or shutil.disk_usage(shm).free > _needed("full") + 8 * disk.GB:
        pytest.skip("no /dev/shm smaller than the full farm on this machine")
    folder = shm / f"aquadata-disk-{uuid.uuid4().hex[:8]}"
    try:
        refused = run_aquadata("--aquadata=full", f"--aquadata-dir={folder}")
        assert refused.ret == pytest.ExitCode.USAGE_ERROR
        refused.stderr.fnmatch_lines(["*generating the 550 missing batches needs about * GB on the disk of *"
                                      "which has * GB free.", "Fix: free some space, point --aquadata-dir*"])
        databases = [sum(f.stat().st_size for f in d.rglob("*")) for d in (folder / "pgdata" / "base").iterdir()]
        assert len(databases) == 4, "template0, template1, postgres and the (empty) aquadata database"
        assert max(databases) < 12 * 1024**2, f"no migrations, no farm: {databases}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
