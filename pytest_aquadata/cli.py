"""The ``aquadata`` command: plan, check and describe schedules; digest and verify a dataset; list its incidents and
score alerts against them."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path


def _range(text: str, kind: type) -> tuple:  # type: ignore[type-arg]
    low, _, high = text.partition("-")
    return kind(low), kind(high or low)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aquadata", description="pytest-aquadata tools")
    sub = parser.add_subparsers(dest="command", required=True)
    sched = sub.add_parser("schedule", help="plan a schedule, or check or describe one")
    sched.add_argument("--check", metavar="FILE", help="validate FILE and report every problem")
    sched.add_argument("--describe", metavar="FILE", help="print what FILE implies")
    sched.add_argument("--profile", help="plan with a shipped profile's parameters (smoke, medium, saturation, full)")
    sched.add_argument("--name", default="custom")
    sched.add_argument("--batches-per-geography", type=int)
    sched.add_argument("--stagger", type=int, help="days between consecutive batches of either geography")
    sched.add_argument("--adult-days", type=int)
    sched.add_argument("--rings", help="MIN-MAX rings per batch (default 8-20)")
    sched.add_argument("--eggs", help="MIN-MAX eggs per batch")
    sched.add_argument("--harvest-kg", help="MIN-MAX harvest target in kg")
    sched.add_argument("--history-end", help="YYYY-MM-DD, the last day of history")
    sched.add_argument("--seed", type=int)
    sched.add_argument("-o", "--output", help="write the YAML here (default: standard output)")
    digest = sub.add_parser("digest", help="print a digest per table and of the whole generated dataset")
    check = sub.add_parser("verify", help="run the verification checks against a generated dataset")
    report = sub.add_parser("report", help="write a self-contained HTML report with charts of a generated dataset")
    report.add_argument("-o", "--output", type=Path, default=Path("farm.html"), help="the HTML file (default farm.html)")
    incidents = sub.add_parser("incidents", help="write the dataset's incidents (the ground truth) as CSV")
    incidents.add_argument("-o", "--output", type=Path, help="the CSV file (default: standard output)")
    score = sub.add_parser("score", help="score alerts (CSV: kind, scope_id, time) against the dataset's incidents")
    score.add_argument("alerts", type=Path, metavar="ALERTS.csv")
    score.add_argument("--tolerance-hours", type=float, default=24.0,
                       help="how long after an incident's end an alert still counts (default 24)")
    for command in (digest, check, report, incidents, score):
        where = command.add_mutually_exclusive_group(required=True)
        where.add_argument("--db", metavar="URL", help="the PostgreSQL database holding the dataset")
        where.add_argument("--dir", metavar="DIR", type=Path,
                           help="the folder of an embedded server (a run's --aquadata-dir, e.g. .aquadata)")
    check.add_argument("--check", action="append", metavar="NAME", help="run only this check (repeatable)")
    args = parser.parse_args(argv)
    if args.command == "schedule":
        return _schedule(args)
    from pytest_aquadata.digest import print_digest
    from pytest_aquadata.verify.report import verify

    with _database(args.db, args.dir) as url:
        if args.command == "report":
            return _report(url, args.output)
        if args.command in ("incidents", "score"):
            return _incidents(url, args)
        return verify(url, args.check) if args.command == "verify" else print_digest(url)


def _incidents(url: str, args: argparse.Namespace) -> int:
    """``aquadata incidents``: the labels as CSV (a valid alerts file: their start times score 1.0); ``aquadata
    score``: the table of verify/score.py."""
    import csv

    import psycopg

    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.verify import score

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            labels = score.read_labels(conn)
        if args.command == "score":
            alerts = score.read_alerts(args.alerts)
            print("\n".join(score.lines(score.score(labels, alerts, dt.timedelta(hours=args.tolerance_hours)))))
            return 0
    except (AquadataError, psycopg.Error) as exc:
        print(f"aquadata {args.command}: {str(exc).strip().splitlines()[0]}", file=sys.stderr)
        return 2
    with (args.output.open("w", newline="") if args.output else nullcontext(sys.stdout)) as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "kind", "scope_id", "time", "ended_at", "is_natural"])
        for label in labels:
            writer.writerow([label.id, label.kind, label.scope, label.started_at.isoformat(), label.ended_at.isoformat(),
                             label.natural])
    return 0


def _report(url: str, output: Path) -> int:
    import psycopg

    from pytest_aquadata.conninfo import redact
    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.report.page import write_report

    try:
        with psycopg.connect(url, autocommit=True) as conn:
            timings = write_report(conn, output)
    except AquadataError as exc:
        print(f"aquadata report: {exc}", file=sys.stderr)
        return 2
    except psycopg.Error as exc:
        print(f"aquadata report: {redact(url)}: {str(exc).strip().splitlines()[0]}\nFix: point --db or --dir at a "
              "complete dataset a `pytest --aquadata=...` run made with this pytest-aquadata.", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"aquadata report: {exc.name} is missing. Fix: pip install 'pytest-aquadata[report]'", file=sys.stderr)
        return 2
    slowest = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(timings.items(), key=lambda kv: -kv[1])[1:4])
    print(f"wrote {output} ({output.stat().st_size / 1024:,.0f} KB) in {timings['total']:.1f} s (slowest: {slowest})")
    return 0


@contextmanager
def _database(url: str | None, folder: Path | None) -> Iterator[str]:
    """The URL given, or that of the embedded server in ``folder``, started for the command and stopped after."""
    if url is not None:
        yield url
        return
    assert folder is not None
    from pytest_aquadata.server import start_embedded

    if not (folder / "pgdata").is_dir():
        print(f"aquadata: {folder} holds no embedded server (no pgdata folder). Fix: give the folder a "
              "`pytest --aquadata=...` run used (--aquadata-dir, default .aquadata), or --db URL.", file=sys.stderr)
        raise SystemExit(2)
    server = start_embedded(folder)
    try:
        yield server.url
    finally:
        server.stop()


def _schedule(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from pytest_aquadata.plan import capacity, describe, yamlformat
    from pytest_aquadata.plan.planner import PlanningError, PlanParameters, plan
    from pytest_aquadata.plan.profiles import PROFILE_PARAMETERS
    from pytest_aquadata.plan.volumes import expected_rows
    from pytest_aquadata.rows import WRITE_ORDER

    if args.check or args.describe:
        path = Path(args.check or args.describe)
        try:
            schedule = yamlformat.load(path)
        except yamlformat.ScheduleError as exc:
            print(exc, file=sys.stderr)
            return 2
        if args.check:
            print(f"{path}: valid, {len(schedule.batches)} batches")
            return 0
        counts = describe.counts(schedule)
        for key, value in counts.items():
            print(f"{key}: {value}")
        print("utilisation over time:")
        for day, used in describe.utilisation_over_time(schedule):
            print(f"  {day}  {used:6.1%}")
        print("expected rows per table (low - high):")
        ranges = expected_rows(schedule)
        for table in WRITE_ORDER:
            low, high = ranges.get(table, (0, 0))
            print(f"  {table:40s} {low:>14,}" + (f" - {high:,}" if high != low else ""))
        print(f"  {'total':40s} {sum(r[0] for r in ranges.values()):>14,} - {sum(r[1] for r in ranges.values()):,}")
        return 0
    params = PROFILE_PARAMETERS[args.profile] if args.profile else PlanParameters(
        name=args.name, batches_per_geography=args.batches_per_geography or 20, stagger=args.stagger or 40)
    overrides = {
        "batches_per_geography": args.batches_per_geography, "stagger": args.stagger, "adult_days": args.adult_days,
        "rings": _range(args.rings, int) if args.rings else None, "eggs": _range(args.eggs, int) if args.eggs else None,
        "harvest_kg": _range(args.harvest_kg, float) if args.harvest_kg else None,
        "history_end": dt.date.fromisoformat(args.history_end) if args.history_end else None, "seed": args.seed,
    }
    params = replace(params, **{k: v for k, v in overrides.items() if v is not None})
    try:
        schedule = plan(params)
    except (capacity.CapacityError, PlanningError) as exc:
        print(f"aquadata schedule: {exc}", file=sys.stderr)
        return 2
    text = yamlformat.dump(schedule, describe.counts(schedule))
    if args.output:
        Path(args.output).write_text(text)
        print(f"wrote {args.output}: {len(schedule.batches)} batches", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
