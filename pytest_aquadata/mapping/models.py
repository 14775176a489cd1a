"""The Django model that holds each of our models' facts: the project's own model with our app label and
model name, or the one ``AQUADATA_MODELS`` names for it, or ours when there is no project.

The farm's infrastructure and master data are built through the ORM (farm/build.py), so building them
into a project's model must survive the differences ``target.inspect`` handles for the bulk tables:
``Model(**values)`` and ``create`` here drop the values of fields the model lacks and fill the required
fields we do not know by the same rules (``AQUADATA_FILL``, the system user), and ``ensure`` adds master
data by name next to what the project's own migrations inserted, never assuming ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pytest_aquadata.mapping.history import historical_model
from pytest_aquadata.rows import SYSTEM_USERNAME


def model(label: str) -> Any:
    """The model for our ``app_label.ModelName``; raises LookupError if the project has none."""
    from django.apps import apps
    from django.conf import settings

    return apps.get_model(getattr(settings, "AQUADATA_MODELS", {}).get(label, label))


class TargetModel:
    """One of our models as the target holds it: build rows with our field names, whatever it lacks."""

    def __init__(self, label: str):
        self.model = model(label)
        self.objects = self.model.objects

    def __call__(self, **values: Any) -> Any:
        return self.model(**complete(self.model, values))

    def create(self, **values: Any) -> Any:
        """Save one row; where the project keeps the model's history, its creation record names the system user,
        as the generated rows' do (simple_history reads the instance's ``_history_user``)."""
        row = self(**values)
        if historical_model(self.model) is not None:
            row._history_user = _system_user_object()
        row.save(force_insert=True)
        return row

    def bulk_create(self, rows: Iterable[Any], batch_size: int | None = None) -> list[Any]:
        """Save many rows in one statement; where the project keeps the model's history, with their creation
        records (simple_history's own bulk_create_with_history: a bulk insert sends no save signal)."""
        rows = list(rows)
        if historical_model(self.model) is None:
            return self.objects.bulk_create(rows, batch_size=batch_size)
        from simple_history.utils import bulk_create_with_history

        return list(bulk_create_with_history(rows, self.model, batch_size=batch_size,
                                             default_user=_system_user_object()))

    def ensure(self, keys: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> None:
        """Create the rows whose natural key (``keys``) the table does not hold yet."""
        held = set(self.objects.values_list(*keys))
        self.bulk_create(self(**row) for row in rows if tuple(row[k] for k in keys) not in held)


class AppModels:
    """``AppModels("infrastructure").Container``: our model's target, by our app label and model name."""

    def __init__(self, app: str):
        self._app = app
        self._models: dict[str, TargetModel] = {}

    def __getattr__(self, name: str) -> TargetModel:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._models:
            self._models[name] = TargetModel(f"{self._app}.{name}")
        return self._models[name]


def complete(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` (our field names) for ``model``: without the fields it lacks, and with the required fields
    we do not know filled by ``AQUADATA_FILL`` or the system user. Fields with defaults Django fills."""
    from django.conf import settings

    fields = {f.name: f for f in model._meta.concrete_fields}
    names = set(fields) | {f.attname for f in fields.values()}
    out = {k: v for k, v in values.items() if k in names}
    fills: dict[str, Any] = getattr(settings, "AQUADATA_FILL", {})
    for f in fields.values():
        label = f"{model._meta.label}.{f.name}"
        if f.name in out or f.attname in out or f.primary_key:
            continue
        if label in fills:
            out[f.attname] = fills[label]
        elif (f.is_relation and not f.null and not f.has_default()
              and f.related_model._meta.label == settings.AUTH_USER_MODEL):
            out[f.attname] = system_user()
    return out


def _system_user_object() -> Any:
    """The one user the generated rows name where a model requires a user (created once)."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    user, _ = user_model.objects.get_or_create(**{user_model.USERNAME_FIELD: SYSTEM_USERNAME},
                                               defaults={"is_active": False})
    return user


def system_user() -> int:
    """The id of the one user the generated rows name where a model requires a user (created once)."""
    return int(_system_user_object().pk)
