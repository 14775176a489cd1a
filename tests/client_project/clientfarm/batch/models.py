from clientfarm.derive import declare

globals().update(declare("batch", __name__))
