"""Where a project's model records a fact in another shape than ours, how the engine's values are mapped
onto it. Each rule is deliberate and generic: it looks at the target field, never at which project it is.

- A text value that is not one of the field's choices but is a choice's display name (case aside) is
  written as that choice's value: our ``FARMING`` subsidiary is AquaMind's ``FM`` ("Farming").
- A word written into a number field becomes the number it stands for: a ``high`` confidence is 0.9.
- Alternative columns: a model without the columns that record a fact our way gets it in the columns it
  has (lice counted per row of a lice type, or as adult female/adult male/juvenile counts per row).
"""

from __future__ import annotations

from typing import Any

#: A word the engine writes, in a field that holds a number (a 0-1 confidence).
NUMBER_FOR_WORD: dict[str, float] = {"HIGH": 0.9, "MEDIUM": 0.7, "LOW": 0.5}

#: table -> (our columns for a fact, the columns the engine also fills for a model that records it so).
#: The alternative columns are written only to a model that lacks every one of ours.
ALTERNATIVES: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "health_licecount": [(("lice_type_id", "count_value"), ("adult_female_count", "adult_male_count", "juvenile_count"))],
}


def value_map(field: Any, kind: str, source_kind: str) -> dict[str, Any]:
    """The engine label (upper case) -> value rules for one text column landing in ``field``."""
    if source_kind != "text":
        return {}
    if kind in ("numeric", "float8", "float4"):
        return dict(NUMBER_FOR_WORD)
    choices = [(value, str(display)) for value, display in (field.flatchoices or []) if value not in (None, "")]
    values = {str(value) for value, _ in choices}
    return {display.upper(): value for value, display in choices if display.upper() not in values}


def alternative_columns(table: str, columns: set[str]) -> set[str]:
    """The engine's alternative columns this model gets (see ALTERNATIVES), given its database columns."""
    out: set[str] = set()
    for ours, theirs in ALTERNATIVES.get(table, []):
        if not columns & set(ours):
            out |= set(theirs) & columns
    return out
