"""batch_batch.created_at is filled by the database when a row leaves it out, on every Django version: from
5.0 the field's db_default does it (and this is a no-op), on 4.2 only this DEFAULT does."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("batch", "0002_initial")]

    operations = [
        migrations.RunSQL("ALTER TABLE batch_batch ALTER COLUMN created_at SET DEFAULT now()",
                          reverse_sql=migrations.RunSQL.noop),
    ]
