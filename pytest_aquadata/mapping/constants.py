"""The values the fill rules give (mapping/inspect.py), in the binary form the server itself gives them.

A filled column holds one value in every row, and it can be of any type the project's database has: an
interval, an inet, a bytea, an array, a jsonb, or a type a third-party app or extension adds. Rather than an
encoder of our own per type, the server encodes each value once with the type's own send function (binary
COPY reads exactly that form back), and the writer repeats the bytes in every row (load/fit.py). So every
Django field type can be filled, and the bytes are right by construction.
"""

from __future__ import annotations

from pytest_aquadata.errors import AquadataError
from pytest_aquadata.mapping.layout import HISTORY_USER, SYSTEM_USER, TargetColumn, Targets, TargetTable


def encoded(targets: Targets) -> Targets:
    """The layout with every constant replaced by the hex of its wire bytes (None stays NULL): Django prepares
    the value as the field would save it, the server casts it to the column's type and sends it.

    Needs the migrated database (an extension's types exist only then); raises AquadataError naming the
    field whose value the column's type does not take."""
    from django.apps import apps
    from django.core.exceptions import ValidationError
    from django.db import DatabaseError, connection

    from pytest_aquadata.mapping.models import system_user

    send_of: dict[str, str] = {}
    with connection.cursor() as cursor:
        def table_encoded(table: TargetTable) -> TargetTable:
            columns = []
            for column in table.columns:
                if column.constant is None or column.source not in (None, HISTORY_USER):  # the user: a fallback
                    columns.append(column)
                    continue
                app_model, field_name = column.field.rsplit(".", 1)
                field = apps.get_model(app_model)._meta.get_field(field_name)
                value = system_user() if column.constant == SYSTEM_USER else column.constant
                db_type = field.db_type(connection)
                try:
                    if db_type not in send_of:
                        cursor.execute("SELECT typsend::regproc::text FROM pg_type WHERE oid = to_regtype(%s)",
                                       [db_type])
                        send_of[db_type] = cursor.fetchone()[0]
                    if send_of[db_type] is None:
                        raise TypeError(f"the database has no type {db_type}; was the project migrated?")
                    cursor.execute(f"SELECT {send_of[db_type]}(CAST(%s AS {db_type}))",
                                   [field.get_db_prep_save(value, connection)])
                    wire = bytes(cursor.fetchone()[0])
                except (DatabaseError, TypeError, ValueError, ValidationError) as exc:
                    raise AquadataError(f"{column.field}: the database does not take {value!r} as {db_type} "
                                        f"({str(exc).strip()}); nothing was written. Fix: AQUADATA_FILL = "
                                        f"{{'{column.field}': value}} with a value it takes.") from None
                columns.append(TargetColumn(**{**column.__dict__, "constant": wire.hex()}))
            return TargetTable(table.table, table.model, table.db_table, tuple(columns))

        return Targets({name: table_encoded(t) for name, t in targets.tables.items()},
                       {name: table_encoded(t) for name, t in targets.histories.items()})
