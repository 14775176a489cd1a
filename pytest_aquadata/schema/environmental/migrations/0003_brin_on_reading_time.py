"""The readings' B-tree on (batch, time) becomes a BRIN on the time (issue 25).

Each batch's partition carries a CHECK on its batch (load/partitions.py), so the planner excludes every other
partition from a query on one batch, and within that partition a BRIN of 4 pages a range finds a window: the rows of
a sensor are written in time order. Built on full's 134 M readings: 10.8 s, where the B-tree sorted them in 60 s.

The queries the readings' indexes serve, on full (550 partitions), warm, execution time (planning 12-80 ms in
all cases), measured 2026-12-04:

| query | B-tree (batch, time), no CHECK | BRIN (time) with the CHECK |
|---|---|---|
| one batch, one parameter, a week, in time order (the report's incident chart) | 12.0 ms | 2.2 ms |
| one batch, a month, daily means per container (the report's low-oxygen chart) | 11.1 ms | 5.1 ms |
| one container, the latest 50 (AquaMind's readings list, newest first) | 9.2 ms | 9.3 ms (the container B-tree) |
| one container, a month (AquaMind's filters by container and time) | 7.2 ms | 7.3 ms (the container B-tree) |

The plans: before, a query on one batch was an Append over all 551 partitions, each probed through its
(batch, time) B-tree (550 of them finding nothing); after, the CHECKs leave the batch's partition and the one for
ids below the first block, and the window is a Bitmap Heap Scan of the BRIN's matching ranges. A query on a
container is, before and after, a (Merge) Append of every partition's (container, time) B-tree.

The B-tree on (container, time) stays: a BRIN cannot give the newest rows first, and on that list took 713 ms.
"""

import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('environmental', '0002_partition_readings'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='environmentalreading',
            name='idx_reading_batch_time',
        ),
        migrations.AddIndex(
            model_name='environmentalreading',
            index=django.contrib.postgres.indexes.BrinIndex(fields=['reading_time'], name='idx_reading_time_brin', pages_per_range=4),
        ),
    ]
