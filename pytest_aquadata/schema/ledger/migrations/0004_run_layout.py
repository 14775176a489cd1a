from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aquadata', '0003_batchledger_table_rows'),
    ]

    operations = [
        migrations.AddField(
            model_name='run',
            name='layout',
            field=models.JSONField(blank=True, null=True),
        ),
    ]
