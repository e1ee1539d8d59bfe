"""whofunds.graph."""
