"""The row model both sides share: what the engine produces and the writer consumes.

A table's rows travel as columns (NumPy arrays, labels for text, nullable arrays), keyed by the table and
column names of the plugin's own schema: that is the engine's vocabulary, whichever Django models finally
hold the rows (``mapping/`` maps it onto them). LAYOUTS gives each table's columns and the kind of value
the engine produces for each.

Kinds follow the Django fields of our own schema: BigAutoField and ForeignKey are int8, PositiveIntegerField int4,
FloatField float8, DateField date, DateTimeField timestamptz, TimeField time, CharField/TextField text, JSONField jsonb.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Labels:
    """A text (or NULL) column given as codes into a small list of labels; None is NULL."""

    codes: np.ndarray
    labels: Sequence[str | None]


@dataclass(frozen=True)
class Nullable:
    """A fixed-width column with NULLs where ``null`` is True."""

    values: np.ndarray
    null: np.ndarray


Column = np.ndarray | Labels | Nullable | str | None


T, I2, I4, I8, F8, B, D, TS, TM = "text", "int2", "int4", "int8", "float8", "bool", "date", "timestamptz", "time"
J = "jsonb"  # a JSON document, given as text

LAYOUTS: dict[str, dict[str, str]] = {
    "batch_batch": dict(id=I8, batch_number=T, species_id=I8, lifecycle_stage_id=I8, status=T, batch_type=T,
                        start_date=D, expected_end_date=D, actual_end_date=D, notes=T),
    # a batch's eggs (engine/broodstock.py): written before its creation workflow, which names the first production
    "broodstock_broodstockfish": dict(id=I8, container_id=I8, traits=J, health_status=T, created_at=TS),
    "broodstock_fishmovement": dict(id=I8, fish_id=I8, from_container_id=I8, to_container_id=I8, movement_date=TS,
                                    moved_by_id=I4, notes=T),
    "broodstock_breedingpair": dict(id=I8, plan_id=I8, male_fish_id=I8, female_fish_id=I8, pairing_date=TS,
                                    progeny_count=I4),
    "broodstock_eggproduction": dict(id=I8, pair_id=I8, egg_batch_id=T, egg_count=I4, production_date=TS,
                                     destination_station_id=I8, source_type=T),
    "broodstock_externaleggbatch": dict(id=I8, egg_production_id=I8, supplier_id=I8, batch_number=T,
                                        provenance_data=T, created_at=TS),
    "broodstock_batchparentage": dict(id=I8, batch_id=I8, egg_production_id=I8, assignment_date=TS),
    # the project a batch's costs are booked to (engine/costs.py), under its first site's centre
    "finance_core_costcenter": dict(cost_center_id=I8, company_id=I8, site_id=I8, parent_id=I8, code=T, name=T,
                                    cost_center_type=T, description=T, is_active=B, created_at=TS),
    "finance_core_costcenterbatchlink": dict(link_id=I8, cost_center_id=I8, batch_id=I8, created_by_id=I4,
                                             linked_at=TS),
    "batch_batchcontainerassignment": dict(
        id=I8, batch_id=I8, container_id=I8, lifecycle_stage_id=I8, population_count=I4, avg_weight_g=F8,
        biomass_kg=F8, assignment_date=D, departure_date=D, is_active=B, last_weighing_date=D, notes=T),
    "batch_creationworkflow": dict(
        id=I8, workflow_number=T, batch_id=I8, status=T, egg_source_type=T, external_supplier_id=I8, egg_production_id=I8,
        total_eggs_planned=I4, total_eggs_received=I4, total_mortality_on_arrival=I4, total_actions=I4,
        actions_completed=I4, planned_start_date=D, actual_start_date=D, planned_completion_date=D,
        actual_completion_date=D),
    "batch_creationaction": dict(
        id=I8, workflow_id=I8, action_number=I4, status=T, dest_assignment_id=I8, egg_count_planned=I4,
        egg_count_delivered=I4, mortality_on_arrival=I4, expected_delivery_date=D, actual_delivery_date=D,
        executed_by_id=I4),
    # what a transfer from a hall to a sea area costs the farming company (engine/transfers.py), before the
    # workflow that names it
    "finance_intercompanytransaction": dict(
        tx_id=I8, content_type_id=I4, object_id=I4, policy_id=I8, posting_date=D, amount=F8, currency=T, state=T,
        approved_by_id=I4, approval_date=TS),
    "batch_batchtransferworkflow": dict(
        id=I8, workflow_number=T, batch_id=I8, workflow_type=T, status=T, source_lifecycle_stage_id=I8,
        dest_lifecycle_stage_id=I8, planned_start_date=D, actual_start_date=D, actual_completion_date=D,
        total_actions_planned=I4, actions_completed=I4, total_transferred_count=I4, total_mortality_count=I4,
        total_biomass_kg=F8, is_intercompany=B, source_subsidiary=T, dest_subsidiary=T, finance_transaction_id=I8),
    "batch_transferaction": dict(
        id=I8, workflow_id=I8, action_number=I4, source_assignment_id=I8, dest_assignment_id=I8,
        source_population_before=I4, transferred_count=I4, mortality_during_transfer=I4,
        transferred_biomass_kg=F8, status=T, planned_date=D, actual_execution_date=D, transfer_method=T,
        executed_by_id=I4),
    "batch_actualdailyassignmentstate": dict(
        id=I8, assignment_id=I8, batch_id=I8, container_id=I8, lifecycle_stage_id=I8, date=D, day_number=I4,
        avg_weight_g=F8, population=I4, biomass_kg=F8, temp_c=F8, mortality_count=I4, feed_kg=F8,
        observed_fcr=F8),
    "batch_mortalityevent": dict(
        id=I8, batch_id=I8, assignment_id=I8, event_date=D, count=I4, biomass_kg=F8, cause=T, reason_id=I8,
        description=T, recorded_by_id=I4),
    "batch_growthsample": dict(
        id=I8, assignment_id=I8, sample_date=D, sample_size=I4, avg_weight_g=F8, avg_length_cm=F8,
        std_deviation_weight=F8, std_deviation_length=F8, min_weight_g=F8, max_weight_g=F8,
        condition_factor=F8, notes=T, recorded_by_id=I4),
    "batch_individualgrowthobservation": dict(
        id=I8, growth_sample_id=I8, fish_identifier=T, weight_g=F8, length_cm=F8),
    "inventory_feedpurchase": dict(
        id=I8, feed_id=I8, purchase_date=D, quantity_kg=F8, cost_per_kg=F8, supplier=T, batch_number=T,
        expiry_date=D, notes=T),
    "inventory_feedcontainerstock": dict(
        id=I8, feed_container_id=I8, feed_purchase_id=I8, quantity_kg=F8, entry_date=TS),
    "inventory_feedingevent": dict(
        id=I8, batch_id=I8, batch_assignment_id=I8, container_id=I8, feed_id=I8, feed_container_id=I8,
        feeding_date=D, feeding_time=TM, amount_kg=F8, batch_biomass_kg=F8, feeding_percentage=F8,
        feed_cost=F8, method=T, notes=T, recorded_by_id=I4),
    "environmental_environmentalreading": dict(
        id=I8, parameter_id=I8, container_id=I8, batch_id=I8, sensor_id=I8, batch_container_assignment_id=I8,
        value=F8, reading_time=TS, is_manual=B),
    "health_licecount": dict(
        id=I8, batch_id=I8, container_id=I8, lice_type_id=I8, count_value=I4, fish_sampled=I4, count_date=TS,
        detection_method=T, confidence_level=T, notes=T, adult_female_count=I4, adult_male_count=I4,
        juvenile_count=I4, user_id=I4),
    "health_treatment": dict(
        id=I8, batch_id=I8, container_id=I8, batch_assignment_id=I8, treatment_date=TS, treatment_type=T,
        vaccination_type_id=I8, description=T, dosage=T, duration_days=I4, withholding_period_days=I4, outcome=T,
        user_id=I4),
    "health_journalentry": dict(
        id=I8, batch_id=I8, container_id=I8, entry_date=TS, category=T, severity=T, description=T,
        resolution_status=B, resolution_notes=T, user_id=I4),
    "health_healthsamplingevent": dict(
        id=I8, assignment_id=I8, sampling_date=D, number_of_fish_sampled=I4, avg_weight_g=F8, avg_length_cm=F8,
        avg_k_factor=F8, notes=T, sampled_by_id=I4),
    "health_individualfishobservation": dict(
        id=I8, sampling_event_id=I8, fish_identifier=T, weight_g=F8, length_cm=F8),
    "health_fishparameterscore": dict(id=I8, individual_fish_observation_id=I8, parameter_id=I8, score=I2),
    "harvest_harvestevent": dict(
        id=I8, event_date=TS, batch_id=I8, assignment_id=I8, dest_geography_id=I8, dest_subsidiary=T,
        document_ref=T, recorded_by_id=I4),
    "harvest_harvestlot": dict(
        id=I8, event_id=I8, product_grade_id=I8, live_weight_kg=F8, gutted_weight_kg=F8, fillet_weight_kg=F8,
        unit_count=I4),
    "harvest_harvestwaste": dict(id=I8, event_id=I8, category=T, weight_kg=F8),
    "finance_factharvest": dict(
        fact_id=I8, event_id=I8, lot_id=I8, event_date=TS, quantity_kg=F8, unit_count=I4, product_grade_id=I8,
        dim_company_id=I8, dim_site_id=I8, dim_batch_id=I8),
    "scenario": dict(
        scenario_id=I8, name=T, start_date=D, duration_days=I4, initial_count=I4, genotype=T, supplier=T,
        initial_weight=F8, tgc_model_id=I8, fcr_model_id=I8, mortality_model_id=I8, batch_id=I8),
    "scenario_projectionrun": dict(
        run_id=I8, scenario_id=I8, run_number=I4, label=T, total_projections=I4, final_weight_g=F8,
        final_biomass_kg=F8),
    "scenario_scenarioprojection": dict(
        projection_id=I8, projection_run_id=I8, projection_date=D, day_number=I4, average_weight=F8, population=F8,
        biomass=F8, daily_feed=F8, cumulative_feed=F8, temperature=F8, current_stage_id=I8),
    "environmental_stagetransitionenvironmental": dict(
        id=I8, batch_transfer_workflow_id=I8, temperature=F8, oxygen=F8, salinity=F8, notes=T, created_at=TS),
    "health_healthlabsample": dict(
        id=I8, batch_container_assignment_id=I8, sample_type_id=I8, sample_date=D, date_sent_to_lab=D,
        date_results_received=D, lab_reference_id=T, findings_summary=T, recorded_by_id=I4),
    "health_mortalityrecord": dict(
        id=I8, batch_id=I8, assignment_id=I8, container_id=I8, event_date=TS, count=I4, reason_id=I8, notes=T),
    "inventory_containerfeedingsummary": dict(
        id=I8, batch_id=I8, container_assignment_id=I8, period_start=D, period_end=D, total_feed_kg=F8,
        starting_biomass_kg=F8, ending_biomass_kg=F8, growth_kg=F8, fcr=F8, confidence_level=T, estimation_method=T,
        data_points=I4),
    "inventory_batchfeedingsummary": dict(
        id=I8, batch_id=I8, period_start=D, period_end=D, total_feed_kg=F8, total_starting_biomass_kg=F8,
        total_ending_biomass_kg=F8, total_growth_kg=F8, weighted_avg_fcr=F8, fcr=F8, container_count=I4,
        total_feed_consumed_kg=F8, total_biomass_gain_kg=F8, overall_confidence_level=T, estimation_method=T),
    "finance_core_budgetentry": dict(
        entry_id=I8, budget_id=I8, account_id=I8, cost_center_id=I8, month=I2, amount=F8, notes=T, planned_on=TS),
    "scenario_scenariomodelchange": dict(change_id=I8, scenario_id=I8, change_day=I4, new_tgc_model_id=I8),
    "planning_plannedactivity": dict(
        id=I8, scenario_id=I8, batch_id=I8, activity_type=T, due_date=D, status=T, container_id=I8, notes=T,
        created_by_id=I4, completed_at=TS, completed_by_id=I4, transfer_workflow_id=I8, planned_on=D),
    # the farm's own rows, of no batch (engine/areas.py): each sea area's weather and daylight
    "environmental_weatherdata": dict(
        id=I8, area_id=I8, timestamp=TS, temperature=F8, wind_speed=F8, wind_direction=I4, precipitation=F8,
        wave_height=F8, wave_period=F8, wave_direction=I4, cloud_cover=I4),
    "environmental_photoperioddata": dict(
        id=I8, area_id=I8, date=D, day_length_hours=F8, light_intensity=F8, is_interpolated=B),
    "aquadata_incident": dict(
        id=I8, kind=T, started_at=TS, ended_at=TS, area_id=I8, container_id=I8, sensor_id=I8, batch_id=I8, is_natural=B),
}

#: Columns the engine produces that our own models do not have: a client's model records these facts so
#: (AquaMind's lice counts by category, its creation workflow's planned completion). mapping/ writes them
#: wherever the target model has the column.
CLIENT_ONLY: dict[str, set[str]] = {
    "health_licecount": {"adult_female_count", "adult_male_count", "juvenile_count"},
    "batch_creationworkflow": {"planned_completion_date"},
    # who recorded a death, a weighing or a harvest: AquaMind's models have no column for it either, but their
    # audit trail names the person (load/history.py)
    "batch_mortalityevent": {"recorded_by_id"},
    "batch_growthsample": {"recorded_by_id"},
    "harvest_harvestevent": {"recorded_by_id"},
    # when a batch's activities were planned: at its creation (the rows' created_at and audit trail)
    "planning_plannedactivity": {"planned_on"},
    "finance_core_budgetentry": {"planned_on"},
}

#: Who recorded each row of a table (farm/people.py, engine/recorders.py): (the engine's column for the person, a
#: 4-byte user id as Django's auth keeps it; their duty at the site; the column that says where the row happened: a
#: container, or an assignment in the batch). Signed after the batch is generated, so the producers of these
#: tables leave the column out.
RECORDERS: dict[str, tuple[str, str, str]] = {
    "inventory_feedingevent": ("recorded_by_id", "feeder", "container_id"),
    "batch_mortalityevent": ("recorded_by_id", "technician", "assignment_id"),
    "batch_growthsample": ("recorded_by_id", "technician", "assignment_id"),
    "health_licecount": ("user_id", "technician", "container_id"),
    "health_treatment": ("user_id", "vet", "container_id"),
    "health_journalentry": ("user_id", "vet", "container_id"),
    "health_healthsamplingevent": ("sampled_by_id", "vet", "assignment_id"),
    "batch_creationaction": ("executed_by_id", "manager", "dest_assignment_id"),
    "batch_transferaction": ("executed_by_id", "manager", "source_assignment_id"),
    "harvest_harvestevent": ("recorded_by_id", "manager", "assignment_id"),
    "planning_plannedactivity": ("created_by_id", "manager", "container_id"),
    "health_healthlabsample": ("recorded_by_id", "vet", "batch_container_assignment_id"),
    "broodstock_fishmovement": ("moved_by_id", "manager", "to_container_id"),
}

#: Tables whose ids are small, ``(index + 1) * per_batch + n`` (n < per_batch), not in the batch's block of 10^9
#: (engine/context.py): a client's schema keeps references to them in 4-byte integers (AquaMind's
#: ``finance_factharvest.dim_batch_id`` names a batch; ``finance_intercompanytransaction.object_id``, a
#: PositiveIntegerField, a transfer workflow). A batch has one stage change per stage at most: 64 is room to spare.
SMALL_IDS: dict[str, int] = {"batch_batch": 1, "batch_batchtransferworkflow": 64}

#: The user the generated rows name where nobody of the farm's staff does (mapping/models.py creates it).
SYSTEM_USERNAME = "aquadata"

#: Tables in the order a batch is written (parents before children) and deleted (the reverse).
WRITE_ORDER: tuple[str, ...] = tuple(LAYOUTS)


@dataclass
class TableRows:
    """Rows for one table, as columns."""

    table: str
    rows: int
    data: dict[str, Column]

    def __post_init__(self) -> None:
        layout = LAYOUTS[self.table]
        missing = set(layout) - set(self.data) - {RECORDERS.get(self.table, ("",))[0]}  # signed later
        extra = set(self.data) - set(layout)
        assert not missing and not extra, f"{self.table}: missing {missing}, unexpected {extra}"
        for name, value in self.data.items():
            if isinstance(value, np.ndarray):
                assert len(value) == self.rows, f"{self.table}.{name}: {len(value)} values for {self.rows} rows"


def concat(parts: list[TableRows]) -> TableRows:
    """One table's rows from several parts (stages of a batch, or processes writing the same table)."""
    first = parts[0]
    data: dict[str, Column] = {}
    for name, kind in LAYOUTS[first.table].items():
        if name not in first.data:  # a recorder, signed after concatenation (engine/recorders.py)
            continue
        columns = [p.data[name] for p in parts]
        if all(isinstance(c, np.ndarray) for c in columns):
            data[name] = np.concatenate(columns)  # type: ignore[arg-type]
        elif all(c is None or isinstance(c, str) for c in columns) and len(set(columns)) == 1:
            data[name] = columns[0]
        elif kind == "text":
            data[name] = _merge_labels([_as_labels(c, p.rows) for c, p in zip(columns, parts, strict=True)])
        else:
            dtype = next(c.values.dtype if isinstance(c, Nullable) else c.dtype for c in columns
                         if isinstance(c, Nullable | np.ndarray))
            nullable = [_as_nullable(c, p.rows, dtype) for c, p in zip(columns, parts, strict=True)]
            data[name] = Nullable(np.concatenate([c.values for c in nullable]), np.concatenate([c.null for c in nullable]))
    return TableRows(first.table, sum(p.rows for p in parts), data)


