"""A graph built from registry tables loads into Neo4j with its table evidence, and the named questions give the
same rows on Neo4j as embedded (the registry's stakes and stated control through the same control model)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.pipeline import build
from whofunds.queries import load

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.neo4j


def test_registry_graph_on_neo4j_answers_as_embedded(neo4j_server, neo4j_db, tmp_path):
    report = build([ROOT / "data" / "registry"], tmp_path / "out", write_map=False, use_cache=False)
    assert report.failures == [] and report.rows_loaded == report.rows == 11
    graph = tmp_path / "out" / "graph.json"
    load.load_file(graph, neo4j_db)
    with neo4j_db.session() as session:
        record = session.run(
            "MATCH (:Person {name: 'Chen Jing'})-[r:CONTROLS]->(f {name: 'Tianmu Ridge Motors'}) "
            "RETURN r.stake AS stake, r.date AS date, r.evidence AS evidence").single()
    assert record["stake"] == 49.5 and record["date"] == "2019-03-01"
    (ev,) = [json.loads(text) for text in record["evidence"]]
    assert (ev["row"], ev["path"]) == (7, str(ROOT / "data" / "registry" / "shareholders.csv"))
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password}
    for name, param in (("ultimate_controllers", "Tianmu Ridge Materials"), ("who_funds", "Tianmu Ridge Materials"),
                        ("portfolio", "Hefei Jiantou")):
        online = runner.invoke(app, ["query", name, "--param", f"entity={param}", "--json"], env=env)
        embedded = runner.invoke(app, ["query", name, "--param", f"entity={param}", "--json", "--graph", str(graph)])
        assert online.exit_code == 0 and embedded.exit_code == 0, online.output + embedded.output
        assert json.loads(online.stdout) == json.loads(embedded.stdout) and json.loads(online.stdout), name
