from clientfarm.derive import declare

globals().update(declare("scenario", __name__))
