"""A batch's life, stage by stage: the water, appetite, growth, lice, deaths with their causes, transfers and
the harvest of each ring, as arrays per container and day.

The chain runs one way: the water each container lives in (farm/weather.py) sets the fish's appetite and
the lice's pace; low oxygen, storms, disease outbreaks and delousings cut appetite; growth follows the water and what the fish
eat (farm/growth.py); a ring is harvested on the first day its fish reach the batch's target weight, or at
the end of its reservation; deaths follow the stage's baseline and what the water and the handling did,
each under its cause. Fish are counted once: on a transfer day the source assignments close and the
destination assignments open with the transferred fish, so the daily states never hold a batch twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pytest_aquadata.engine import escapes, infestation, outbreaks
from pytest_aquadata.engine.context import BatchContext
from pytest_aquadata.farm import biology, catalog, events, growth, weather
from pytest_aquadata.plan.occupancy import AreaStock

#: Which deaths are recorded under which reason: the catalog's reasons, in its order.
CAUSES = [name for name, _ in catalog.MORTALITY_REASONS]

#: Rings of other batches stocked in an area on each of ``days`` days from a date (for the lice's pressure):
#: plan/occupancy.AreaStock.rings with the batch excluded.
NeighbourRings = Callable[[str, dt.date, int], np.ndarray]


def no_neighbours(area: str, first: dt.date, days: int) -> np.ndarray:
    """An area with no other batch in it."""
    return np.zeros(days)


def neighbours_of(stock: AreaStock, batch_index: int) -> NeighbourRings:
    """The other batches' rings in an area, as the batch ``batch_index`` sees them."""
    return lambda area, first, days: stock.rings(area, first, days, exclude=batch_index)


@dataclass
class Segment:
    """One stage of a batch: k containers over days [start_day, end_day) (clipped to the history). A ring
    harvested before the others holds no fish after its harvest: ``present`` says which container-days count."""

    stage: catalog.StageSpec
    containers: tuple[str, ...]
    start_day: int
    end_day: int
    planned_end_day: int
    present: np.ndarray  # (k, days) the container holds the batch's fish that day
    population: np.ndarray  # (k, days) fish alive at the end of each day
    deaths: np.ndarray  # (k, days) every death of the day
    outbreak_deaths: np.ndarray  # (k, days) those of them a disease outbreak caused, recorded on their own
    escaped: np.ndarray  # (k, days) fish gone through a torn net at the start of the day (engine/escapes.py)
    cause: np.ndarray  # (k, days) index into CAUSES of the day's other deaths
    outbreaks: list[outbreaks.Outbreak]  # the diseases that made its rings sick (engine/outbreaks.py)
    weight_g: np.ndarray  # (k, days) mean weight
    water_c: np.ndarray  # (k, days) the water's temperature
    oxygen_pct: np.ndarray  # (k, days) the water's dissolved oxygen, % saturation
    unfed: np.ndarray  # (k, days) bool: a storm cancelled the day's feedings
    appetite: np.ndarray  # (k, days) share of the table's ration the fish eat
    start_population: np.ndarray  # (k,) fish on arrival
    next_weight_g: np.ndarray  # (k,) the weight the fish start the next day with
    leaves: np.ndarray  # (k,) the day (from the batch's start) each container's fish leave it
    harvested: np.ndarray  # (k,) the container's fish were harvested within the history (Adult only)
    lice: infestation.Lice | None

    @property
    def days(self) -> int:
        return self.end_day - self.start_day

    @property
    def lice_counted(self) -> np.ndarray:
        """(k, weeks) the lice counts taken: within the history, while the ring held fish (the last rings may leave
        the sea before the history's last count)."""
        assert self.lice is not None
        within = self.lice.count_days < self.days
        counted = np.zeros(self.lice.treated.shape, dtype=bool)
        counted[:, within] = self.present[:, self.lice.count_days[within]]
        return counted

    @property
    def deloused(self) -> np.ndarray:
        """(k, weeks) the delousings that took place: the (calm) morning after a count over the threshold, within the
        history, while the ring still held fish."""
        assert self.lice is not None
        day = self.lice.treatment_days
        return self.lice.treated & (day < self.days)[None, :] & self.present[:, np.minimum(day, self.days - 1)]


