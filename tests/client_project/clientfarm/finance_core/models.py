from clientfarm.derive import declare

globals().update(declare("finance_core", __name__))
