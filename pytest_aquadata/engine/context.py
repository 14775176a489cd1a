"""What every process of the engine shares: the master data and infrastructure ids (read once per
process, one query each) and one batch's context (its generator, dates and block of row ids)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pytest_aquadata.plan.model import PlannedBatch
from pytest_aquadata.rows import SMALL_IDS, SYSTEM_USERNAME

ID_BLOCK = 10**9


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
    areas: dict[str, int]  # area name -> id
    egg_suppliers: list[int]
    feed_capacity_kg: dict[str, float]  # feed container name -> capacity
    lice_types: dict[tuple[str, str, str], int]  # (species, gender, development stage) -> id
    health_parameters: dict[str, int]
    vaccination_types: dict[str, int]
    tgc_models: dict[str, int]  # geography name -> its TGC model
    fcr_model: int
    mortality_model: int
    stations: dict[str, int] = field(default_factory=dict)  # freshwater and broodstock stations by name
    breeding_plans: dict[str, int] = field(default_factory=dict)  # by name (catalog.breeding_plan_name)
    station_sites: dict[str, int] = field(default_factory=dict)  # station name -> its finance site
    site_companies: dict[int, int] = field(default_factory=dict)  # finance site -> its company
    sample_types: dict[str, int] = field(default_factory=dict)
    accounts: dict[str, int] = field(default_factory=dict)  # by code
    budgets: dict[tuple[int, int], int] = field(default_factory=dict)  # (company, fiscal year) -> budget
    #: duty -> the user id who records it, by container id (farm/people.py; engine/recorders.py); 0 where no one
    recorders: dict[str, np.ndarray] = field(default_factory=dict)
    #: who records where no one of the farm's staff does (the project keeps no profiles): the system user
    system_user: int = 0
    #: (geography name, stage name) -> (policy id, price per kg, the buying company's currency): what a transfer from
    #: the geography's freshwater company to its farming company costs (farm/build.py's intercompany policies)
    transfer_prices: dict[tuple[str, str], tuple[int, float, str]] = field(default_factory=dict)
    #: django_content_type's id of the transfer workflow model, which an intercompany transaction names as its source
    workflow_type: int = 0
    #: geography name -> the user id of its finance controller, who approves its intercompany transactions
    controllers: dict[str, int] = field(default_factory=dict)


def batch_id(index: int) -> int:
    """A batch's id: ``index + 1``, small, because a client's schema may keep it in a 4-byte integer
    (AquaMind's ``finance_factharvest.dim_batch_id``)."""
    return index + 1


def block_base(index: int) -> int:
    """The base of a batch's block of row ids: ``(index + 1) * 10**9``."""
    return (index + 1) * ID_BLOCK


class IdBlock:
    """Row ids for one batch: ``(index + 1) * 10**9 + n``, counted per table, so a batch's ids do not
    depend on which process writes it or what was written before."""

    def __init__(self, index: int):
        self.base = block_base(index)
        self.next: dict[str, int] = {}

    def take(self, table: str, n: int) -> np.ndarray:
        start = self.next.get(table, 1)
        self.next[table] = start + n
        return self.base + start + np.arange(n, dtype=np.int64)

    def small(self, table: str, n: int) -> np.ndarray:
        """``n`` more ids of one of SMALL_IDS' tables for this batch: ``(index + 1) * per_batch + 1, ...``."""
        per_batch = SMALL_IDS[table]
        start = self.next.get(table, 1)
        if start + n > per_batch:
            raise ValueError(f"a batch has {per_batch - 1} ids of {table} (engine/context.py SMALL_IDS), not {start + n - 1}")
        self.next[table] = start + n
        return self.base // ID_BLOCK * per_batch + start + np.arange(n, dtype=np.int64)


#: Each process's own random stream, by a fixed number (not hash(), which varies between interpreters).
STREAMS: dict[str, int] = {"lifecycle": 1, "environment": 2, "feeding": 3, "mortality": 4, "growth": 5, "health": 6,
                           "lice": 7, "creation": 8, "potential": 9, "faults": 10,
                           "escapes": 11, "outbreaks": 12, "broodstock": 13}


@dataclass
class BatchContext:
    """One batch being generated: its plan, ids, seed and the day its history ends."""

    batch: PlannedBatch
    ids: Ids
    seed: int
    history_end: dt.date
    #: Incident kind -> rate (plan/incidents.py): the schedule's, or none (a factory's batch).
    incidents: dict[str, float] = field(default_factory=dict)
    block: IdBlock = field(init=False)
    _streams: dict[str, np.random.Generator] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.block = IdBlock(self.batch.index)

    def stream(self, process: str) -> np.random.Generator:
        """The process's own random generator for this batch: a draw added to one process (a new lice stage,
        say) shifts no value of another."""
        if process not in self._streams:
            self._streams[process] = np.random.default_rng([self.seed, self.batch.index, STREAMS[process]])
        return self._streams[process]

    @property
    def bid(self) -> int:
        return batch_id(self.batch.index)

    @property
    def start(self) -> np.datetime64:
        return np.datetime64(self.batch.start_date, "D")


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
        companies=pairs("SELECT g.name, c.company_id FROM finance_dimcompany c "  # its sites' company
                        "JOIN infrastructure_geography g ON g.id = c.geography_id WHERE c.subsidiary <> 'FW'"),
        sites=pairs("SELECT site_name, site_id FROM finance_dimsite WHERE source_model = 'area'"),
        areas=pairs("SELECT name, id FROM infrastructure_area"),
        egg_suppliers=[r[0] for r in conn.execute("SELECT id FROM broodstock_eggsupplier ORDER BY id").fetchall()],
        feed_capacity_kg={n: float(c) for n, c in conn.execute(
            "SELECT name, capacity_kg FROM infrastructure_feedcontainer").fetchall()},
        lice_types={(s, g, d): i for s, g, d, i in conn.execute(
            "SELECT species, gender, development_stage, id FROM health_licetype").fetchall()},
        health_parameters=pairs("SELECT name, id FROM health_healthparameter"),
        vaccination_types=pairs("SELECT name, id FROM health_vaccinationtype"),
        tgc_models=pairs("SELECT location, model_id FROM scenario_tgcmodel"),
        fcr_model=conn.execute("SELECT min(model_id) FROM scenario_fcrmodel").fetchone()[0],
        mortality_model=conn.execute("SELECT min(model_id) FROM scenario_mortalitymodel").fetchone()[0],
        stations=pairs("SELECT name, id FROM infrastructure_freshwaterstation"),
        breeding_plans=pairs("SELECT name, id FROM broodstock_breedingplan"),
        station_sites=pairs("SELECT site_name, site_id FROM finance_dimsite WHERE source_model = 'station'"),
        site_companies=pairs("SELECT site_id, company_id FROM finance_dimsite"),
        sample_types=pairs("SELECT name, id FROM health_sampletype"),
        accounts=pairs("SELECT code, account_id FROM finance_core_account"),
        budgets={(c, y): i for c, y, i in conn.execute(
            "SELECT company_id, fiscal_year, budget_id FROM finance_core_budget WHERE name = %s", (catalog.BUDGET_NAME,))},
        recorders=_recorders(conn),
        system_user=conn.execute("SELECT coalesce(min(id), 0) FROM auth_user WHERE username = %s",
                                 (SYSTEM_USERNAME,)).fetchone()[0],
        transfer_prices=_transfer_prices(conn),
        workflow_type=conn.execute("SELECT coalesce(min(id), 0) FROM django_content_type WHERE app_label = 'batch' "
                                   "AND model = 'batchtransferworkflow'").fetchone()[0],
        controllers=_controllers(conn),
    )


