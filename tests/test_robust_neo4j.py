"""Neo4j cannot be turned against the analyst: no prune that empties the database, no malformed graph
loaded over good data, no read that fetches URLs or runs server commands, no password sent to a
stranger's port. Real server (session fixture), real CLI."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from whofunds.graph.io import write_graph
from whofunds.queries import load, synthetic

WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]


def cli(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([*WHOFUNDS, *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**(env or os.environ), "COLUMNS": "200"})


@pytest.fixture
def loaded(neo4j_server, neo4j_db, tmp_path):
    G = synthetic.synthetic_graph(80, 240, seed=3)
    path = tmp_path / "graph.json"
    write_graph(G, path)
    result = cli("neo4j", "load", path, env=neo4j_server.env())
    assert result.returncode == 0, result.stderr
    return G, load.database_counts(neo4j_db)


@pytest.mark.neo4j
def test_prune_of_an_empty_graph_is_refused_unless_forced(neo4j_server, neo4j_db, loaded, tmp_path):
    _, before = loaded
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps({"graph": {"name": "whofunds"}, "nodes": [], "links": []}))
    refused = cli("neo4j", "load", empty, "--prune", env=neo4j_server.env())
    assert refused.returncode == 1
    assert "refusing to prune" in refused.stderr and "--force" in refused.stderr
    assert load.database_counts(neo4j_db) == before
    forced = cli("neo4j", "load", empty, "--prune", "--force", env=neo4j_server.env())
    assert forced.returncode == 0, forced.stderr
    assert load.database_counts(neo4j_db) == {"nodes": 0, "relationships": 0}


@pytest.mark.neo4j
def test_prune_of_a_slightly_smaller_graph_still_works(neo4j_server, neo4j_db, loaded, tmp_path):
    G, before = loaded
    H = G.copy()
    H.remove_nodes_from(sorted(H)[:5])
    path = tmp_path / "smaller.json"
    write_graph(H, path)
    result = cli("neo4j", "load", path, "--prune", env=neo4j_server.env())
    assert result.returncode == 0, result.stderr
    assert load.database_counts(neo4j_db)["nodes"] == before["nodes"] - 5


@pytest.mark.neo4j
@pytest.mark.parametrize("damage, words", [
    (lambda d: d["nodes"][0].update(name=123), "nodes[0].name must be string"),
    (lambda d: d["nodes"][1].update(type=None), "nodes[1].type"),
    (lambda d: d["links"][0].update(type="OWNS_THE_MOON"), "links[0].type must be one of the schema's relation types"),
    (lambda d: d["links"][0].update(evidence=[]), "links[0].evidence"),
    (lambda d: d["links"][0].update(target="firm:nowhere"), "is not a node of the graph"),
])
def test_a_malformed_graph_is_refused_before_any_write(neo4j_server, neo4j_db, loaded, tmp_path, damage, words):
    _, before = loaded
    with neo4j_db.session() as s:
        names_before = sorted(r["n"] for r in s.run("MATCH (n:Entity) RETURN n.name AS n"))
    path = tmp_path / "bad.json"
    write_graph(loaded[0], path)
    data = json.loads(path.read_text())
    damage(data)
    path.write_text(json.dumps(data))
    result = cli("neo4j", "load", path, "--prune", env=neo4j_server.env())
    assert result.returncode == 2  # EXIT_INPUT: the input file is not a usable graph.json
    assert str(path) in result.stderr and words in result.stderr and "Traceback" not in result.stderr
    assert load.database_counts(neo4j_db) == before
    with neo4j_db.session() as s:
        assert sorted(r["n"] for r in s.run("MATCH (n:Entity) RETURN n.name AS n")) == names_before


class _Listener:
    """A TCP listener on loopback that records whatever connects to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(2)
            try:
                self.received.append(conn.recv(65536) or b"(connected)")
            except OSError:
                self.received.append(b"(connected)")
            conn.close()

    def close(self):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.mark.neo4j
def test_cypher_refuses_load_csv_server_procedures_and_admin_commands(neo4j_server, neo4j_db, loaded):
    listener = _Listener()
    try:
        refused = {
            f"MATCH (n:Entity) WITH n LIMIT 3 LOAD CSV FROM 'http://127.0.0.1:{listener.port}/x?' + n.name AS row "
            "RETURN row": "LOAD CSV",
            f"match (n) with n /* hidden */ load\n csv from 'http://127.0.0.1:{listener.port}/y' as r return r": "LOAD CSV",
            "CALL db.clearQueryCaches()": "procedure db.clearQueryCaches is not allowed",
            "CALL dbms.listConfig() YIELD name RETURN name": "procedure dbms.listConfig is not allowed",
            "SHOW USERS": "administration commands are not allowed",
            "SHOW DATABASES": "administration commands are not allowed",
            "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "not allowed",
            "MATCH (n:Entity) SET n.pwned = true RETURN n": "only reads are allowed",
        }
        for statement, words in refused.items():
            result = cli("cypher", statement, env=neo4j_server.env())
            assert result.returncode == 1, (statement, result.stdout)
            assert words in result.stderr, (statement, result.stderr)
        assert listener.received == []  # nothing left the database
    finally:
        listener.close()
    with neo4j_db.session() as s:
        assert s.run("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS c").single()["c"] == 0
    ok = cli("cypher", "MATCH (n:Entity) WHERE n.name = $name RETURN n.id AS id", "--param",
             f"name={loaded[0].nodes[sorted(loaded[0])[0]]['name']}", "--json", env=neo4j_server.env())
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout) == [{"id": sorted(loaded[0])[0]}]
    labels = cli("cypher", "CALL db.labels() YIELD label RETURN label ORDER BY label", "--json", env=neo4j_server.env())
    assert labels.returncode == 0 and {"label": "Entity"} in json.loads(labels.stdout)


@pytest.mark.neo4j
def test_the_local_server_conf_and_its_owner(neo4j_server):
    from whofunds.queries.server import check_server_pid, read_state

    conf = (Path(neo4j_server.server_dir) / "conf" / "neo4j.conf").read_text()
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    import_dir = next(line.split("=", 1)[1] for line in conf.splitlines() if line.startswith("server.directories.import="))
    assert Path(import_dir).is_dir() and not any(Path(import_dir).iterdir())
    state = read_state(Path(neo4j_server.server_dir))
    check_server_pid(neo4j_server.uri, (neo4j_server.user, neo4j_server.password), state.pid)  # it is ours
    with pytest.raises(Exception, match="not the one just started"):
        check_server_pid(neo4j_server.uri, (neo4j_server.user, neo4j_server.password), state.pid + 1)


def test_start_refuses_a_port_in_use_and_sends_it_nothing(tmp_path):
    listener = _Listener()
    try:
        result = cli("neo4j", "start", "--dir", tmp_path / "server", "--port", listener.port, "--timeout", "60")
    finally:
        listener.close()
    assert result.returncode == 1
    assert f"port {listener.port} on 127.0.0.1 is already in use" in result.stderr
    assert listener.received == []  # no Bolt handshake, no password
    assert not (tmp_path / "server" / "server.json").exists()
