"""Build the client's models: our schema's model states, replayed from our migrations, with a client's
differences applied.

The differences, as AquaMind's models have them (shared/domain.md, section 7):
- ``created_at`` (auto_now_add) and ``updated_at`` (auto_now) on every model that lacks them;
- weights, biomasses, feed amounts and readings as DecimalFields;
- NOT NULL flags with Python defaults (``is_dynamic_execution``, ``priority``);
- a user foreign key on lice counts, treatments and journal entries;
- lice counted in another shape: adult female / adult male / juvenile counts, no lice type;
- tables under other names (``scenario_projection_run``; ``harvest_lot``, which the checks read under ours)
  and subsidiary codes of 3 characters;
- a confidence that is a 0-1 number;
- a required text field no rule fills, supplied by the AQUADATA_FILL setting (a feed purchase's invoice);
- fields of the types the engine never produces, with defaults: an interval, an inet, a bytea, an array and
  a json (journal entries), which the server encodes (mapping/constants.py);
- an audit trail (django-simple-history) on a batch, its mortality events, lice counts (with a user and a
  timestamp), feeding events, growth observations (no event time of their own), harvest lots (a table under another name), and
  the geographies and sensors (master data, built through the ORM one by one and in bulk);
- with CLIENT_STRICT, a required integer nobody can fill (``batch.Batch.cost_centre``): the plugin must
  refuse it before writing anything;
- with CLIENT_NARROW, the daily states' biomass one digit too narrow for the farm (numeric(8, 2) holds up to
  999,999.99 kg; a harvested batch's rings held over a million): the run must stop at that batch, before its COPY.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib
import pkgutil
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.migrations import operations
from simple_history.models import HistoricalRecords

OURS = ("infrastructure", "users", "broodstock", "batch", "inventory", "environmental", "health", "harvest", "finance",
        "finance_core", "scenario", "planning")


class _ModelState:
    def __init__(self, name: str, fields: dict[str, Any], options: dict[str, Any]):
        self.name, self.name_lower, self.fields, self.options = name, name.lower(), fields, options


def _our_state() -> dict[tuple[str, str], _ModelState]:
    """Our schema's models as our migrations build them (their operations replayed in dependency order; the
    registry is not ready while models import, so Django's own ProjectState cannot do it here)."""
    pending = {}
    for app in OURS:
        package = importlib.import_module(f"pytest_aquadata.schema.{app}.migrations")
        for info in pkgutil.iter_modules(package.__path__):
            pending[(app, info.name)] = importlib.import_module(f"{package.__name__}.{info.name}").Migration
    state: dict[tuple[str, str], _ModelState] = {}
    done: set[tuple[str, str]] = set()
    while pending:
        ready = [key for key, m in pending.items() if all(d in done or d[0] not in OURS for d in m.dependencies)]
        for app, name in sorted(ready):
            for op in pending.pop((app, name)).operations:
                if isinstance(op, operations.CreateModel):
                    state[(app, op.name_lower)] = _ModelState(op.name, dict(op.fields), dict(op.options))
                elif isinstance(op, operations.AddField | operations.AlterField):
                    state[(app, op.model_name_lower)].fields[op.name] = op.field
                elif isinstance(op, operations.AddIndex | operations.AddConstraint):
                    kind = "indexes" if isinstance(op, operations.AddIndex) else "constraints"
                    item = op.index if isinstance(op, operations.AddIndex) else op.constraint
                    state[(app, op.model_name_lower)].options.setdefault(kind, []).append(item)
                elif isinstance(op, operations.RemoveIndex):
                    options = state[(app, op.model_name_lower)].options
                    options["indexes"] = [i for i in options.get("indexes", []) if i.name != op.name]
                else:
                    assert isinstance(op, operations.RunSQL | operations.RunPython), op
            done.add((app, name))
    return state


def _decimal(digits: int, places: int) -> Any:
    return lambda f: models.DecimalField(max_digits=digits, decimal_places=places, null=f.null, blank=f.blank)


def _tags() -> list[str]:
    return ["lice", "gills"]


def _context() -> dict[str, object]:
    return {"source": "aquadata", "screens": [1, 2]}


USER = "user", models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

