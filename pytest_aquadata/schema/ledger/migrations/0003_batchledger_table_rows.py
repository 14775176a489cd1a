from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aquadata', '0002_deferred_index_and_schedule'),
    ]

    operations = [
        migrations.AddField(
            model_name='batchledger',
            name='table_rows',
            field=models.JSONField(blank=True, null=True),
        ),
    ]
