"""The one exception type for problems a user can fix; the plugin turns it into a short usage error."""


class AquadataError(Exception):
    """A problem with the user's input or environment; the message names the problem and the fix."""


class RepeatsOnRerun(AquadataError):
    """A failure the same command would meet again: it comes from what the schedule, the seed and the models
    determine (a generated value its column cannot hold), not from the moment (a server that went away, Ctrl-C).
    The summary then names the fix instead of advising to run the same command again."""
