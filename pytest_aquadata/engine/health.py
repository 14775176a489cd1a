"""Fish health: vaccinations in freshwater, health sampling every 30 days from Post-Smolt on (75 fish,
9 parameters scored 0-3), disease outbreaks' journal and treatments, and the journal entries that go with them and
with escapes."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.engine.lifecycle import Segment
from pytest_aquadata.engine.outbreaks import which as sick_rings
from pytest_aquadata.farm import biology, catalog
from pytest_aquadata.farm.catalog import HEALTH_SAMPLE_FISH, HEALTH_SAMPLING_EVERY, VACCINATION_DAY, VACCINATION_STAGE
from pytest_aquadata.rows import Labels, Nullable, TableRows

SCORE_SHARES = np.array([0.70, 0.22, 0.06, 0.02])  # of scores 0, 1, 2, 3


def vaccinations(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray) -> list[TableRows]:
    """One vaccination per tank of the Parr stage, and a journal entry for the batch."""
    if seg.stage.name != VACCINATION_STAGE or seg.days <= VACCINATION_DAY:
        return []
    k = len(seg.containers)
    vaccine = list(ctx.ids.vaccination_types)[ctx.batch.index % len(ctx.ids.vaccination_types)]
    dosage = {v[0]: v[2] for v in catalog.VACCINATION_TYPES}.get(vaccine, "")
    when = (ctx.start + seg.start_day + VACCINATION_DAY).astype("datetime64[us]") + np.timedelta64(9, "h")
    treatment = TableRows("health_treatment", k, dict(
        id=ctx.block.take("treatment", k), batch_id=np.full(k, ctx.bid), container_id=container_ids,
        batch_assignment_id=aids, treatment_date=np.full(k, when), treatment_type="vaccination",
        vaccination_type_id=np.full(k, ctx.ids.vaccination_types[vaccine]), description=f"Vaccination: {vaccine}",
        dosage=dosage, duration_days=np.ones(k, dtype=np.int64), withholding_period_days=np.zeros(k, dtype=np.int64),
        outcome="successful"))
    journal = TableRows("health_journalentry", 1, dict(
        id=ctx.block.take("journal", 1), batch_id=np.array([ctx.bid]), container_id=None,
        entry_date=np.array([when + np.timedelta64(8, "h")]), category="vaccination", severity="low",
        description=f"{k} tanks vaccinated with {vaccine}", resolution_status=np.ones(1, dtype=bool),
        resolution_notes=""))
    return [treatment, journal]


def sampling(ctx: BatchContext, seg: Segment, aids: np.ndarray) -> list[TableRows]:
    """Every 30 days from Post-Smolt on, one tank or ring in turn (the next that still holds fish): 75 fish
    weighed, measured and scored."""
    days = np.arange(seg.start_day, seg.end_day)
    offsets = days[catalog.is_health_sampling_day(days)] - seg.start_day
    n = len(offsets)
    if n == 0:
        return []
    k = len(seg.containers)
    turn = (offsets // HEALTH_SAMPLING_EVERY) % k
    order = (turn[:, None] + np.arange(k)[None, :]) % k  # (n, k) the containers from this one's turn on
    container = order[np.arange(n), np.argmax(seg.present[order, offsets[:, None]], axis=1)]
    rng = ctx.stream("health")
    weights = seg.weight_g[container, offsets][:, None] * rng.lognormal(-0.5 * 0.12**2, 0.12, size=(n, HEALTH_SAMPLE_FISH))
    k_factor = rng.uniform(1.0, 1.3, size=(n, HEALTH_SAMPLE_FISH))
    lengths = np.cbrt(100 * weights / k_factor)
    event_ids = ctx.block.take("health_sampling", n)
    events = TableRows("health_healthsamplingevent", n, dict(
        id=event_ids, assignment_id=aids[container], sampling_date=ctx.start + seg.start_day + offsets,
        number_of_fish_sampled=np.full(n, HEALTH_SAMPLE_FISH), avg_weight_g=weights.mean(axis=1),
        avg_length_cm=lengths.mean(axis=1), avg_k_factor=(100 * weights / lengths**3).mean(axis=1), notes=""))
    fish = n * HEALTH_SAMPLE_FISH
    fish_ids = ctx.block.take("health_fish", fish)
    observations = TableRows("health_individualfishobservation", fish, dict(
        id=fish_ids, sampling_event_id=np.repeat(event_ids, HEALTH_SAMPLE_FISH),
        fish_identifier=Labels(np.tile(np.arange(HEALTH_SAMPLE_FISH), n), [f"H{i + 1:03d}" for i in range(HEALTH_SAMPLE_FISH)]),
        weight_g=weights.ravel(), length_cm=lengths.ravel()))
    params = np.array([ctx.ids.health_parameters[name] for name in catalog.HEALTH_PARAMETERS])  # ours, by name
    scores = fish * len(params)
    score_rows = TableRows("health_fishparameterscore", scores, dict(
        id=ctx.block.take("health_score", scores), individual_fish_observation_id=np.repeat(fish_ids, len(params)),
        parameter_id=np.tile(params, fish), score=rng.choice(4, size=scores, p=SCORE_SHARES)))
    journal = TableRows("health_journalentry", n, dict(
        id=ctx.block.take("journal", n), batch_id=np.full(n, ctx.bid), container_id=None,
        entry_date=(ctx.start + seg.start_day + offsets).astype("datetime64[us]") + np.timedelta64(15, "h"),
        category="sample", severity="low", description=f"Health sampling of {HEALTH_SAMPLE_FISH} fish, 9 parameters scored",
        resolution_status=np.ones(n, dtype=bool), resolution_notes=""))
    return [events, observations, score_rows, journal, _lab_samples(ctx, seg, aids[container], offsets, container)]


#: A sampling's gill swab goes to the laboratory the day it is taken, and its result comes back this many days later
#: (a commercial fish health laboratory's PCR turnaround is about a week).
LAB_DAYS = 7


def _lab_samples(ctx: BatchContext, seg: Segment, assignments: np.ndarray, offsets: np.ndarray,
                 container: np.ndarray) -> TableRows:
    """Each sampling's gill swab: positive for the outbreak that made the sampled ring sick that day (the engine's
    outbreaks), else negative; no result yet where it would come back after the history ends."""
    n = len(offsets)
    taken = ctx.start + seg.start_day + offsets
    back = taken + LAB_DAYS
    pending = back > np.datetime64(ctx.history_end, "D")
    sick = sick_rings(seg.outbreaks, seg.present.shape)[container, offsets]
    findings = ["No pathogen detected", *(f"Positive: {o.name}" for o in seg.outbreaks)]
    return TableRows("health_healthlabsample", n, dict(
        id=ctx.block.take("lab_sample", n), batch_container_assignment_id=assignments,
        sample_type_id=np.full(n, ctx.ids.sample_types[LAB_SAMPLE_TYPE]), sample_date=taken, date_sent_to_lab=taken,
        date_results_received=Nullable(back, pending),
        lab_reference_id=Labels(np.arange(n), [f"LAB-{ctx.batch.batch_number}-{ctx.start + seg.start_day + o}"
                                               for o in offsets]),
        findings_summary=Labels(np.where(pending, len(findings), sick + 1), [*findings, None])))


#: What a sampling sends to the laboratory (farm/build.py's sample types).
LAB_SAMPLE_TYPE = "Gill swab"


def outbreaks(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray) -> list[TableRows]:
    """A disease outbreak's journal: an entry on each ring's first sick day (raised mortality or fish off their
    feed), the diagnosis on the day its first ring's deaths begin, and, where the disease has a treatment, each
    sick ring's treatment on its day with an entry for it (engine/outbreaks.py)."""
    entries: list[tuple[int, int, str, str, str]] = []  # (ring, day, category, severity, description)
    treated: list[tuple[int, int, tuple[str, str, int, float]]] = []
    for o in seg.outbreaks:
        onset = biology.DISEASES[o.disease][2]
        entries += [(s.ring, s.first, "issue", "high", "Fish off their feed, samples sent for diagnosis") for s in o.rings]
        first = o.rings[0]
        entries.append((first.ring, first.first + onset, "diagnosis", "high",
                        f"Diagnosed: {o.name}, starting in this ring"))
        if o.treatment is not None:
            treated += [(s.ring, s.first + o.treatment[2], o.treatment) for s in o.rings if s.first + o.treatment[2] <= s.last]
    out = []
    if treated:
        n = len(treated)
        ring = np.array([r for r, _, _ in treated])
        when = ((ctx.start + seg.start_day + np.array([d for _, d, _ in treated])).astype("datetime64[us]")
                + np.timedelta64(9, "h"))
        kinds = sorted({t for _, _, t in treated})
        kind = np.array([kinds.index(t) for _, _, t in treated])
        out.append(TableRows("health_treatment", n, dict(
            id=ctx.block.take("treatment", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[ring],
            batch_assignment_id=aids[ring], treatment_date=when, treatment_type="physical", vaccination_type_id=None,
            description=Labels(kind, [t[0] for t in kinds]), dosage=Labels(kind, [t[1] for t in kinds]),
            duration_days=np.ones(n, dtype=np.int64), withholding_period_days=np.zeros(n, dtype=np.int64),
            outcome="successful")))
        entries += [(r, d, "treatment", "medium", f"Treated: {t[0]}") for r, d, t in treated]
    if entries:
        n = len(entries)
        texts = sorted({e[4] for e in entries})
        out.append(TableRows("health_journalentry", n, dict(
            id=ctx.block.take("journal", n), batch_id=np.full(n, ctx.bid),
            container_id=container_ids[np.array([e[0] for e in entries])],
            entry_date=(ctx.start + seg.start_day + np.array([e[1] for e in entries])).astype("datetime64[us]")
            + np.timedelta64(11, "h"),
            category=Labels(np.array([["issue", "diagnosis", "treatment"].index(e[2]) for e in entries]),
                            ["issue", "diagnosis", "treatment"]),
            severity=Labels(np.array([e[3] == "medium" for e in entries], dtype=np.int64), ["high", "medium"]),
            description=Labels(np.array([texts.index(e[4]) for e in entries]), texts),
            resolution_status=np.ones(n, dtype=bool), resolution_notes="")))
    return out


def escape_journal(ctx: BatchContext, seg: Segment, container_ids: np.ndarray) -> list[TableRows]:
    """A journal entry on the day a ring's count finds fish missing that no death explains (engine/escapes.py)."""
    c_idx, d_idx = np.nonzero(seg.escaped > 0)
    n = len(c_idx)
    if n == 0:
        return []
    missing = seg.escaped[c_idx, d_idx]
    return [TableRows("health_journalentry", n, dict(
        id=ctx.block.take("journal", n), batch_id=np.full(n, ctx.bid), container_id=container_ids[c_idx],
        entry_date=(ctx.start + seg.start_day + d_idx).astype("datetime64[us]") + np.timedelta64(10, "h"),
        category="issue", severity="high",
        description=Labels(np.arange(n), [f"Net damage found: {m:,} fish missing at the count, no mortality to explain "
                                          "them" for m in missing]),
        resolution_status=np.ones(n, dtype=bool), resolution_notes="Net repaired by divers"))]
