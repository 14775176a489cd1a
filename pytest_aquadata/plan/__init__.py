"""The schedule: every batch and every container decided before anything is generated."""