@dataclass
class Transfer:
    """Fish moved from one segment to the next: pairs of (source index, destination index)."""

    source: Segment
    dest: Segment
    day: int
    pairs: list[tuple[int, int, int]]  # (source container, dest container, fish transferred)
    source_before: np.ndarray  # (k_src,)
    mortality: np.ndarray  # (k_src,)


@dataclass
class Life:
    segments: list[Segment]
    transfers: list[Transfer]
    #: The day (from the start) the last ring was harvested, None while any ring still holds fish.
    harvest_day: int | None


def simulate(ctx: BatchContext, neighbours: NeighbourRings = no_neighbours) -> Life:
    """The batch's life up to the history end (or its harvest)."""
    batch = ctx.batch
    alive = batch.days_alive(ctx.history_end)  # its reservation, cut at the history end
    rng = ctx.stream("lifecycle")
    potential = _potential(ctx.stream("potential"))
    segments: list[Segment] = []
    transfers: list[Transfer] = []
    arriving = _split(batch.eggs, len(batch.stages[0].containers))
    arriving_g = np.full(len(arriving), growth.EGG_WEIGHT_G)
    for plan in batch.stages:
        if plan.start_day >= alive:
            break
        stage = catalog.STAGE_BY_NAME[plan.stage]
        k, n = len(plan.containers), min(plan.end_day, alive) - plan.start_day
        if segments:
            prev = segments[-1]
            before = prev.population[:, -1]
            mortality = rng.binomial(before, biology.TRANSFER_MORTALITY)
            moved = before - mortality
            same = len(moved) == k  # tank to tank when the counts match (one action per destination)
            arriving = moved.copy() if same else _split(int(moved.sum()), k)
            arriving_g = prev.next_weight_g if same else np.full(k, _mean_weight(prev.next_weight_g, moved))
            transfers.append(Transfer(prev, None, plan.start_day, _pairs(moved, arriving), before, mortality))  # type: ignore[arg-type]
        segment = _live(ctx, stage, plan.containers, plan.start_day, plan.end_day, n, arriving, arriving_g, potential,
                        bool(segments), neighbours, rng)
        if transfers and transfers[-1].dest is None:
            transfers[-1].dest = segment
        segments.append(segment)
    last = segments[-1] if segments else None
    done = last is not None and last.stage is catalog.ADULT and bool(last.harvested.all())
    return Life(segments, transfers, int(last.leaves.max()) if done and last is not None else None)


def _potential(rng: np.random.Generator) -> float:
    """The batch's growth potential against the strain's mean (Aunsmo 2014), within 2.5 sd."""
    sd = biology.GROWTH_POTENTIAL_SD
    return float(np.exp(np.clip(rng.normal(0, sd), -2.5 * sd, 2.5 * sd)))