def _transfer_prices(conn: Any) -> dict[tuple[str, str], tuple[int, float, str]]:
    """Each geography's lifecycle policies from its freshwater company to its farming company, by the stage sold;
    none where the project keeps no policies."""
    if conn.execute("SELECT to_regclass('finance_intercompanypolicy') IS NULL").fetchone()[0]:
        return {}
    return {(g, stage): (policy, float(price), currency) for g, stage, policy, price, currency in conn.execute(
        "SELECT g.name, st.name, p.policy_id, p.price_per_kg, coalesce(t.currency, 'EUR') "
        "FROM finance_intercompanypolicy p JOIN finance_dimcompany f ON f.company_id = p.from_company_id "
        "JOIN finance_dimcompany t ON t.company_id = p.to_company_id JOIN infrastructure_geography g "
        "ON g.id = t.geography_id JOIN batch_lifecyclestage st ON st.id = p.lifecycle_stage_id "
        "WHERE p.pricing_basis = 'lifecycle' AND p.method = 'standard' AND p.price_per_kg IS NOT NULL "
        "AND f.geography_id = t.geography_id").fetchall()}


def _controllers(conn: Any) -> dict[str, int]:
    """Each geography's finance controller (farm/people.py), where the project keeps user profiles."""
    from pytest_aquadata.farm import people

    if conn.execute("SELECT to_regclass('users_userprofile') IS NULL").fetchone()[0]:
        return {}
    return people.by_geography(conn.execute("SELECT geography, min(user_id) FROM users_userprofile WHERE role = %s "
                                            "GROUP BY 1", (people.CONTROLLER_ROLE,)).fetchall())


def _recorders(conn: Any) -> dict[str, np.ndarray]:
    """duty -> user id by container id, from the staff's usernames (farm/people.py) and each container's site (its
    hall or sea area); empty where the project keeps no user profiles or has not got the staff."""
    from pytest_aquadata.farm import people

    if conn.execute("SELECT to_regclass('users_userprofile') IS NULL OR to_regclass('auth_user') IS NULL").fetchone()[0]:
        return {}
    users = dict(conn.execute("SELECT username, id FROM auth_user").fetchall())
    duties = people.duties(people.staff())
    if not all(username in users for username in duties.values()):
        return {}
    sites = conn.execute("SELECT c.id, coalesce(h.name, a.name) FROM infrastructure_container c "
                         "LEFT JOIN infrastructure_hall h ON h.id = c.hall_id "
                         "LEFT JOIN infrastructure_area a ON a.id = c.area_id").fetchall()
    out = {duty: np.zeros(max(i for i, _ in sites) + 1, dtype=np.int64) for duty in people.DUTIES}
    for container, site in sites:
        for duty in people.DUTIES:
            if (site, duty) in duties:
                out[duty][container] = users[duties[site, duty]]
    return out
