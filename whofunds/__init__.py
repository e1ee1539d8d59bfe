"""whofunds."""
