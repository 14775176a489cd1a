"""The farm's fixed layout and biology as plain data: no Django, no NumPy.

The planner, the engine, the builder and the factories all read names and numbers from here, so a
container name or a stage duration is defined exactly once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class GeographySpec:
    name: str
    code: str
    stations: int
    areas: int
    area_groups: tuple[str, ...]
    sea_mean_c: float
    sea_amplitude_c: float
    latitude: float
    longitude: float


GEOGRAPHIES: tuple[GeographySpec, ...] = (
    GeographySpec("Faroe Islands", "FI", 12, 23, ("Faroe North", "Faroe South", "Faroe West"), 9.5, 1.0, 62.0, -6.8),
    GeographySpec(
        "Scotland", "S", 10, 20,
        ("Loch Fyne", "Lewis", "Harris", "Benbecula", "Skye and Mainland", "Striven/Arran/Mull/Gigha"),
        10.0, 3.0, 57.5, -5.6,
    ),
)
GEOGRAPHY_BY_NAME = {g.name: g for g in GEOGRAPHIES}
TEST_GEOGRAPHY = "Test Geography"

HALL_LETTERS = "ABCDE"
TANKS_PER_HALL = 10
RINGS_PER_AREA = 20
BARGES_PER_AREA = 3
BARGE_CAPACITY_KG = 600_000.0
#: An area's 20 rings hold at most two batches (8 rings or more each), so a batch may use half a barge.
BATCHES_PER_BARGE = 2
#: Feed is bought when a batch's stock in its silo or barge falls below this share of its capacity.
REORDER_SHARE = 0.2
RING_OPTIONS = (8, 10, 12, 15, 20)
#: Day of the year on which the sea is warmest (late August in both geographies).
SEA_PEAK_DAY = 236


@dataclass(frozen=True)
class StageSpec:
    """A lifecycle stage's place in the farm: its halls or rings, weight range and length. Its biology (growth,
    feeding, mortality) lives in farm/biology.py."""

    name: str
    order: int
    hall_letter: str | None  # None: sea rings
    min_weight_g: float
    max_weight_g: float
    days: int
    container_type: str
    volume_m3: float
    density_kg_m3: float

    @property
    def fed(self) -> bool:
        """Fed from first feeding (Fry) on; eggs and alevins live on their yolk."""
        return self.order > 1


STAGES: tuple[StageSpec, ...] = (
    StageSpec("Egg&Alevin", 1, "A", 0.05, 0.5, 90, "Egg&Alevin Tray", 10, 30),
    StageSpec("Fry", 2, "B", 0.5, 6, 90, "Fry Tank", 100, 30),
    StageSpec("Parr", 3, "C", 6, 60, 90, "Parr Tank", 500, 50),
    StageSpec("Smolt", 4, "D", 60, 180, 90, "Smolt Tank", 1000, 70),
    StageSpec("Post-Smolt", 5, "E", 180, 500, 90, "Post-Smolt Tank", 2000, 80),
    StageSpec("Adult", 6, None, 500, 7000, 450, "Sea Ring", 50000, 30),
)
STAGE_BY_NAME = {s.name: s for s in STAGES}
STAGE_BY_HALL_LETTER = {s.hall_letter: s for s in STAGES if s.hall_letter}
FRESHWATER_STAGES = STAGES[:5]
ADULT = STAGES[5]

#: What is recorded when. The engine writes by these rules and plan/volumes counts by them, so the
#: rules (plain functions of the day since the batch's start: ints or NumPy arrays alike) live here once.
READING_HOURS = (6, 8, 10, 14, 16, 18)
FEEDING_HOURS = (8, 16)
#: The hour of a ring's weekly lice count.
LICE_COUNT_HOUR = 10
GROWTH_SAMPLE_FISH, GROWTH_SAMPLE_EVERY = 30, 7
HEALTH_SAMPLE_FISH, HEALTH_SAMPLING_EVERY, HEALTH_SAMPLING_FROM = 75, 30, "Post-Smolt"
VACCINATION_STAGE, VACCINATION_DAY = "Parr", 60  # by injection 60 days into Parr, before smoltification
LICE_FISH_SAMPLED = 20


def is_growth_sample_day(day: Any) -> Any:
    """Weekly from first feeding (Fry) on."""
    return (day % GROWTH_SAMPLE_EVERY == 0) & (day >= STAGES[0].days)


def is_health_sampling_day(day: Any) -> Any:
    """Every 30 days from the start of Post-Smolt on (the first on its 30th day)."""
    first = STAGE_BY_NAME[HEALTH_SAMPLING_FROM].days * (STAGE_BY_NAME[HEALTH_SAMPLING_FROM].order - 1)
    return (day >= first) & ((day - first) % HEALTH_SAMPLING_EVERY == HEALTH_SAMPLING_EVERY - 1)


def container_category(stage: StageSpec) -> str:
    return "PEN" if stage.hall_letter is None else ("TRAY" if stage.order == 1 else "TANK")


def feed_brand(pellet_mm: float) -> str:
    return "BioMar" if pellet_mm < 4 else "Skretting"


SENSORS_FRESHWATER = ("Temperature", "Dissolved Oxygen", "pH", "CO2", "NO2", "NO3", "NH4")
SENSORS_SEA = ("Temperature", "Dissolved Oxygen", "pH", "Salinity")
SENSOR_TYPE_CODES = {
    "Temperature": "TEMPERATURE", "Dissolved Oxygen": "OXYGEN", "pH": "PH", "CO2": "CO2",
    "NO2": "NO2", "NO3": "NO3", "NH4": "NH4", "Salinity": "SALINITY",
}

#: (name, unit, min, max, optimal_min, optimal_max)
PARAMETERS: tuple[tuple[str, str, float, float, float, float], ...] = (
    ("Temperature", "C", -2, 30, 6, 16),
    ("Dissolved Oxygen", "% saturation", 0, 150, 80, 100),
    ("pH", "pH", 0, 14, 6.5, 8.5),
    ("CO2", "mg/L", 0, 50, 0, 15),
    ("NO2", "mg/L", 0, 5, 0, 0.1),
    ("NO3", "mg/L", 0, 200, 0, 50),
    ("NH4", "mg/L", 0, 1, 0, 0.02),
    ("Salinity", "PSU", 0, 40, 33, 35),
)

#: (name, stage, pellet mm, size category, protein %, fat %, carbohydrate %)
FEEDS: tuple[tuple[str, str, float, str, float, float, float], ...] = (
    ("Starter Feed 0.5mm", "Fry", 0.5, "MICRO", 55, 18, 10),
    ("Starter Feed 1.0mm", "Parr", 1.0, "SMALL", 52, 20, 11),
    ("Grower Feed 2.0mm", "Smolt", 2.0, "SMALL", 48, 22, 12),
    ("Grower Feed 3.0mm", "Post-Smolt", 3.0, "MEDIUM", 45, 25, 13),
    ("Finisher Feed 4.5mm", "Adult", 4.5, "LARGE", 40, 30, 14),
    ("Finisher Feed 6.0mm", "Adult", 6.0, "LARGE", 38, 32, 14),
)
#: Adult fish heavier than this eat the 6.0 mm finisher.
LATE_ADULT_WEIGHT_G = 3000.0

PRODUCT_GRADES = (
    ("SUPERIOR", "Superior", 0.10), ("GRADE_A", "Grade A", 0.40), ("GRADE_B", "Grade B", 0.35),
    ("GRADE_C", "Grade C", 0.12), ("REJECT", "Reject", 0.03),
)
#: (species, gender, development stage)
LICE_TYPES = (
    ("Lepeophtheirus salmonis", "unknown", "copepodid"),
    ("Lepeophtheirus salmonis", "unknown", "chalimus"),
    ("Lepeophtheirus salmonis", "female", "pre-adult"),
    ("Lepeophtheirus salmonis", "male", "pre-adult"),
    ("Lepeophtheirus salmonis", "female", "adult"),
    ("Lepeophtheirus salmonis", "male", "adult"),
    ("Caligus elongatus", "unknown", "adult"),
)
HEALTH_PARAMETERS = (
    "Gill Condition", "Eye Condition", "Wounds", "Fin Condition", "Body Condition",
    "Swimming Behavior", "Appetite", "Mucous Membrane", "Color/Pigmentation",
)
VACCINATION_TYPES = (
    ("Alpha Ject micro 6", "PHARMAQ", "0.05 ml"), ("AquaVac PD7", "MSD Animal Health", "0.1 ml"),
    ("Clynav", "Elanco", "0.05 ml"), ("ALPHA JECT 1000", "PHARMAQ", "0.1 ml"),
)
#: (name, engine cause code); which deaths are recorded under which reason is the engine's (farm/biology.py)
MORTALITY_REASONS = (
    ("Unknown", "UNKNOWN"), ("Disease", "DISEASE"), ("Handling", "HANDLING"), ("Environmental", "ENVIRONMENTAL"),
    ("Predation", "PREDATION"), ("Gill Disease", "DISEASE"), ("Winter Ulcer", "DISEASE"), ("Low Oxygen", "ENVIRONMENTAL"),
)
EGG_SUPPLIERS = ("AquaGen", "Benchmark Genetics", "StofnFiskur", "Hendrix Genetics")

#: Each geography's broodstock station (AquaMind's station type BROODSTOCK): one hall of holding tanks, where the
#: year's spawners wait, and a stripping tank, where they are moved to be stripped (engine/broodstock.py). Its
#: tanks hold no batch and carry no sensors the engine reads.
BROODSTOCK_HOLDING_TANKS = 6
BROODSTOCK_TANK_M3 = 150.0
#: 10 kg fish (AquaMind's BROODSTOCK_DEFAULTS["AVG_FISH_WEIGHT_KG"]) at 40 kg/m3: a tank takes 600 of them.
BROODSTOCK_DENSITY_KG_M3 = 40.0
BROODSTOCK_HALL_LETTER = "H"
BROODSTOCK_CONTAINER_TYPE = "Broodstock Tank"  # AquaMind's broodstock code looks for "broodstock" in the type name


#: A month's books are closed, and each site's period locked by its geography's controller, on this day of the
#: next month (a month-end close of a few working days).
CLOSED_ON_DAY = 6
#: ... at this hour (UTC): the period locks are made, and the month's intercompany transactions approved.
CLOSED_AT_HOUR = 16


def closing_day(day: dt.date) -> dt.date:
    """The day the books of ``day``'s month are closed: CLOSED_ON_DAY of the next month."""
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=CLOSED_ON_DAY)


