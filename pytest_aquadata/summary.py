"""What the run produced: the fixture ``aquadata``'s summary and the terminal summary's lines."""

from __future__ import annotations

from typing import Any

from pytest_aquadata.conninfo import connect, redact
from pytest_aquadata.rows import WRITE_ORDER


def dataset_summary(conn: Any) -> dict[str, Any]:
    """Batches by geography, status and stage; rows per table and in all from the ledger, so that no table is
    counted row by row (169 M rows on full)."""
    by_status = batches_by_status(conn)
    rows = table_rows(conn)
    ledger = conn.execute("SELECT COALESCE(sum(rows), 0) FROM aquadata_batchledger").fetchone()[0]
    return {
        "batches": sum(r[3] for r in by_status),
        "by_geography_status_stage": by_status,
        "rows": rows,
        "total_rows": int(ledger),
    }


def table_rows(conn: Any) -> dict[str, int]:
    """Rows per generated table, as the ledger recorded them batch by batch (exact, and no table is scanned);
    a dataset written before the ledger kept them falls back on pg_class, then on a count."""
    recorded = conn.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                            "'aquadata_batchledger' AND column_name = 'table_rows'").fetchone()[0]
    if recorded and conn.execute("SELECT bool_and(table_rows IS NOT NULL) FROM aquadata_batchledger").fetchone()[0]:
        from_ledger = dict(conn.execute(
            "SELECT t.key, sum(t.value::bigint) FROM aquadata_batchledger l, jsonb_each_text(l.table_rows) t "
            "GROUP BY t.key").fetchall())
        return {t: int(from_ledger.get(t, 0)) for t in WRITE_ORDER}
    stats = dict(conn.execute("SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
                              (list(WRITE_ORDER),)).fetchall())
    return {t: int(stats[t]) if stats.get(t, -1) >= 0 else _count(conn, t) for t in WRITE_ORDER}


