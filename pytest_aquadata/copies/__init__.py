"""Copies of the complete farm for the tests that commit: the pristine template (pristine.py) and each process's
working copy, reset after every such test (working.py). Below the fixtures; above the load and the ledger."""
