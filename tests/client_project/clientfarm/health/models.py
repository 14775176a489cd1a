from clientfarm.derive import declare

globals().update(declare("health", __name__))