def by_table(parts: list[TableRows], tables: tuple[str, ...]) -> dict[str, TableRows]:
    """The rows of each of ``tables`` that ``parts`` hold, one TableRows per table (a table without rows is left out):
    what a process reads of a batch's other rows, without concatenating the tables it does not read (the readings)."""
    found: dict[str, list[TableRows]] = {}
    for part in parts:
        if part.rows and part.table in tables:
            found.setdefault(part.table, []).append(part)
    return {table: concat(some) if len(some) > 1 else some[0] for table, some in found.items()}


def _as_labels(column: Column, rows: int) -> Labels:
    if isinstance(column, Labels):
        return column
    assert column is None or isinstance(column, str), "a text column must be a label, a constant or NULL"
    return Labels(np.zeros(rows, dtype=np.int64), [column])


def _merge_labels(columns: list[Labels]) -> Labels:
    labels: list[str | None] = list(dict.fromkeys(label for c in columns for label in c.labels))
    position = {label: i for i, label in enumerate(labels)}
    return Labels(np.concatenate([np.array([position[x] for x in c.labels], dtype=np.int64)[c.codes] for c in columns]),
                  labels)


def _as_nullable(column: Column, rows: int, dtype: np.dtype) -> Nullable:
    if isinstance(column, Nullable):
        return column
    if column is None:
        return Nullable(np.zeros(rows, dtype=dtype), np.ones(rows, dtype=bool))
    assert isinstance(column, np.ndarray), "a fixed-width column must be an array, NULL or Nullable"
    return Nullable(column, np.zeros(rows, dtype=bool))


