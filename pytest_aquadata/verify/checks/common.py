"""What every check shares: how many offending rows a message lists, and the query that fetches only those."""

from __future__ import annotations

from typing import Any

#: The most offending rows a check reports: enough to find the pattern, few enough to read.
LIMIT = 20


def fetch(conn: Any, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
    """The first LIMIT rows of ``sql``: a check's query aggregates in the database and returns only what is wrong."""
    return conn.execute(sql + f" LIMIT {LIMIT}", params).fetchall()
