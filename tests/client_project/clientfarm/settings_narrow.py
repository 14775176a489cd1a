"""The client's settings with the daily states' biomass one digit too narrow (numeric(8, 2))."""

from clientfarm.settings import *  # noqa: F403

CLIENT_NARROW = True
