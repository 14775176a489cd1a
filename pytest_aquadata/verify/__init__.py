"""The verification suite: SQL checks (checks.py) and the tests that run them (test_*.py)."""
