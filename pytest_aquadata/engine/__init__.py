"""The event engine: one planned batch becomes NumPy arrays (containers x days), one module per process."""
