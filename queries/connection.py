"""Connection settings for Neo4j: flags, then environment, then the local server started by whofunds.

Nothing here embeds a secret. The order is: an explicit argument, ``NEO4J_URI`` / ``NEO4J_USER`` /
``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``, and finally the local server of ``whofunds neo4j start``
(its URI and stored password). ``repr`` of the settings hides the password.

>>> s = Settings(uri="bolt://127.0.0.1:7687", user="neo4j", password="secret")
>>> "secret" in repr(s)
False
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from whofunds.queries import server


class ConnectionSettingsError(RuntimeError):
    """No Neo4j to talk to: no URI given and no local server running."""


@dataclass(frozen=True)
class Settings:
    uri: str
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        return (self.user, self.password) if self.password is not None else None


def resolve_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                     database: str | None = None, server_dir: str | os.PathLike | None = None) -> Settings:
    """Settings from arguments, else environment, else the running local server."""
    uri = uri or os.environ.get("NEO4J_URI")
    user = user or os.environ.get("NEO4J_USER") or os.environ.get("NEO4J_USERNAME") or "neo4j"
    password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
    database = database or os.environ.get("NEO4J_DATABASE") or None
    if not uri:
        local = Path(server_dir or server.default_server_dir()).resolve()
        state = server.read_state(local)
        if not state or not server.status(local)["running"]:
            raise ConnectionSettingsError(
                "no Neo4j to connect to: set NEO4J_URI (and NEO4J_PASSWORD), pass --uri, "
                "or run `whofunds neo4j start`")
        uri = state.uri
        if password is None and state.auth:
            password = server.stored_password(local)
        if not state.auth:
            password = None
    return Settings(uri=uri, user=user, password=password, database=database)


def driver(settings: Settings, notifications: bool = False):
    """A ``neo4j.Driver`` for ``settings`` (close it, or use it as a context manager).

    Server notifications (e.g. "property key does not exist" on an empty database) are off unless
    asked for: the named questions are tested, and the warnings would bury their tables.
    """
    import neo4j

    extra = {} if notifications else {"notifications_min_severity": "OFF"}
    return neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth, **extra)
