"""Session fixture: a real Neo4j server (filled in by the Neo4j work)."""
