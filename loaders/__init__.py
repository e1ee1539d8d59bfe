"""whofunds.loaders."""
