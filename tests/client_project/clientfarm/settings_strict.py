"""The client's settings with one required field nobody fills (batch.Batch.cost_centre)."""

from clientfarm.settings import *  # noqa: F403

CLIENT_STRICT = True
