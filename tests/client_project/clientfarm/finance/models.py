from clientfarm.derive import declare

globals().update(declare("finance", __name__))
