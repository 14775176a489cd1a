"""The disk a run needs, stated and checked before anything is written.

Bytes per row are measured on the full profile (heap, TOAST and every index, after the deferred index
builds) with PostgreSQL 18; tables not listed are small and counted at a generous flat rate. While
loading, the embedded server also keeps the write-ahead log that the COPYs produce, about as many bytes
again as the rows take (measured on smoke: 352 MB of WAL for a 307 MB database), until a checkpoint
recycles it, so never more than its max_wal_size.
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


#: WAL bytes written per byte of the estimated data (COPY into existing tables is WAL-logged; the
#: deferred index builds are not, under wal_level=minimal).
WAL_PER_DATA_BYTE = 1.2


def needed_bytes(batches: list[PlannedBatch], history_end: dt.date, max_wal_bytes: int) -> int:
    """Bytes the given (missing) batches will occupy once written and indexed, plus the WAL writing them
    produces, which the server keeps up to ``max_wal_bytes``."""
    total = 0
    for batch in batches:
        for table, (_, high) in batch_rows(batch, history_end).items():
            total += high * BYTES_PER_ROW.get(table, OTHER_BYTES_PER_ROW)
    data = int(total * MARGIN)
    return data + min(int(data * WAL_PER_DATA_BYTE), max_wal_bytes)


def check_free_space(folder: Path, needed: int, batches: int) -> None:
    """Refuse early, with the figures, when ``folder``'s file system cannot hold ``needed`` more bytes."""
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise AquadataError(
            f"generating the {batches} missing batches needs about {needed / GB:.1f} GB on the disk of {folder}, "
            f"which has {free / GB:.1f} GB free.\nFix: free some space, point --aquadata-dir at a larger disk, "
            "or use a smaller profile.")
