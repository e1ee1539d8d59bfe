"""whofunds.queries."""
