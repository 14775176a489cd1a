"""verify/shared.py with real processes: units computed once across them, split between those that ask at once,
and a unit whose process was killed while computing it computed again by another."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

from pytest_aquadata.verify.shared import Shared

UNITS = [f"unit-{i}" for i in range(12)]


def _work(folder: str, log: str, ready: multiprocessing.synchronize.Barrier, results: dict[str, object]) -> None:  # type: ignore[name-defined]
    def compute(unit: str) -> tuple[str, int]:
        with open(log, "a") as f:
            f.write(f"{os.getpid()} {unit}\n")
        time.sleep(0.05)
        return unit.upper(), int(unit.split("-")[1])

    ready.wait(timeout=60)
    results[str(os.getpid())] = Shared(Path(folder)).each("scan", UNITS, compute)


def test_two_processes_split_the_units_and_both_get_every_result(tmp_path: Path) -> None:
    log = tmp_path / "log"
    with multiprocessing.Manager() as manager:
        results = manager.dict()
        ready = multiprocessing.Barrier(2)
        procs = [multiprocessing.Process(target=_work, args=(str(tmp_path / "shared"), str(log), ready, results))
                 for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
        assert [p.exitcode for p in procs] == [0, 0]
        got = dict(results)
    computed = [line.split() for line in log.read_text().splitlines()]
    assert sorted(unit for _, unit in computed) == sorted(UNITS), "each unit computed exactly once"
    by_process = {pid for pid, _ in computed}
    assert len(by_process) == 2, "both processes computed a share"
    expected = {u: (u.upper(), int(u.split("-")[1])) for u in UNITS}
    assert list(got.values()) == [expected, expected]


def _hold(folder: str) -> None:
    def compute(unit: str) -> int:
        time.sleep(60)  # killed before this returns
        return 0

    Shared(Path(folder)).each("scan", ["stuck"], compute)


def test_a_unit_whose_process_was_killed_is_computed_by_another(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    holder = multiprocessing.Process(target=_hold, args=(str(folder),))
    holder.start()
    deadline = time.monotonic() + 10
    while not list(folder.glob("*.lock")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    started = time.monotonic()
    os.kill(holder.pid, signal.SIGKILL)  # type: ignore[arg-type]
    holder.join(timeout=10)
    assert holder.exitcode == -signal.SIGKILL
    assert Shared(folder).each("scan", ["stuck"], lambda unit: 42) == {"stuck": 42}
    assert time.monotonic() - started < 5


def test_without_a_folder_every_unit_is_computed_here() -> None:
    seen: list[str] = []
    assert Shared().each("scan", ["a", "b"], lambda unit: seen.append(unit) or unit * 2) == {"a": "aa", "b": "bb"}
    assert seen == ["a", "b"]
