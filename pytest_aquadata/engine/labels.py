"""One incident a batch lived, before it becomes an ``aquadata_incident`` row: shared by the processes that label
what they did (a sensor's faults are labelled from engine/faults.Fault instead)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Lived(NamedTuple):
    """An incident's kind and window (first and last affected moment), and its scope besides the batch: its sea
    area (an area's event) or one container (index in the segment), or neither."""

    kind: str
    started_at: np.datetime64
    ended_at: np.datetime64
    natural: bool = False
    area: bool = False
    container: int = -1
