from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aquadata', '0004_run_layout'),
    ]

    operations = [
        migrations.CreateModel(
            name='Incident',
            fields=[
                ('id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('kind', models.CharField(max_length=40)),
                ('started_at', models.DateTimeField()),
                ('ended_at', models.DateTimeField()),
                ('area_id', models.BigIntegerField(blank=True, null=True)),
                ('container_id', models.BigIntegerField(blank=True, null=True)),
                ('sensor_id', models.BigIntegerField(blank=True, null=True)),
                ('batch_id', models.BigIntegerField(blank=True, null=True)),
                ('is_natural', models.BooleanField(default=False)),
            ],
        ),
    ]
