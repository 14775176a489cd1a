"""Build the production infrastructure and all master data in one idempotent, atomic call.

Everything is created in one transaction with bulk inserts (about 13,000 rows in a few seconds); a
database that already has the farm is left as it is, so the call is safe on every run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.farm import biology, catalog, people, weather
from pytest_aquadata.mapping.models import AppModels, TargetModel, system_user

infra, batch, health, scenario = (AppModels(app) for app in ("infrastructure", "batch", "health", "scenario"))
inventory, environmental, harvest, finance, broodstock = (
    AppModels(app) for app in ("inventory", "environmental", "harvest", "finance", "broodstock"))


@dataclass(frozen=True)
class FarmCounts:
    geographies: int
    stations: int
    halls: int
    areas: int
    holding_tanks: int
    rings: int
    sensors: int
    feed_containers: int
    stages: int
    feeds: int


def build_farm(span: tuple[dt.date, dt.date] | None = None) -> FarmCounts:
    """Create infrastructure and master data unless they exist, and the breeding plans of the years of ``span``
    (the schedule's first start, its history end); return the counts either way."""
    from django.db import transaction


    with transaction.atomic():
        if not infra.Geography.objects.filter(name=catalog.GEOGRAPHIES[0].name).exists():
            _build_master_data()
            _build_infrastructure()
            _build_finance_dimensions()
        _build_broodstock_stations()
        _build_reference_data()
        _build_people()
        _build_activity_templates()
        _build_chart_of_accounts()
        _build_intercompany_policies()
        if span:
            _build_breeding_years(*span)
            _build_closed_months(*span)
            _build_budgets(*span)
    return farm_counts()


def _build_broodstock_stations() -> None:
    """Each geography's broodstock station (catalog.broodstock_tank_names), unless it has one: a hall of holding
    tanks and the stripping tank, where the spawners of the batches whose eggs are the company's own live
    (engine/broodstock.py)."""
    if infra.FreshwaterStation.objects.filter(station_type="BROODSTOCK").exists():
        return
    kind = infra.ContainerType.create(name=catalog.BROODSTOCK_CONTAINER_TYPE, category="TANK",
                                      max_volume_m3=catalog.BROODSTOCK_TANK_M3)
    for spec in catalog.GEOGRAPHIES:
        geo = infra.Geography.objects.get(name=spec.name)
        name = catalog.broodstock_station_name(spec)
        station = infra.FreshwaterStation.create(
            name=name, station_type="BROODSTOCK", geography=geo, latitude=spec.latitude - 0.05,
            longitude=spec.longitude + 0.05, description=f"Broodstock station {name}")
        hall = infra.Hall.create(name=catalog.hall_name(name, catalog.BROODSTOCK_HALL_LETTER), freshwater_station=station,
                                 area_sqm=800, description="Broodstock holding and stripping hall")
        holding, stripping = catalog.broodstock_tank_names(spec)
        infra.Container.bulk_create(
            infra.Container(name=tank, container_type=kind, hall=hall, volume_m3=catalog.BROODSTOCK_TANK_M3,
                            max_biomass_kg=catalog.BROODSTOCK_TANK_M3 * catalog.BROODSTOCK_DENSITY_KG_M3)
            for tank in (*holding, stripping))


#: What a health parameter's scores mean (AquaMind's populate_parameter_scores: 0 to 3).
SCORE_LABELS = (("Normal", "No sign"), ("Mild", "Slight changes, few fish"), ("Moderate", "Clear changes, many fish"),
                ("Severe", "Marked changes, most fish"))
#: The samples the fish health team sends to a laboratory, for the diseases the engine's outbreaks and samplings
#: concern (gill disease, winter ulcer, the vaccinated viral and bacterial diseases).
SAMPLE_TYPES = (("Gill swab", "PCR for gill pathogens (amoebic gill disease, pox virus)"),
                ("Gill tissue", "Histopathology of gill filaments"), ("Blood", "Haematology and serology"),
                ("Skin and ulcer swab", "Bacteriology of winter ulcers (Moritella viscosa)"),
                ("Heart and kidney tissue", "PCR for viral diseases (PD, ISA, HSMI)"))
#: Each geography's fish carriers: well boats for the smolts' move to sea and for harvest, trucks between stations.
#: A modern well boat holds 2,000-3,000 m3 of water; a live-fish truck about 30 m3.
CARRIERS = (("Wellboat", "VESSEL", 2500.0), ("Wellboat", "VESSEL", 3000.0), ("Fish truck", "TRUCK", 30.0))


def _build_hall_growth_model() -> None:
    """The halls' growth model (its stage values: farm/biology.py's TGC), from which each batch's scenario changes to
    its geography's sea model on its first day at sea (engine/scenario.py), unless the project has it."""
    if scenario.TGCModel.objects.filter(location=catalog.HALL_TGC_LOCATION).exists():
        return
    profile = scenario.TemperatureProfile.objects.get(name="Freshwater Hall")
    model = scenario.TGCModel.create(name="Freshwater halls TGC", location=catalog.HALL_TGC_LOCATION,
                                     tgc_value=biology.TGC["Parr"], profile=profile)
    if scenario.TGCModelStage.objects.exists():  # a farm that has the stage values has them for the sea's models
        scenario.TGCModelStage.bulk_create(
            scenario.TGCModelStage(tgc_model=model, lifecycle_stage=s.name, tgc_value=biology.TGC[s.name])
            for s in catalog.STAGES)


def _build_reference_data() -> None:
    """What AquaMind's pages look things up in, from the farm's own catalog and biology, where the project has the
    models and lacks the rows: health score meanings and sample types, transport carriers, and the scenario models'
    stage values (each stage's weights, temperatures and length; the growth and mortality the engine uses)."""
    if not health.ParameterScoreDefinition.objects.exists():
        health.ParameterScoreDefinition.bulk_create(
            health.ParameterScoreDefinition(parameter_id=pid, score_value=score, label=label, description=text,
                                            display_order=score)
            for pid in health.HealthParameter.objects.filter(name__in=catalog.HEALTH_PARAMETERS).values_list(
                "id", flat=True).order_by("id")
            for score, (label, text) in enumerate(SCORE_LABELS))
    health.SampleType.ensure(("name",), (dict(name=n, description=d) for n, d in SAMPLE_TYPES))
    if not infra.TransportCarrier.objects.exists():
        infra.TransportCarrier.bulk_create(
            infra.TransportCarrier(name=f"{spec.code} {kind} {n}", carrier_type=ctype, capacity_m3=m3,
                                   geography=infra.Geography.objects.get(name=spec.name),
                                   imo_number=f"IMO9{gi}{n:05d}" if ctype == "VESSEL" else "",
                                   license_plate=f"{spec.code}{n:03d}FT" if ctype == "TRUCK" else "")
            for gi, spec in enumerate(catalog.GEOGRAPHIES) for n, (kind, ctype, m3) in enumerate(CARRIERS, start=1))
    _build_hall_growth_model()
    if scenario.BiologicalConstraints.objects.exists():
        return
    rules = scenario.BiologicalConstraints.create(
        name="Farm stages", description="Each stage's weights and length (catalog) and the water its fish eat in")
    scenario.StageConstraint.bulk_create(
        scenario.StageConstraint(
            constraint_set=rules, lifecycle_stage=s.name, min_weight_g=s.min_weight_g, max_weight_g=s.max_weight_g,
            min_temperature_c=biology.APPETITE_RANGE["sea" if s.hall_letter is None else "freshwater"][0],
            max_temperature_c=biology.APPETITE_RANGE["sea" if s.hall_letter is None else "freshwater"][3],
            typical_duration_days=s.days,
            max_freshwater_weight_g=catalog.FRESHWATER_STAGES[-1].max_weight_g if s.hall_letter else None)
        for s in catalog.STAGES)
    scenario.TGCModelStage.bulk_create(
        scenario.TGCModelStage(tgc_model=model, lifecycle_stage=s.name, tgc_value=biology.TGC[s.name])
        for model in scenario.TGCModel.objects.order_by("pk") for s in catalog.STAGES)
    scenario.MortalityModelStage.bulk_create(
        scenario.MortalityModelStage(mortality_model=model, lifecycle_stage=s.name,
                                     daily_rate_percent=100 * biology.BASELINE_MORTALITY[s.name],
                                     weekly_rate_percent=100 * (1 - (1 - biology.BASELINE_MORTALITY[s.name]) ** 7))
        for model in scenario.MortalityModel.objects.order_by("pk") for s in catalog.STAGES)


#: What each year's breeding plan selects for, as a breeding programme weighs its index (the plan's input, not
#: an outcome of the farm): AquaMind's traits, most weight on growth, then lice and disease resistance.
TRAIT_PRIORITIES = (("growth_rate", 0.4), ("disease_resistance", 0.3), ("size", 0.2), ("fertility", 0.1))
#: The broodstock tanks' upkeep: a cleaning on the first working day of each month, an inspection each quarter.
MAINTENANCE_HOUR = 9


def _build_breeding_years(first: dt.date, history_end: dt.date) -> None:
    """Each geography's breeding plan for each year from ``first`` to ``history_end``, with its trait priorities and
    its broodstock tanks' upkeep (done by the day the history ends), those not there yet: a batch whose eggs are the
    company's own is paired under the plan of its year and geography (engine/broodstock.py)."""
    held = set(broodstock.BreedingPlan.objects.values_list("name", flat=True))
    station_managers = _usernames_by_station()
    for spec in catalog.GEOGRAPHIES:
        holding, stripping = catalog.broodstock_tank_names(spec)
        tanks = dict(infra.Container.objects.filter(name__in=[*holding, stripping]).values_list("name", "id"))
        manager = station_managers.get(catalog.broodstock_station_name(spec))
        for year in range((first - dt.timedelta(days=1)).year, history_end.year + 1):  # eggs are stripped the day before
            name = catalog.breeding_plan_name(spec.name, year)
            if name in held:
                continue
            start = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
            plan = broodstock.BreedingPlan.create(
                name=name, start_date=start, end_date=dt.datetime(year, 12, 31, 23, 59, tzinfo=dt.UTC),
                objectives=f"Spawn the {spec.name} batches of {year} from the station's own year class",
                created_by_id=manager)
            broodstock.BreedingTraitPriority.bulk_create(
                broodstock.BreedingTraitPriority(plan=plan, trait_name=t, priority_weight=w) for t, w in TRAIT_PRIORITIES)
            broodstock.MaintenanceTask.bulk_create(
                broodstock.MaintenanceTask(
                    container_id=tanks[tank], task_type="inspection" if month % 3 == 1 else "cleaning",
                    scheduled_date=dt.datetime(year, month, 1, MAINTENANCE_HOUR, tzinfo=dt.UTC),
                    completed_date=dt.datetime(year, month, 1, MAINTENANCE_HOUR + 3, tzinfo=dt.UTC)
                    if dt.date(year, month, 1) <= history_end else None, notes="", created_by_id=manager)
                for tank in (*holding, stripping) for month in range(1, 13))


#: The chart of accounts a salmon farm books its costs to: (group code, NAV cost group, name, its accounts (code,
#: name), the allocation's weights on headcount and biomass). Feed, smolt purchase and treatments follow the
#: biomass a batch carries; people and energy the sites' work, which follows the fish counted and handled more.
CHART = (
    ("FEED", "CG-FEED", "Feed", (("6100", "Feed purchases"), ("6110", "Feed freight")), (0.2, 0.8)),
    ("STOCK", "CG-STOCK", "Eggs and smolts", (("6000", "Eggs purchased"), ("6010", "Smolts purchased")), (0.5, 0.5)),
    ("HEALTH", "CG-HEALTH", "Fish health", (("6200", "Vaccines"), ("6210", "Delousing and treatments"),
                                             ("6220", "Veterinary services")), (0.3, 0.7)),
    ("STAFF", "CG-STAFF", "Personnel", (("7000", "Wages"), ("7010", "Social costs")), (0.7, 0.3)),
    ("ENERGY", "CG-ENERGY", "Energy and fuel", (("7200", "Electricity"), ("7210", "Fuel, boats and barges")),
     (0.5, 0.5)),
    ("UPKEEP", "CG-UPKEEP", "Maintenance and depreciation", (("7300", "Repairs"), ("7800", "Depreciation")),
     (0.5, 0.5)),
)
#: Transfer prices per kg from a geography's freshwater company to its farming one, by the farming company's
#: currency: AquaMind's own seed (apps/finance/management/commands/seed_smolt_policies.py, "placeholder prices").
SMOLT_PRICES = {"Parr": {"DKK": 63.0, "GBP": 7.5, "EUR": 8.5}, "Smolt": {"DKK": 93.0, "GBP": 11.0, "EUR": 12.5},
                "Post-Smolt": {"DKK": 112.0, "GBP": 13.0, "EUR": 15.0}}


def _build_intercompany_policies() -> None:
    """The policies of each geography's freshwater company for the stages that leave the halls for its farming
    company, unless the project lacks them or has them."""
    try:
        policies = TargetModel("finance.IntercompanyPolicy")
    except LookupError:
        return
    if policies.objects.exists():
        return
    stages = dict(batch.LifeCycleStage.objects.values_list("name", "id"))
    for farming in finance.DimCompany.objects.exclude(subsidiary="FW").select_related("geography").order_by("pk"):
        freshwater = finance.DimCompany.objects.get(geography_id=farming.geography_id, subsidiary="FW")
        currency = farming.currency if farming.currency in SMOLT_PRICES["Smolt"] else "EUR"
        policies.bulk_create(
            policies(from_company_id=freshwater.pk, to_company_id=farming.pk, pricing_basis="lifecycle",
                     lifecycle_stage_id=stages[stage], method="standard", price_per_kg=prices[currency])
            for stage, prices in SMOLT_PRICES.items())


#: Allocation rules apply from this day on (the chart's first day in the farm's books).
CHART_FROM = dt.date(2015, 1, 1)


def _build_chart_of_accounts() -> None:
    """The account groups and accounts of CHART, unless the project lacks them or has them."""
    try:
        groups = TargetModel("finance_core.AccountGroup")
    except LookupError:
        return
    if groups.objects.exists():
        return
    made = groups.bulk_create(groups(code=code, cost_group=cost_group, name=name, account_type="EXPENSE",
                                     display_order=n, description="", is_active=True)
                              for n, (code, cost_group, name, _, _) in enumerate(CHART, start=1))
    accounts = TargetModel("finance_core.Account")
    accounts.bulk_create(accounts(code=code, name=name, account_type="EXPENSE", group_id=group.pk, description="",
                                  is_active=True)
                         for group, (*_, chart, _) in zip(made, CHART, strict=True) for code, name in chart)


def build_allocation_rules() -> None:
    """One allocation rule per account group of CHART, unless the project lacks them or has them. Made after the
    run starts: the rules' table refers to the cost centres, which a rebuild empties, and PostgreSQL's TRUNCATE
    CASCADE empties the rules with them."""
    try:
        rules = TargetModel("finance_core.AllocationRule")
    except LookupError:
        return
    if rules.objects.exists():
        return
    group_ids = dict(TargetModel("finance_core.AccountGroup").objects.values_list("code", "pk"))
    rules.bulk_create(
        rules(name=f"{name} by headcount and biomass", account_group_id=group_ids[code], effective_from=CHART_FROM,
              rule_definition={"mode": "weighted", "weights": {"headcount": head, "biomass": mass},
                               "fallback": "equal_split"}, is_active=True)
        for code, _, name, _, (head, mass) in CHART)


def _build_closed_months(first: dt.date, history_end: dt.date) -> None:
    """Each site's months from ``first`` to the last one closed by ``history_end``, locked, those not there yet."""
    try:
        locks = TargetModel("finance_core.PeriodLock")
    except LookupError:
        return
    held = set(locks.objects.values_list("operating_unit_id", "year", "month"))
    controllers = _controllers()
    months, day = [], dt.date(first.year, first.month, 1)
    while True:
        closed = catalog.closing_day(day)
        if closed > history_end:
            break
        months.append((day, closed))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    sites = finance.DimSite.objects.select_related("company__geography").order_by("pk")
    locks.bulk_create(
        locks(company_id=site.company_id, operating_unit_id=site.pk, year=month.year, month=month.month,
              is_locked=True, version=1, lock_reason=f"Month-end close {month:%B %Y}",
              locked_by_id=controllers.get(site.company.geography.name),
              locked_at=dt.datetime.combine(closed, dt.time(catalog.CLOSED_AT_HOUR), dt.UTC))
        for site in sites for month, closed in months if (site.pk, month.year, month.month) not in held)


#: A batch's plan runs some 900 days past its start: the budgets go this many years past the history's end.
BUDGET_YEARS_AHEAD = 3


def _build_budgets(first: dt.date, history_end: dt.date) -> None:
    """Each company's operating budget of each year from ``first`` to BUDGET_YEARS_AHEAD after ``history_end``, those
    not there yet, by its geography's controller: the closed years archived, the current one active, those ahead
    drafts. Their entries are the batches' planned feed (engine/costs.py)."""
    try:
        budgets = TargetModel("finance_core.Budget")
    except LookupError:
        return
    held = set(budgets.objects.filter(name=catalog.BUDGET_NAME).values_list("company_id", "fiscal_year"))
    controllers = _controllers()
    budgets.bulk_create(
        budgets(company_id=company.pk, name=catalog.BUDGET_NAME, fiscal_year=year, version=1, notes="",
                status="ARCHIVED" if year < history_end.year else "ACTIVE" if year == history_end.year else "DRAFT",
                created_by_id=controllers.get(company.geography.name))
        for company in finance.DimCompany.objects.select_related("geography").order_by("pk")
        for year in range(first.year, history_end.year + BUDGET_YEARS_AHEAD + 1)
        if (company.pk, year) not in held)


def _controllers() -> dict[str, int]:
    """Each geography's controller's user id, where the project keeps the staff."""
    try:
        profiles = TargetModel("users.UserProfile")
    except LookupError:
        return {}
    return people.by_geography(profiles.objects.filter(role=people.CONTROLLER_ROLE).values_list("geography", "user_id"))


def _usernames_by_station() -> dict[str, int]:
    """The station manager's user id by station name, where the project keeps the staff."""
    try:
        profiles = TargetModel("users.UserProfile")
    except LookupError:
        return {}
    managers = {p.username: s for p in people.staff() if p.role == "MGR" for s in p.stations}
    return {managers[u]: i for u, i in profiles.objects.filter(user__username__in=managers).values_list(
        "user__username", "user_id")}


def _build_activity_templates() -> None:
    """How the schedule plans each batch's activities (engine/planning.py), as planning templates, unless the
    project keeps none or has them already."""
    try:
        templates = TargetModel("planning.ActivityTemplate")
    except LookupError:
        return
    if templates.objects.exists():
        return
    stages = dict(batch.LifeCycleStage.objects.values_list("name", "id"))
    parr = catalog.STAGE_BY_NAME[catalog.VACCINATION_STAGE]
    templates.bulk_create([
        *(templates(name=f"Transfer to {stage.name}", activity_type="TRANSFER", trigger_type="STAGE_TRANSITION",
                    target_lifecycle_stage_id=stages[stage.name], description=f"Move the batch into {stage.name}")
          for stage in catalog.STAGES[1:]),
        templates(name="Parr vaccination", activity_type="VACCINATION", trigger_type="DAY_OFFSET",
                  day_offset=(parr.order - 1) * catalog.STAGES[0].days + catalog.VACCINATION_DAY,
                  target_lifecycle_stage_id=stages[parr.name], description="Vaccinate every Parr tank by injection"),
        templates(name="Harvest", activity_type="HARVEST", trigger_type="WEIGHT_THRESHOLD",
                  target_lifecycle_stage_id=stages[catalog.ADULT.name],
                  description="Harvest each ring when its fish reach the batch's target weight"),
    ])


#: The password of every generated user: unusable (Django's mark is a leading "!"), and the same on every run.
UNUSABLE_PASSWORD = "!aquadata"


def _build_people() -> None:
    """The staff (farm/people.py): users, their profiles and the sites each may see, those not there yet (a farm
    built before the broodstock stations lacks their managers); only the system user where the project keeps no
    ``users.UserProfile``."""
    from django.conf import settings

    system_user()  # who records where none of the staff does (engine/recorders.py)
    try:
        profiles = TargetModel("users.UserProfile")
    except LookupError:
        return
    users = TargetModel(settings.AUTH_USER_MODEL)
    held = set(users.objects.values_list("username", flat=True))
    staff = [p for p in people.staff() if p.username not in held]
    if not staff:
        return
    made = users.bulk_create(users(username=p.username, first_name=p.first_name, last_name=p.last_name, email=p.email,
                                   password=UNUSABLE_PASSWORD, is_active=True) for p in staff)
    rows = profiles.bulk_create(profiles(user_id=u.pk, full_name=p.full_name, job_title=p.job_title,
                                         department=p.department, geography=p.geography,
                                         subsidiary=p.subsidiary, role=p.role)
                                for p, u in zip(staff, made, strict=True))
    areas = dict(infra.Area.objects.values_list("name", "id"))
    stations = dict(infra.FreshwaterStation.objects.values_list("name", "id"))
    tanks: dict[str, list[int]] = {}
    for hall, container in infra.Container.objects.filter(hall__isnull=False, hierarchy_role="HOLDING").values_list(
            "hall__name", "id").order_by("id"):
        tanks.setdefault(hall, []).append(container)
    for field, ids_of in (("allowed_areas", lambda p: [areas[a] for a in p.areas]),
                          ("allowed_stations", lambda p: [stations[s] for s in p.stations]),
                          ("allowed_containers", lambda p: [c for h in p.halls for c in tanks[h]])):
        relation = getattr(profiles.model, field)
        through, source, target = (relation.through, relation.field.m2m_field_name(),
                                   relation.field.m2m_reverse_field_name())
        through.objects.bulk_create(through(**{f"{source}_id": row.pk, f"{target}_id": site})
                                    for p, row in zip(staff, rows, strict=True) for site in ids_of(p))


def farm_counts() -> FarmCounts:

    holding = infra.Container.objects.filter(hierarchy_role="HOLDING")
    return FarmCounts(
        geographies=infra.Geography.objects.count(),
        stations=infra.FreshwaterStation.objects.count(),
        halls=infra.Hall.objects.count(),
        areas=infra.Area.objects.count(),
        holding_tanks=holding.filter(hall__isnull=False).exclude(hall__freshwater_station__geography__name=catalog.TEST_GEOGRAPHY)
        .exclude(hall__freshwater_station__station_type="BROODSTOCK").count(),
        rings=holding.filter(area__isnull=False).count(),
        sensors=infra.Sensor.objects.count(),
        feed_containers=infra.FeedContainer.objects.count(),
        stages=batch.LifeCycleStage.objects.count(),
        feeds=inventory.Feed.objects.count(),
    )


def _build_infrastructure() -> None:

    types = {
        stage.container_type: infra.ContainerType.create(
            name=stage.container_type,
            category=catalog.container_category(stage),
            max_volume_m3=stage.volume_m3,
            stocking_density_kg_m3=stage.density_kg_m3,
        )
        for stage in catalog.STAGES
    }
    rack_type = infra.ContainerType.create(name="Incubation Rack", category="OTHER", max_volume_m3=0)
    halls: list[Any] = []
    areas: list[Any] = []
    for gi, spec in enumerate(catalog.GEOGRAPHIES):
        geo = infra.Geography.create(name=spec.name, description=f"{spec.name} operations")
        groups = [infra.AreaGroup.create(name=g, code=g[:3].upper(), geography=geo) for g in spec.area_groups]
        for si, station_name in enumerate(catalog.station_names(spec)):
            station_row = infra.FreshwaterStation.create(
                name=station_name, geography=geo, latitude=spec.latitude + 0.05 * si,
                longitude=spec.longitude + 0.07 * si, description=f"Freshwater station {station_name}",
            )
            halls += [
                infra.Hall(name=catalog.hall_name(station_name, letter), freshwater_station=station_row, area_sqm=1200,
                           description=f"{catalog.STAGE_BY_HALL_LETTER[letter].name} hall")
                for letter in catalog.HALL_LETTERS
            ]
        areas += [
            infra.Area(name=name, geography=geo, area_group=groups[ai % len(groups)],
                       latitude=spec.latitude + 0.03 * ai + gi, longitude=spec.longitude - 0.04 * ai,
                       max_biomass=catalog.ring_max_biomass_kg() * catalog.RINGS_PER_AREA)
            for ai, name in enumerate(catalog.area_names(spec))
        ]
    infra.Hall.bulk_create(halls)
    infra.Area.bulk_create(areas)

    containers: list[Any] = []
    feed_containers: list[Any] = []
    racks: dict[str, list[Any]] = {}
    for hall in infra.Hall.objects.select_related("freshwater_station__geography").order_by("id"):
        station = hall.freshwater_station.name
        letter = hall.name[-1]
        stage = catalog.STAGE_BY_HALL_LETTER[letter]
        first_station = catalog.station_names(catalog.GEOGRAPHY_BY_NAME[hall.freshwater_station.geography.name])[0]
        if letter == "A" and station == first_station:
            racks[hall.name] = infra.Container.bulk_create(
                infra.Container(name=f"{station}-A-Rack-{r}", container_type=rack_type, hall=hall,
                                hierarchy_role="STRUCTURAL", volume_m3=0, max_biomass_kg=0)
                for r in (1, 2)
            )
        for ti, name in enumerate(catalog.tank_names(station, letter)):
            parent = racks[hall.name][ti // 5] if hall.name in racks else None
            containers.append(infra.Container(
                name=name, container_type=types[stage.container_type], hall=hall, parent_container=parent,
                volume_m3=stage.volume_m3, max_biomass_kg=stage.volume_m3 * stage.density_kg_m3))
        feed_containers.append(infra.FeedContainer(
            name=catalog.silo_name(station, letter), container_type="SILO", hall=hall,
            capacity_kg=_silo_capacity_kg(stage.volume_m3)))
    ring_type = types[catalog.ADULT.container_type]
    for area in infra.Area.objects.order_by("id"):
        containers += [
            infra.Container(name=name, container_type=ring_type, area=area, volume_m3=catalog.ADULT.volume_m3,
                            max_biomass_kg=catalog.ring_max_biomass_kg())
            for name in catalog.ring_names(area.name)
        ]
        feed_containers += [
            infra.FeedContainer(name=name, container_type="BARGE", area=area, capacity_kg=catalog.BARGE_CAPACITY_KG)
            for name in catalog.barge_names(area.name)
        ]
    infra.Container.bulk_create(containers)
    infra.FeedContainer.bulk_create(feed_containers)

    installed = dt.date(2015, 1, 1)
    sensors = []
    for container in infra.Container.objects.filter(hierarchy_role="HOLDING").only("id", "name", "area_id").order_by("id"):
        kinds = catalog.SENSORS_SEA if container.area_id else catalog.SENSORS_FRESHWATER
        sensors += [
            infra.Sensor(name=f"{container.name}-{catalog.SENSOR_TYPE_CODES[kind]}", container=container,
                         sensor_type=catalog.SENSOR_TYPE_CODES[kind], manufacturer="Xylem",
                         serial_number=f"SN{container.id:05d}{k}", installation_date=installed,
                         last_calibration_date=installed)
            for k, kind in enumerate(kinds)
        ]
    infra.Sensor.bulk_create(sensors, batch_size=5000)
    _build_test_geography(types["Fry Tank"])


def _silo_capacity_kg(tank_volume_m3: float) -> float:
    """A silo holds about three weeks of its hall's feed at full stocking."""
    return max(5_000.0, tank_volume_m3 * 25.0)


def _build_test_geography(tank_type: Any) -> None:

    geo = infra.Geography.create(name=catalog.TEST_GEOGRAPHY, description="For hand-made test cases")
    station = infra.FreshwaterStation.create(name="TEST-FW-01", geography=geo, latitude=0, longitude=0)
    hall = infra.Hall.create(name="TEST-FW-01-Hall-A", freshwater_station=station)
    infra.Container.create(name="TEST-Tank-01", container_type=tank_type, hall=hall, volume_m3=100,
                                   max_biomass_kg=3000)


def _build_master_data() -> None:

    salmon = batch.Species.create(name="Atlantic Salmon", scientific_name="Salmo salar",
                                    optimal_temperature_min=4, optimal_temperature_max=16)
    batch.LifeCycleStage.bulk_create(
        batch.LifeCycleStage(name=s.name, species=salmon, order=s.order, expected_weight_min_g=s.min_weight_g,
                       expected_weight_max_g=s.max_weight_g, expected_duration_days=s.days)
        for s in catalog.STAGES
    )
    environmental.EnvironmentalParameter.bulk_create(
        environmental.EnvironmentalParameter(name=n, unit=u, min_value=lo, max_value=hi, optimal_min=omin, optimal_max=omax)
        for n, u, lo, hi, omin, omax in catalog.PARAMETERS
    )
    inventory.Feed.bulk_create(
        inventory.Feed(name=n, brand=catalog.feed_brand(mm), size_category=size, pellet_size_mm=mm,
             protein_percentage=p, fat_percentage=f, carbohydrate_percentage=c, description=f"For {stage}")
        for n, stage, mm, size, p, f, c in catalog.FEEDS
    )
    harvest.ProductGrade.bulk_create(harvest.ProductGrade(code=c, name=n) for c, n, _ in catalog.PRODUCT_GRADES)
    # a project's migrations may have inserted some of these already, under ids of their own: match by name
    health.LiceType.ensure(("species", "gender", "development_stage"), (
        dict(species=s, gender=g, development_stage=d) for s, g, d in catalog.LICE_TYPES))
    health.HealthParameter.ensure(("name",), (dict(name=n) for n in catalog.HEALTH_PARAMETERS))
    health.VaccinationType.bulk_create(
        health.VaccinationType(name=n, manufacturer=m, dosage=d) for n, m, d in catalog.VACCINATION_TYPES
    )
    health.MortalityReason.ensure(("name",), (dict(name=n) for n, _ in catalog.MORTALITY_REASONS))
    broodstock.EggSupplier.bulk_create(broodstock.EggSupplier(name=n) for n in catalog.EGG_SUPPLIERS)
    _build_scenario_models()


def _build_scenario_models() -> None:

    for spec in catalog.GEOGRAPHIES:
        profile = scenario.TemperatureProfile.create(name=f"{spec.name} Sea")
        scenario.TemperatureReading.bulk_create(
            scenario.TemperatureReading(profile=profile, day_number=d, temperature=round(catalog.sea_temperature(spec, d), 2))
            for d in range(1, 366)
        )
        scenario.TGCModel.create(name=f"{spec.name} TGC", location=spec.name, tgc_value=biology.TGC[catalog.ADULT.name],
                                   profile=profile)
    fresh = scenario.TemperatureProfile.create(name="Freshwater Hall")
    scenario.TemperatureReading.bulk_create(
        scenario.TemperatureReading(profile=fresh, day_number=d, temperature=weather.HALL_SET_POINT_C)
        for d in range(1, 366)
    )
    fcr = scenario.FCRModel.create(name="Standard FCR")
    stages = {s.name: s for s in batch.LifeCycleStage.objects.all()}
    scenario.FCRModelStage.bulk_create(
        scenario.FCRModelStage(model=fcr, stage=stages[s.name], fcr_value=biology.PLANNING_FCR.get(s.name, 0.0),
                               duration_days=s.days) for s in catalog.STAGES
    )
    scenario.MortalityModel.create(name="Standard Mortality", frequency="daily", rate=0.03)


def _build_finance_dimensions() -> None:
    """Each geography's farming company, whose sites are its sea areas, and its freshwater company (subsidiary FW),
    whose sites are its stations: a smolt that goes to sea crosses from one to the other (engine/transfers.py), as
    AquaMind's DimensionMappingService finds a container's company through its site."""
    for geo in infra.Geography.objects.exclude(name=catalog.TEST_GEOGRAPHY):
        currency = "DKK" if geo.name.startswith("Faroe") else "GBP"
        company = finance.DimCompany.create(geography=geo, display_name=f"AquaMind {geo.name}", currency=currency)
        freshwater = finance.DimCompany.create(geography=geo, subsidiary="FW", currency=currency,
                                               display_name=f"AquaMind {geo.name} Freshwater")
        finance.DimSite.bulk_create(
            [finance.DimSite(source_model="station", source_pk=s.pk, company=freshwater, site_name=s.name)
             for s in infra.FreshwaterStation.objects.filter(geography=geo)]
            + [finance.DimSite(source_model="area", source_pk=a.pk, company=company, site_name=a.name)
               for a in infra.Area.objects.filter(geography=geo)]
        )
