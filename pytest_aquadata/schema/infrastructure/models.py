"""Geographies, stations, halls, sea areas, containers, sensors and feed containers."""

from django.db import models

from pytest_aquadata.schema.compat import check_constraint


class Geography(models.Model):
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class AreaGroup(models.Model):
    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=50, blank=True)
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="area_groups")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class FreshwaterStation(models.Model):
    STATION_TYPES = [("FRESHWATER", "Freshwater"), ("BROODSTOCK", "Broodstock")]
    name = models.CharField(max_length=100, unique=True)
    station_type = models.CharField(max_length=20, choices=STATION_TYPES, default="FRESHWATER")
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="stations")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Hall(models.Model):
    name = models.CharField(max_length=100, unique=True)
    freshwater_station = models.ForeignKey(FreshwaterStation, on_delete=models.CASCADE, related_name="halls")
    description = models.TextField(blank=True)
    area_sqm = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    name = models.CharField(max_length=100, unique=True)
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="areas")
    area_group = models.ForeignKey(AreaGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="areas")
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)
    max_biomass = models.DecimalField(max_digits=14, decimal_places=2)
    active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.name


class ContainerType(models.Model):
    CATEGORIES = [("TANK", "Tank"), ("PEN", "Pen"), ("TRAY", "Tray"), ("OTHER", "Other")]
    name = models.CharField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=CATEGORIES)
    max_volume_m3 = models.DecimalField(max_digits=10, decimal_places=2)
    stocking_density_kg_m3 = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name


class Container(models.Model):
    HIERARCHY_ROLES = [("HOLDING", "Holding"), ("STRUCTURAL", "Structural")]
    name = models.CharField(max_length=100, unique=True)
    container_type = models.ForeignKey(ContainerType, on_delete=models.PROTECT, related_name="containers")
    hall = models.ForeignKey(Hall, null=True, blank=True, on_delete=models.CASCADE, related_name="containers")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="containers")
    parent_container = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="child_containers"
    )
    hierarchy_role = models.CharField(max_length=20, choices=HIERARCHY_ROLES, default="HOLDING")
    volume_m3 = models.DecimalField(max_digits=10, decimal_places=2)
    max_biomass_kg = models.DecimalField(max_digits=12, decimal_places=2)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            check_constraint(
                models.Q(hall__isnull=False, area__isnull=True) | models.Q(hall__isnull=True, area__isnull=False),
                name="container_in_hall_or_area",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Sensor(models.Model):
    SENSOR_TYPES = [
        ("TEMPERATURE", "Temperature"),
        ("OXYGEN", "Dissolved Oxygen"),
        ("PH", "pH"),
        ("CO2", "CO2"),
        ("NO2", "NO2"),
        ("NO3", "NO3"),
        ("NH4", "NH4"),
        ("SALINITY", "Salinity"),
    ]
    name = models.CharField(max_length=100)
    sensor_type = models.CharField(max_length=20, choices=SENSOR_TYPES)
    container = models.ForeignKey(Container, on_delete=models.CASCADE, related_name="sensors")
    serial_number = models.CharField(max_length=100, blank=True)
    manufacturer = models.CharField(max_length=100, blank=True)
    installation_date = models.DateField(null=True, blank=True)
    last_calibration_date = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["container", "sensor_type"], name="one_sensor_type_per_container")]

    def __str__(self) -> str:
        return self.name


class FeedContainer(models.Model):
    CONTAINER_TYPES = [("SILO", "Silo"), ("BARGE", "Barge"), ("TANK", "Tank"), ("OTHER", "Other")]
    name = models.CharField(max_length=100, unique=True)
    container_type = models.CharField(max_length=20, choices=CONTAINER_TYPES)
    hall = models.ForeignKey(Hall, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_containers")
    area = models.ForeignKey(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="feed_containers")
    capacity_kg = models.DecimalField(max_digits=12, decimal_places=2)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            check_constraint(
                models.Q(hall__isnull=False, area__isnull=True) | models.Q(hall__isnull=True, area__isnull=False),
                name="feed_container_in_hall_or_area",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TransportCarrier(models.Model):
    """A well boat or a truck that moves fish between a geography's sites (farm/build.py)."""

    TYPES = [("TRUCK", "Truck"), ("VESSEL", "Vessel")]
    name = models.CharField(max_length=100, unique=True)
    carrier_type = models.CharField(max_length=20, choices=TYPES)
    geography = models.ForeignKey(Geography, on_delete=models.PROTECT, related_name="transport_carriers")
    capacity_m3 = models.FloatField()
    license_plate = models.CharField(max_length=32, blank=True)
    imo_number = models.CharField(max_length=20, blank=True)
    captain_contact = models.CharField(max_length=255, blank=True)
    active = models.BooleanField(default=True)
