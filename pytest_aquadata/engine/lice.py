"""Sea lice in the rings: weekly counts of 20 fish per ring, and the treatments they trigger.

Adult female abundance per fish grows week by week with temperature (faster reproduction) and with
time at sea (more infection pressure from the farm's own and neighbouring stock). When a count finds
more than 0.5 adult females per fish the ring is treated the next day and the population drops by
about 85 %. The other lice stages are shares of the same pressure. The loop is per week (about 65 a
batch), vectorised over the rings.
"""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import Segment
from pytest_aquadata.farm import catalog
from pytest_aquadata.rows import Labels, TableRows

THRESHOLD = 0.5  # adult females per fish
EFFICACY = 0.85
#: lice type -> mean count per fish relative to the adult females
STAGE_SHARE = {
    ("Lepeophtheirus salmonis", "unknown", "copepodid"): 0.3,
    ("Lepeophtheirus salmonis", "unknown", "chalimus"): 1.4,
    ("Lepeophtheirus salmonis", "female", "pre-adult"): 0.6,
    ("Lepeophtheirus salmonis", "male", "pre-adult"): 0.6,
    ("Lepeophtheirus salmonis", "female", "adult"): 1.0,
    ("Lepeophtheirus salmonis", "male", "adult"): 0.8,
    ("Caligus elongatus", "unknown", "adult"): 0.25,
}
ADULT_FEMALE = ("Lepeophtheirus salmonis", "female", "adult")
ADULT_MALE = ("Lepeophtheirus salmonis", "male", "adult")
TREATMENTS = (
    ("physical", "Thermal delousing (Thermolicer)", "", 0),
    ("physical", "Mechanical delousing (Hydrolicer)", "", 0),
    ("medication", "Bath treatment, hydrogen peroxide", "1500 mg/L for 20 min", 0),
    ("medication", "In-feed emamectin benzoate (Slice)", "50 ug/kg/day for 7 days", 60),
)


def rows(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray,
         daily_temp: np.ndarray) -> list[TableRows]:
    """Lice counts and treatments of the Adult segment."""
    k = len(seg.containers)
    weeks = seg.days // 7
    if weeks == 0:
        return []
    count_days = 7 * (np.arange(weeks) + 1) - 1  # within the segment
    temp = daily_temp[:, count_days]
    females = np.empty((k, weeks))
    level = np.full(k, 0.005)
    treated = np.zeros((k, weeks), dtype=bool)
    types = list(STAGE_SHARE)
    counts = np.empty((k, weeks, len(types)), dtype=np.int64)
    shares = np.array(list(STAGE_SHARE.values()))
    for w in range(weeks):
        growth = np.exp(0.07 * (temp[:, w] - 8.0))
        infection = 0.0025 * np.maximum(temp[:, w] - 4.0, 0) * (1 + w / 26)
        level = level * growth + infection * ctx.stream("lice").lognormal(0, 0.3, size=k)
        females[:, w] = level
        counts[:, w, :] = ctx.stream("lice").poisson(catalog.LICE_FISH_SAMPLED * level[:, None] * shares[None, :])
        observed = counts[:, w, types.index(ADULT_FEMALE)] / catalog.LICE_FISH_SAMPLED
        treated[:, w] = observed > THRESHOLD
        level = np.where(treated[:, w], level * (1 - EFFICACY), level)
    c_idx, w_idx, t_idx = np.indices(counts.shape).reshape(3, -1)
    n = counts.size
    when = (ctx.start + seg.start_day + count_days).astype("datetime64[us]") + np.timedelta64(10, "h")
    count = counts.ravel()
    # the same counts by category, for a model that records them so (target/shapes.py): the salmon louse's
    # adult females, adult males, and its younger stages; Caligus is none of them
    category = np.array([0 if t == ADULT_FEMALE else 1 if t == ADULT_MALE else 2 if t[2] != "adult" else 3
                         for t in types])[t_idx]
    lice = TableRows("health_licecount", n, dict(
        adult_female_count=np.where(category == 0, count, 0), adult_male_count=np.where(category == 1, count, 0),
        juvenile_count=np.where(category == 2, count, 0),
        id=ctx.block.take("lice", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        lice_type_id=np.array([ctx.ids.lice_types[t] for t in types])[t_idx], count_value=count,
        fish_sampled=np.full(n, catalog.LICE_FISH_SAMPLED), count_date=when[w_idx], detection_method="manual",
        confidence_level="high", notes=""))
    return [lice, *_treatments(ctx, seg, aids, container_ids, treated, when)]


def _treatments(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray, treated: np.ndarray,
                count_times: np.ndarray) -> list[TableRows]:
    c_idx, w_idx = np.nonzero(treated)
    n = len(c_idx)
    if n == 0:
        return []
    kind = ctx.stream("lice").integers(len(TREATMENTS), size=n)
    when = count_times[w_idx] + np.timedelta64(23, "h")  # the next morning
    keep = when < (np.datetime64(ctx.history_end, "D") + np.timedelta64(1, "D")).astype("datetime64[us]")
    c_idx, kind, when, n = c_idx[keep], kind[keep], when[keep], int(keep.sum())
    if n == 0:
        return []
    treatment = TableRows("health_treatment", n, dict(
        id=ctx.block.take("treatment", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        batch_assignment_id=aids[c_idx], treatment_date=when,
        treatment_type=Labels(kind, [t[0] for t in TREATMENTS]), vaccination_type_id=None,
        description=Labels(kind, [t[1] for t in TREATMENTS]), dosage=Labels(kind, [t[2] for t in TREATMENTS]),
        duration_days=np.where(kind == 3, 7, 1), withholding_period_days=np.array([t[3] for t in TREATMENTS])[kind],
        outcome="successful"))
    journal = TableRows("health_journalentry", n, dict(
        id=ctx.block.take("journal", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        entry_date=when + np.timedelta64(4, "h"), category="treatment", severity="medium",
        description=Labels(kind, [f"Lice above {THRESHOLD} adult females per fish: {t[1]}" for t in TREATMENTS]),
        resolution_status=np.ones(n, dtype=bool), resolution_notes="Count after treatment below threshold"))
    return [treatment, journal]


assert set(STAGE_SHARE) == set(catalog.LICE_TYPES)
