"""Score a user's alerts against the farm's incidents, after the Numenta Anomaly Benchmark's idea: the labels are
windows, and an alert counts when it falls in one (docs/incidents.md).

- A label's scope is its smallest scope id: the sensor's for a sensor fault (then the container's, the area's,
  the batch's for the kinds that have no sensor).
- An alert (kind, scope id, time) detects a label of the same kind and scope when its time lies in the label's
  window, from ``started_at`` to ``ended_at`` plus the tolerance (default 24 h: a detector that needs a day of
  readings to decide still counts).
- Per kind: precision is the share of alerts that detect a label, recall the share of labels detected, and the
  delay of a detected label is its first detecting alert's time less ``started_at``.

Labels marked natural count like the others: an alerting rule must fire on a warm summer's low oxygen too.
"""

from __future__ import annotations

import csv
import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_aquadata.errors import AquadataError

TOLERANCE = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Label:
    id: int
    kind: str
    scope: int
    started_at: dt.datetime
    ended_at: dt.datetime
    natural: bool = False


@dataclass(frozen=True)
class Alert:
    kind: str
    scope: int
    at: dt.datetime


@dataclass(frozen=True)
class KindScore:
    labels: int
    alerts: int
    precision: float
    recall: float
    median_delay: dt.timedelta | None


def read_labels(conn: Any) -> list[Label]:
    """Every incident of a dataset, with its smallest scope id."""
    return [Label(*row) for row in conn.execute(
        "SELECT id, kind, COALESCE(sensor_id, container_id, area_id, batch_id), started_at, ended_at, is_natural "
        "FROM aquadata_incident ORDER BY id").fetchall()]


def read_alerts(path: Path) -> list[Alert]:
    """A CSV with a header naming ``kind``, ``scope_id`` and ``time`` (ISO 8601; a time without a zone is UTC)."""
    try:
        with path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise AquadataError(f"cannot read the alerts {path}: {exc.strerror}.") from None
    alerts = []
    for number, row in enumerate(rows, start=2):
        try:
            at = dt.datetime.fromisoformat(row["time"])
            alerts.append(Alert(row["kind"], int(row["scope_id"]),
                                at if at.tzinfo else at.replace(tzinfo=dt.UTC)))
        except (KeyError, TypeError, ValueError) as exc:
            raise AquadataError(f"{path}, line {number}: not an alert ({exc}). Fix: a CSV with the columns kind, "
                                "scope_id and time (ISO 8601), e.g. sensor_stuck,1042,2026-03-01T14:00:00Z.") from None
    return alerts


def score(labels: Iterable[Label], alerts: Iterable[Alert], tolerance: dt.timedelta = TOLERANCE
          ) -> dict[str, KindScore]:
    """Precision, recall and median delay per kind, for every kind among the labels or the alerts."""
    by_scope: dict[tuple[str, int], list[Label]] = {}
    all_labels = list(labels)
    for label in all_labels:
        by_scope.setdefault((label.kind, label.scope), []).append(label)
    first_hit: dict[int, dt.datetime] = {}
    hits: dict[str, int] = {}
    counted: dict[str, int] = {}
    for alert in alerts:
        counted[alert.kind] = counted.get(alert.kind, 0) + 1
        found = [label for label in by_scope.get((alert.kind, alert.scope), [])
                 if label.started_at <= alert.at <= label.ended_at + tolerance]
        if found:
            hits[alert.kind] = hits.get(alert.kind, 0) + 1
        for label in found:
            first_hit[label.id] = min(first_hit.get(label.id, alert.at), alert.at)
    scores = {}
    for kind in sorted({label.kind for label in all_labels} | set(counted)):
        mine = [label for label in all_labels if label.kind == kind]
        delays = [first_hit[label.id] - label.started_at for label in mine if label.id in first_hit]
        scores[kind] = KindScore(
            labels=len(mine), alerts=counted.get(kind, 0),
            precision=hits.get(kind, 0) / counted[kind] if counted.get(kind) else 0.0,
            recall=len(delays) / len(mine) if mine else 0.0,
            median_delay=dt.timedelta(seconds=statistics.median(d.total_seconds() for d in delays)) if delays else None)
    return scores


def lines(scores: dict[str, KindScore]) -> list[str]:
    """The table ``aquadata score`` prints."""
    out = [f"{'kind':16} {'labels':>7} {'alerts':>7} {'precision':>10} {'recall':>7} {'median delay':>14}"]
    for kind, s in scores.items():
        delay = "-" if s.median_delay is None else _hours(s.median_delay)
        out.append(f"{kind:16} {s.labels:>7,} {s.alerts:>7,} {s.precision:>10.3f} {s.recall:>7.3f} {delay:>14}")
    return out


def _hours(delay: dt.timedelta) -> str:
    return f"{delay.total_seconds() / 3600:.1f} h"
