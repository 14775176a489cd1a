from clientfarm.derive import declare

globals().update(declare("users", __name__))