def batches_by_status(conn: Any) -> list[tuple[str, str, str, int]]:
    """(geography, status, stage, batches), the geography being that of the batch's first container."""
    return [tuple(r) for r in conn.execute(
        "SELECT g.name, b.status, s.name, count(*) FROM batch_batch b "
        "JOIN batch_lifecyclestage s ON s.id = b.lifecycle_stage_id "
        "JOIN batch_batchcontainerassignment a ON a.batch_id = b.id AND a.id = (SELECT min(id) FROM "
        "batch_batchcontainerassignment WHERE batch_id = b.id) "
        "JOIN infrastructure_container c ON c.id = a.container_id "
        "LEFT JOIN infrastructure_hall h ON h.id = c.hall_id "
        "LEFT JOIN infrastructure_freshwaterstation fs ON fs.id = h.freshwater_station_id "
        "JOIN infrastructure_geography g ON g.id = fs.geography_id "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3").fetchall()]


def _count(conn: Any, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def summary_lines(run: Any, stats: dict[str, Any]) -> list[str]:
    """The terminal summary: the dataset when it is complete; else what is kept and how to resume, also when
    the run was interrupted (Ctrl-C) or the server went away; or, when generation failed in a way the same command
    would repeat, the failure and its fix."""
    import psycopg

    from pytest_aquadata.load import indexes, ledger

    lines = [f"database: {redact(run.url)}  history ends {run.history_end}  seed {run.seed}"]
    try:
        with connect(run.url, timeout=5, autocommit=True) as conn:
            written, total, failed = ledger.status(conn)
            built, deferred = indexes.progress(conn)
            if conn.execute("SELECT completed_at IS NULL FROM aquadata_run").fetchone() != (False,):
                repeating = [error for error, repeats in failed if repeats]
                if repeating:
                    return [*lines, _repeats_line(written, total, repeating[0])]
                return [*lines, _resume_line(written, total, deferred - built)]
            summary = dataset_summary(conn)
            size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]  # type: ignore[index]
    except psycopg.Error as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return [*lines, f"aquadata: the database could not be read for this summary ({reason}). Fix: check that "
                        "the server is running; every batch written so far is kept, and the same command resumes."]
    table: dict[tuple[str, str], dict[str, int]] = {}
    for geo, status, stage, n in summary["by_geography_status_stage"]:
        table.setdefault((geo, status), {})[stage] = n
    for (geo, status), stages in table.items():
        lines.append(f"{geo:14} {status:10} " + "  ".join(f"{s} {n}" for s, n in stages.items()))
    lines.append(f"rows: {summary['total_rows']:,} (ledger) in {len(summary['rows'])} tables; database size {size}")
    for name, n in summary["rows"].items():
        lines.append(f"  {name:40} {n:>14,}")
    generated = stats.get("generated")
    if generated is not None:
        workers = ", ".join(f"{w} {b}" for w, (b, _) in sorted(generated.done.items()))
        lines.append(f"generated: {generated.batches} batches, {generated.rows:,} rows in {generated.load_seconds:.1f} s "
                     f"({generated.rows / max(generated.load_seconds, 1e-9):,.0f} rows/s) by {workers or 'nobody'}")
        built, total = generated.indexes
        if total:
            lines.append(f"indexes: {built}/{total} built after the load in "
                         f"{generated.seconds - generated.load_seconds:.1f} s")
    elif run.missing_batches == 0:
        lines.append("generation skipped: every scheduled batch was already written")
    if "tests_seconds" in stats:
        lines.append(f"tests (verification and the rest): {stats['tests_seconds']:.1f} s after the dataset was complete")
    if "setup_seconds" in stats:
        lines.append(f"setup (server, migrations, farm, schedule): {stats['setup_seconds']:.1f} s")
    return lines


def _repeats_line(written: int, total: int, error: str) -> str:
    return (f"aquadata: stopped with {written} of {total} batches written; they are kept. The same command would stop "
            f"the same way: the failure comes from what the schedule, the seed and the models determine, not from the "
            f"moment. {error}")


def _resume_line(written: int, total: int, unbuilt_indexes: int) -> str:
    if written < total:
        return (f"aquadata: stopped with {written} of {total} batches written; they are kept. Run the same command "
                f"again: it writes only the {total - written} missing batches, then builds the indexes.")
    return (f"aquadata: stopped with every batch written but {unbuilt_indexes} indexes not built; run the same "
            "command again to build them.")


def header_lines(options: Any, url: str, embedded: bool) -> list[str]:
    """What ``pytest_report_header`` says: the dataset this run asks for and what the database holds."""
    import psycopg

    from pytest_aquadata.server import load_advice

    end = options.today or "the dataset's, else today"
    where = f"embedded in {options.data_dir}" if embedded else "your server"
    lines = [f"aquadata: {options.schedule}, seed {options.seed}, history end {end}",
             f"aquadata: server {redact(url)} ({where})"]
    try:
        with connect(url, timeout=5, autocommit=True) as conn:
            advice = None if embedded else load_advice(conn)
            exists = conn.execute("SELECT to_regclass('aquadata_batchledger') IS NOT NULL").fetchone()[0]  # type: ignore[index]
            run = conn.execute("SELECT schedule_name, seed, history_end, batch_count, completed_at IS NOT NULL, "
                               "(SELECT count(*) FROM aquadata_batchledger WHERE batch_index >= 0) "
                               "FROM aquadata_run").fetchone() if exists else None
    except psycopg.Error as exc:
        return [*lines, f"aquadata: the database cannot be read ({str(exc).strip().splitlines()[0]})"]
    if advice:
        lines.append(f"aquadata: {advice}")
    if run is None:
        return [*lines, "aquadata: the database holds no dataset yet: this run generates one"]
    name, seed, history_end, total, complete, written = run
    state = "complete" if complete else f"{written}/{total} batches written"
    return [*lines, f"aquadata: the database holds {name}, seed {seed}, history end {history_end} ({state}); "
                    "a run with the same schedule, seed and history end reuses it"]