#: The model of our own schema each table is ("app_label.ModelName"): the name by which a project's own
#: model is found for it (mapping/models.py).
MODELS: dict[str, str] = {
    "batch_batch": "batch.Batch", "batch_batchcontainerassignment": "batch.BatchContainerAssignment",
    "batch_creationworkflow": "batch.BatchCreationWorkflow", "batch_creationaction": "batch.CreationAction",
    "batch_batchtransferworkflow": "batch.BatchTransferWorkflow", "batch_transferaction": "batch.TransferAction",
    "batch_actualdailyassignmentstate": "batch.ActualDailyAssignmentState", "batch_mortalityevent": "batch.MortalityEvent",
    "batch_growthsample": "batch.GrowthSample", "batch_individualgrowthobservation": "batch.IndividualGrowthObservation",
    "inventory_feedpurchase": "inventory.FeedPurchase", "inventory_feedcontainerstock": "inventory.FeedContainerStock",
    "inventory_feedingevent": "inventory.FeedingEvent",
    "environmental_environmentalreading": "environmental.EnvironmentalReading",
    "health_licecount": "health.LiceCount", "health_treatment": "health.Treatment",
    "health_journalentry": "health.JournalEntry", "health_healthsamplingevent": "health.HealthSamplingEvent",
    "health_individualfishobservation": "health.IndividualFishObservation",
    "health_fishparameterscore": "health.FishParameterScore", "harvest_harvestevent": "harvest.HarvestEvent",
    "harvest_harvestlot": "harvest.HarvestLot", "harvest_harvestwaste": "harvest.HarvestWaste",
    "finance_factharvest": "finance.FactHarvest", "finance_intercompanytransaction": "finance.IntercompanyTransaction",
    "scenario": "scenario.Scenario", "scenario_projectionrun": "scenario.ProjectionRun",
    "scenario_scenarioprojection": "scenario.ScenarioProjection", "planning_plannedactivity": "planning.PlannedActivity",
    "broodstock_broodstockfish": "broodstock.BroodstockFish", "broodstock_fishmovement": "broodstock.FishMovement",
    "broodstock_breedingpair": "broodstock.BreedingPair", "broodstock_eggproduction": "broodstock.EggProduction",
    "broodstock_externaleggbatch": "broodstock.ExternalEggBatch", "broodstock_batchparentage": "broodstock.BatchParentage",
    "environmental_stagetransitionenvironmental": "environmental.StageTransitionEnvironmental",
    "inventory_containerfeedingsummary": "inventory.ContainerFeedingSummary",
    "inventory_batchfeedingsummary": "inventory.BatchFeedingSummary",
    "scenario_scenariomodelchange": "scenario.ScenarioModelChange",
    "environmental_weatherdata": "environmental.WeatherData", "finance_core_budgetentry": "finance_core.BudgetEntry",
    "environmental_photoperioddata": "environmental.PhotoperiodData",
    "health_healthlabsample": "health.HealthLabSample", "health_mortalityrecord": "health.MortalityRecord",
    "finance_core_costcenter": "finance_core.CostCenter", "finance_core_costcenterbatchlink": "finance_core.CostCenterBatchLink",
    "aquadata_incident": "aquadata.Incident",
}

