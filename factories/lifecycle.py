"""``BatchFactory``: a batch and, through the engine, its whole history up to ``today``.

It places the batch in containers that are free in the database (whole halls, rings of one area), runs
the same engine as a generated dataset and writes the rows with COPY in the caller's transaction, so a
``@pytest.mark.django_db`` test gets a realistic batch and loses it on rollback.

    BatchFactory(geography="Scotland", start_date=date(2025, 1, 6), today=date(2026, 11, 1))
    BatchFactory(completed=True)          # harvested: started about 900 days before today
    BatchFactory(stage="Smolt")           # in the middle of its Smolt stage today
    BatchFactory(history=False)           # the bare batch row, for hand-made event rows
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from factories._base import FarmFactory
from factories.batch import LifeCycleStageFactory, SpeciesFactory
from factories.infrastructure import geography_code
from pytest_aquadata.farm import catalog
from pytest_aquadata.mapping.models import model

#: Factory-made batches number their rows from this batch index up, far above any schedule's.
FIRST_INDEX = 100_000
_ENGINE_ARGS = ("history", "today", "geography", "eggs", "harvest_kg", "seed")
#: With its history, a batch's row is the engine's: only these shape it (besides its number).
_HISTORY_ARGS = {*_ENGINE_ARGS, "batch_number", "start_date", "stage", "completed"}


def _start_in_stage(today: dt.date, stage: str) -> dt.date:
    """A start date that puts the batch in the middle of ``stage`` (30 days into Adult) on ``today``."""
    spec = catalog.STAGE_BY_NAME[stage]
    day = (spec.order - 1) * catalog.STAGES[0].days + (30 if spec is catalog.ADULT else spec.days // 2)
    return today - dt.timedelta(days=day)


class BatchFactory(FarmFactory):
    class Meta:
        model = "batch.Batch"

    class Params:
        stage = None
        completed = factory.Trait(start_date=factory.LazyAttribute(lambda o: o.today - dt.timedelta(days=900)))

    history = True
    today = factory.LazyFunction(dt.date.today)
    geography = factory.Iterator([g.name for g in catalog.GEOGRAPHIES])
    eggs = factory.Faker("random_int", min=3_000_000, max=3_800_000)
    harvest_kg = factory.Faker("pyfloat", min_value=4.5, max_value=6.5, right_digits=2)
    seed = 1
    batch_number = factory.LazyAttributeSequence(lambda o, n: f"{geography_code(o.geography)}-F{n + 1:05d}")
    species = factory.SubFactory(SpeciesFactory)
    lifecycle_stage = factory.SubFactory(LifeCycleStageFactory, name=factory.LazyAttribute(
        lambda o: o.factory_parent.stage or "Egg&Alevin"))
    status = "ACTIVE"
    start_date = factory.LazyAttribute(
        lambda o: _start_in_stage(o.today, o.stage) if o.stage else o.today - dt.timedelta(days=200))

    @classmethod
    def _generate(cls, strategy: str, params: dict[str, Any]) -> Any:
        """Refuse what the engine would overwrite: with its history, status, stage and dates follow from the
        start date and today, so an override of them cannot hold."""
        ignored = sorted(set(params) - _HISTORY_ARGS)
        if strategy == factory.CREATE_STRATEGY and params.get("history", True) and ignored:
            given = ", ".join(f"{name}={params[name]!r}" for name in ignored)
            raise TypeError(
                f"BatchFactory cannot honour {given} for a batch with its history: the engine sets the batch's "
                "status, stage, species and dates from start_date and today. Fix: use start_date=, today=, "
                "stage='Smolt' or completed=True to shape it, or history=False to write the row as given.")
        return super()._generate(strategy, params)  # type: ignore[no-any-return]

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        for name in _ENGINE_ARGS:
            kwargs.pop(name)
        return super()._build(model_class, *args, **kwargs)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        engine_args = {name: kwargs.pop(name) for name in _ENGINE_ARGS}
        if not engine_args.pop("history"):
            return super()._create(model_class, *args, **kwargs)
        return _create_with_history(kwargs["batch_number"], kwargs["start_date"], **engine_args)


def _create_with_history(batch_number: str, start_date: dt.date, today: dt.date, geography: str, eggs: int,
                         harvest_kg: float, seed: int) -> Any:
    from django.db import connection, transaction

    from pytest_aquadata.engine.batch import generate
    from pytest_aquadata.engine.context import load_ids
    from pytest_aquadata.engine.lifecycle import neighbours_of
    from pytest_aquadata.farm.build import build_farm
    from pytest_aquadata.load.copy import copy_tables
    from pytest_aquadata.load.ledger import read_targets
    from pytest_aquadata.plan.occupancy import AreaStock
    from pytest_aquadata.plan.placement import place_batch

    build_farm()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(max(id), 0) FROM batch_batch")
            index = max(FIRST_INDEX, cursor.fetchone()[0])  # batch ids are index + 1
        busy = _busy(geography)
        planned = place_batch(index, batch_number, geography, start_date, eggs, harvest_kg, busy)
        conn = connection.connection  # the psycopg 3 connection under Django's, in this transaction
        tables = generate(planned, today, seed, load_ids(conn), neighbours_of(AreaStock.of_assignments(busy), index))
        copy_tables(conn, tables, read_targets(conn), outside_schedule=True)
    return model("batch.Batch").objects.get(batch_number=batch_number)


def _busy(geography: str) -> dict[str, list[tuple[dt.date, dt.date | None]]]:
    """Every assignment in the geography's containers, as date intervals per container name."""
    from django.db.models import Q

    in_geography = Q(container__hall__freshwater_station__geography__name=geography) | Q(
        container__area__geography__name=geography)
    busy: dict[str, list[tuple[dt.date, dt.date | None]]] = {}
    for name, start, end in model("batch.BatchContainerAssignment").objects.filter(in_geography).values_list(
            "container__name", "assignment_date", "departure_date"):
        busy.setdefault(name, []).append((start, end))
    return busy
