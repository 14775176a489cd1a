"""The schedule's YAML format (``format: 1``), documented in docs/schedule-format.md.

Loading validates everything and reports every problem at once, each with the batch number and the
field, so a broken schedule is refused before a single row is written: the format, the farm's containers
and every bound generation would hit (plan/limits.py). YAML is read with PyYAML's safe loader, bounded in
size, nesting depth and alias expansion, so a hostile file is refused rather than exhausting memory or
the stack. Stages may come in any key order, or as a list; they are ordered by the lifecycle.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from pytest_aquadata.farm import catalog
from pytest_aquadata.plan import incidents, limits
from pytest_aquadata.plan.model import PlannedBatch, Schedule, StagePlan

FORMAT = 1
TOP_KEYS = {"format", "metadata", "incidents", "batches"}
METADATA_KEYS = {"name", "parameters", "history_end", "counts"}
BATCH_KEYS = {"batch_number", "geography", "start_date", "eggs", "harvest_kg", "harvest_day", "stages"}
STAGE_KEYS = {"containers", "start_day", "end_day"}
#: The shipped full profile is 0.8 MB, 5 levels deep, about 100,000 nodes and has no aliases.
MAX_BYTES = 64 * 1024**2
MAX_DEPTH = 32
MAX_NODES = 5_000_000
#: What libyaml's scanner says when a document passes its own nesting bound (1,000 flow levels from PyYAML 6.0.4's
#: bundled libyaml on). It reads ahead of the events the composer counts, so deep YAML may meet this bound first.
LIBYAML_DEPTH_PROBLEM = "maximum nesting depth"
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


class ScheduleError(Exception):
    """The schedule is invalid; ``problems`` lists every one found."""

    def __init__(self, source: str, problems: list[str]):
        self.problems = problems
        shown = problems[:50] + ([f"... and {len(problems) - 50} more"] if len(problems) > 50 else [])
        super().__init__(f"invalid schedule {source}:\n  " + "\n  ".join(shown))


def dump(schedule: Schedule, counts: dict[str, Any]) -> str:
    """The YAML text of a schedule; the same schedule always gives the same bytes."""
    doc = {
        "format": FORMAT,
        "metadata": {
            "name": schedule.name,
            "history_end": schedule.history_end.isoformat(),
            "parameters": schedule.parameters,
            "counts": counts,
        },
        "incidents": incidents.dumped(schedule.incidents),
        "batches": [
            {
                "batch_number": b.batch_number,
                "geography": b.geography,
                "start_date": b.start_date.isoformat(),
                "eggs": b.eggs,
                "harvest_kg": b.harvest_kg,
                "harvest_day": b.harvest_day,
                "stages": {
                    s.stage: {"containers": _Flow(s.containers), "start_day": s.start_day, "end_day": s.end_day}
                    for s in b.stages
                },
            }
            for b in schedule.batches
        ],
    }
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, width=200)


class _Flow(list):  # type: ignore[type-arg]
    """A list written on one line."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Flow, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def load(path: Path) -> Schedule:
    try:
        text = path.read_text()
    except OSError as exc:
        raise ScheduleError(str(path), [f"cannot read the file: {exc.strerror}"]) from None
    return loads(text, str(path))


def loads(text: str, source: str = "<string>") -> Schedule:
    doc = _safe_load(text, source)
    problems: list[str] = []
    schedule = _parse(doc, problems)
    if schedule is not None:
        _check_containers(schedule, problems)
        problems += limits.problems(schedule)
    if problems or schedule is None:
        raise ScheduleError(source, problems or ["empty schedule"])
    return schedule


def check_moved(schedule: Schedule, history_end: dt.date, source: str) -> None:
    """The bounds again, for the schedule a run moves to end on ``history_end`` (``--aquadata-today``)."""
    try:
        found = limits.problems(schedule.shifted_to(history_end))
    except OverflowError:
        found = [f"metadata.history_end: moving every date to end on {history_end} takes the first batches "
                 "outside the dates Python holds"]
    if found:
        raise ScheduleError(f"{source} moved to end on {history_end}", found)


if yaml.__with_libyaml__:  # libyaml's scanner and parser read the full profile in 1 s instead of 4
    from yaml._yaml import CParser as _EventParser
else:  # pragma: no cover - PyYAML built without libyaml
    class _EventParser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)


class _BoundedLoader(Composer, _EventParser, SafeConstructor, Resolver):
    """PyYAML's safe loader with nodes composed in Python, so that nesting is limited while composing
    (deeper YAML would exhaust the stack)."""

    depth = 0

    def __init__(self, stream: str):
        _EventParser.__init__(self, stream)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.YAMLError(TOO_DEEP)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _safe_load(text: str, source: str) -> Any:
    if len(text) > MAX_BYTES:
        raise ScheduleError(source, [f"the file is {len(text) / 1024**2:.0f} MB, more than a schedule may be "
                                     f"({MAX_BYTES // 1024**2} MB)"])
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_nodes(node) > MAX_NODES:
            raise yaml.YAMLError(f"its aliases expand to more than {MAX_NODES:,} values")
        return loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise ScheduleError(source, [f"not valid YAML: {_reason(exc)}"]) from None
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]


