"""pytest-aquadata: a salmon farm's operational history in PostgreSQL, for testing farm software.

Importing this package imports nothing heavy; Django and NumPy load only when ``--aquadata`` asks.
"""

__version__ = "0.1.0"

#: Bumped whenever the engine would write different rows for the same schedule and seed.
GENERATOR_VERSION = "12"
