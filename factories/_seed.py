"""One fixed seed for factory_boy and Faker, so hand-made rows are the same on every run.

Nothing is seeded at import: that would reseed a user's own factories too. The plugin's session fixture
``aquadata_factories_seeded`` calls ``reseed()`` once per session (override it to choose another seed),
and a test may call ``reseed(n)`` to pin its own values."""

import factory.random

SEED = 20260101


def reseed(seed: int = SEED) -> None:
    """Reset factory_boy's and Faker's random state (call it from a fixture to pin a test's values)."""
    factory.random.reseed_random(seed)
