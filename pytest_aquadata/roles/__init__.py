"""The plugin's hooks by the role a process plays, as pytest-xdist splits its controller (``DSession``) from its
workers (``WorkerInteractor``): ``controller`` for the process you start, ``worker`` for each process that
generates. plugin.py registers the one that fits."""
