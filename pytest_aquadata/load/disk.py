"""The disk a run needs, stated and checked before anything is written.

Bytes per row are measured on the full profile (heap, TOAST and every index, after the deferred index
builds) with PostgreSQL 18; tables not listed are small and counted at a generous flat rate. The
embedded server's write-ahead log can also grow to its max_wal_size while loading.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.plan.model import PlannedBatch
from pytest_aquadata.plan.volumes import batch_rows

BYTES_PER_ROW: dict[str, int] = {
    "environmental_environmentalreading": 152,
    "batch_actualdailyassignmentstate": 241,
    "batch_mortalityevent": 142,
    "batch_individualgrowthobservation": 136,
    "inventory_feedingevent": 189,
    "health_fishparameterscore": 140,
    "health_licecount": 147,
}
OTHER_BYTES_PER_ROW = 500
MARGIN = 1.15
GB = 1024**3


def needed_bytes(batches: list[PlannedBatch], history_end: dt.date, wal_bytes: int) -> int:
    """Bytes the given (missing) batches will occupy once written and indexed, plus the WAL's room."""
    total = 0
    for batch in batches:
        for table, (_, high) in batch_rows(batch, history_end).items():
            total += high * BYTES_PER_ROW.get(table, OTHER_BYTES_PER_ROW)
    return int(total * MARGIN) + (wal_bytes if batches else 0)


def check_free_space(folder: Path, needed: int, batches: int) -> None:
    """Refuse early, with the figures, when ``folder``'s file system cannot hold ``needed`` more bytes."""
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise AquadataError(
            f"generating the {batches} missing batches needs about {needed / GB:.1f} GB on the disk of {folder}, "
            f"which has {free / GB:.1f} GB free.\nFix: free some space, point --aquadata-dir at a larger disk, "
            "or use a smaller profile.")
