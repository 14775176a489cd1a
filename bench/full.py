"""Benchmark of whole runs: `pytest --aquadata=PROFILE -n 2` from an empty folder with a fresh embedded
server, as a user runs it, for medium and full.

Prints the phase table (setup, generation, index builds, verification: seconds and share of the wall),
rows per table, peak RSS per process and the database size, then issue 25's targets, each measured in the same run:

1. end to end / the time a raw binary COPY of the same number of rows takes, with as many streams as workers
   (bench/rawcopy.py: its rate on 10 M reading-shaped rows into a logged table with its key, on the run's own
   server, the median of three): target 1.4x;
2. index builds / the wall: target 20 %;
3. generation rate / the bare COPY rate, the ceiling of our rows on this server: reading-shaped rows, each stream
   into a table made in its own transaction, FREEZE, no WAL, no index (bench/rawcopy.py): target 70 %.
   `pgbench -i`'s rate at the matching scale (bench/pgbench.py) stays printed beside it, as a reference;
4. verification and the other tests / the wall: target 10 %, with every check passed (pytest's exit status);
5. unchanged from issue 15: medium into a stock server (initdb's defaults) / medium into the embedded one, end to
   end (bench/stock.py; measured once per invocation, with the full profile): 1.3x; peak RSS per worker 1 GB;
   the database 35 GB.

    python bench/full.py                      # medium, then full (about 25 minutes on 2 cores; 40 GB free disk)
    python bench/full.py medium -n 2          # one profile (target 5 only with full, or --stock)
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from pgbench import pgbench_rows_per_second
from rawcopy import bare_copy_rows_per_second, raw_copy_rows_per_second
from stock import stock_against_embedded

TODAY = "2026-11-01"
#: issue 25's targets, and issue 15's and issue 7's that stay
TARGETS = {"full": {"e2e_ratio": 1.4, "index_share": 0.20, "bare_ratio": 0.70, "tests_share": 0.10,
                    "stock_ratio": 1.3, "rss_mb": 1024.0, "db_gb": 35.0},
           "medium": {}}  # medium's figures are printed; the targets are the full farm's
RAW_COPY_ROWS = 10_000_000
#: Each COPY yardstick is measured this many times and its median taken: one measurement of each varied by 10-20 %
#: between runs of the same code (raw COPY 0.88-1.09 M rows/s, bare 3.73-4.37 M), as much as the ratios' margins.
YARDSTICK_RUNS = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="*", default=["medium", "full"])
    parser.add_argument("-n", "--workers", type=int, default=2)
    parser.add_argument("--stock", action="store_true", help="measure target 5 even without the full profile")
    parser.add_argument("--dir", help="where the runs' folders go (default: a temporary folder, removed after)")
    args = parser.parse_args()
    stock_ratio = None
    if "full" in args.profiles or args.stock:
        embedded, stock, advice = stock_against_embedded("medium", args.workers)
        stock_ratio = stock / embedded
        print(f"medium -n {args.workers} end to end: embedded {embedded:.1f} s, stock server {stock:.1f} s\n  {advice}")
    failed = 0
    for profile in args.profiles:
        with tempfile.TemporaryDirectory(prefix=f"aquadata-bench-{profile}-", dir=args.dir) as folder:
            failed += not run(profile, args.workers, Path(folder), stock_ratio)
    return 1 if failed else 0


def run(profile: str, workers: int, folder: Path, stock_ratio: float | None) -> bool:
    """One run from an empty folder; prints its figures and returns whether it met its targets."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--aquadata={profile}", "-n", str(workers),
               f"--aquadata-today={TODAY}", "--aquadata-progress=0", f"--aquadata-dir={folder / '.aquadata'}",
               "--durations=8"]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peaks = PeakRss(child.pid)
    peaks.start()
    output = child.communicate()[0]
    wall = time.perf_counter() - started
    peaks.stop()
    if child.returncode != 0:
        print(output)
        print(f"{profile}: pytest exited with {child.returncode}")
        return False
    figures = parse_summary(output)
    rss = peaks.by_role()
    print(f"\n== {profile}, -n {workers}: {figures['batches']} batches, {figures['rows']:,} rows "
          f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores)")
    for table, n in figures["tables"]:
        print(f"  {table:40s} {n:>14,}")
    print(f"  {'phase':34s} {'time':>8s}   share of the wall")
    for name, key in (("setup (server, migrations, farm)", "setup"), ("generation", "generation"),
                      ("index builds", "indexes"), ("verification and other tests", "tests")):
        rate = f"   {figures['rate']:>10,.0f} rows/s" if key == "generation" else ""
        print(f"  {name:34s} {figures[key]:8.1f} s {figures[key] / wall:5.0%}{rate}")
    print(f"  {'end to end (wall)':34s} {wall:8.1f} s")
    for seconds, check in figures["slowest"]:
        print(f"    {check:32s} {seconds:8.1f} s")
    for role, mb in rss.items():
        print(f"  peak RSS {role:24s} {mb:8.0f} MB")
    print(f"  database size                     {figures['db']:>8s}", flush=True)
    raws, bares, peer, peer_rows = baselines(folder / ".aquadata", workers, figures["rows"])
    raw, bare = statistics.median(raws), statistics.median(bares)
    raw_seconds = figures["rows"] / raw
    ratios = {"e2e_ratio": wall / raw_seconds, "index_share": figures["indexes"] / wall,
              "bare_ratio": figures["rate"] / bare, "tests_share": figures["tests"] / wall, "stock_ratio": stock_ratio}
    print(f"  raw COPY, {workers} streams: {raw:,.0f} rows/s, so {raw_seconds:.1f} s for these rows ({_spread(raws)})")
    print(f"  bare COPY, {workers} streams (new tables, FREEZE, no WAL, no index): {bare:,.0f} rows/s ({_spread(bares)})")
    print(f"  pgbench -i, scale {peer_rows // 100_000}: {peer:,.0f} rows/s generating {peer_rows:,} rows "
          f"(generation: {figures['rate'] / peer:.2f}x it; a reference only)")
    print(f"  1. end to end / raw COPY time       {ratios['e2e_ratio']:8.2f}x")
    print(f"  2. index builds / wall              {ratios['index_share']:8.0%}")
    print(f"  3. generation / bare COPY rate      {ratios['bare_ratio']:8.0%}")
    print(f"  4. verification and tests / wall    {ratios['tests_share']:8.0%}")
    print("  5. medium, stock / embedded server  "
          + (f"{stock_ratio:8.2f}x" if stock_ratio is not None else "   (not measured: pass --stock)"))
    return report_targets(profile, ratios, rss, figures["db_gb"])