#: (app, model) -> (fields replaced by a function of ours, fields added, fields removed, options)
CHANGES: dict[tuple[str, str], dict[str, Any]] = {
    ("environmental", "environmentalreading"): {"replace": {"value": _decimal(12, 4)}},
    ("batch", "batchcontainerassignment"): {"replace": {"avg_weight_g": _decimal(10, 2), "biomass_kg": _decimal(14, 2)}},
    ("batch", "actualdailyassignmentstate"): {"replace": {
        "avg_weight_g": _decimal(10, 2), "biomass_kg": _decimal(14, 2), "feed_kg": _decimal(12, 3),
        "temp_c": _decimal(5, 2), "observed_fcr": _decimal(8, 3)}},
    ("batch", "growthsample"): {"replace": {"avg_weight_g": _decimal(10, 2), "avg_length_cm": _decimal(10, 2)}},
    ("batch", "batchtransferworkflow"): {"add": [("is_dynamic_execution", models.BooleanField(default=False))]},
    ("inventory", "feedingevent"): {"replace": {"amount_kg": _decimal(10, 4), "batch_biomass_kg": _decimal(14, 2),
                                                "feed_cost": _decimal(10, 2)}},
    ("inventory", "feedpurchase"): {"replace": {"quantity_kg": _decimal(12, 3), "cost_per_kg": _decimal(10, 2)},
                                    "add": [("invoice_ref", models.CharField(max_length=20))]},
    ("harvest", "harvestevent"): {"replace": {"dest_subsidiary": lambda f: models.CharField(
        max_length=3, null=True, blank=True, choices=[("FM", "Farming"), ("FW", "Freshwater"), ("LG", "Logistics")])}},
    ("harvest", "harvestlot"): {"replace": {"live_weight_kg": _decimal(12, 3), "gutted_weight_kg": _decimal(12, 3),
                                            "fillet_weight_kg": _decimal(12, 3)},
                                "options": {"db_table": "harvest_lot"}},
    ("health", "licecount"): {
        "remove": ["lice_type", "count_value"],
        "add": [USER, *((name, models.PositiveIntegerField())
                        for name in ("adult_female_count", "adult_male_count", "juvenile_count"))],
        "replace": {"confidence_level": _decimal(3, 2)}},
    ("health", "treatment"): {"add": [USER]},
    ("health", "journalentry"): {"add": [
        USER, ("priority", models.CharField(max_length=10, default="NORMAL")),
        ("follow_up_after", models.DurationField(default=dt.timedelta(days=7, hours=3))),
        ("source_ip", models.GenericIPAddressField(default="10.0.0.1")),
        ("attachment", models.BinaryField(default=b"\x00\xffaq")),
        ("tags", ArrayField(models.CharField(max_length=12), default=_tags)),
        ("context", models.JSONField(default=_context))]},
    ("scenario", "projectionrun"): {"options": {"db_table": "scenario_projection_run"}},
}
#: The models whose changes the client records, as AquaMind's do (``history = HistoricalRecords()``).
HISTORY = {("batch", "batch"), ("batch", "mortalityevent"), ("health", "licecount"), ("inventory", "feedingevent"),
           ("batch", "individualgrowthobservation"), ("harvest", "harvestlot"),
           ("infrastructure", "geography"), ("infrastructure", "sensor")}  # master data: one by one, and in bulk
if getattr(settings, "CLIENT_STRICT", False):
    CHANGES[("batch", "batch")] = {"add": [("cost_centre", models.IntegerField())]}
if getattr(settings, "CLIENT_NARROW", False):
    CHANGES[("batch", "actualdailyassignmentstate")]["replace"]["biomass_kg"] = _decimal(8, 2)


def declare(app: str, module: str) -> dict[str, type]:
    """The app's model classes, defined in ``module``."""
    out = {}
    for (label, _), state in sorted(_STATE.items()):
        if label != app:
            continue
        change = CHANGES.get((label, state.name_lower), {})
        fields = {name: copy.deepcopy(field) for name, field in state.fields.items()  # unbound: no clone()
                  if name not in change.get("remove", ())}
        for name, make in change.get("replace", {}).items():
            fields[name] = make(fields[name])
        fields.update((name, copy.deepcopy(field)) for name, field in change.get("add", ()))
        if "created_at" not in fields:
            fields["created_at"] = models.DateTimeField(auto_now_add=True)
        fields.setdefault("updated_at", models.DateTimeField(auto_now=True))
        options = {k: v for k, v in state.options.items() if k in ("db_table", "ordering", "indexes", "constraints",
                                                                   "unique_together", "verbose_name_plural")}
        options = {k: [copy.deepcopy(x) for x in v] if k in ("indexes", "constraints") else v for k, v in options.items()}
        options.update(change.get("options", {}))
        meta = type("Meta", (), {"app_label": label, **options})
        if (label, state.name_lower) in HISTORY:
            fields["history"] = HistoricalRecords()
        out[state.name] = type(state.name, (models.Model,), {"__module__": module, "Meta": meta, **fields})
    return out


_STATE = _our_state()
