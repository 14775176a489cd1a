"""Foreign keys that lead a unique constraint lose their own index: the constraint's index serves every
lookup by them. The observations' and scores' were the largest of the indexes built after a load (issue 15:
which of the indexes the schema needs)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('batch', '0003_created_at_default'),
    ]

    operations = [
        migrations.AlterField(
            model_name='creationaction',
            name='workflow',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='batch.batchcreationworkflow'),
        ),
        migrations.AlterField(
            model_name='individualgrowthobservation',
            name='growth_sample',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='individual_observations', to='batch.growthsample'),
        ),
        migrations.AlterField(
            model_name='transferaction',
            name='workflow',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='batch.batchtransferworkflow'),
        ),
    ]
