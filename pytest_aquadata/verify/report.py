"""``aquadata verify --db URL``: the verification checks against an existing dataset, outside pytest,
with each check's time. Exit status 0 when all pass, 1 when any fails, 2 when the database is unusable."""

from __future__ import annotations

import sys
import time


def verify(url: str, only: list[str] | None = None) -> int:
    import psycopg

    from pytest_aquadata.conninfo import connect, redact
    from pytest_aquadata.errors import AquadataError
    from pytest_aquadata.verify.checks import CHECKS
    from pytest_aquadata.verify.dataset import Dataset

    unknown = sorted(set(only or ()) - set(CHECKS))
    if unknown:
        print(f"aquadata verify: unknown check(s) {', '.join(unknown)}; the checks are: {', '.join(CHECKS)}",
              file=sys.stderr)
        return 2
    try:
        conn = connect(url, timeout=10, autocommit=True)
    except psycopg.OperationalError as exc:
        print(f"aquadata verify: cannot reach {redact(url)}: {str(exc).strip()}\nFix: check the URL and that the "
              "server runs.", file=sys.stderr)
        return 2
    with conn:
        conn.execute("SET default_transaction_read_only = on")
        try:
            dataset = Dataset.from_database(conn)
        except AquadataError as exc:
            print(f"aquadata verify: {redact(url)}: {exc}", file=sys.stderr)
            return 2
        print(f"verifying {redact(url)}: {len(dataset.schedule.batches)} batches, history ends {dataset.history_end}")
        ran, failed = 0, 0
        started = time.perf_counter()
        for name, check in CHECKS.items():
            if only and name not in only:
                continue
            begun = time.perf_counter()
            problems = check(dataset)
            status = "FAIL" if problems else "ok"
            print(f"{status:4} {name:36} {time.perf_counter() - begun:7.2f} s", flush=True)
            for problem in problems:
                print(f"       {problem}")
            ran, failed = ran + 1, failed + bool(problems)
        print(f"{ran - failed} passed, {failed} failed in {time.perf_counter() - started:.1f} s")
    return 1 if failed else 0
