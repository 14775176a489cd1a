"""Master data and infrastructure ids, read once per process with one query each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ids:
    containers: dict[str, int]
    sensors: dict[tuple[int, str], int]  # (container id, parameter name) -> sensor id
    parameters: dict[str, int]
    stages: dict[str, int]
    species: int
    feeds: dict[str, int]
    feed_containers: dict[str, int]
    mortality_reasons: dict[str, int]
    grades: dict[str, int]
    geographies: dict[str, int]
    companies: dict[str, int]  # geography name -> company id
    sites: dict[str, int]  # area name -> site id
    egg_suppliers: list[int]


def load_ids(conn: Any) -> Ids:
    from pytest_aquadata.farm import catalog

    def pairs(sql: str) -> dict[Any, int]:
        return {row[0]: row[1] for row in conn.execute(sql).fetchall()}

    sensor_param = {code: name for name, code in catalog.SENSOR_TYPE_CODES.items()}
    sensors = {(c, sensor_param[t]): i for c, t, i in
               conn.execute("SELECT container_id, sensor_type, id FROM infrastructure_sensor").fetchall()}
    return Ids(
        containers=pairs("SELECT name, id FROM infrastructure_container"),
        sensors=sensors,
        parameters=pairs("SELECT name, id FROM environmental_environmentalparameter"),
        stages=pairs("SELECT name, id FROM batch_lifecyclestage"),
        species=conn.execute("SELECT id FROM batch_species WHERE name = 'Atlantic Salmon'").fetchone()[0],
        feeds=pairs("SELECT name, id FROM inventory_feed"),
        feed_containers=pairs("SELECT name, id FROM infrastructure_feedcontainer"),
        mortality_reasons=pairs("SELECT name, id FROM health_mortalityreason"),
        grades=pairs("SELECT code, id FROM harvest_productgrade"),
        geographies=pairs("SELECT name, id FROM infrastructure_geography"),
        companies=pairs("SELECT g.name, c.company_id FROM finance_dimcompany c "
                        "JOIN infrastructure_geography g ON g.id = c.geography_id"),
        sites=pairs("SELECT site_name, site_id FROM finance_dimsite WHERE source_model = 'area'"),
        egg_suppliers=[r[0] for r in conn.execute("SELECT id FROM broodstock_eggsupplier ORDER BY id").fetchall()],
    )
