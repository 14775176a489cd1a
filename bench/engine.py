"""Benchmark of the event engine: one full-lifecycle batch (harvested around day 800) and one 200-day batch.

Prints rows per table, seconds for generation alone and for generation + COPY, rows/s, peak RSS, and the
ratio of the write rate to a raw binary COPY of as many rows in the readings' shape (bench/rawcopy.py),
measured in the same run. Targets (issue 3): a full-lifecycle batch generated and
written in under 1 s, at least 50 % of the raw COPY rate, peak RSS under 500 MB.

    python bench/engine.py                 # an embedded server in a temporary folder
    python bench/engine.py --db URL        # a server of your own (a database it may fill)
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

from rawcopy import raw_copy_rows_per_second

TODAY = dt.date(2026, 11, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="PostgreSQL URL (default: an embedded server in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aquadata-bench-") as tmp:
        from pytest_aquadata import server as servers

        server = servers.connect_external(args.db) if args.db else servers.start_embedded(Path(tmp))
        try:
            return run(server.url)
        finally:
            server.stop()


def run(url: str) -> int:
    import psycopg

    from pytest_aquadata import controller, djangoconf
    from pytest_aquadata.engine.batch import generate
    from pytest_aquadata.engine.context import load_ids
    from pytest_aquadata.farm.build import build_farm
    from pytest_aquadata.load import indexes
    from pytest_aquadata.load.copy import write_batch
    from pytest_aquadata.mapping.inspect import targets as read_targets
    from pytest_aquadata.plan.placement import place_batch

    djangoconf.configure(url, "all")
    controller.migrate(url)
    build_farm()
    targets = read_targets(TODAY)
    cases = [("full lifecycle", TODAY - dt.timedelta(days=900)), ("200 days", TODAY - dt.timedelta(days=199))]
    with psycopg.connect(url, autocommit=True) as conn:
        ids = load_ids(conn)
        conn.execute("TRUNCATE batch_batch, aquadata_batchledger CASCADE")
        indexes.defer(conn, targets.db_tables())  # as a run does while it loads
        generate(place_batch(0, "WARM-UP", "Scotland", TODAY - dt.timedelta(days=30), 3_400_000, 5.5, {}), TODAY, 1, ids)
        for index, (label, start) in enumerate(cases):
            batch = place_batch(index, f"FI-BENCH-{index + 1}", "Faroe Islands", start, 3_400_000, 5.5, {})
            started = time.perf_counter()
            tables = generate(batch, TODAY, 1, ids)
            generated = time.perf_counter() - started
            rows = write_batch(conn, batch.index, batch.batch_number, tables, targets, "bench", started)
            total = time.perf_counter() - started
            raw = rows / raw_copy_rows_per_second(url, rows)
            print(f"\n{label}: {batch.batch_number}, {batch.days_alive(TODAY)} days, harvest day {batch.harvest_day}")
            for t in tables:
                print(f"  {t.table:40s} {t.rows:>10,}")
            print(f"  {'rows':40s} {rows:>10,}")
            print(f"  generation            {generated:7.2f} s  {rows / generated:>12,.0f} rows/s")
            print(f"  generation + COPY     {total:7.2f} s  {rows / total:>12,.0f} rows/s")
            print(f"  raw COPY, same rows   {raw:7.2f} s  {rows / raw:>12,.0f} rows/s")
            print(f"  ratio to raw COPY     {raw / total:7.0%}   (target >= 50 %)")
            print(f"  peak RSS              {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:7.0f} MB (target < 500)")
            del tables
    return 0


if __name__ == "__main__":
    sys.exit(main())