def parse_summary(output: str) -> dict:  # type: ignore[type-arg]
    """The figures the plugin's terminal summary prints."""
    def number(pattern: str) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match is None:
            raise SystemExit(f"the summary lacks {pattern!r}:\n{output}")
        return match.group(1)

    size = number(r"database size (\d+ [kMGT]?B)")
    value, unit = size.split()
    return {
        "batches": int(number(r"^generated: (\d+) batches")),
        "rows": int(number(r"^generated: \d+ batches, ([\d,]+) rows").replace(",", "")),
        "generation": float(number(r"^generated: .* rows in ([\d.]+) s")),
        "rate": float(number(r"^generated: .* \(([\d,]+) rows/s\)").replace(",", "")),
        "indexes": float(number(r"^indexes: .* in ([\d.]+) s")),
        "tests": float(number(r"^tests \(verification and the rest\): ([\d.]+) s")),
        "setup": float(number(r"^setup \(server, migrations, farm, schedule\): ([\d.]+) s")),
        "slowest": [(float(s), c) for s, c in re.findall(r"^([\d.]+)s call .*test_dataset\[([\w-]+)\]", output,
                                                           re.MULTILINE)],
        "tables": [(t, int(n.replace(",", ""))) for t, n in re.findall(r"^  (\w+)\s+([\d,]+)$", output, re.MULTILINE)],
        "db": size,
        "db_gb": float(value) / {"kB": 1024**2, "MB": 1024, "GB": 1, "TB": 1 / 1024}.get(unit, 1024**3),
    }


