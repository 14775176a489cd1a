"""Population through the stages: daily mortality per container and the transfers between stages.

Fish are counted once: on a transfer day the source assignments close and the destination assignments
open with the transferred fish, so the daily states never hold a batch twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.farm import catalog, growth
from pytest_aquadata.plan.model import PlannedBatch

EPISODE_CHANCE_PER_DAY = 1 / 250
EPISODE_DAYS = 5
EPISODE_FACTOR = 6.0
TRANSFER_MORTALITY = 0.002


@dataclass
class Segment:
    """One stage of a batch: k containers over days [start_day, end_day) (clipped to the history)."""

    stage: catalog.StageSpec
    containers: tuple[str, ...]
    start_day: int
    end_day: int
    planned_end_day: int
    population: np.ndarray  # (k, days) fish alive at the end of each day
    deaths: np.ndarray  # (k, days)
    episode: np.ndarray  # (k, days) bool: deaths of an episode
    weight_g: np.ndarray  # (k, days)
    start_population: np.ndarray  # (k,) fish on arrival

    @property
    def days(self) -> int:
        return self.end_day - self.start_day


@dataclass
class Transfer:
    """Fish moved from one segment to the next: pairs of (source index, destination index)."""

    source: Segment
    dest: Segment
    day: int
    pairs: list[tuple[int, int, int]]  # (source container, dest container, fish transferred)
    source_before: np.ndarray  # (k_src,)
    mortality: np.ndarray  # (k_src,)


def simulate(batch: PlannedBatch, days_alive: int, rng: np.random.Generator) -> tuple[list[Segment], list[Transfer]]:
    mean_weight = growth.mean_weight_g(batch.geography, batch.start_date, max(days_alive, 1))
    segments: list[Segment] = []
    transfers: list[Transfer] = []
    arriving = _split(batch.eggs, len(batch.stages[0].containers))
    for plan in batch.stages:
        if plan.start_day >= days_alive:
            break
        stage = catalog.STAGE_BY_NAME[plan.stage]
        end = min(plan.end_day, days_alive)
        k, n = len(plan.containers), end - plan.start_day
        if segments:
            prev = segments[-1]
            before = prev.population[:, -1]
            mortality = rng.binomial(before, TRANSFER_MORTALITY)
            moved = before - mortality
            # tank to tank when the counts match (one action per destination), else re-split evenly
            arriving = moved.copy() if len(moved) == k else _split(int(moved.sum()), k)
            pairs = _pairs(moved, arriving)
            transfers.append(Transfer(prev, None, plan.start_day, pairs, before, mortality))  # type: ignore[arg-type]
        rate = np.full((k, n), stage.mortality_per_day)
        episode = np.zeros((k, n), dtype=bool)
        for start in np.nonzero(rng.random(n) < EPISODE_CHANCE_PER_DAY)[0]:
            episode[rng.integers(k), start:start + EPISODE_DAYS] = True
        rate = np.where(episode, rate * EPISODE_FACTOR, rate)
        survival = np.cumprod(1 - rate, axis=1)
        expected_alive = arriving[:, None] * np.concatenate([np.ones((k, 1)), survival[:, :-1]], axis=1)
        deaths = rng.poisson(expected_alive * rate)
        population = arriving[:, None] - np.cumsum(deaths, axis=1)
        deaths = np.where(population < 0, deaths + population, deaths)
        population = np.maximum(population, 0)
        spread = 1 + rng.normal(0, 0.03, size=(k, 1))
        last = population[:, -1]
        if last.sum() > 0:  # containers differ, the batch's fish-weighted mean stays on the growth curve
            spread *= last.sum() / float((last * spread[:, 0]).sum())
        weight = mean_weight[plan.start_day:end][None, :] * spread
        segment = Segment(stage, plan.containers, plan.start_day, end, plan.end_day, population, deaths, episode,
                          weight, arriving.copy())
        if transfers and transfers[-1].dest is None:
            transfers[-1].dest = segment
        segments.append(segment)
    return segments, transfers


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