def _live(ctx: BatchContext, stage: catalog.StageSpec, containers: tuple[str, ...], start_day: int, planned_end: int,
          n: int, arriving: np.ndarray, arriving_g: np.ndarray, potential: float, transferred: bool,
          neighbours: NeighbourRings, rng: np.random.Generator) -> Segment:
    k = len(containers)
    at_sea = stage.hall_letter is None
    first = ctx.batch.start_date + dt.timedelta(days=start_day)
    water = _water(ctx.seed, containers, first, n)
    lice = None
    oxygen, unfed = weather.oxygen_saturation(water), np.zeros((k, n), dtype=bool)
    if at_sea:  # a ring's water is its area's: the same spells and storms for every batch in it
        area = catalog.container_place(containers[0])[0]
        oxygen = events.oxygen_pct(ctx.seed, area, water, first, ctx.incidents)
        unfed[:] = events.storm_days(ctx.seed, area, first, n, ctx.incidents)[None, :]
    appetite = growth.appetite(water, at_sea) * growth.oxygen_appetite(oxygen) if stage.fed else np.zeros((k, n))
    handling = np.zeros((k, n))
    if transferred:
        handling[:, :biology.HANDLING_DAYS] += biology.TRANSFER_AFTERMATH
    if at_sea:
        lice = infestation.infest(water, neighbours(area, first, n), ctx.stream("lice"),
                                  events.lice_pressure(ctx.seed, area, first, n, ctx.incidents), unfed[0])
        treatment_appetite, treatment_handling = lice.per_day(n)
        appetite = appetite * treatment_appetite
        handling += treatment_handling
    appetite = np.where(unfed, 0.0, appetite)
    spread = 1 + ctx.stream("potential").normal(0, biology.CONTAINER_GROWTH_SD, size=(k, 1)) if stage.fed else None
    weights, leaves, present = _grow(ctx, stage, start_day, planned_end, n, arriving_g, water, appetite, potential,
                                     spread)
    sick = outbreaks.plan(ctx.incidents.get("disease_outbreak", 0.0), present, ctx.stream("outbreaks")) if at_sea else []
    kept, disease = outbreaks.effects(sick, (k, n))
    if sick:  # sick fish eat less: they grow less (so later to harvest), and convert what they are given worse
        appetite = appetite * kept
        weights, leaves, present = _grow(ctx, stage, start_day, planned_end, n, arriving_g, water, appetite, potential,
                                         spread)
    hazard = _hazards(stage, water, oxygen, disease, handling) * present
    torn = escapes.plan(ctx.incidents.get("escape", 0.0), present, ctx.stream("escapes")) if at_sea else np.zeros((k, n))
    deaths, escaped, population = _deaths(arriving, hazard, torn, rng)
    outbreak_deaths = _outbreak_deaths(deaths, hazard, disease * present, rng)
    ordinary = hazard.copy()
    ordinary[CAUSES.index("Disease")] -= disease * present
    cause = _cause(ordinary, rng)
    keep = int(np.flatnonzero(present.any(axis=0)).max()) + 1 if present.any() else 0
    end = start_day + keep
    history_days = (ctx.history_end - ctx.batch.start_date).days + 1
    harvested = (leaves < history_days) if stage is catalog.ADULT else np.zeros(k, dtype=bool)
    cut = slice(None, keep)
    return Segment(stage, containers, start_day, end, planned_end, present[:, cut], population[:, cut] * present[:, cut],
                   deaths[:, cut], outbreak_deaths[:, cut], escaped[:, cut], cause[:, cut], sick, weights[:, cut],
                   water[:, cut], oxygen[:, cut], unfed[:, cut], appetite[:, cut], arriving.copy(), weights[:, n], leaves,
                   harvested, lice)


