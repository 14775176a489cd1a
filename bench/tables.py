"""How much of a client's schema a generated farm fills (issue 38): per app, its tables with rows / its tables, and
the empty ones, read from the database alone.

A table belongs to the app its name starts with (Django's `{app_label}_{model}`); the project's own bookkeeping
(django_*, auth_* apart from auth_user, the plugin's aquadata_*) is counted under its prefix too, so the total is every
table of the public schema. Rows are counted exactly (a table of a farm is either empty or not, and "has rows"
must not depend on statistics).

    python bench/tables.py --db URL            # the summary per app
    python bench/tables.py --db URL --empty    # and the empty tables, one per line
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

import psycopg


def filled(url: str) -> dict[str, list[tuple[str, bool]]]:
    """App -> [(table, has rows)], for every ordinary or partitioned table of the public schema."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
            "AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1").fetchall()]
        by_app: dict[str, list[tuple[str, bool]]] = defaultdict(list)
        for table in tables:
            has_rows = conn.execute(f'SELECT EXISTS (SELECT 1 FROM "{table}")').fetchone()[0]  # type: ignore[index]
            by_app[table.split("_", 1)[0]].append((table, bool(has_rows)))
    return dict(by_app)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="the client's database, after a run")
    parser.add_argument("--empty", action="store_true", help="also list the empty tables")
    args = parser.parse_args()
    by_app = filled(args.db)
    total = sum(len(t) for t in by_app.values())
    with_rows = sum(has for t in by_app.values() for _, has in t)
    for app, tables in sorted(by_app.items()):
        print(f"{app:<24} {sum(has for _, has in tables):4d} / {len(tables):4d}")
    print(f"{'all':<24} {with_rows:4d} / {total:4d} tables have rows")
    if args.empty:
        for _, tables in sorted(by_app.items()):
            for table, has in tables:
                if not has:
                    print(f"empty: {table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