#: The column that holds when a table's row happened, for a project's ``auto_now``/``auto_now_add`` fields.
#: A table without one of its own (a fish observed within a sample, a lot within a harvest) takes the end
#: of the history.
EVENT_TIME: dict[str, str] = {
    "batch_batch": "start_date", "batch_batchcontainerassignment": "assignment_date",
    "batch_creationworkflow": "planned_start_date", "batch_creationaction": "expected_delivery_date",
    "batch_batchtransferworkflow": "planned_start_date", "batch_transferaction": "planned_date",
    "batch_actualdailyassignmentstate": "date", "batch_mortalityevent": "event_date",
    "batch_growthsample": "sample_date", "inventory_feedpurchase": "purchase_date",
    "inventory_feedcontainerstock": "entry_date", "inventory_feedingevent": "feeding_date",
    "environmental_environmentalreading": "reading_time", "health_licecount": "count_date",
    "health_treatment": "treatment_date", "health_journalentry": "entry_date",
    "health_healthsamplingevent": "sampling_date", "harvest_harvestevent": "event_date",
    "finance_factharvest": "event_date", "scenario": "start_date", "scenario_scenarioprojection": "projection_date",
    "planning_plannedactivity": "planned_on", "broodstock_broodstockfish": "created_at",
    "broodstock_fishmovement": "movement_date", "broodstock_breedingpair": "pairing_date",
    "broodstock_eggproduction": "production_date", "broodstock_externaleggbatch": "created_at",
    "broodstock_batchparentage": "assignment_date",
    "finance_core_costcenter": "created_at", "finance_core_costcenterbatchlink": "linked_at",
    "environmental_stagetransitionenvironmental": "created_at", "health_healthlabsample": "date_sent_to_lab",
    "health_mortalityrecord": "event_date", "inventory_containerfeedingsummary": "period_end",
    "inventory_batchfeedingsummary": "period_end", "environmental_weatherdata": "timestamp",
    "environmental_photoperioddata": "date", "finance_core_budgetentry": "planned_on",
    "aquadata_incident": "started_at", "finance_intercompanytransaction": "posting_date",
}
