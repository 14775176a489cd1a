"""Benchmark of the HTML report: `aquadata report` on a generated dataset, as a user runs it.

Prints the report's wall time (its own process, server start included), the seconds of each chart, the
file size, and the ratio to its baseline measured on the same server in the same run: one pass over
every generated row (count(*) of each table, what a report that read everything would at least cost).
Target (issue 13): full under 60 s, the file a few MB.

    python bench/report.py .aquadata            # the folder of a `pytest --aquadata=...` run (--aquadata-dir)
    python bench/report.py --db URL
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60.0
TARGET_MB = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("dir", nargs="?", type=Path, help="an embedded server's folder")
    where.add_argument("--db", help="a database URL")
    args = parser.parse_args()
    target = ["--db", args.db] if args.db else ["--dir", str(args.dir)]
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "farm.html"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest_aquadata.cli", "report", *target, "-o", str(output)],
                              capture_output=True, text=True)
        wall = time.perf_counter() - started
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return 1
        size_mb = output.stat().st_size / 1024**2
    print(done.stdout.strip())
    baseline = _baseline(args.db, args.dir)
    met = wall < TARGET_SECONDS and size_mb < TARGET_MB
    print(f"report: {wall:.1f} s end to end, {size_mb:.1f} MB (target < {TARGET_SECONDS:.0f} s, < {TARGET_MB:.0f} MB: "
          f"{'met' if met else 'NOT met'})")
    print(f"baseline: one pass over every generated row {baseline:.1f} s; report / baseline = {wall / baseline:.2f}x")
    return 0 if met else 1


def _baseline(url: str | None, folder: Path | None) -> float:
    """Seconds of count(*) over every generated table, once the cache is warm (the second of two passes)."""
    import psycopg

    from pytest_aquadata.cli import _database
    from pytest_aquadata.rows import WRITE_ORDER

    with _database(url, folder) as db, psycopg.connect(db, autocommit=True) as conn:
        for _ in range(2):
            began = time.perf_counter()
            for table in WRITE_ORDER:
                conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            seconds = time.perf_counter() - began
    return seconds


if __name__ == "__main__":
    raise SystemExit(main())
