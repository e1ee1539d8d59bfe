"""CLI command groups. Each module has ``register(app)``; ``whofunds.cli`` lists them."""