#: The location of the halls' growth model (scenario.TGCModel), which a scenario changes from when its batch goes
#: to sea; each geography's sea model has the geography's name as its location.
HALL_TGC_LOCATION = "Freshwater halls"

#: The name of each company's yearly budget, which the batches' planned feed is booked in.
BUDGET_NAME = "Operating budget"


def breeding_plan_name(geography: str, year: int) -> str:
    """The name of a geography's breeding plan for a year: how the engine finds the plan a batch's pairs belong to."""
    return f"{geography} spawning {year}"


def broodstock_station_name(geo: GeographySpec) -> str:
    return f"{geo.code}-BS-01"


def broodstock_tank_names(geo: GeographySpec) -> tuple[list[str], str]:
    """(the holding tanks, the stripping tank) of the geography's broodstock station."""
    station = broodstock_station_name(geo)
    return ([f"{station}-{BROODSTOCK_HALL_LETTER}-T{i:02d}" for i in range(1, BROODSTOCK_HOLDING_TANKS + 1)],
            f"{station}-{BROODSTOCK_HALL_LETTER}-Strip")


def station_names(geo: GeographySpec) -> list[str]:
    return [f"{geo.code}-FW-{i:02d}" for i in range(1, geo.stations + 1)]


def hall_name(station: str, letter: str) -> str:
    return f"{station}-Hall-{letter}"


