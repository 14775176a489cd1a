from clientfarm.derive import declare

globals().update(declare("planning", __name__))
