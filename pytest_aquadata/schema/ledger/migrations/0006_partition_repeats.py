from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('aquadata', '0005_incident'),
    ]

    operations = [
        migrations.AddField(
            model_name='partition',
            name='repeats',
            field=models.BooleanField(default=False),
        ),
    ]