def tank_names(station: str, letter: str) -> list[str]:
    return [f"{station}-{letter}-C{i:02d}" for i in range(1, TANKS_PER_HALL + 1)]


def area_names(geo: GeographySpec) -> list[str]:
    return [f"{geo.code}-SEA-{i:02d}" for i in range(1, geo.areas + 1)]


def ring_names(area: str) -> list[str]:
    return [f"{area}-Ring-{i:02d}" for i in range(1, RINGS_PER_AREA + 1)]


def container_place(container: str) -> tuple[str, str | None]:
    """(station, hall letter) of a tank or (area, None) of a ring, read from its name: the inverse of
    tank_names and ring_names."""
    if "-Ring-" in container:
        return container.rsplit("-Ring-", 1)[0], None
    station, letter, _ = container.rsplit("-", 2)
    return station, letter


def barge_names(area: str) -> list[str]:
    return [f"{area}-Barge-{i}" for i in range(1, BARGES_PER_AREA + 1)]


def silo_name(station: str, letter: str) -> str:
    return f"{hall_name(station, letter)}-Silo"


def ring_max_biomass_kg() -> float:
    return ADULT.volume_m3 * ADULT.density_kg_m3


def sea_temperature(geo: GeographySpec, day_of_year: int) -> float:
    """The geography's profile temperature on a day of the year (1-366)."""
    return geo.sea_mean_c + geo.sea_amplitude_c * math.cos(2 * math.pi * (day_of_year - SEA_PEAK_DAY) / 365.25)
