"""A downstream Django project whose models differ from pytest-aquadata's own the way a client's do
(AquaMind's): the plugin must generate into these models, not its own.

Its models are our schema's, replayed from our migrations (``derive``), then changed as a client's are
(``CHANGES`` in derive.py), so the differences are listed in one place and the two cannot drift apart
unnoticed. Its migrations are its own: the test makes them with ``manage.py makemigrations``.
"""
