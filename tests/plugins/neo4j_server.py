"""Session fixture: a real Neo4j 5.26 server, started once per test session and stopped at its end.

The server runs from the jars ``whofunds neo4j start`` uses (fetched with Maven on first use), on a
free loopback port, with its data in a temporary directory and authentication on (a generated
password, mode 0600). When Java, Maven or the server is missing: a failure when ``CI`` is set, a
skip with the reason otherwise.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Neo4jTestServer:
    uri: str
    user: str
    password: str
    server_dir: str
    version: str

    def env(self) -> dict[str, str]:
        """Environment for a ``whofunds`` subprocess that should talk to this server."""
        return dict(os.environ, NEO4J_URI=self.uri, NEO4J_USER=self.user, NEO4J_PASSWORD=self.password)


def _start_test_server(server_dir) -> Neo4jTestServer:
    from whofunds.queries import server

    saved = os.environ.pop("NEO4J_PASSWORD", None)  # the test server gets its own generated password
    try:
        state = server.start(server_dir, port=server.free_port(), heap="1g", pagecache="256m", timeout=240)
    except (server.Neo4jSetupError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Neo4j test server could not start: {exc}")
        pytest.skip(f"Neo4j test server could not start (Java 17 + Maven + network needed): {exc}")
    finally:
        if saved is not None:
            os.environ["NEO4J_PASSWORD"] = saved
    return Neo4jTestServer(uri=state.uri, user="neo4j", password=server.stored_password(server_dir),
                           server_dir=str(server_dir), version=state.version)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory) -> Neo4jTestServer:
    from whofunds.queries import server

    server_dir = tmp_path_factory.mktemp("neo4j-server")
    started = _start_test_server(server_dir)
    try:
        yield started
    finally:
        server.stop(server_dir)


@pytest.fixture(scope="module")
def neo4j_import_server(tmp_path_factory) -> Neo4jTestServer:
    """A server of its own for ``whofunds neo4j import``, which stops and restarts it (same port, same
    password): the session's server stays up for the other tests."""
    from whofunds.queries import server

    server_dir = tmp_path_factory.mktemp("neo4j-import-server")
    started = _start_test_server(server_dir)
    try:
        yield started
    finally:
        server.stop(server_dir)


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_server):
    import neo4j

    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password),
                                    notifications_min_severity="OFF") as driver:
        yield driver


@pytest.fixture
def neo4j_db(neo4j_driver):
    """The session's driver, on a database emptied for this test (constraints stay)."""
    with neo4j_driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    return neo4j_driver
