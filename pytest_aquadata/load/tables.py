"""The COPY layout of every table the engine writes: column -> wire kind, in COPY order.

Kinds follow the Django fields: BigAutoField and ForeignKey are int8, PositiveIntegerField int4,
FloatField float8, DateField date, DateTimeField timestamptz, TimeField time, CharField/TextField text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pytest_aquadata.load.binary import Column, Labels, Nullable

T, I4, I8, F8, B, D, TS, TM = "text", "int4", "int8", "float8", "bool", "date", "timestamptz", "time"

LAYOUTS: dict[str, dict[str, str]] = {
    "batch_batch": dict(id=I8, batch_number=T, species_id=I8, lifecycle_stage_id=I8, status=T, batch_type=T,
                        start_date=D, expected_end_date=D, actual_end_date=D, notes=T),
    "batch_batchcontainerassignment": dict(
        id=I8, batch_id=I8, container_id=I8, lifecycle_stage_id=I8, population_count=I4, avg_weight_g=F8,
        biomass_kg=F8, assignment_date=D, departure_date=D, is_active=B, last_weighing_date=D, notes=T),
    "batch_creationworkflow": dict(
        id=I8, workflow_number=T, batch_id=I8, status=T, egg_source_type=T, external_supplier_id=I8,
        total_eggs_planned=I4, total_eggs_received=I4, total_mortality_on_arrival=I4, total_actions=I4,
        actions_completed=I4, planned_start_date=D, actual_start_date=D, actual_completion_date=D),
    "batch_creationaction": dict(
        id=I8, workflow_id=I8, action_number=I4, status=T, dest_assignment_id=I8, egg_count_planned=I4,
        egg_count_delivered=I4, mortality_on_arrival=I4, expected_delivery_date=D, actual_delivery_date=D),
    "batch_batchtransferworkflow": dict(
        id=I8, workflow_number=T, batch_id=I8, workflow_type=T, status=T, source_lifecycle_stage_id=I8,
        dest_lifecycle_stage_id=I8, planned_start_date=D, actual_start_date=D, actual_completion_date=D,
        total_actions_planned=I4, actions_completed=I4, total_transferred_count=I4, total_mortality_count=I4,
        total_biomass_kg=F8),
    "batch_transferaction": dict(
        id=I8, workflow_id=I8, action_number=I4, source_assignment_id=I8, dest_assignment_id=I8,
        source_population_before=I4, transferred_count=I4, mortality_during_transfer=I4,
        transferred_biomass_kg=F8, status=T, planned_date=D, actual_execution_date=D, transfer_method=T),
    "batch_actualdailyassignmentstate": dict(
        id=I8, assignment_id=I8, batch_id=I8, container_id=I8, lifecycle_stage_id=I8, date=D, day_number=I4,
        avg_weight_g=F8, population=I4, biomass_kg=F8, temp_c=F8, mortality_count=I4, feed_kg=F8,
        observed_fcr=F8),
    "batch_mortalityevent": dict(
        id=I8, batch_id=I8, assignment_id=I8, event_date=D, count=I4, biomass_kg=F8, cause=T, reason_id=I8,
        description=T),
    "batch_growthsample": dict(
        id=I8, assignment_id=I8, sample_date=D, sample_size=I4, avg_weight_g=F8, avg_length_cm=F8,
        std_deviation_weight=F8, std_deviation_length=F8, min_weight_g=F8, max_weight_g=F8,
        condition_factor=F8, notes=T),
    "batch_individualgrowthobservation": dict(
        id=I8, growth_sample_id=I8, fish_identifier=T, weight_g=F8, length_cm=F8),
    "inventory_feedingevent": dict(
        id=I8, batch_id=I8, batch_assignment_id=I8, container_id=I8, feed_id=I8, feed_container_id=I8,
        feeding_date=D, feeding_time=TM, amount_kg=F8, batch_biomass_kg=F8, feeding_percentage=F8,
        feed_cost=F8, method=T, notes=T),
    "environmental_environmentalreading": dict(
        id=I8, parameter_id=I8, container_id=I8, batch_id=I8, sensor_id=I8, batch_container_assignment_id=I8,
        value=F8, reading_time=TS, is_manual=B),
    "harvest_harvestevent": dict(
        id=I8, event_date=TS, batch_id=I8, assignment_id=I8, dest_geography_id=I8, dest_subsidiary=T,
        document_ref=T),
    "harvest_harvestlot": dict(
        id=I8, event_id=I8, product_grade_id=I8, live_weight_kg=F8, gutted_weight_kg=F8, fillet_weight_kg=F8,
        unit_count=I4),
    "finance_factharvest": dict(
        fact_id=I8, event_id=I8, lot_id=I8, event_date=TS, quantity_kg=F8, unit_count=I4, product_grade_id=I8,
        dim_company_id=I8, dim_site_id=I8, dim_batch_id=I8),
}

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
        missing = set(layout) - set(self.data)
        extra = set(self.data) - set(layout)
        assert not missing and not extra, f"{self.table}: missing {missing}, unexpected {extra}"
        for name, value in self.data.items():
            if isinstance(value, np.ndarray):
                assert len(value) == self.rows, f"{self.table}.{name}: {len(value)} values for {self.rows} rows"


def concat(parts: list[TableRows]) -> TableRows:
    """One table's rows from several parts (e.g. the stages of a batch), column by column."""
    first = parts[0]
    data: dict[str, Column] = {}
    for name, value in first.data.items():
        columns = [p.data[name] for p in parts]
        if isinstance(value, np.ndarray):
            data[name] = np.concatenate([c for c in columns if isinstance(c, np.ndarray)])
        elif isinstance(value, Labels):
            labelled = [c for c in columns if isinstance(c, Labels)]
            assert all(c.labels == value.labels for c in labelled)
            data[name] = Labels(np.concatenate([c.codes for c in labelled]), value.labels)
        elif isinstance(value, Nullable):
            nullable = [c for c in columns if isinstance(c, Nullable)]
            data[name] = Nullable(np.concatenate([c.values for c in nullable]), np.concatenate([c.null for c in nullable]))
        elif all(c == value for c in columns):
            data[name] = value
        else:  # a constant per part that differs between parts becomes a label per row
            labels: list[str | None] = list(dict.fromkeys(c for c in columns if c is None or isinstance(c, str)))
            data[name] = Labels(np.concatenate([np.full(p.rows, labels.index(c)) for p, c in zip(parts, columns, strict=True)
                                                if c is None or isinstance(c, str)]), labels)
    assert len(data) == len(first.data), f"{first.table}: parts disagree on column kinds"
    return TableRows(first.table, sum(p.rows for p in parts), data)
