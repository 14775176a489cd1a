"""Disease outbreaks at sea: a disease starts in one ring and spreads to the rings beside it over weeks.

Planned per sea segment from the batch's own stream ("outbreaks") and the schedule's rate (per ring-year): each ring
may be an outbreak's first, with the chance a Poisson process of the rate gives at least one, on a day that leaves
it time to show (its deaths rise and hold for a week before its harvest); an outbreak's first ring is never one an
earlier outbreak of the segment made sick. Each ring beside a sick one falls sick with a chance, a week to three
after it (farm/biology.py: DISEASES and the spread). Every draw is made whatever the rate.

A sick ring eats less from its first sick day; its deaths (recorded as Disease) begin on the disease's day and rise
over a few days to the disease's rate; a treatment, where one exists, is given on its day and cuts the rate. What
that does to growth, feed conversion and the harvest is the lifecycle's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.farm import biology


@dataclass(frozen=True)
class Sick:
    """One ring's sickness: the ring (index in the segment) and its first and last sick day (segment days)."""

    ring: int
    first: int
    last: int


@dataclass(frozen=True)
class Outbreak:
    """One outbreak: its disease (index in biology.DISEASES) and its rings, the first one first."""

    disease: int
    rings: tuple[Sick, ...]

    @property
    def name(self) -> str:
        return biology.DISEASES[self.disease][0]

    @property
    def treatment(self) -> tuple[str, str, int, float] | None:
        return biology.DISEASES[self.disease][5]


def shows_by(disease: int) -> int:
    """Days into a ring's sickness by which its deaths have risen and held for a week: an outbreak's first ring must
    hold fish that long."""
    return biology.DISEASES[disease][2] + biology.DISEASE_RISE_DAYS + 7


def plan(rate: float, present: np.ndarray, rng: np.random.Generator) -> list[Outbreak]:
    """The segment's outbreaks, from which days each ring holds fish (``present``, (k, days))."""
    k = present.shape[0]
    held = present.sum(axis=1)
    draws = rng.random((k, 3))
    spread = rng.random((k, k, 2))  # (from, to): a chance and a delay for each pair, drawn whatever happens
    disease = (draws[:, 2] * len(biology.DISEASES)).astype(np.int64)
    usable = held - 1 - np.array([shows_by(int(d)) for d in disease], dtype=np.int64)
    first = 1 + (draws[:, 1] * np.maximum(usable, 0)).astype(np.int64)
    starts = (usable > 0) & (draws[:, 0] < 1 - np.exp(-rate * held / 365))
    taken = np.zeros(k, dtype=bool)
    out = []
    for ring in np.flatnonzero(starts)[np.argsort(first[starts], kind="stable")]:  # in the order they start
        if not taken[ring]:
            out.append(Outbreak(int(disease[ring]), _spread(int(ring), int(first[ring]), int(disease[ring]), held,
                                                            taken, spread)))
    return out


def _spread(ring: int, first: int, disease: int, held: np.ndarray, taken: np.ndarray,
            spread: np.ndarray) -> tuple[Sick, ...]:
    """The outbreak's sick rings: the first, then its neighbours (index +-1), theirs, and so on."""
    low, high = biology.DISEASES[disease][4]
    delay_low, delay_high = biology.DISEASE_SPREAD_DAYS
    sick = []
    queue = [(ring, first)]
    taken[ring] = True
    while queue:
        ring, day = queue.pop(0)
        length = low + int(spread[ring, ring, 0] * (high - low + 1))
        sick.append(Sick(ring, day, min(day + length, int(held[ring])) - 1))
        for other in (ring - 1, ring + 1):
            if 0 <= other < len(held) and not taken[other] and spread[ring, other, 0] < biology.DISEASE_SPREAD_CHANCE:
                start = day + delay_low + int(spread[ring, other, 1] * (delay_high - delay_low + 1))
                if start < held[other] - 1:
                    taken[other] = True
                    queue.append((other, start))
    return tuple(sick)


def effects(outbreaks: list[Outbreak], shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(appetite kept, extra deaths a day), each (k, days): 1 and 0 where no ring is sick."""
    appetite, hazard = np.ones(shape), np.zeros(shape)
    for outbreak in outbreaks:
        _, kept, onset, rate, _, treatment = biology.DISEASES[outbreak.disease]
        for sick in outbreak.rings:
            t = np.arange(sick.last - sick.first + 1)
            appetite[sick.ring, sick.first:sick.last + 1] = kept
            rise = np.clip((t - onset + 1) / biology.DISEASE_RISE_DAYS, 0.0, 1.0)
            if treatment is not None:
                rise = np.where(t >= treatment[2], rise * treatment[3], rise)
            hazard[sick.ring, sick.first:sick.last + 1] = rate * rise
    return appetite, hazard


def which(outbreaks: list[Outbreak], shape: tuple[int, int]) -> np.ndarray:
    """(k, days) the index of the outbreak that made each ring sick on each day, -1 where none did."""
    out = np.full(shape, -1, dtype=np.int64)
    for i, outbreak in enumerate(outbreaks):
        for s in outbreak.rings:
            out[s.ring, s.first:s.last + 1] = i
    return out
