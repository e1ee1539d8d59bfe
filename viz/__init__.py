"""whofunds.viz."""
