from clientfarm.derive import declare

globals().update(declare("environmental", __name__))
