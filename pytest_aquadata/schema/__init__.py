"""The AquaMind-compatible schema: one Django app per AquaMind app label, plus ``aquadata`` (the ledger).

Table and key column names follow AquaMind (``{app_label}_{model}``) so that queries written for
such a system run unchanged. Bump SCHEMA_VERSION whenever a migration changes a table.
"""

SCHEMA_VERSION = 2  # 2: the readings are partitioned by batch (environmental.0002)

#: The schema apps in dependency order; downstream settings must list them all.
SCHEMA_APPS: tuple[str, ...] = tuple(
    f"pytest_aquadata.schema.{app}"
    for app in (
        "infrastructure",
        "users",
        "broodstock",
        "batch",
        "inventory",
        "environmental",
        "health",
        "harvest",
        "finance",
        "finance_core",
        "scenario",
        "planning",
        "ledger",
    )
)