def _spread(rates: list[float]) -> str:
    return f"the median of {len(rates)}: " + ", ".join(f"{r / 1e6:.2f}" for r in sorted(rates)) + " M rows/s"


def baselines(data_dir: Path, streams: int, rows: int) -> tuple[list[float], list[float], float, int]:
    """(raw COPY rows/s and bare COPY rows/s with ``streams`` streams, YARDSTICK_RUNS of each; pgbench -i rows/s,
    pgbench's rows) on the run's own (restarted) embedded server. The farm's database is dropped before pgbench:
    its rows at the full farm's scale take about as much disk as the farm (two full farms did not fit on 55 GB)."""
    import psycopg

    from pytest_aquadata.server import DATABASE_NAME, start_embedded

    server = start_embedded(data_dir)
    try:
        raw = [raw_copy_rows_per_second(server.url, RAW_COPY_ROWS, streams) for _ in range(YARDSTICK_RUNS)]
        bare = [bare_copy_rows_per_second(server.url, RAW_COPY_ROWS, streams) for _ in range(YARDSTICK_RUNS)]
        admin_url = server.embedded.get_uri()
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {DATABASE_NAME}")
        peer, peer_rows = pgbench_rows_per_second(admin_url, rows)
        return raw, bare, peer, peer_rows
    finally:
        server.stop()


class PeakRss(threading.Thread):
    """Samples the peak resident set (VmHWM) of every process under ``root`` twice a second (the embedded
    PostgreSQL daemonises, so its memory is its own settings' business: shared_buffers and work_mem)."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root, self.peaks, self.names = root, {}, {}  # type: ignore[var-annotated]
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(0.5):
            for pid in self._descendants():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                except OSError:
                    continue
                match = re.search(r"VmHWM:\s+(\d+) kB", status)
                if match:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), int(match.group(1)) / 1024)
                    self.names[pid] = cmdline

    def stop(self) -> None:
        self._stop_event.set()
        self.join()

    def _descendants(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(entry))
        out, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo += children.get(pid, [])
        return out

    def by_role(self) -> dict[str, float]:
        """Peak MB of the controller and of each xdist worker (started by execnet's popen gateway)."""
        roles = {"controller": self.peaks.get(self.root, 0.0)}
        workers = [mb for pid, mb in sorted(self.peaks.items()) if "sys.stdin.readline" in self.names[pid]]
        roles.update({f"worker {i}": mb for i, mb in enumerate(workers)})
        return roles


def report_targets(profile: str, ratios: dict[str, float | None], rss: dict[str, float], db_gb: float) -> bool:
    targets = TARGETS.get(profile, {})
    worker_rss = max((mb for role, mb in rss.items() if role.startswith("worker")), default=0.0)
    checks = [  # (name, value, target, higher is better)
        ("1. end to end / raw COPY time", ratios["e2e_ratio"], targets.get("e2e_ratio"), False),
        ("2. index builds / wall", ratios["index_share"], targets.get("index_share"), False),
        ("3. generation / bare COPY rate", ratios["bare_ratio"], targets.get("bare_ratio"), True),
        ("4. verification and tests / wall", ratios["tests_share"], targets.get("tests_share"), False),
        ("5. medium stock / embedded", ratios["stock_ratio"], targets.get("stock_ratio"), False),
        ("peak RSS per worker (MB)", worker_rss, targets.get("rss_mb"), False),
        ("database (GB)", db_gb, targets.get("db_gb"), False),
    ]
    ok = True
    for name, value, target, higher in checks:
        if target is None or value is None:
            continue
        met = value >= target if higher else value <= target
        print(f"  target {name:34s} {value:8.2f} vs {target:g}: {'met' if met else 'MISSED'}")
        ok &= met
    return ok


if __name__ == "__main__":
    sys.exit(main())
