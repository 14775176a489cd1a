"""The base of every factory: its model is named by our app label and model name and resolved to the model
that holds it, ours or the project's own (pytest_aquadata/mapping/models.py), and the values it builds are
fitted to that model: fields it lacks are left out, required fields we do not know are filled by rule."""

from __future__ import annotations

from typing import Any

from factory.django import DjangoModelFactory, DjangoOptions


class FarmOptions(DjangoOptions):
    def get_model_class(self) -> Any:
        from pytest_aquadata.mapping.models import model

        if isinstance(self.model, str):
            self.model = model(self.model)
        return self.model


class FarmFactory(DjangoModelFactory):
    _options_class = FarmOptions

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from pytest_aquadata.mapping.models import complete

        return super()._build(model_class, *args, **complete(model_class, kwargs))

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from pytest_aquadata.mapping.models import complete

        return super()._create(model_class, *args, **complete(model_class, kwargs))
