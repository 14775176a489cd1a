"""The readings become a table partitioned by id range: each batch's readings (ids in its block of 10^9)
are a partition of their own, which the writer creates, fills, indexes and attaches in the batch's
transaction (load/partitions.py). The model is unchanged; only the table under it is.

The foreign keys stop being database constraints first (see the model's docstring). Then the table is
remade from the one 0001 created, keeping Django's names for its key and indexes. Its id comes from a
sequence owned by the column, as a serial's does (an identity column on a partitioned table needs
PostgreSQL 17). Ids below the first block (rows a project creates through the ORM
before any run) go into a partition of their own.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

TABLE = "environmental_environmentalreading"
FIRST_BLOCK = 10**9  # engine/context.py: batch index 0 writes ids from 10^9 on


def partition(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass "
                       "AND NOT indisprimary ORDER BY indexrelid", [TABLE])
        indexes = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {TABLE}_unpartitioned")
        cursor.execute(f"CREATE TABLE {TABLE} (LIKE {TABLE}_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS) "
                       "PARTITION BY RANGE (id)")
        cursor.execute(f"DROP TABLE {TABLE}_unpartitioned")
        cursor.execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
        for definition in indexes:  # pg_get_indexdef names the table as 0001 did
            cursor.execute(definition)
        cursor.execute(f"CREATE TABLE {TABLE}_below PARTITION OF {TABLE} FOR VALUES FROM (MINVALUE) TO ({FIRST_BLOCK})")


class Migration(migrations.Migration):

    dependencies = [
        ('batch', '0003_created_at_default'),
        ('environmental', '0001_initial'),
        ('infrastructure', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='environmentalreading',
            name='batch',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='environmental_readings', to='batch.batch'),
        ),
        migrations.AlterField(
            model_name='environmentalreading',
            name='batch_container_assignment',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='environmental_readings', to='batch.batchcontainerassignment'),
        ),
        migrations.AlterField(
            model_name='environmentalreading',
            name='container',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='environmental_readings', to='infrastructure.container'),
        ),
        migrations.AlterField(
            model_name='environmentalreading',
            name='parameter',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='readings', to='environmental.environmentalparameter'),
        ),
        migrations.AlterField(
            model_name='environmentalreading',
            name='sensor',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='readings', to='infrastructure.sensor'),
        ),
        migrations.RunPython(partition, migrations.RunPython.noop, elidable=False),
    ]
