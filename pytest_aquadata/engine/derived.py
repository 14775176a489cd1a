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


#: AquaMind's growth sample aggregates (apps/batch/models/growth.py, GrowthSample.calculate_aggregates and
#: calculate_condition_factor, at cb41030): the observations' mean, Django's StdDev (the population's: STDDEV_POP),
#: min and max, and the condition factor from the means, K = 100 x mean weight / mean length^3, to 0.01, half up.
K_DECIMALS = 2


def sample_statistics(weights: np.ndarray, lengths: np.ndarray) -> dict[str, np.ndarray]:
    """Each sample's (row's) aggregates of its fish's ``weights`` and ``lengths`` (samples, fish), by AquaMind's rule.
    The condition factor of the means is not the mean of the fish's: for 30 fish of a 15 % weight spread it lies some
    3 % above it."""
    mean_w, mean_l = weights.mean(axis=1), lengths.mean(axis=1)
    k = 100 * mean_w / mean_l**3
    return dict(sample_size=np.full(len(weights), weights.shape[1]), avg_weight_g=mean_w, avg_length_cm=mean_l,
                std_deviation_weight=weights.std(axis=1), std_deviation_length=lengths.std(axis=1),
                min_weight_g=weights.min(axis=1), max_weight_g=weights.max(axis=1),
                condition_factor=np.floor(k * 10**K_DECIMALS + 0.5) / 10**K_DECIMALS)
