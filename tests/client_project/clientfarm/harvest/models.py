from clientfarm.derive import declare

globals().update(declare("harvest", __name__))
