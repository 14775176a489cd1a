from clientfarm.derive import declare

globals().update(declare("infrastructure", __name__))
