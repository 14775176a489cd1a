"""Benchmark of whole runs: `pytest --aquadata=PROFILE -n 2` from an empty folder with a fresh embedded
server, as a user runs it, for medium and full.

Prints wall time per phase (setup, generation, index builds, verification), rows per table, rows/s, peak
RSS per process, the database size, and the ratio of the generation rate to a raw binary COPY of
reading-shaped rows with as many parallel streams (bench/rawcopy.py), measured on the same server in the
same run. Targets (issue 7): full under 10 minutes end to end, generation at least 50 % of the raw COPY
rate, peak RSS under 1 GB per worker, database under 35 GB; medium under 30 s.

    python bench/full.py                      # medium, then full (about 7 minutes on 2 cores; 40 GB free disk)
    python bench/full.py medium -n 2          # one profile
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rawcopy import raw_copy_rows_per_second

TODAY = "2026-11-01"
TARGETS = {"medium": {"wall": 30.0}, "full": {"wall": 600.0, "ratio": 0.5, "rss_mb": 1024.0, "db_gb": 35.0}}
RAW_COPY_ROWS = 10_000_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="*", default=["medium", "full"])
    parser.add_argument("-n", "--workers", type=int, default=2)
    parser.add_argument("--dir", help="where the runs' folders go (default: a temporary folder, removed after)")
    args = parser.parse_args()
    failed = 0
    for profile in args.profiles:
        with tempfile.TemporaryDirectory(prefix=f"aquadata-bench-{profile}-", dir=args.dir) as folder:
            failed += not run(profile, args.workers, Path(folder))
    return 1 if failed else 0


def run(profile: str, workers: int, folder: Path) -> bool:
    """One run from an empty folder; prints its figures and returns whether it met its targets."""
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--aquadata={profile}", "-n", str(workers),
               f"--aquadata-today={TODAY}", "--aquadata-progress=0", f"--aquadata-dir={folder / '.aquadata'}"]
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
    raw = raw_rate(folder / ".aquadata", workers)
    ratio = figures["rate"] / raw
    rss = peaks.by_role()
    print(f"\n== {profile}, -n {workers}: {figures['batches']} batches, {figures['rows']:,} rows")
    for table, n in figures["tables"]:
        print(f"  {table:40s} {n:>14,}")
    print(f"  setup (server, migrations, farm)  {figures['setup']:8.1f} s")
    print(f"  generation                        {figures['generation']:8.1f} s  {figures['rate']:>10,.0f} rows/s")
    print(f"  index builds                      {figures['indexes']:8.1f} s")
    print(f"  verification and other tests      {figures['tests']:8.1f} s")
    print(f"  end to end (wall)                 {wall:8.1f} s")
    print(f"  raw COPY, {workers} streams             {'':8s}    {raw:>10,.0f} rows/s")
    print(f"  generation / raw COPY             {ratio:8.0%}")
    for role, mb in rss.items():
        print(f"  peak RSS {role:24s} {mb:8.0f} MB")
    print(f"  database size                     {figures['db']:>8s}")
    return report_targets(profile, wall, ratio, rss, figures["db_gb"])


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
        "tables": [(t, int(n.replace(",", ""))) for t, n in re.findall(r"^  (\w+)\s+([\d,]+)$", output, re.MULTILINE)],
        "db": size,
        "db_gb": float(value) / {"kB": 1024**2, "MB": 1024, "GB": 1, "TB": 1 / 1024}.get(unit, 1024**3),
    }


def raw_rate(data_dir: Path, streams: int) -> float:
    """The raw COPY baseline on the run's own (restarted) embedded server."""
    from pytest_aquadata.server import start_embedded

    server = start_embedded(data_dir)
    try:
        return raw_copy_rows_per_second(server.url, RAW_COPY_ROWS, streams)
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


def report_targets(profile: str, wall: float, ratio: float, rss: dict[str, float], db_gb: float) -> bool:
    targets = TARGETS.get(profile, {})
    worker_rss = max((mb for role, mb in rss.items() if role.startswith("worker")), default=0.0)
    checks = [
        ("end to end", wall, targets.get("wall"), "s", wall <= targets.get("wall", float("inf"))),
        ("generation / raw COPY", ratio * 100, targets.get("ratio", 0) * 100 or None, "%",
         ratio >= targets.get("ratio", 0)),
        ("peak RSS per worker", worker_rss, targets.get("rss_mb"), "MB", worker_rss <= targets.get("rss_mb", float("inf"))),
        ("database", db_gb, targets.get("db_gb"), "GB", db_gb <= targets.get("db_gb", float("inf"))),
    ]
    ok = True
    for name, value, target, unit, met in checks:
        if target is None:
            continue
        print(f"  target {name:28s} {value:8.1f} {unit} vs {target:g} {unit}: {'met' if met else 'MISSED'} "
              f"({value / target:.0%} of the target)")
        ok &= met
    return ok


if __name__ == "__main__":
    sys.exit(main())
