"""Work that a run's processes split instead of each doing whole: the checks' scans of the largest tables.

Under xdist, each worker has its own Dataset, and the checks that scan every reading may run in both workers (one
counts the rows for rows-within-schedule, the other for ledger-matches-records). Each such scan is cut into units (a
readings partition, a table), and each unit is computed once, by whichever process takes its lock first; the others
read its result from the folder the run's processes share. Two workers that need the same scan at once split it
between them; one alone does it all.

The folder is the one pytest-xdist's documentation gives for this: the parent of each worker's base temporary
directory, which is the run's own (``tmp_path_factory.getbasetemp().parent``). A process without it (not
distributed, or a Dataset made in a test) computes every unit itself. A unit's lock is held while it is computed, so
a process killed mid-unit leaves it for another to compute.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class Shared:
    """Units of work computed once across the processes that share ``folder`` (None: by this process alone)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def each(self, scan: str, units: list[str], compute: Callable[[str], T]) -> dict[str, T]:
        """``compute(unit)`` for every unit of ``scan``: first the units no other process holds, then (waiting for
        each) those another process was computing."""
        if self.folder is None:
            return {unit: compute(unit) for unit in units}
        import fasteners  # type: ignore[import-untyped]

        results: dict[str, T] = {}
        for blocking in (False, True):
            for unit in units:
                if unit in results:
                    continue
                path = self.folder / hashlib.sha1(f"{scan}\0{unit}".encode()).hexdigest()
                lock = fasteners.InterProcessLock(str(path) + ".lock")
                if not lock.acquire(blocking=blocking):
                    continue
                try:
                    results[unit] = _load_or_compute(path, lambda u=unit: compute(u))  # type: ignore[misc]
                finally:
                    lock.release()
        return results


def _load_or_compute(path: Path, compute: Callable[[], T]) -> T:
    """The unit's result as another process stored it, or computed here and stored for the others (written whole,
    then renamed, so no reader sees a part)."""
    if path.exists():
        with path.open("rb") as f:
            return pickle.load(f)  # type: ignore[no-any-return]
    result = compute()
    partial = path.with_suffix(f".{os.getpid()}")
    with partial.open("wb") as f:
        pickle.dump(result, f)
    os.replace(partial, path)
    return result
