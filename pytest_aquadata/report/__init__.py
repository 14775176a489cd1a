"""``aquadata report`` and ``--aquadata-report``: a self-contained HTML page with charts of a generated
dataset. series.py computes each chart's numbers in the database, charts.py draws them, page.py writes the
file. It sits beside verify/ at the top of the data flow: it only reads a complete dataset."""