def _reason(exc: yaml.YAMLError) -> str:
    """The loader's own words for too-deep nesting, whichever layer noticed it first, so that a user sees the same
    message on every PyYAML version; any other error as PyYAML words it."""
    if LIBYAML_DEPTH_PROBLEM in (getattr(exc, "problem", None) or ""):
        return TOO_DEEP
    return str(exc)


def _expanded_nodes(root: yaml.Node) -> int:
    """How many values the document holds once every alias is expanded (as json or a digest would)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if children_done or not children:
            sizes[id(node)] = min(1 + sum(sizes[id(c)] for c in children), MAX_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return sizes[id(root)]


def _parse(doc: Any, problems: list[str]) -> Schedule | None:
    if not isinstance(doc, dict):
        problems.append("the top level must be a mapping with format, metadata and batches")
        return None
    _unknown(doc, TOP_KEYS, "top level", problems)
    if doc.get("format") != FORMAT:
        problems.append(f"format: must be {FORMAT}, not {doc.get('format')!r}")
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        problems.append("metadata: must be a mapping")
        return None
    _unknown(meta, METADATA_KEYS, "metadata", problems)
    name = meta.get("name")
    if not isinstance(name, str) or not name:
        problems.append("metadata.name: must be a non-empty string")
    history_end = _date(meta.get("history_end"), "metadata.history_end", problems)
    params = meta.get("parameters")
    if not isinstance(params, dict):
        problems.append("metadata.parameters: must be a mapping")
    raw_batches = doc.get("batches")
    if not isinstance(raw_batches, list) or not raw_batches:
        problems.append("batches: must be a non-empty list")
        return None
    batches = []
    for index, raw in enumerate(raw_batches):
        batch = _parse_batch(index, raw, problems)
        if batch is not None:
            batches.append(batch)
    numbers = [b.batch_number for b in batches]
    for dup in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append(f"batch {dup}: batch_number appears more than once")
    for before, after in zip(batches, batches[1:], strict=False):
        if after.start_date < before.start_date:
            problems.append(f"batch {after.batch_number}: start_date {after.start_date} is before that of batch "
                            f"{before.batch_number} ({before.start_date}); batches must be in start_date order")
    if problems or history_end is None or not isinstance(name, str) or not isinstance(params, dict):
        return None
    rates = incidents.parse(doc.get("incidents"), problems)
    if problems:
        return None
    return Schedule(name=name, parameters=params, history_end=history_end, batches=tuple(batches), incidents=rates)


def _parse_batch(index: int, raw: Any, problems: list[str]) -> PlannedBatch | None:
    if not isinstance(raw, dict):
        problems.append(f"batches[{index}]: must be a mapping")
        return None
    number = raw.get("batch_number")
    label = f"batch {number}" if isinstance(number, str) and number.strip() else f"batch #{index + 1}"
    before = len(problems)
    _unknown(raw, BATCH_KEYS, label, problems)
    if not isinstance(number, str) or not number:
        problems.append(f"{label}: batch_number must be a non-empty string")
    geography = raw.get("geography")
    if not isinstance(geography, str) or geography not in catalog.GEOGRAPHY_BY_NAME:
        problems.append(f"{label}: geography must be one of {', '.join(catalog.GEOGRAPHY_BY_NAME)}, not {geography!r}")
    start = _date(raw.get("start_date"), f"{label}: start_date", problems)
    eggs: Any = raw.get("eggs")
    if not _is_int(eggs) or eggs <= 0:
        problems.append(f"{label}: eggs must be a positive whole number, not {eggs!r}")
    harvest_kg: Any = raw.get("harvest_kg")
    if not isinstance(harvest_kg, int | float) or isinstance(harvest_kg, bool) or not 0 < harvest_kg < 20:
        problems.append(f"{label}: harvest_kg must be a number of kilograms between 0 and 20, not {harvest_kg!r}")
    harvest_day: Any = raw.get("harvest_day")
    if not _is_int(harvest_day) or harvest_day <= 0:
        problems.append(f"{label}: harvest_day must be a positive whole number, not {harvest_day!r}")
    stages = _parse_stages(label, raw.get("stages"), problems)
    if stages and _is_int(harvest_day) and stages[-1].end_day != harvest_day:
        problems.append(f"{label}: stages.Adult.end_day ({stages[-1].end_day}) must equal harvest_day ({harvest_day})")
    if len(problems) > before:
        return None
    assert isinstance(number, str) and isinstance(geography, str) and start is not None
    return PlannedBatch(index=index, batch_number=number, geography=geography, start_date=start, eggs=int(eggs),
                        harvest_kg=float(harvest_kg), harvest_day=int(harvest_day), stages=tuple(stages))


def _parse_stages(label: str, raw: Any, problems: list[str]) -> list[StagePlan]:
    """The six stages, from a mapping in any key order or a list of mappings with a ``stage`` key; the
    lifecycle, not the file, decides their order."""
    names = [s.name for s in catalog.STAGES]
    if isinstance(raw, list) and all(isinstance(e, dict) and isinstance(e.get("stage"), str) for e in raw):
        listed = [e["stage"] for e in raw]
        if len(set(listed)) != len(listed):
            problems.append(f"{label}: stages lists a stage more than once ({', '.join(listed)})")
            return []
        raw = {e["stage"]: {k: v for k, v in e.items() if k != "stage"} for e in raw}
    if not isinstance(raw, dict):
        problems.append(f"{label}: stages must map each of {', '.join(names)} to its containers and days "
                        "(or list them, each with a stage key)")
        return []
    if set(raw) != set(names):
        problems.append(f"{label}: stages must be exactly {', '.join(names)} (in any order), not "
                        f"{', '.join(map(str, raw))}")
        return []
    plans = []
    previous_end = 0
    for stage in catalog.STAGES:
        entry = raw[stage.name]
        where = f"{label}: stages.{stage.name}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with containers, start_day, end_day")
            continue
        _unknown(entry, STAGE_KEYS, where, problems)
        containers = entry.get("containers")
        if not isinstance(containers, list) or not containers or not all(isinstance(c, str) for c in containers):
            problems.append(f"{where}.containers: must be a non-empty list of container names")
            continue
        start_day: Any = entry.get("start_day")
        end_day: Any = entry.get("end_day")
        if not _is_int(start_day) or not _is_int(end_day):
            problems.append(f"{where}: start_day and end_day must be whole numbers")
            continue
        if start_day != previous_end or end_day <= start_day:
            problems.append(
                f"{where}: window {start_day}-{end_day} is out of order (must start on day {previous_end} and end after it)"
            )
        previous_end = end_day
        plans.append(StagePlan(stage.name, tuple(containers), start_day, end_day))
    return plans if len(plans) == len(catalog.STAGES) else []


def _check_containers(schedule: Schedule, problems: list[str]) -> None:
    """Every container exists in the batch's geography, in a place that fits the stage, and holds one
    batch at a time."""
    owner = _container_owners()
    occupied: dict[str, list[tuple[dt.date, dt.date, str]]] = {}
    for b in schedule.batches:
        for s in b.stages:
            expected_letter = catalog.STAGE_BY_NAME[s.stage].hall_letter
            for name in s.containers:
                where = owner.get(name)
                if where is None:
                    problems.append(f"batch {b.batch_number}: stages.{s.stage}: container {name} does not exist")
                    continue
                geo, letter = where
                if geo != b.geography:
                    problems.append(
                        f"batch {b.batch_number}: stages.{s.stage}: container {name} belongs to {geo}, "
                        f"not the batch's geography {b.geography}")
                elif letter != expected_letter:
                    problems.append(f"batch {b.batch_number}: stages.{s.stage}: container {name} is not a "
                                    f"{s.stage} container")
                begin, end = limits.add_days(b.start_date, s.start_day), limits.add_days(b.start_date, s.end_day)
                if begin is not None and end is not None:  # else reported by the limits as a date out of range
                    occupied.setdefault(name, []).append((begin, end, b.batch_number))
    for name, windows in occupied.items():
        windows.sort()
        for (_b1, e1, n1), (b2, _e2, n2) in zip(windows, windows[1:], strict=False):
            if b2 < e1:
                problems.append(f"batch {n2}: container {name} is still held by batch {n1} until {e1} "
                                f"but planned from {b2} (overlapping windows)")


def _container_owners() -> dict[str, tuple[str, str | None]]:
    owners: dict[str, tuple[str, str | None]] = {}
    for geo in catalog.GEOGRAPHIES:
        for station in catalog.station_names(geo):
            for letter in catalog.HALL_LETTERS:
                owners.update({t: (geo.name, letter) for t in catalog.tank_names(station, letter)})
        for area in catalog.area_names(geo):
            owners.update({r: (geo.name, None) for r in catalog.ring_names(area)})
    return owners


def _unknown(mapping: dict[Any, Any], allowed: set[str], where: str, problems: list[str]) -> None:
    for key in mapping:
        if key not in allowed:
            problems.append(f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})")


def _date(value: Any, where: str, problems: list[str]) -> dt.date | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{where} must be a date as YYYY-MM-DD, not {value!r}")
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
