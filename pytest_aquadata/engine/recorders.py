"""Who recorded each row (domain.md, section 8: every recorded event names who recorded it): the person with the
row's duty at the site where it happened (rows.RECORDERS, farm/people.py), found by the row's container, or by its
assignment's container within the batch. Where the project keeps no staff, the system user recorded everything."""

from __future__ import annotations

import numpy as np

from pytest_aquadata.engine.context import Ids
from pytest_aquadata.rows import RECORDERS, Nullable, TableRows


def sign(part: TableRows, ids: Ids, containers_of: dict[int, int]) -> TableRows:
    """``part`` with its recorder column, if its table has one; ``containers_of`` maps the batch's assignment ids to
    their containers."""
    if part.table not in RECORDERS:
        return part
    column, duty, where = RECORDERS[part.table]
    places = part.data[where]
    if places is None:
        places = Nullable(np.zeros(part.rows, dtype=np.int64), np.ones(part.rows, dtype=bool))
    if isinstance(places, Nullable):  # a batch's journal entry of no one container: its geography's vet still
        anywhere = next(iter(containers_of.values()), 0)  # any of the batch's containers is in its geography
        places = np.where(places.null, anywhere if duty == "vet" else 0, places.values)
    assert isinstance(places, np.ndarray), f"{part.table}.{where} says where each row happened"
    if not where.endswith("container_id"):  # an assignment of the batch
        places = np.array([containers_of[int(a)] for a in places], dtype=np.int64)
    by_container = ids.recorders.get(duty)
    if by_container is None:
        people = np.full(part.rows, ids.system_user, dtype=np.int32)
    else:
        people = by_container[places]  # container 0 (none) has no one
        people = np.where(people == 0, ids.system_user, people).astype(np.int32)  # nor the test geography's
    return TableRows(part.table, part.rows, {**part.data, column: people})
