"""The farm's people (domain.md, section 8): who works where, decided from the catalog alone, the same on every
run. Each freshwater station has a manager and a feeder per hall, who sees that hall's tanks; each sea area has a
site manager, a feeder and a fish-health technician; each geography has a veterinarian, a quality inspector and a
controller; a few company-wide managers and analysts see everything.

Names come from Faker in the geography's locale: Danish for the Faroe Islands (Faker has no Faroese; Danish
names are the common ones there), British for Scotland, each seeded from the geography's name, so the same
people work at the same sites on every run. Profile codes are AquaMind's (schema/users/models.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pytest_aquadata.farm import catalog

if TYPE_CHECKING:
    from faker import Faker

#: Faker locale of each geography's names.
LOCALES = {"Faroe Islands": "da_DK", "Scotland": "en_GB"}
#: A geography's code in a profile (AquaMind's Geography choices).
PROFILE_GEOGRAPHY = {"Faroe Islands": "FO", "Scotland": "SC"}
#: Company-wide people: (job title, role), seeing every geography and subsidiary.
HEAD_OFFICE = (("Managing Director", "MGR"), ("Head of Farming", "MGR"), ("Head of Freshwater", "MGR"),
               ("Production Analyst", "VIEW"), ("Biology Analyst", "VIEW"))
#: Per geography: (job title, role, department).
REGIONAL = (("Veterinarian", "VET", "Fish Health"), ("Quality Inspector", "QA", "Quality"),
            ("Controller", "FIN", "Finance"))
#: The role of a geography's controller, who closes its months and approves its intercompany transactions.
CONTROLLER_ROLE = "FIN"


def by_geography(code_users: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Geography name -> user id, from (profile geography code, user id) pairs (a geography's controllers, say, as
    a project's profiles keep them); the company-wide people's code ("ALL") is left out."""
    geography = {code: name for name, code in PROFILE_GEOGRAPHY.items()}
    return {geography[code]: user for code, user in code_users if code in geography}


@dataclass(frozen=True)
class Person:
    """One member of staff: the user, the profile, and where they work (names of stations, areas or halls, whose
    tanks they see)."""

    username: str
    first_name: str
    last_name: str
    job_title: str
    role: str
    geography: str  # a profile code: FO, SC or ALL
    subsidiary: str  # FW, FM or ALL
    department: str
    stations: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    halls: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.username}@farm.example"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def staff() -> list[Person]:
    """Everyone, in a fixed order: head office, then each geography's regional staff, stations and areas."""
    people: list[Person] = []
    taken: set[str] = set()

    def hire(fake: Faker, title: str, role: str, geography: str, subsidiary: str, department: str,
             **where: tuple[str, ...]) -> None:
        first, last = fake.first_name(), fake.last_name()
        base = "".join(c for c in f"{first}.{last}".lower() if c.isascii() and (c.isalnum() or c == "."))
        username, n = base, 1
        while username in taken:
            n += 1
            username = f"{base}{n}"
        taken.add(username)
        people.append(Person(username, first, last, title, role, geography, subsidiary, department, **where))

    fakes: dict[str, Faker] = {}
    office = _faker("en_GB", "head office")
    for title, role in HEAD_OFFICE:
        hire(office, title, role, "ALL", "ALL", "Head Office")
    for spec in catalog.GEOGRAPHIES:
        fake, code = _faker(LOCALES[spec.name], spec.name), PROFILE_GEOGRAPHY[spec.name]
        for title, role, department in REGIONAL:
            hire(fake, title, role, code, "ALL", department)
        for station in catalog.station_names(spec):
            hire(fake, "Station Manager", "MGR", code, "FW", "Freshwater", stations=(station,))
            for letter in catalog.HALL_LETTERS:
                hire(fake, f"Feeder, {catalog.STAGE_BY_HALL_LETTER[letter].name} hall", "OPR", code, "FW", "Freshwater",
                     stations=(station,), halls=(catalog.hall_name(station, letter),))
        for area in catalog.area_names(spec):
            for title, role in (("Site Manager", "MGR"), ("Feeder", "OPR"), ("Fish Health Technician", "OPR")):
                hire(fake, title, role, code, "FM", "Farming", areas=(area,))
        fakes[spec.name] = fake
    for spec in catalog.GEOGRAPHIES:  # hired after everyone else: a farm built before the broodstock stations adds
        fake, code = fakes[spec.name], PROFILE_GEOGRAPHY[spec.name]  # them last, and a new one the same way
        broodstock = catalog.broodstock_station_name(spec)
        hire(fake, "Broodstock Manager", "MGR", code, "BS", "Broodstock", stations=(broodstock,))
        hire(fake, "Broodstock Technician", "OPR", code, "BS", "Broodstock", stations=(broodstock,),
             halls=(catalog.hall_name(broodstock, catalog.BROODSTOCK_HALL_LETTER),))
    return people


def _faker(locale: str, name: str) -> Faker:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big"))
    return fake


#: Who records what (engine/recorders.py): a day's feeding is the site's feeder's; deaths, weighings and lice
#: counts the technician's (at a station, the hall's feeder does them); transfers, deliveries and harvests the
#: manager's; treatments, health samplings and journal entries the geography's veterinarian's.
DUTIES = ("feeder", "technician", "manager", "vet")


def duties(people: list[Person]) -> dict[tuple[str, str], str]:
    """(site, duty) -> username, where a site is a hall or a sea area (the place of a tank or a ring)."""
    out: dict[tuple[str, str], str] = {}
    vets = {p.geography: p.username for p in people if p.role == "VET"}
    managers = {site: p.username for p in people if p.role == "MGR" for site in (*p.stations, *p.areas)}
    feeders = {hall: p.username for p in people for hall in p.halls}
    for spec in catalog.GEOGRAPHIES:
        vet = vets[PROFILE_GEOGRAPHY[spec.name]]
        for station in catalog.station_names(spec):
            for letter in catalog.HALL_LETTERS:
                hall = catalog.hall_name(station, letter)
                feeder = feeders[hall]
                out.update({(hall, "feeder"): feeder, (hall, "technician"): feeder, (hall, "manager"): managers[station],
                            (hall, "vet"): vet})
        for area in catalog.area_names(spec):
            operators = {p.job_title: p.username for p in people if p.role == "OPR" and area in p.areas}
            out.update({(area, "feeder"): operators["Feeder"], (area, "technician"): operators["Fish Health Technician"],
                        (area, "manager"): managers[area], (area, "vet"): vet})
        spawning = catalog.hall_name(catalog.broodstock_station_name(spec), catalog.BROODSTOCK_HALL_LETTER)
        out.update({(spawning, "feeder"): feeders[spawning], (spawning, "technician"): feeders[spawning],
                    (spawning, "manager"): managers[catalog.broodstock_station_name(spec)], (spawning, "vet"): vet})
    return out
