"""The verification suite: SQL checks (checks/, a module per theme, and their registry) and the tests that run them
(test_*.py)."""
