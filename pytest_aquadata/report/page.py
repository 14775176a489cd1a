"""The report as one self-contained HTML file: a header naming the dataset, the summary tables, the charts.

Nothing is loaded from anywhere: the charts are inline SVG and the style sheet is in the page, so it opens
offline, from a mail attachment or a CI artefact, with no server and no script.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any

from pytest_aquadata.report import charts, series

#: The content digest hashes every row; above this many rows the header names ``aquadata digest`` instead
#: (it would take minutes on the full farm).
DIGEST_MAX_ROWS = 20_000_000

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: 0.5em 0 1em; } td, th { padding: 2px 10px; text-align: left; }
th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1.5em 0; } figcaption { color: #555; font-style: italic; margin-top: 0.3em; }
figure svg { max-width: 100%; height: auto; } .pass { color: #2a7a2a; } .fail { color: #b22; font-weight: bold; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; } dt { color: #666; }
"""


def write_report(conn: Any, path: Path, verification: dict[str, str] | None = None) -> dict[str, float]:
    """Write the report of the dataset ``conn`` holds to ``path``; returns the seconds each part took.

    ``verification`` maps each check that ran to its outcome ("passed" or "failed")."""
    from pytest_aquadata.verify.dataset import Dataset

    timings: dict[str, float] = {}
    started = time.perf_counter()
    dataset = Dataset.from_database(conn)
    src = series.Source(conn, dataset.schedule, dataset.history_end)
    figures = series.rows_and_generation(src)
    header = _header(conn, figures)
    timings["header"] = time.perf_counter() - started
    drawn = []
    for key, title, caption, draw in charts.CHARTS:
        began = time.perf_counter()
        drawn.append(charts.Chart(key, title, caption, draw(src)))
        timings[key] = time.perf_counter() - began
    body = [header, _tables(conn, figures, verification)]
    body += [f'<h2 id="{c.key}">{html.escape(c.title)}</h2><figure class="chart" data-chart="{c.key}">{c.svg}'
             f"<figcaption>{html.escape(c.caption)}</figcaption></figure>" for c in drawn]
    name = html.escape(dataset.schedule.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>pytest-aquadata: {name}'
                    f"</title><style>{STYLE}</style></head><body>\n" + "\n".join(body) + "\n</body></html>\n")
    timings["total"] = time.perf_counter() - started
    return timings


def _header(conn: Any, figures: dict[str, Any]) -> str:
    from pytest_aquadata.digest import dataset_digest, table_digests

    run = conn.execute("SELECT schedule_name, seed, history_end, generator_version, fingerprint, batch_count "
                       "FROM aquadata_run LIMIT 1").fetchone()
    total = sum(figures["rows"].values())
    if total <= DIGEST_MAX_ROWS:
        digest = dataset_digest(table_digests(conn))
    else:
        digest = f"not computed for {total / 1e6:,.0f} M rows: run `aquadata digest`"
    items = [("profile", run[0]), ("seed", run[1]), ("history end", run[2]), ("batches", run[5]),
             ("generator", run[3]), ("run fingerprint", run[4]), ("dataset digest", digest)]
    rows = "".join(f"<dt>{html.escape(k)}</dt><dd><code>{html.escape(str(v))}</code></dd>" for k, v in items)
    return f"<h1>Salmon farm dataset: {html.escape(str(run[0]))}</h1><dl>{rows}</dl>"


def _tables(conn: Any, figures: dict[str, Any], verification: dict[str, str] | None) -> str:
    from pytest_aquadata.farm import catalog
    from pytest_aquadata.summary import batches_by_status

    stages = [s.name for s in catalog.STAGES]
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for geo, status, stage, n in batches_by_status(conn):
        counts.setdefault((geo, status), {})[stage] = n
    head = "".join(f"<th>{html.escape(s)}</th>" for s in stages)
    body = "".join(f"<tr><td>{html.escape(geo)}</td><td>{status}</td>"
                   + "".join(f'<td class="n">{by_stage.get(s, "")}</td>' for s in stages)
                   + f'<td class="n">{sum(by_stage.values())}</td></tr>' for (geo, status), by_stage in counts.items())
    out = [f"<h2>Batches by status and stage</h2><table><tr><th>geography</th><th>status</th>{head}<th>all</th></tr>"
           f"{body}</table>"]
    elapsed = (figures["completed"] - figures["started"]).total_seconds() if figures["completed"] else None
    rows = sum(figures["rows"].values())
    out.append("<h2>Generation</h2><table>" + "".join(f'<tr><td>{k}</td><td class="n">{v}</td></tr>' for k, v in [
        ("batches written", f"{figures['batches']:,}"), ("rows written (ledger)", f"{figures['ledger_rows']:,}"),
        ("rows in the tables (ledger, per table)", f"{rows:,}"), ("workers", figures["workers"]),
        ("batch writing time, summed over workers", f"{figures['batch_seconds']:,.1f} s"),
        ("first run start to complete dataset", f"{elapsed:,.1f} s" if elapsed is not None else "incomplete"),
    ]) + "</table>")
    if verification:
        failed = [k for k, v in verification.items() if v != "passed"]
        cells = "".join(f'<tr><td>{html.escape(k)}</td><td class="{"pass" if v == "passed" else "fail"}">{v}</td></tr>'
                        for k, v in verification.items())
        out.append(f"<h2>Verification: {len(verification) - len(failed)} passed, {len(failed)} failed</h2>"
                   f"<table>{cells}</table>")
    return "\n".join(out)
