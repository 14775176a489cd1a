"""Sea lice as a population on each ring, week by week: the arrays the engine's lice rows and the fish's
appetite and handling losses come from (engine/lice.py writes the rows).

Attached lice (chalimus) moult to mobile pre-adults and then adults at rates that rise with the ring's
water temperature (Stien 2005). New lice settle in proportion to the water's warmth and the area's
infection pressure: a base level, the rings other fish are stocked in (the batch's own other rings and
other batches' rings in the area, from the plan), and the batch's own adult females, whose larvae stay in
the area (Aldrin 2017). The weekly count samples 20 fish per ring; when it finds more than 0.5 adult
females per fish the ring is deloused the next morning (the first calm one after a storm): the treatment
removes most mobile lice (its efficacy), kills a share of the fish it handles and costs a day or two of
appetite (Overton 2019). In an area's lice outbreak (farm/events.py) lice settle faster and a delousing
removes fewer of them. The
numbers are in farm/biology.py; the loop is per week (about 50 a sea cycle), vectorised over the rings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.farm import biology, catalog

TYPES = list(catalog.LICE_TYPES)
ADULT_FEMALE = ("Lepeophtheirus salmonis", "female", "adult")
ADULT_MALE = ("Lepeophtheirus salmonis", "male", "adult")
#: Newly settled lice counted as copepodids in the week they settle.
COPEPODID_SHARE = 0.3
#: Adult males live a little shorter than females.
MALE_SURVIVAL = 0.95


@dataclass
class Lice:
    """A ring's lice over its sea days: weekly counts by type, and the delousings they triggered."""

    count_days: np.ndarray  # (weeks,) the day of each count within the segment
    counts: np.ndarray  # (k, weeks, types) lice found on the 20 fish sampled
    treated: np.ndarray  # (k, weeks) the ring is deloused after this count
    kind: np.ndarray  # (k, weeks) index into biology.TREATMENTS where treated
    delay: np.ndarray  # (weeks,) days a delousing after this count waits past the next morning for the storm to pass

    @property
    def treatment_days(self) -> np.ndarray:
        """(weeks,) the day a delousing after each count takes place: the next morning, or the first calm one."""
        return self.count_days + 1 + self.delay

    def per_day(self, days: int) -> tuple[np.ndarray, np.ndarray]:
        """(appetite factor, handling mortality a day), each (k, days): what the delousings cost the fish."""
        k = self.treated.shape[0]
        appetite = np.ones((k, days))
        handling = np.zeros((k, days))
        share = np.array([t[4] for t in biology.TREATMENTS])
        c_idx, w_idx = np.nonzero(self.treated)
        for offset, factor in enumerate(biology.TREATMENT_APPETITE):
            day = self.treatment_days[w_idx] + offset
            inside = day < days
            appetite[c_idx[inside], day[inside]] *= factor
        for offset in range(biology.HANDLING_DAYS):
            day = self.treatment_days[w_idx] + offset
            inside = day < days
            np.add.at(handling, (c_idx[inside], day[inside]), share[self.kind[c_idx, w_idx]][inside] / biology.HANDLING_DAYS)
        return appetite, handling


def infest(water_c: np.ndarray, neighbour_rings: np.ndarray, rng: np.random.Generator,
           outbreak: tuple[np.ndarray, np.ndarray] | None = None, storm: np.ndarray | None = None) -> Lice:
    """Weekly lice of k rings over ``water_c`` (k, days), with ``neighbour_rings`` (days,) rings of other batches
    stocked in the area each day, the area's lice outbreaks (farm/events.lice_pressure: how many times faster
    lice settle, and the share of a delousing's efficacy left, each (days,)), and its storm days (days,), which
    postpone a delousing (storm_delays). The weekly step removes a delousing's lice in its week either way."""
    k, days = water_c.shape
    weeks = days // 7
    count_days = 7 * np.arange(weeks) + 6
    temp = water_c[:, : weeks * 7].reshape(k, weeks, 7).mean(axis=2)
    others = neighbour_rings[: weeks * 7].reshape(weeks, 7).mean(axis=1) if weeks else np.zeros(0)
    influx, kept = outbreak if outbreak is not None else (np.ones(days), np.ones(days))
    influx, kept = influx[count_days], kept[count_days]  # as on the count's day
    efficacy = np.array([t[5] for t in biology.TREATMENTS])
    counts = np.zeros((k, weeks, len(TYPES)), dtype=np.int64)
    treated = np.zeros((k, weeks), dtype=bool)
    kind = np.full((k, weeks), -1)
    chalimus, preadult, female, male = (np.zeros(k) for _ in range(4))
    survival = biology.LICE_WEEKLY_SURVIVAL
    for w in range(weeks):
        t = temp[:, w]
        warm = np.maximum(t - biology.LICE_MIN_C, 0)
        pressure = (1 + biology.LICE_NEIGHBOUR_RING_WEIGHT * (k - 1 + others[w])
                    + biology.LICE_SELF_INFECTION * female.mean())
        settled = biology.LICE_INFECTION * warm * pressure * influx[w] * rng.lognormal(0, 0.3, size=k)
        to_mobile = np.minimum(biology.LICE_CHALIMUS_MOULT_PER_C * t, 0.9)
        to_adult = np.minimum(biology.LICE_PREADULT_MOULT_PER_C * t, 0.9)
        chalimus, preadult, female, male = (
            chalimus * survival * (1 - to_mobile) + settled,
            preadult * survival * (1 - to_adult) + chalimus * survival * to_mobile,
            female * survival + 0.5 * preadult * survival * to_adult,
            male * survival * MALE_SURVIVAL + 0.5 * preadult * survival * to_adult)
        mean = np.stack([COPEPODID_SHARE * settled, chalimus, preadult / 2, preadult / 2, female, male,
                         biology.CALIGUS_PER_C * warm], axis=1)
        counts[:, w, :] = rng.poisson(catalog.LICE_FISH_SAMPLED * mean)
        treated[:, w] = counts[:, w, TYPES.index(ADULT_FEMALE)] / catalog.LICE_FISH_SAMPLED > biology.LICE_THRESHOLD
        chosen = rng.integers(len(biology.TREATMENTS), size=k)
        kind[:, w] = np.where(treated[:, w], chosen, -1)
        works = efficacy[chosen] * kept[w]
        left = np.where(treated[:, w], 1 - works, 1.0)
        preadult, female, male = preadult * left, female * left, male * left
        chalimus = chalimus * np.where(treated[:, w], 1 - works / 2, 1.0)
    return Lice(count_days, counts, treated, kind, storm_delays(count_days, storm if storm is not None
                                                                else np.zeros(days, dtype=bool)))


#: A delousing waits for the first morning no storm blows (a wellboat or a treatment barge does not work in a gale:
#: the days the feeding stops, farm/events.py), at most until the day of the ring's next count.
MAX_WAIT_DAYS = 6


def storm_delays(count_days: np.ndarray, storm: np.ndarray) -> np.ndarray:
    """(weeks,) the days each count's delousing waits past the next morning while ``storm`` (days,) blows."""
    delay = np.zeros(len(count_days), dtype=np.int64)
    for w, count in enumerate(count_days):
        day = count + 1
        while day < len(storm) and storm[day] and day - count - 1 < MAX_WAIT_DAYS:
            day += 1
        delay[w] = day - count - 1
    return delay


assert set(TYPES) == set(catalog.LICE_TYPES) and len(TYPES) == 7
