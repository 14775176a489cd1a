"""The feeding table read as a farmer reads it: the row of the fish's weight class, the temperature
interpolated between the printed columns."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.farm import biology

_UPPER_G = np.array([upper for upper, _ in biology.FEED_TABLE])
_TEMPERATURES = np.array(biology.FEED_TABLE_TEMPERATURES_C, dtype=float)
_PCT = np.array([row for _, row in biology.FEED_TABLE])


def ration_pct(temp_c: np.ndarray, weight_g: np.ndarray) -> np.ndarray:
    """% of biomass a day the table gives fish of ``weight_g`` in water of ``temp_c`` (arrays of one shape)."""
    row = np.minimum(np.searchsorted(_UPPER_G, weight_g, side="left"), len(_UPPER_G) - 1)
    t = np.clip(temp_c, _TEMPERATURES[0], _TEMPERATURES[-1])
    col = np.clip(np.searchsorted(_TEMPERATURES, t, side="right") - 1, 0, len(_TEMPERATURES) - 2)
    frac = (t - _TEMPERATURES[col]) / (_TEMPERATURES[col + 1] - _TEMPERATURES[col])
    return _PCT[row, col] * (1 - frac) + _PCT[row, col + 1] * frac
