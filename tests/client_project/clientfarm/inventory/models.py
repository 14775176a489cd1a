from clientfarm.derive import declare

globals().update(declare("inventory", __name__))