def _grow(ctx: BatchContext, stage: catalog.StageSpec, start_day: int, planned_end: int, n: int,
          arriving_g: np.ndarray, water: np.ndarray, appetite: np.ndarray, potential: float,
          spread: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights (k, n + 1), the day each container's fish leave it, which days it holds them): growth follows the
    water and what the fish eat; a ring is harvested on the first day its fish reach the target (not on arrival)."""
    k = water.shape[0]
    at_sea = stage.hall_letter is None
    if spread is not None:
        # hatcheries steer growth to deliver the planned smolt on its date: a batch's own potential shows at sea
        rate = (biology.TGC[stage.name] * (potential if at_sea else 1.0) * spread * np.maximum(water, 0)
                * growth.thermal_efficiency(water, at_sea) * growth.growth_share(appetite))
        weights = growth.grow(arriving_g, rate)
    else:
        weights = np.broadcast_to(growth.yolk_weight_g(np.arange(start_day, start_day + n + 1)), (k, n + 1)).copy()
    leaves = np.full(k, planned_end)
    if stage is catalog.ADULT and n > 1:
        ready = weights[:, 1:n] >= ctx.batch.harvest_kg * 1000
        leaves = np.where(ready.any(axis=1), start_day + 1 + np.argmax(ready, axis=1), planned_end)
    return weights, leaves, np.arange(start_day, start_day + n)[None, :] < leaves[:, None]


def _water(seed: int, containers: tuple[str, ...], first: dt.date, days: int) -> np.ndarray:
    """(k, days) the water of each container: the same for every tank of a hall, every ring of an area."""
    by_place: dict[tuple[str, str | None], np.ndarray] = {}
    rows = []
    for container in containers:
        place = catalog.container_place(container)
        if place not in by_place:
            by_place[place] = weather.water_temperature(seed, container, first, days)
        rows.append(by_place[place])
    return np.array(rows)


def _hazards(stage: catalog.StageSpec, water: np.ndarray, oxygen: np.ndarray, disease: np.ndarray,
             handling: np.ndarray) -> np.ndarray:
    """(causes, k, days) the chance a fish dies that day, by cause."""
    at_sea = stage.hall_letter is None
    base = biology.BASELINE_MORTALITY[stage.name]
    out = np.zeros((len(CAUSES), *water.shape))
    for name, share in biology.BASELINE_CAUSES["sea" if at_sea else "freshwater"]:
        out[CAUSES.index(name)] += base * share
    out[CAUSES.index("Disease")] += disease
    out[CAUSES.index("Handling")] += handling
    if at_sea:
        out[CAUSES.index("Winter Ulcer")] += biology.WINTER_ULCER_PER_DEGREE * np.maximum(
            biology.WINTER_ULCER_BELOW_C - water, 0)
        out[CAUSES.index("Low Oxygen")] += biology.LOW_OXYGEN_PER_PCT * np.maximum(
            biology.LOW_OXYGEN_BELOW_PCT - oxygen, 0)
    return out


def _deaths(arriving: np.ndarray, hazard: np.ndarray, torn: np.ndarray,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(deaths, escaped, fish alive at the end of each day), each (k, days), from the daily hazard of every cause
    and the share of the fish a torn net lets out at the start of a day (``torn``)."""
    rate = np.minimum(hazard.sum(axis=0), 1.0)
    k = rate.shape[0]
    survival = np.cumprod(1 - rate, axis=1)
    expected_alive = (arriving[:, None] * np.concatenate([np.ones((k, 1)), survival[:, :-1]], axis=1)
                      * np.cumprod(1 - torn, axis=1))
    deaths = rng.poisson(expected_alive * rate)
    before = arriving[:, None] - np.concatenate([np.zeros((k, 1), dtype=np.int64), np.cumsum(deaths, axis=1)[:, :-1]],
                                                axis=1)
    escaped = np.floor(torn * np.maximum(before, 0)).astype(np.int64)  # one escape a ring at most: no earlier one
    population = arriving[:, None] - np.cumsum(deaths + escaped, axis=1)
    deaths = np.where(population < 0, deaths + population, deaths)
    deaths = np.maximum(deaths, 0)
    return deaths, escaped, np.maximum(population, 0)


def _outbreak_deaths(deaths: np.ndarray, hazard: np.ndarray, outbreak: np.ndarray,
                     rng: np.random.Generator) -> np.ndarray:
    """(k, days) the day's deaths an outbreak caused: each death is the outbreak's with its share of the day's
    hazard. A farm records them on their own, under the disease (a vet's diagnosis), not mixed into the day's."""
    total = hazard.sum(axis=0)
    return rng.binomial(deaths, np.where(total > 0, outbreak / np.where(total > 0, total, 1), 0.0))


def _cause(hazard: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(k, days) the cause of each container-day's deaths, drawn in proportion to the causes' hazards."""
    total = hazard.sum(axis=0)
    cumulative = np.cumsum(hazard, axis=0) / np.where(total > 0, total, 1)
    draw = rng.random(total.shape)
    return np.minimum((draw[None] > cumulative).sum(axis=0), len(CAUSES) - 1)


def _mean_weight(weights: np.ndarray, fish: np.ndarray) -> float:
    """The fish-weighted mean weight of containers (the plain mean if none holds fish)."""
    return float((weights * fish).sum() / fish.sum()) if fish.sum() else float(weights.mean())


def _split(total: int, parts: int) -> np.ndarray:
    """``total`` fish over ``parts`` containers, as evenly as whole fish allow."""
    base = np.full(parts, total // parts, dtype=np.int64)
    base[: total % parts] += 1
    return base


def _pairs(moved: np.ndarray, arriving: np.ndarray) -> list[tuple[int, int, int]]:
    """Which source container fills which destination: the fish in order, cut at both sets of boundaries."""
    src_edges = np.concatenate([[0], np.cumsum(moved)])
    dst_edges = np.concatenate([[0], np.cumsum(arriving)])
    pairs = []
    for i in range(len(moved)):
        for j in range(len(arriving)):
            overlap = min(src_edges[i + 1], dst_edges[j + 1]) - max(src_edges[i], dst_edges[j])
            if overlap > 0:
                pairs.append((i, j, int(overlap)))
    return pairs
