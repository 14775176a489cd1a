"""Escapes: a hole in a ring's net, found at a day's count. A share of the ring's fish is gone, with no death
recorded for them; the ring then holds, feeds and harvests fewer fish.

Planned per sea segment from the batch's own stream ("escapes") and the schedule's rate: at most one escape per ring
and segment, with the chance a Poisson process of the rate gives at least one, never on the ring's first or last
day with fish. Every draw is made whatever the rate, so the rate changes only the escapes.
"""

from __future__ import annotations

import numpy as np

#: The share of a ring's fish that escape: a torn net loses thousands to tens of thousands of a ring's 50-150
#: thousand fish (Scottish and Norwegian escape reports), not the ring.
SHARE = (0.02, 0.10)


def plan(rate: float, present: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(k, days) the share of a ring's fish that escape at the start of each day: 0 but on escape days."""
    k, n = present.shape
    held = present.sum(axis=1)
    usable = np.maximum(held - 2, 0)  # not on the ring's first or last day with fish
    draws = rng.random((k, 3))
    hit = draws[:, 0] < 1 - np.exp(-rate * usable / 365)
    out = np.zeros((k, n))
    for c in np.flatnonzero(hit):
        day = 1 + int(draws[c, 1] * usable[c])
        out[c, day] = SHARE[0] + draws[c, 2] * (SHARE[1] - SHARE[0])
    return out
