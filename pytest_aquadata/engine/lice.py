"""The lice counts of the rings while they hold fish, and the delousings they triggered, as rows
(the population itself: engine/infestation.py)."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.infestation import ADULT_FEMALE, ADULT_MALE, TYPES
from pytest_aquadata.engine.lifecycle import Segment
from pytest_aquadata.farm import biology, catalog
from pytest_aquadata.rows import Labels, TableRows


def rows(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray) -> list[TableRows]:
    """Lice counts of the rings while they hold fish, and their delousings."""
    lice = seg.lice
    if lice is None or not len(lice.count_days):
        return []
    counted = seg.lice_counted  # (k, weeks)
    c_idx, w_idx, t_idx = np.nonzero(np.broadcast_to(counted[:, :, None], lice.counts.shape))
    n = len(c_idx)
    when = (ctx.start + seg.start_day + lice.count_days).astype("datetime64[us]") + np.timedelta64(catalog.LICE_COUNT_HOUR, "h")
    count = lice.counts[c_idx, w_idx, t_idx]
    # the same counts by category, for a model that records them so (mapping/shapes.py): the salmon louse's
    # adult females, adult males, and its younger stages; Caligus is none of them
    category = np.array([0 if t == ADULT_FEMALE else 1 if t == ADULT_MALE else 2 if t[2] != "adult" else 3
                         for t in TYPES])[t_idx]
    counts = TableRows("health_licecount", n, dict(
        adult_female_count=np.where(category == 0, count, 0), adult_male_count=np.where(category == 1, count, 0),
        juvenile_count=np.where(category == 2, count, 0),
        id=ctx.block.take("lice", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        lice_type_id=np.array([ctx.ids.lice_types[t] for t in TYPES])[t_idx], count_value=count,
        fish_sampled=np.full(n, catalog.LICE_FISH_SAMPLED), count_date=when[w_idx], detection_method="manual",
        confidence_level="high", notes=""))
    return [counts, *_treatments(ctx, seg, aids, container_ids, when)]


def _treatments(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray,
                count_times: np.ndarray) -> list[TableRows]:
    lice = seg.lice
    assert lice is not None
    c_idx, w_idx = np.nonzero(seg.deloused)
    n = len(c_idx)
    if n == 0:
        return []
    kind = lice.kind[c_idx, w_idx]
    # the next morning, or the first calm one after a storm (engine/infestation.py)
    when = count_times[w_idx] + np.timedelta64(23, "h") + lice.delay[w_idx].astype("timedelta64[D]")
    treatments = biology.TREATMENTS
    treatment = TableRows("health_treatment", n, dict(
        id=ctx.block.take("treatment", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        batch_assignment_id=aids[c_idx], treatment_date=when,
        treatment_type=Labels(kind, [t[0] for t in treatments]), vaccination_type_id=None,
        description=Labels(kind, [t[1] for t in treatments]), dosage=Labels(kind, [t[2] for t in treatments]),
        duration_days=np.where(kind == 3, 7, 1), withholding_period_days=np.array([t[3] for t in treatments])[kind],
        outcome="successful"))
    journal = TableRows("health_journalentry", n, dict(
        id=ctx.block.take("journal", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        entry_date=when + np.timedelta64(4, "h"), category="treatment", severity="medium",
        description=Labels(kind, [f"Lice above {biology.LICE_THRESHOLD} adult females per fish: {t[1]}" for t in treatments]),
        resolution_status=np.ones(n, dtype=bool), resolution_notes="Count after treatment below threshold"))
    return [treatment, journal]

