"""The one exception type for problems a user can fix; the plugin turns it into a short usage error."""


class AquadataError(Exception):
    """A problem with the user's input or environment; the message names the problem and the fix."""
