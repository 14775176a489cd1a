"""Foreign keys that lead a unique constraint lose their own index: the constraint's index serves every
lookup by them. The observations' and scores' were the largest of the indexes built after a load (issue 15:
which of the indexes the schema needs)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('health', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='fishparameterscore',
            name='individual_fish_observation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='parameter_scores', to='health.individualfishobservation'),
        ),
        migrations.AlterField(
            model_name='individualfishobservation',
            name='sampling_event',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='individual_fish_observations', to='health.healthsamplingevent'),
        ),
    ]
