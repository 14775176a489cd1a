"""One fixed seed for factory_boy and Faker, so hand-made rows are the same on every run."""

import factory.random

SEED = 20260101


def reseed(seed: int = SEED) -> None:
    """Reset factory_boy's and Faker's random state (call it from a fixture to pin a test's values)."""
    factory.random.reseed_random(seed)


reseed()
