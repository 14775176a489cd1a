"""The audit trail (domain.md, section 8): every row of a model the project keeps a history of has its creation
record, which repeats the row as it stands (while no later record changed it), was entered no earlier than the
fact it records and before the end of the history, and by the person the row names as its recorder."""

from __future__ import annotations

import datetime as dt

from pytest_aquadata.mapping.layout import HISTORY_OWN
from pytest_aquadata.rows import EVENT_TIME, RECORDERS
from pytest_aquadata.verify.checks.common import LIMIT
from pytest_aquadata.verify.dataset import Dataset


def audit_trail_records_every_row(ds: Dataset) -> list[str]:
    """One query per historical table: its latest record per row against the row (missing, repeated creation
    records, values that differ, recorded before the fact, after the history's end or by another person), records
    of rows that are gone without a deletion record, and edits dated before the creation they follow."""
    problems = []
    end = dt.datetime.combine(ds.history_end + dt.timedelta(days=1), dt.time(), dt.UTC)
    for table, history in sorted(ds.targets.histories.items()):
        tracked = ds.targets.tables[table]
        key = tracked.key
        mirrored = [f'"{c.name}"' for c in history.columns if c.source is not None and c.source not in HISTORY_OWN]
        event = tracked.column_for(EVENT_TIME[table]) if table in EVENT_TIME else None
        early = f'c.at < t."{event}"::timestamptz' if event else "false"
        recorder = tracked.column_for(RECORDERS[table][0]) if table in RECORDERS else None
        other = f'c.by IS DISTINCT FROM t."{recorder}"' if recorder else "false"
        missing, repeated, differing, before, after, others, orphans, premature, rows = ds.conn.execute(f"""
            WITH created AS (
                SELECT "{key}", count(*) AS n, min(history_date) AS at, min(history_user_id) AS by
                FROM "{history.db_table}" WHERE history_type = '+' GROUP BY "{key}"),
            latest AS (
                SELECT DISTINCT ON ("{key}") "{key}", ROW({", ".join(mirrored)})::text AS kept, history_type
                FROM "{history.db_table}" ORDER BY "{key}", history_date DESC, history_id DESC)
            SELECT count(*) FILTER (WHERE c.n IS NULL), count(*) FILTER (WHERE c.n > 1),
                   count(*) FILTER (WHERE l.kept IS DISTINCT FROM ROW({", ".join(f"t.{c}" for c in mirrored)})::text),
                   count(*) FILTER (WHERE {early}), count(*) FILTER (WHERE c.at >= %s),
                   count(*) FILTER (WHERE c.n = 1 AND {other}),
                   (SELECT count(*) FROM latest l2 WHERE l2.history_type <> '-' AND NOT EXISTS (
                        SELECT FROM "{tracked.db_table}" t2 WHERE t2."{key}" = l2."{key}")),
                   (SELECT count(*) FROM "{history.db_table}" e JOIN created c2 USING ("{key}")
                    WHERE e.history_type <> '+' AND e.history_date < c2.at),
                   count(*)
            FROM "{tracked.db_table}" t LEFT JOIN created c USING ("{key}") LEFT JOIN latest l USING ("{key}")""",
                                                                                    (end,)).fetchone()
        name = f"{history.db_table} ({tracked.db_table}'s history)"
        for count, what in ((missing, "have no creation record"), (repeated, "have more than one creation record"),
                            (differing, "differ from their latest record"),
                            (before, f"were recorded before their {event}"),
                            (after, f"were recorded after the history's end, {ds.history_end}"),
                            (others, f"were entered by someone else than their {recorder}")):
            if count:
                problems.append(f"{name}: {count:,} of {rows:,} rows {what}")
        if orphans:
            problems.append(f"{name}: {orphans:,} rows are gone from {tracked.db_table} without a deletion record")
        if premature:
            problems.append(f"{name}: {premature:,} changes or deletions are dated before the creation they follow")
    return problems[:LIMIT]
