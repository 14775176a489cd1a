"""Infrastructure: ``ContainerFactory()`` alone builds a plausible tank in a hall of a station of a geography.

Names follow domain.md (``FI-FW-13``, ``FI-FW-13-Hall-B``, ``FI-FW-13-B-C01``, ``FI-SEA-24-Ring-01``); the
sequences start after the production farm's numbers, so hand-made rows never collide with built ones.
"""

from __future__ import annotations

import factory

from factories._base import FarmFactory
from pytest_aquadata.farm import catalog


def geography_code(name: str) -> str:
    spec = catalog.GEOGRAPHY_BY_NAME.get(name)
    return spec.code if spec else "".join(word[0] for word in name.split()).upper()


class GeographyFactory(FarmFactory):
    class Meta:
        model = "infrastructure.Geography"
        django_get_or_create = ("name",)

    name = factory.Iterator([g.name for g in catalog.GEOGRAPHIES])
    description = factory.LazyAttribute(lambda o: f"{o.name} operations")


class AreaGroupFactory(FarmFactory):
    class Meta:
        model = "infrastructure.AreaGroup"
        django_get_or_create = ("name",)

    geography = factory.SubFactory(GeographyFactory)
    name = factory.LazyAttributeSequence(lambda o, n: f"{o.geography.name} Region {n + 1}")
    code = factory.LazyAttribute(lambda o: o.name[:3].upper())


class FreshwaterStationFactory(FarmFactory):
    class Meta:
        model = "infrastructure.FreshwaterStation"

    geography = factory.SubFactory(GeographyFactory)
    name = factory.LazyAttributeSequence(lambda o, n: f"{geography_code(o.geography.name)}-FW-{n + 13:02d}")
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=6, min_value=56, max_value=63)
    longitude = factory.Faker("pydecimal", left_digits=1, right_digits=6, min_value=-8, max_value=-5)
    description = factory.LazyAttribute(lambda o: f"Freshwater station {o.name}")


class HallFactory(FarmFactory):
    class Meta:
        model = "infrastructure.Hall"
        django_get_or_create = ("name",)

    class Params:
        letter = "B"

    freshwater_station = factory.SubFactory(FreshwaterStationFactory)
    name = factory.LazyAttribute(lambda o: catalog.hall_name(o.freshwater_station.name, o.letter))
    area_sqm = 1200
    description = factory.LazyAttribute(lambda o: f"{catalog.STAGE_BY_HALL_LETTER[o.letter].name} hall")


class AreaFactory(FarmFactory):
    class Meta:
        model = "infrastructure.Area"

    geography = factory.SubFactory(GeographyFactory)
    area_group = factory.SubFactory(AreaGroupFactory, geography=factory.SelfAttribute("..geography"))
    name = factory.LazyAttributeSequence(lambda o, n: f"{geography_code(o.geography.name)}-SEA-{n + 24:02d}")
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=6, min_value=56, max_value=63)
    longitude = factory.Faker("pydecimal", left_digits=1, right_digits=6, min_value=-8, max_value=-5)
    max_biomass = catalog.ring_max_biomass_kg() * catalog.RINGS_PER_AREA


class ContainerTypeFactory(FarmFactory):
    """The container type of a stage (``stage="Adult"`` gives the sea ring), shared by name."""

    class Meta:
        model = "infrastructure.ContainerType"
        django_get_or_create = ("name",)

    class Params:
        stage = "Fry"
        spec = factory.LazyAttribute(lambda o: catalog.STAGE_BY_NAME[o.stage])

    name = factory.LazyAttribute(lambda o: o.spec.container_type)
    category = factory.LazyAttribute(lambda o: catalog.container_category(o.spec))
    max_volume_m3 = factory.LazyAttribute(lambda o: o.spec.volume_m3)
    stocking_density_kg_m3 = factory.LazyAttribute(lambda o: o.spec.density_kg_m3)


class ContainerFactory(FarmFactory):
    """A holding tank for ``stage`` in a hall of the stage's letter; ``ring=True`` gives a sea ring in an area."""

    class Meta:
        model = "infrastructure.Container"

    class Params:
        stage = "Fry"
        spec = factory.LazyAttribute(lambda o: catalog.STAGE_BY_NAME[o.stage])
        ring = factory.Trait(
            stage="Adult",
            hall=None,
            area=factory.SubFactory(AreaFactory),
            name=factory.LazyAttributeSequence(lambda o, n: f"{o.area.name}-Ring-{n + 1:02d}"),
        )

    container_type = factory.SubFactory(ContainerTypeFactory, stage=factory.SelfAttribute("..stage"))
    hall = factory.SubFactory(HallFactory, letter=factory.SelfAttribute("..spec.hall_letter"))
    area = None
    name = factory.LazyAttributeSequence(
        lambda o, n: f"{o.hall.freshwater_station.name}-{o.hall.name[-1]}-C{n + 1:02d}")
    hierarchy_role = "HOLDING"
    volume_m3 = factory.LazyAttribute(lambda o: o.spec.volume_m3)
    max_biomass_kg = factory.LazyAttribute(lambda o: o.spec.volume_m3 * o.spec.density_kg_m3)


class SensorFactory(FarmFactory):
    class Meta:
        model = "infrastructure.Sensor"

    container = factory.SubFactory(ContainerFactory)
    sensor_type = "TEMPERATURE"
    name = factory.LazyAttribute(lambda o: f"{o.container.name}-{o.sensor_type}")
    serial_number = factory.Faker("bothify", text="SN#######")
    manufacturer = factory.Faker("random_element", elements=("Xylem", "OxyGuard", "In-Situ", "YSI"))
    installation_date = factory.Faker("date_between", start_date="-8y", end_date="-1y")
    last_calibration_date = factory.Faker("date_between", start_date="-1y", end_date="today")


class FeedContainerFactory(FarmFactory):
    """A hall's silo; ``barge=True`` gives one of an area's barges."""

    class Meta:
        model = "infrastructure.FeedContainer"

    class Params:
        barge = factory.Trait(
            container_type="BARGE",
            hall=None,
            area=factory.SubFactory(AreaFactory),
            name=factory.LazyAttributeSequence(lambda o, n: f"{o.area.name}-Barge-{n + 1}"),
            capacity_kg=300_000,
        )

    container_type = "SILO"
    hall = factory.SubFactory(HallFactory)
    area = None
    name = factory.LazyAttribute(lambda o: f"{o.hall.name}-Silo")
    capacity_kg = 25_000
