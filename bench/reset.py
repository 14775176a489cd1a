"""Benchmark: what a farm test that commits costs (pytest_aquadata/copies/), per profile, against a fresh copy of the
farm (what a naive reset would do after every such test), measured in the same run; and what pointing a read-only
farm test at the farm and back costs per test.

For each profile it generates the farm in a fresh folder (``pytest --aquadata=PROFILE``, which also takes the
pristine template), starts that folder's embedded server, and times:

- the first writable test's set-up: this process's working copy, made from the template;
- the reset after a test that wrote nothing, after one that wrote a row into a small table (a journal entry),
  and after one that created a batch with its history (``factories.BatchFactory``: rows in the big tables and a
  partition of the readings);
- a read-only farm test's own overhead in the default scope: Django's default database pointed at the farm and
  back (a connection closed and opened), against a query on the open connection (scope ``all``).

    python bench/reset.py                 # smoke and medium
    python bench/reset.py smoke --repeat 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TODAY = "2026-11-01"


def _generate(folder: Path, profile: str) -> None:
    (folder / "test_nothing.py").write_text("def test_nothing():\n    pass\n")
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--aquadata={profile}",
                           f"--aquadata-today={TODAY}", "--aquadata-progress=0", "--aquadata-writable=yes", "-n", "2",
                           "test_nothing.py"], cwd=folder, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"the run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def measure(profile: str, repeat: int) -> dict[str, float]:
    """Milliseconds of each step (medians over ``repeat`` where a step is cheap enough to repeat)."""
    import psycopg

    from pytest_aquadata import djangoconf
    from pytest_aquadata.copies.working import WorkingCopy
    from pytest_aquadata.server import start_embedded

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _generate(folder, profile)
        server = start_embedded(folder / ".aquadata")
        try:
            copy = WorkingCopy(server.url, "bench")
            figures = {"setup": copy.make() * 1000}

            def fresh_copy() -> None:
                copy.copy_again()

            figures["fresh copy"] = _median_ms(fresh_copy, max(3, repeat // 5))
            figures["nothing"] = _median_ms(lambda: _expect(copy.reset(), "untouched"), repeat)

            def one_row() -> None:
                with psycopg.connect(copy.url, autocommit=True) as conn:
                    conn.execute("INSERT INTO health_journalentry (batch_id, entry_date, category, severity, "
                                 "description, resolution_status, resolution_notes) SELECT batch_id, entry_date, "
                                 "category, severity, 'bench', resolution_status, resolution_notes FROM "
                                 "health_journalentry LIMIT 1")
                began = time.perf_counter()
                _expect(copy.reset(), "restored")
                restores.append(time.perf_counter() - began)

            restores: list[float] = []
            for _ in range(repeat):
                one_row()
            figures["one row"] = statistics.median(restores) * 1000

            djangoconf.configure(server.url, "all")
            import factories

            def batch_with_history() -> None:
                pointing = djangoconf.Pointing(copy.url)
                factories.BatchFactory(geography="Scotland", stage="Fry", today=dt.date.fromisoformat(TODAY))
                pointing.leave()
                began = time.perf_counter()
                _expect(copy.reset(), "copied")
                histories.append(time.perf_counter() - began)

            histories: list[float] = []
            for _ in range(max(3, repeat // 5)):
                batch_with_history()
            figures["batch with history"] = statistics.median(histories) * 1000
            figures.update(_pointing(server.url, repeat * 5))
            copy.remove()
        finally:
            from django.db import connections

            connections.close_all()
            server.stop()
    return figures


def _pointing(farm_url: str, repeat: int) -> dict[str, float]:
    """A read-only farm test's overhead: point the default database at the farm, run one query, point back, against
    the same query on a connection that stays open."""
    from django.db import connection

    from pytest_aquadata import djangoconf

    def query() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM batch_batch")

    def pointed() -> None:
        pointing = djangoconf.Pointing(farm_url, every_thread=False)
        query()
        pointing.leave()

    query()
    return {"read-only, pointed": _median_ms(pointed, repeat), "read-only, scope all": _median_ms(query, repeat)}


def _expect(reset: object, kind: str) -> None:
    if getattr(reset, "kind", None) != kind:
        raise SystemExit(f"expected a reset of kind {kind}, got {reset}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", nargs="*", default=["smoke", "medium"])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    print(f"{'profile':8} {'first writable test':>20} {'reset: nothing':>15} {'one row':>9} {'batch with history':>19} "
          f"{'fresh copy':>11} {'read-only: pointed / scope all':>31}")
    for profile in args.profiles:
        f = measure(profile, args.repeat)
        print(f"{profile:8} {f['setup']:>17.0f} ms {f['nothing']:>12.1f} ms {f['one row']:>6.0f} ms "
              f"{f['batch with history']:>16.0f} ms {f['fresh copy']:>8.0f} ms "
              f"{f['read-only, pointed']:>14.2f} / {f['read-only, scope all']:.2f} ms")
        print(f"{'':8} ratio to a fresh copy: nothing {f['nothing'] / f['fresh copy']:.3f}x, one row "
              f"{f['one row'] / f['fresh copy']:.3f}x, batch with history {f['batch with history'] / f['fresh copy']:.2f}x;"
              f" a read-only farm test pays {f['read-only, pointed'] - f['read-only, scope all']:.2f} ms for the pointing")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
