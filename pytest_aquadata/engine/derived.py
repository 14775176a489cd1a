"""Columns the client computes from other facts rather than records, written by the client's own rule (domain.md
§8): a figure a page shows must be the one the client's code would have stored for the same feed and fish."""

from __future__ import annotations

import numpy as np

#: AquaMind computes a day's observed FCR only where the day's biomass gain exceeds 1 kg ("FCR is meaningless for
#: tiny fish"), caps it at 10 ("data quality issues") and stores it to 3 decimals (DecimalField(max_digits=8,
#: decimal_places=3)): apps/batch/services/growth_assimilation.py, MIN_BIOMASS_GAIN_FOR_FCR and the cap, at
#: AquaMind cb41030, lines 625-648 and 692.
FCR_MIN_GAIN_KG = 1.0
FCR_CAP = 10.0
FCR_DECIMALS = 3


def observed_fcr(feed_kg: np.ndarray, gain_kg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A day's feed over its biomass gain, by AquaMind's rule, and where it is defined (elsewhere the column is
    null): feed given and a gain over FCR_MIN_GAIN_KG. Without the rule, a day whose gain was a few grams had an FCR
    in the thousands (5,928 on medium), which AquaMind's column cannot even hold."""
    defined = (gain_kg > FCR_MIN_GAIN_KG) & (feed_kg > 0)
    ratio = feed_kg / np.where(defined, gain_kg, 1.0)
    return np.where(defined, np.round(np.minimum(ratio, FCR_CAP), FCR_DECIMALS), 0.0), defined
