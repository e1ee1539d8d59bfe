"""Session fixture: real headless Chromium (filled in by the map work)."""
