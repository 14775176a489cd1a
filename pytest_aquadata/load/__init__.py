"""Loading: engine arrays to PostgreSQL through binary COPY, and the ledger that makes it resumable."""
