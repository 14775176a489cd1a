"""One planned batch to the rows of every table, as NumPy columns: the orchestration of the processes.

Each batch draws from its own generator seeded from (run seed, batch index) and numbers its rows from
its own id block, so its rows are the same whichever process writes it, and in whatever order. The
processes run stage segment by stage segment; each returns TableRows, and rows of the same table
(journal entries come from lice, health and mortality) are concatenated at the end.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pytest_aquadata.engine import (
    area_incidents,
    broodstock,
    costs,
    derived,
    environment,
    faults,
    feeding,
    harvest,
    health,
    lice,
    outbreaks,
    planning,
    recorders,
    scenario,
    summaries,
    transfers,
)
from pytest_aquadata.engine.context import BatchContext, Ids
from pytest_aquadata.engine.labels import Lived
from pytest_aquadata.engine.lifecycle import CAUSES, NeighbourRings, Segment, no_neighbours, simulate
from pytest_aquadata.farm import catalog
from pytest_aquadata.plan import incidents
from pytest_aquadata.plan.model import PlannedBatch
from pytest_aquadata.rows import WRITE_ORDER, Labels, Nullable, TableRows, concat


def generate(batch: PlannedBatch, history_end: dt.date, seed: int, ids: Ids,
             neighbours: NeighbourRings = no_neighbours, incidents: dict[str, float] | None = None) -> list[TableRows]:
    """Every row of ``batch`` up to ``history_end``, one TableRows per table, in write order. ``neighbours`` gives
    the rings other batches stock in a sea area (the lice's infection pressure): the schedule's, or none.
    ``incidents`` gives the schedule's incident rates (plan/incidents.py); none by default."""
    ctx = BatchContext(batch, ids, seed, history_end, incidents or {})
    life = simulate(ctx, neighbours)
    segments = life.segments
    assignment_ids = [ctx.block.take("assignment", len(s.containers)) for s in segments]
    out: list[TableRows] = [_batch_row(ctx, segments, life.harvest_day), *scenario.rows(ctx)]
    if segments:
        out.append(_assignments(ctx, segments, assignment_ids))
        source = broodstock.eggs(ctx, catalog.container_place(segments[0].containers[0])[0])
        out += source.rows
        out += transfers.creation(ctx, segments[0], assignment_ids[0], source)
        out += costs.rows(ctx, catalog.container_place(segments[0].containers[0])[0],
                          ids.containers[segments[0].containers[0]])
        out += transfers.transfers(ctx, life.transfers, segments, assignment_ids)
    for seg, aids in zip(segments, assignment_ids, strict=True):
        container_ids = np.array([ids.containers[c] for c in seg.containers], dtype=np.int64)
        at_sea = seg.stage.hall_letter is None
        parameters = catalog.SENSORS_SEA if at_sea else catalog.SENSORS_FRESHWATER
        env = environment.readings(parameters, seg.water_c, seg.oxygen_pct, at_sea, ctx.stream("environment"))
        daily_temp = env["Temperature"].mean(axis=2)  # the daily states' temperature, before any sensor fault
        broken = faults.plan(ctx.incidents, parameters, seg.present, ctx.stream("faults"))
        dropped = faults.apply(broken, env, ctx.stream("faults"))
        for values in env.values():
            np.round(values, environment.DECIMALS, out=values)
        feed_kg = feeding.daily_feed(seg, ctx.stream("feeding"))
        times = _reading_times(ctx, seg)  # (days, 6): the readings', and the slots a fault's window counts
        out.append(_readings(ctx, seg, aids, container_ids, env, dropped, times))
        lived = _escapes(ctx, seg) + _outbreaks(ctx, seg)
        if at_sea:
            kept = seg.present[:, :, None] & ~dropped[area_incidents.OXYGEN]
            lived += area_incidents.labels(ctx, seg, env[area_incidents.OXYGEN], kept, times)
        out.append(_incidents(ctx, seg, container_ids, broken, lived, times))
        if seg.stage.fed:
            out += feeding.rows(ctx, seg, aids, container_ids, feed_kg)
        out.append(_states(ctx, seg, aids, container_ids, daily_temp, feed_kg))
        out += _mortality(ctx, seg, aids, container_ids)
        out += _growth_samples(ctx, seg, aids)
        out += health.vaccinations(ctx, seg, aids, container_ids)
        out += health.sampling(ctx, seg, aids)
        out += health.outbreaks(ctx, seg, aids, container_ids)
        out += health.escape_journal(ctx, seg, container_ids)
        if at_sea:
            out += lice.rows(ctx, seg, aids, container_ids)
            out += harvest.rows(ctx, seg, aids)
    out += planning.rows(ctx, out)
    out += summaries.rows(ctx, out)
    out += costs.budget(ctx, out)
    containers_of = {int(a): int(c) for part in out if part.table == "batch_batchcontainerassignment"
                     for a, c in zip(part.data["id"], part.data["container_id"], strict=True)}  # type: ignore[arg-type]
    by_table: dict[str, list[TableRows]] = {}
    for part in out:
        if part.rows:
            by_table.setdefault(part.table, []).append(recorders.sign(part, ctx.ids, containers_of))
    return [concat(by_table[t]) if len(by_table[t]) > 1 else by_table[t][0] for t in WRITE_ORDER if t in by_table]


def _batch_row(ctx: BatchContext, segments: list[Segment], harvest_day: int | None) -> TableRows:
    """The batch: COMPLETED on the day its last ring was harvested, else ACTIVE in its latest stage; its expected
    end is the plan's (the end of its reservation)."""
    batch = ctx.batch
    stage = segments[-1].stage.name if segments else catalog.STAGES[0].name
    expected = np.array([batch.end_date()], dtype="datetime64[D]")
    completed = harvest_day is not None
    return TableRows("batch_batch", 1, dict(
        id=np.array([ctx.bid]), batch_number=batch.batch_number, species_id=np.array([ctx.ids.species]),
        lifecycle_stage_id=np.array([ctx.ids.stages[stage]]), status="COMPLETED" if completed else "ACTIVE",
        batch_type="STANDARD", start_date=np.array([ctx.start]), expected_end_date=expected,
        actual_end_date=None if harvest_day is None else np.array([ctx.start + harvest_day]), notes=""))


def _assignments(ctx: BatchContext, segments: list[Segment], assignment_ids: list[np.ndarray]) -> TableRows:
    """A container's assignment closes when its fish move on (a transfer) or are harvested."""
    parts = []
    for i, (seg, aids) in enumerate(zip(segments, assignment_ids, strict=True)):
        k = len(seg.containers)
        departed = np.full(k, i < len(segments) - 1) | seg.harvested
        parts.append(TableRows("batch_batchcontainerassignment", k, dict(
            id=aids, batch_id=np.full(k, ctx.bid), container_id=np.array([ctx.ids.containers[c] for c in seg.containers]),
            lifecycle_stage_id=np.full(k, ctx.ids.stages[seg.stage.name]), population_count=seg.start_population,
            avg_weight_g=seg.weight_g[:, 0], biomass_kg=seg.start_population * seg.weight_g[:, 0] / 1000,
            assignment_date=np.full(k, ctx.start + seg.start_day),
            departure_date=Nullable(ctx.start + np.minimum(seg.leaves, seg.end_day), ~departed),
            is_active=~departed, last_weighing_date=None, notes="")))
    return concat(parts)


def _states(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray, daily_temp: np.ndarray,
            feed_kg: np.ndarray) -> TableRows:
    """One row per assignment per day it holds fish: the fish counted once, continuous across stage changes."""
    biomass = seg.population * seg.weight_g / 1000
    previous = np.concatenate([(seg.start_population * seg.weight_g[:, 0] / 1000)[:, None], biomass[:, :-1]], axis=1)
    fcr, fcr_defined = derived.observed_fcr(feed_kg, biomass - previous)
    c_idx, d_idx = np.nonzero(seg.present)
    rows = len(c_idx)
    day = seg.start_day + d_idx
    return TableRows("batch_actualdailyassignmentstate", rows, dict(
        id=ctx.block.take("state", rows), assignment_id=aids[c_idx], batch_id=np.full(rows, ctx.bid),
        container_id=container_ids[c_idx], lifecycle_stage_id=np.full(rows, ctx.ids.stages[seg.stage.name]),
        date=ctx.start + day, day_number=day + 1, avg_weight_g=seg.weight_g[c_idx, d_idx],
        population=seg.population[c_idx, d_idx], biomass_kg=biomass[c_idx, d_idx], temp_c=daily_temp[c_idx, d_idx],
        mortality_count=seg.deaths[c_idx, d_idx], feed_kg=feed_kg[c_idx, d_idx],
        observed_fcr=Nullable(fcr[c_idx, d_idx], ~fcr_defined[c_idx, d_idx])))


def _mortality(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray) -> list[TableRows]:
    """An event per container-day with deaths, under the cause the engine drew from that day's hazards: the
    baseline's causes, handling after a transfer or a delousing, winter ulcers, low oxygen; and, on a day an
    outbreak made the ring sick, its deaths as an event of their own under Disease. The description names the
    reason (a client's cause is coarser: Low Oxygen is ENVIRONMENTAL there), and an outbreak's disease."""
    names = [*CAUSES, *(f"Disease: {o.name}" for o in seg.outbreaks)]
    outbreak = outbreaks.which(seg.outbreaks, seg.present.shape)
    other = seg.deaths - seg.outbreak_deaths
    c_idx, d_idx = np.nonzero(other > 0)
    o_idx, od_idx = np.nonzero(seg.outbreak_deaths > 0)
    c_idx, d_idx = np.concatenate([c_idx, o_idx]), np.concatenate([d_idx, od_idx])
    rows = len(c_idx)
    first = rows - len(o_idx)
    reason = np.concatenate([seg.cause[c_idx[:first], d_idx[:first]], np.full(len(o_idx), CAUSES.index("Disease"))])
    named = np.concatenate([reason[:first], len(CAUSES) + outbreak[o_idx, od_idx]])
    count = np.concatenate([other[c_idx[:first], d_idx[:first]], seg.outbreak_deaths[o_idx, od_idx]])
    codes = sorted({code for _, code in catalog.MORTALITY_REASONS})
    cause_code = np.array([codes.index(code) for _, code in catalog.MORTALITY_REASONS])[reason]
    reason_ids = np.array([ctx.ids.mortality_reasons[name] for name in CAUSES])[reason]
    confirmed = len(o_idx)  # an outbreak's deaths, which the vet's post-mortem confirms (health's mortality records)
    records = TableRows("health_mortalityrecord", confirmed, dict(
        id=ctx.block.take("mortality_record", confirmed), batch_id=np.full(confirmed, ctx.bid),
        assignment_id=aids[o_idx], container_id=container_ids[o_idx],
        event_date=(ctx.start + seg.start_day + od_idx).astype("datetime64[us]") + POST_MORTEM_AT,
        count=seg.outbreak_deaths[o_idx, od_idx], reason_id=np.full(confirmed, ctx.ids.mortality_reasons["Disease"]),
        notes=Labels(outbreak[o_idx, od_idx], [f"Post-mortem: {o.name}" for o in seg.outbreaks])))
    return [records, TableRows("batch_mortalityevent", rows, dict(
        id=ctx.block.take("mortality", rows), batch_id=np.full(rows, ctx.bid), assignment_id=aids[c_idx],
        event_date=ctx.start + seg.start_day + d_idx, count=count, biomass_kg=count * seg.weight_g[c_idx, d_idx] / 1000,
        cause=Labels(cause_code, codes), reason_id=reason_ids, description=Labels(named, names)))]


#: The vet's post-mortem of an outbreak's dead fish is recorded in the afternoon.
POST_MORTEM_AT = np.timedelta64(16, "h")


def _growth_samples(ctx: BatchContext, seg: Segment, aids: np.ndarray) -> list[TableRows]:
    """Weekly, from Fry on, in every container that holds fish: 30 fish, weights spread around the mean (CV
    ~15 %), length from weight through a condition factor of 1.0-1.3; the sample's aggregates by the client's rule
    (engine/derived.py)."""
    fish = catalog.GROWTH_SAMPLE_FISH
    days = np.arange(seg.start_day, seg.end_day)
    sampled = seg.present & catalog.is_growth_sample_day(days)[None, :]
    c_idx, d_idx = np.nonzero(sampled)
    rows = len(c_idx)
    mean = seg.weight_g[c_idx, d_idx]
    weights = mean[:, None] * ctx.stream("growth").lognormal(-0.5 * 0.15**2, 0.15, size=(rows, fish))
    k_factor = ctx.stream("growth").uniform(1.0, 1.3, size=(rows, fish))
    lengths = np.cbrt(100 * weights / k_factor)
    sample_ids = ctx.block.take("growth_sample", rows)
    samples = TableRows("batch_growthsample", rows, dict(
        id=sample_ids, assignment_id=aids[c_idx], sample_date=ctx.start + seg.start_day + d_idx,
        **derived.sample_statistics(weights, lengths), notes=""))
    obs_rows = rows * fish
    observations = TableRows("batch_individualgrowthobservation", obs_rows, dict(
        id=ctx.block.take("growth_observation", obs_rows), growth_sample_id=np.repeat(sample_ids, fish),
        fish_identifier=Labels(np.tile(np.arange(fish), rows), [f"F{i + 1:02d}" for i in range(fish)]),
        weight_g=weights.ravel(), length_cm=lengths.ravel()))
    return [samples, observations]


def _readings(ctx: BatchContext, seg: Segment, aids: np.ndarray, container_ids: np.ndarray,
              env: dict[str, np.ndarray], dropped: dict[str, np.ndarray], times: np.ndarray) -> TableRows:
    """Six readings a day per sensor of every container while it holds fish, at ``times`` (days, 6), from the
    environment's value arrays, less those a sensor's dropout removed (``dropped``, the same shape per parameter)."""
    k, n = seg.population.shape
    hours = len(environment.HOURS)
    names = list(env)
    sensor = np.array([[ctx.ids.sensors[(int(c), p)] for p in names] for c in container_ids])  # (k, params)
    containers, assignments = np.repeat(container_ids, n * hours), np.repeat(aids, n * hours)
    when = np.broadcast_to(times, (k, n, hours)).ravel()
    present = np.broadcast_to(seg.present[:, :, None], (k, n, hours)).ravel()
    columns: dict[str, list[np.ndarray]] = {"parameter": [], "container": [], "sensor": [], "assignment": [],
                                             "value": [], "when": []}
    for i, name in enumerate(names):
        keep = present & ~dropped[name].ravel()  # a ring harvested before the others is not read after its harvest
        every = bool(keep.all())
        chosen = slice(None) if every else keep
        rows = len(keep) if every else int(keep.sum())
        columns["parameter"].append(np.full(rows, ctx.ids.parameters[name]))
        columns["container"].append(containers[chosen])
        columns["sensor"].append(np.repeat(sensor[:, i], n * hours)[chosen])
        columns["assignment"].append(assignments[chosen])
        columns["value"].append(env[name].ravel()[chosen])
        columns["when"].append(when[chosen])
    joined = {name: np.concatenate(parts) for name, parts in columns.items()}
    rows = len(joined["value"])
    return TableRows("environmental_environmentalreading", rows, dict(
        id=ctx.block.take("reading", rows), parameter_id=joined["parameter"], container_id=joined["container"],
        batch_id=np.full(rows, ctx.bid), sensor_id=joined["sensor"], batch_container_assignment_id=joined["assignment"],
        value=joined["value"], reading_time=joined["when"], is_manual=np.zeros(rows, dtype=bool)))


def _reading_times(ctx: BatchContext, seg: Segment) -> np.ndarray:
    """The time of each reading slot of the segment: (days, 6 hours)."""
    day = np.arange(seg.start_day, seg.end_day)
    return ((ctx.start + day).astype("datetime64[us]")[:, None]
            + (environment.HOURS * 3_600_000_000).astype("timedelta64[us]")[None, :])


def _escapes(ctx: BatchContext, seg: Segment) -> list[Lived]:
    """An escape's label: its ring, and the day its count found the fish missing."""
    c_idx, d_idx = np.nonzero(seg.escaped > 0)
    day = (ctx.start + seg.start_day + d_idx).astype("datetime64[us]")
    return [Lived("escape", day[i], day[i] + np.timedelta64(1, "D") - np.timedelta64(1, "s"), container=int(c))
            for i, c in enumerate(c_idx)]


def _outbreaks(ctx: BatchContext, seg: Segment) -> list[Lived]:
    """A disease outbreak's label: the ring it started in, from its first sick day to the last day any of its rings
    is sick."""
    day = (ctx.start + seg.start_day).astype("datetime64[us]")
    return [Lived("disease_outbreak", day + np.timedelta64(o.rings[0].first, "D"),
                  day + np.timedelta64(max(s.last for s in o.rings) + 1, "D") - np.timedelta64(1, "s"),
                  container=o.rings[0].ring) for o in seg.outbreaks]


def _incidents(ctx: BatchContext, seg: Segment, container_ids: np.ndarray, broken: list[faults.Fault],
               lived: list[Lived], times: np.ndarray) -> TableRows:
    """The ground truth of the segment: each sensor fault's kind, window (its first and last affected reading) and
    scope (the sensor, its container and the batch); then each incident the batch lived (an escape in a ring; a
    low-oxygen window or a storm in its sea area: engine/area_incidents.py)."""
    slots = times.ravel()  # a fault's slots count the segment's readings of one sensor
    n = len(broken)
    rows = n + len(lived)
    area = ctx.ids.areas[catalog.container_place(seg.containers[0])[0]] if any(x.area for x in lived) else 0
    has_area = np.array([False] * n + [x.area for x in lived], dtype=bool)
    container = np.array([container_ids[f.container] for f in broken]
                         + [container_ids[x.container] if x.container >= 0 else 0 for x in lived], dtype=np.int64)
    has_container = np.array([True] * n + [x.container >= 0 for x in lived], dtype=bool)
    sensors = [ctx.ids.sensors[(int(container_ids[f.container]), f.parameter)] for f in broken]
    return TableRows("aquadata_incident", rows, dict(
        id=ctx.block.take("incident", rows),
        kind=Labels(np.array([incidents.KINDS.index(k) for k in [f.kind for f in broken] + [x.kind for x in lived]],
                             dtype=np.int64), incidents.KINDS),
        started_at=np.array([slots[f.first] for f in broken] + [x.started_at for x in lived], dtype="datetime64[us]"),
        ended_at=np.array([slots[f.last] for f in broken] + [x.ended_at for x in lived], dtype="datetime64[us]"),
        area_id=Nullable(np.where(has_area, area, 0), ~has_area),
        container_id=Nullable(container, ~has_container),
        sensor_id=Nullable(np.array(sensors + [0] * len(lived), dtype=np.int64), np.arange(rows) >= n),
        batch_id=np.full(rows, ctx.bid),
        is_natural=np.array([False] * n + [x.natural for x in lived], dtype=bool)))
