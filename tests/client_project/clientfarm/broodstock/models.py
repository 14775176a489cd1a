from clientfarm.derive import declare

globals().update(declare("broodstock", __name__))
