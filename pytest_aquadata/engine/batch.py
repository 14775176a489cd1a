"""One planned batch to the rows of every table, as NumPy columns.

Each batch draws from its own generator seeded from (run seed, batch index) and numbers its rows from
its own id block, so its rows are the same whichever process writes it, and in whatever order.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine import environment, growth
from pytest_aquadata.engine.context import Ids
from pytest_aquadata.engine.lifecycle import Segment, Transfer, simulate
from pytest_aquadata.farm import catalog
from pytest_aquadata.load.binary import Labels, Nullable
from pytest_aquadata.load.tables import TableRows, concat
from pytest_aquadata.plan.model import PlannedBatch

ID_BLOCK = 10**9
FEED_TIMES_US = np.array([8, 16]) * 3_600_000_000
FEED_COST_PER_KG = {"Starter Feed 0.5mm": 2.6, "Starter Feed 1.0mm": 2.4, "Grower Feed 2.0mm": 1.9,
                    "Grower Feed 3.0mm": 1.7, "Finisher Feed 4.5mm": 1.5, "Finisher Feed 6.0mm": 1.45}
SAMPLE_FISH = 30
GUTTED, FILLET = 0.86, 0.62


def batch_id(index: int) -> int:
    return (index + 1) * ID_BLOCK


class _IdBlock:
    """Row ids for one batch: ``(index + 1) * 10**9 + n``, counted per table."""

    def __init__(self, index: int):
        self.base = batch_id(index)
        self.next: dict[str, int] = {}

    def take(self, table: str, n: int) -> np.ndarray:
        start = self.next.get(table, 1)
        self.next[table] = start + n
        return self.base + start + np.arange(n, dtype=np.int64)


def generate(batch: PlannedBatch, history_end: dt.date, seed: int, ids: Ids) -> list[TableRows]:
    """Every row of ``batch`` up to ``history_end``, table by table, parents first."""
    rng = np.random.default_rng([seed, batch.index])
    days_alive = batch.days_alive(history_end)
    completed = batch.is_completed(history_end)
    block = _IdBlock(batch.index)
    start = np.datetime64(batch.start_date, "D")
    segments, transfers = simulate(batch, days_alive, rng)
    profile_temp = growth.temperature_by_day(batch.geography, batch.start_date, max(days_alive, 1))
    bid = batch_id(batch.index)

    assignment_ids = [block.take("assignment", len(s.containers)) for s in segments]
    out: list[TableRows] = [_batch_row(batch, bid, ids, segments, completed)]
    out.append(_assignments(batch, bid, ids, segments, assignment_ids, completed, start))
    out += _creation(batch, bid, ids, block, segments[0], assignment_ids[0], start, rng) if segments else []
    out += _transfers(batch, bid, ids, block, transfers, segments, assignment_ids, start)

    states, mortality, samples, observations, feedings, readings = [], [], [], [], [], []
    for seg, aids in zip(segments, assignment_ids, strict=True):
        container_ids = np.array([ids.containers[c] for c in seg.containers], dtype=np.int64)
        env = environment.readings(
            catalog.SENSORS_SEA if seg.stage.hall_letter is None else catalog.SENSORS_FRESHWATER,
            profile_temp[seg.start_day:seg.end_day], seg.stage.hall_letter is None, len(seg.containers), rng)
        daily_temp = env["Temperature"].mean(axis=2)
        feed_kg = _daily_feed(seg, rng)
        readings.append(_readings(bid, ids, block, seg, aids, container_ids, env, start))
        if seg.stage.feed_pct_per_day:
            feedings.append(_feedings(batch, bid, ids, block, seg, aids, container_ids, feed_kg, start, rng))
        states.append(_states(bid, ids, block, seg, aids, container_ids, daily_temp, feed_kg, start))
        mortality.append(_mortality(bid, ids, block, seg, aids, start, rng))
        sample, obs = _growth_samples(block, seg, aids, start, rng)
        samples.append(sample)
        observations.append(obs)
    out += [concat(parts) for parts in (states, mortality, samples, observations, feedings, readings) if parts]
    if completed and segments:
        out += _harvest(batch, bid, ids, block, segments[-1], assignment_ids[-1], start)
    return [t for t in out if t.rows]


def _batch_row(batch: PlannedBatch, bid: int, ids: Ids, segments: list[Segment], completed: bool) -> TableRows:
    stage = segments[-1].stage.name if segments else catalog.STAGES[0].name
    end = np.array([batch.end_date()], dtype="datetime64[D]")
    return TableRows("batch_batch", 1, dict(
        id=np.array([bid]), batch_number=batch.batch_number, species_id=np.array([ids.species]),
        lifecycle_stage_id=np.array([ids.stages[stage]]), status="COMPLETED" if completed else "ACTIVE",
        batch_type="STANDARD", start_date=np.array([batch.start_date], dtype="datetime64[D]"),
        expected_end_date=end, actual_end_date=end if completed else None, notes=""))


def _assignments(batch: PlannedBatch, bid: int, ids: Ids, segments: list[Segment], assignment_ids: list[np.ndarray],
                 completed: bool, start: np.datetime64) -> TableRows:
    parts = []
    for i, (seg, aids) in enumerate(zip(segments, assignment_ids, strict=True)):
        k = len(seg.containers)
        departed = seg.end_day == seg.planned_end_day and (i < len(segments) - 1 or completed)
        parts.append(TableRows("batch_batchcontainerassignment", k, dict(
            id=aids, batch_id=np.full(k, bid), container_id=np.array([ids.containers[c] for c in seg.containers]),
            lifecycle_stage_id=np.full(k, ids.stages[seg.stage.name]), population_count=seg.start_population,
            avg_weight_g=seg.weight_g[:, 0], biomass_kg=seg.start_population * seg.weight_g[:, 0] / 1000,
            assignment_date=np.full(k, start + seg.start_day),
            departure_date=Nullable(np.full(k, start + seg.end_day), np.full(k, not departed)),
            is_active=np.full(k, not departed), last_weighing_date=None, notes="")))
    return concat(parts)


def _creation(batch: PlannedBatch, bid: int, ids: Ids, block: _IdBlock, seg: Segment, aids: np.ndarray,
              start: np.datetime64, rng: np.random.Generator) -> list[TableRows]:
    wid = block.take("creation", 1)
    k = len(seg.containers)
    day = np.array([start])
    supplier = ids.egg_suppliers[int(rng.integers(len(ids.egg_suppliers)))]
    workflow = TableRows("batch_creationworkflow", 1, dict(
        id=wid, workflow_number=f"CRT-{batch.batch_number}", batch_id=np.array([bid]), status="COMPLETED",
        egg_source_type="EXTERNAL", external_supplier_id=np.array([supplier]),
        total_eggs_planned=np.array([batch.eggs]), total_eggs_received=np.array([batch.eggs]),
        total_mortality_on_arrival=np.array([0]), total_actions=np.array([k]), actions_completed=np.array([k]),
        planned_start_date=day, actual_start_date=day, actual_completion_date=day))
    actions = TableRows("batch_creationaction", k, dict(
        id=block.take("creation_action", k), workflow_id=np.full(k, wid[0]), action_number=np.arange(1, k + 1),
        status="COMPLETED", dest_assignment_id=aids, egg_count_planned=seg.start_population,
        egg_count_delivered=seg.start_population, mortality_on_arrival=np.zeros(k, dtype=np.int64),
        expected_delivery_date=np.full(k, start), actual_delivery_date=np.full(k, start)))
    return [workflow, actions]


def _transfers(batch: PlannedBatch, bid: int, ids: Ids, block: _IdBlock, transfers: list[Transfer],
               segments: list[Segment], assignment_ids: list[np.ndarray], start: np.datetime64) -> list[TableRows]:
    if not transfers:
        return []
    workflows, actions = [], []
    for n, tr in enumerate(transfers, start=1):
        src_i = segments.index(tr.source)
        src_ids, dst_ids = assignment_ids[src_i], assignment_ids[src_i + 1]
        wid = block.take("transfer", 1)
        day = np.array([start + tr.day])
        pairs = np.array(tr.pairs, dtype=np.int64)
        m = len(pairs)
        first_of_source = np.r_[True, pairs[1:, 0] != pairs[:-1, 0]]
        moved_weight = tr.source.weight_g[pairs[:, 0], -1]
        biomass = pairs[:, 2] * moved_weight / 1000
        mortality = np.where(first_of_source, tr.mortality[pairs[:, 0]], 0)
        workflows.append(TableRows("batch_batchtransferworkflow", 1, dict(
            id=wid, workflow_number=f"TRF-{batch.batch_number}-{n}", batch_id=np.array([bid]),
            workflow_type="LIFECYCLE_TRANSITION", status="COMPLETED",
            source_lifecycle_stage_id=np.array([ids.stages[tr.source.stage.name]]),
            dest_lifecycle_stage_id=np.array([ids.stages[tr.dest.stage.name]]), planned_start_date=day,
            actual_start_date=day, actual_completion_date=day, total_actions_planned=np.array([m]),
            actions_completed=np.array([m]), total_transferred_count=np.array([pairs[:, 2].sum()]),
            total_mortality_count=np.array([tr.mortality.sum()]), total_biomass_kg=np.array([biomass.sum()]))))
        actions.append(TableRows("batch_transferaction", m, dict(
            id=block.take("transfer_action", m), workflow_id=np.full(m, wid[0]), action_number=np.arange(1, m + 1),
            source_assignment_id=src_ids[pairs[:, 0]], dest_assignment_id=dst_ids[pairs[:, 1]],
            source_population_before=tr.source_before[pairs[:, 0]], transferred_count=pairs[:, 2],
            mortality_during_transfer=mortality, transferred_biomass_kg=biomass, status="COMPLETED",
            planned_date=np.full(m, start + tr.day), actual_execution_date=np.full(m, start + tr.day),
            transfer_method="PUMP")))
    return [concat(workflows), concat(actions)]


def _daily_feed(seg: Segment, rng: np.random.Generator) -> np.ndarray:
    """kg a day per container: what the day's growth costs at the stage's FCR, with day-to-day noise.
    Feed therefore follows biomass, fish size and (through growth) temperature."""
    if seg.stage.feed_pct_per_day == 0:
        return np.zeros_like(seg.weight_g)
    gain_per_fish = np.diff(seg.weight_g, axis=1, append=seg.weight_g[:, -1:] * 2 - seg.weight_g[:, -2:-1]
                            if seg.days > 1 else seg.weight_g[:, -1:] * 1.01)
    gain_kg = np.maximum(gain_per_fish, 0) * seg.population / 1000
    return gain_kg * seg.stage.fcr * rng.lognormal(0, 0.08, size=gain_kg.shape)


def _feed_names(seg: Segment) -> tuple[list[str], np.ndarray]:
    names = [f[0] for f in catalog.FEEDS if f[1] == seg.stage.name]
    codes = np.zeros(seg.weight_g.shape, dtype=np.int64)
    if len(names) > 1:
        codes = (seg.weight_g > catalog.LATE_ADULT_WEIGHT_G).astype(np.int64)
    return names, codes


def _feed_container(batch: PlannedBatch, seg: Segment) -> str:
    if seg.stage.hall_letter is None:
        area = seg.containers[0].rsplit("-Ring-", 1)[0]
        return catalog.barge_names(area)[batch.index % catalog.BARGES_PER_AREA]
    station = seg.containers[0].rsplit(f"-{seg.stage.hall_letter}-C", 1)[0]
    return catalog.silo_name(station, seg.stage.hall_letter)


def _feedings(batch: PlannedBatch, bid: int, ids: Ids, block: _IdBlock, seg: Segment, aids: np.ndarray,
              container_ids: np.ndarray, feed_kg: np.ndarray, start: np.datetime64,
              rng: np.random.Generator) -> TableRows:
    names, codes = _feed_names(seg)
    k, n = feed_kg.shape
    share = np.clip(rng.normal(0.5, 0.04, size=(k, n)), 0.35, 0.65)
    amount = np.stack([feed_kg * share, feed_kg * (1 - share)], axis=2)  # (k, n, 2)
    biomass = np.repeat((seg.population * seg.weight_g / 1000)[:, :, None], 2, axis=2)
    fed = amount > 0
    c_idx, d_idx, t_idx = np.nonzero(fed)
    rows = len(c_idx)
    feed_ids = np.array([ids.feeds[f] for f in names])[codes[c_idx, d_idx]]
    cost = np.array([FEED_COST_PER_KG[f] for f in names])[codes[c_idx, d_idx]]
    values = amount[fed]
    return TableRows("inventory_feedingevent", rows, dict(
        id=block.take("feeding", rows), batch_id=np.full(rows, bid), batch_assignment_id=aids[c_idx],
        container_id=container_ids[c_idx], feed_id=feed_ids,
        feed_container_id=np.full(rows, ids.feed_containers[_feed_container(batch, seg)]),
        feeding_date=start + seg.start_day + d_idx, feeding_time=FEED_TIMES_US[t_idx], amount_kg=values,
        batch_biomass_kg=biomass[fed], feeding_percentage=values / np.maximum(biomass[fed], 1e-9) * 100,
        feed_cost=values * cost, method="AUTOMATIC", notes=""))


def _states(bid: int, ids: Ids, block: _IdBlock, seg: Segment, aids: np.ndarray, container_ids: np.ndarray,
            daily_temp: np.ndarray, feed_kg: np.ndarray, start: np.datetime64) -> TableRows:
    k, n = seg.population.shape
    rows = k * n
    biomass = seg.population * seg.weight_g / 1000
    previous = np.concatenate([(seg.start_population * seg.weight_g[:, 0] / 1000)[:, None], biomass[:, :-1]], axis=1)
    gain = biomass - previous
    fcr_defined = (gain > 0) & (feed_kg > 0)
    fcr = np.where(fcr_defined, feed_kg / np.where(gain > 0, gain, 1), 0)
    day = np.tile(np.arange(seg.start_day, seg.end_day), k)
    return TableRows("batch_actualdailyassignmentstate", rows, dict(
        id=block.take("state", rows), assignment_id=np.repeat(aids, n), batch_id=np.full(rows, bid),
        container_id=np.repeat(container_ids, n), lifecycle_stage_id=np.full(rows, ids.stages[seg.stage.name]),
        date=start + day, day_number=day + 1, avg_weight_g=seg.weight_g.ravel(), population=seg.population.ravel(),
        biomass_kg=biomass.ravel(), temp_c=daily_temp.ravel(), mortality_count=seg.deaths.ravel(),
        feed_kg=feed_kg.ravel(), observed_fcr=Nullable(fcr.ravel(), ~fcr_defined.ravel())))


def _mortality(bid: int, ids: Ids, block: _IdBlock, seg: Segment, aids: np.ndarray, start: np.datetime64,
               rng: np.random.Generator) -> TableRows:
    c_idx, d_idx = np.nonzero(seg.deaths > 0)
    rows = len(c_idx)
    reasons = catalog.MORTALITY_REASONS
    shares = np.array([r[2] for r in reasons])
    reason = rng.choice(len(reasons), size=rows, p=shares / shares.sum())
    reason = np.where(seg.episode[c_idx, d_idx], 1, reason)  # an episode is disease
    causes = sorted({r[1] for r in reasons})
    cause_code = np.array([causes.index(r[1]) for r in reasons])[reason]
    reason_ids = np.array([ids.mortality_reasons[r[0]] for r in reasons])[reason]
    count = seg.deaths[c_idx, d_idx]
    return TableRows("batch_mortalityevent", rows, dict(
        id=block.take("mortality", rows), batch_id=np.full(rows, bid), assignment_id=aids[c_idx],
        event_date=start + seg.start_day + d_idx, count=count, biomass_kg=count * seg.weight_g[c_idx, d_idx] / 1000,
        cause=Labels(cause_code, causes), reason_id=reason_ids,
        description=Labels(seg.episode[c_idx, d_idx].astype(np.int64), ["", "Mortality episode"])))


def _growth_samples(block: _IdBlock, seg: Segment, aids: np.ndarray, start: np.datetime64,
                    rng: np.random.Generator) -> tuple[TableRows, TableRows]:
    """Weekly, from Fry on: 30 fish per container, weights spread around the mean (CV ~15 %), length
    from weight through a condition factor of 1.0-1.3."""
    days = np.arange(seg.start_day, seg.end_day)
    sample_days = days[(days % 7 == 0) & (days >= catalog.STAGES[0].days)] - seg.start_day
    k = len(seg.containers)
    c_idx = np.repeat(np.arange(k), len(sample_days))
    d_idx = np.tile(sample_days, k)
    rows = len(c_idx)
    mean = seg.weight_g[c_idx, d_idx]
    weights = mean[:, None] * rng.lognormal(-0.5 * 0.15**2, 0.15, size=(rows, SAMPLE_FISH))
    k_factor = rng.uniform(1.0, 1.3, size=(rows, SAMPLE_FISH))
    lengths = np.cbrt(100 * weights / k_factor)
    sample_ids = block.take("growth_sample", rows)
    samples = TableRows("batch_growthsample", rows, dict(
        id=sample_ids, assignment_id=aids[c_idx], sample_date=start + seg.start_day + d_idx,
        sample_size=np.full(rows, SAMPLE_FISH), avg_weight_g=weights.mean(axis=1), avg_length_cm=lengths.mean(axis=1),
        std_deviation_weight=weights.std(axis=1, ddof=1), std_deviation_length=lengths.std(axis=1, ddof=1),
        min_weight_g=weights.min(axis=1), max_weight_g=weights.max(axis=1),
        condition_factor=(100 * weights / lengths**3).mean(axis=1), notes=""))
    obs_rows = rows * SAMPLE_FISH
    observations = TableRows("batch_individualgrowthobservation", obs_rows, dict(
        id=block.take("growth_observation", obs_rows), growth_sample_id=np.repeat(sample_ids, SAMPLE_FISH),
        fish_identifier=Labels(np.tile(np.arange(SAMPLE_FISH), rows), [f"F{i + 1:02d}" for i in range(SAMPLE_FISH)]),
        weight_g=weights.ravel(), length_cm=lengths.ravel()))
    return samples, observations


def _readings(bid: int, ids: Ids, block: _IdBlock, seg: Segment, aids: np.ndarray, container_ids: np.ndarray,
              env: dict[str, np.ndarray], start: np.datetime64) -> TableRows:
    k, n = seg.population.shape
    hours = len(environment.HOURS)
    per_param = k * n * hours
    day = np.arange(seg.start_day, seg.end_day)
    times = ((start + day).astype("datetime64[us]")[:, None]
             + (environment.HOURS * 3_600_000_000).astype("timedelta64[us]")[None, :])  # (n, hours)
    names = list(env)
    rows = per_param * len(names)
    sensor = np.array([[ids.sensors[(int(c), p)] for p in names] for c in container_ids])  # (k, params)
    return TableRows("environmental_environmentalreading", rows, dict(
        id=block.take("reading", rows),
        parameter_id=np.repeat(np.array([ids.parameters[p] for p in names]), per_param),
        container_id=np.tile(np.repeat(container_ids, n * hours), len(names)), batch_id=np.full(rows, bid),
        sensor_id=np.repeat(sensor.T, n * hours, axis=1).ravel(),
        batch_container_assignment_id=np.tile(np.repeat(aids, n * hours), len(names)),
        value=np.concatenate([env[p].ravel() for p in names]),
        reading_time=np.tile(np.broadcast_to(times, (k, n, hours)).ravel(), len(names)),
        is_manual=np.zeros(rows, dtype=bool)))


def _harvest(batch: PlannedBatch, bid: int, ids: Ids, block: _IdBlock, seg: Segment, aids: np.ndarray,
             start: np.datetime64) -> list[TableRows]:
    """Per ring one harvest event on the harvest day, five grade lots (10/40/35/12/3 %), a fact per lot."""
    k = len(seg.containers)
    final = seg.population[:, -1]
    weight = seg.weight_g[:, -1]
    when = (start + batch.harvest_day).astype("datetime64[us]") + np.timedelta64(7, "h")
    event_ids = block.take("harvest", k)
    shares = np.array([g[2] for g in catalog.PRODUCT_GRADES])
    grades = len(shares)
    counts = np.floor(final[:, None] * shares[None, :]).astype(np.int64)
    counts[:, 1] += final - counts.sum(axis=1)  # whole fish: the remainder goes to GRADE_A
    grade_weight = weight[:, None] * np.array([1.08, 1.02, 0.98, 0.92, 0.85])[None, :]
    live = counts * grade_weight / 1000
    lot_ids = block.take("harvest_lot", k * grades)
    events = TableRows("harvest_harvestevent", k, dict(
        id=event_ids, event_date=np.full(k, when), batch_id=np.full(k, bid), assignment_id=aids,
        dest_geography_id=np.full(k, ids.geographies[batch.geography]), dest_subsidiary="FARMING",
        document_ref=Labels(np.arange(k), [f"HRV-{batch.batch_number}-{c[-2:]}" for c in seg.containers])))
    grade_ids = np.tile(np.array([ids.grades[g[0]] for g in catalog.PRODUCT_GRADES]), k)
    lots = TableRows("harvest_harvestlot", k * grades, dict(
        id=lot_ids, event_id=np.repeat(event_ids, grades), product_grade_id=grade_ids, live_weight_kg=live.ravel(),
        gutted_weight_kg=live.ravel() * GUTTED, fillet_weight_kg=live.ravel() * FILLET, unit_count=counts.ravel()))
    area = seg.containers[0].rsplit("-Ring-", 1)[0]
    facts = TableRows("finance_factharvest", k * grades, dict(
        fact_id=block.take("fact_harvest", k * grades), event_id=np.repeat(event_ids, grades), lot_id=lot_ids,
        event_date=np.full(k * grades, when), quantity_kg=live.ravel(), unit_count=counts.ravel(),
        product_grade_id=grade_ids, dim_company_id=np.full(k * grades, ids.companies[batch.geography]),
        dim_site_id=np.full(k * grades, ids.sites[area]), dim_batch_id=np.full(k * grades, bid)))
    return [events, lots, facts]
