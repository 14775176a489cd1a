"""The embedded server as a fresh folder gets it: made, started, and set for a bulk load."""

from __future__ import annotations

from pathlib import Path

import psycopg

from pytest_aquadata.server import BULK_LOAD_SETTINGS, SINCE_18, start_embedded


def test_a_fresh_embedded_server_has_no_data_checksums_and_the_bulk_load_settings(tmp_path: Path) -> None:
    """PostgreSQL 18's initdb turns data checksums on; a cluster the plugin makes has them off (server.py says
    why), and keeps them off when a later run reuses it."""
    for _ in range(2):
        server = start_embedded(tmp_path / ".aquadata")
        try:
            with psycopg.connect(server.url) as conn:
                assert conn.execute("SHOW data_checksums").fetchone() == ("off",)
                for name in ("wal_level", "synchronous_commit", "max_wal_senders"):
                    assert conn.execute(f"SHOW {name}").fetchone() == (BULK_LOAD_SETTINGS[name],)
                if conn.info.server_version >= 180000:
                    assert conn.execute("SHOW io_method").fetchone() == (SINCE_18["io_method"],)
        finally:
            server.stop()
