"""graph.diff and `whofunds diff`: entities and edges added, removed or changed, with evidence."""
from __future__ import annotations

import json

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from whofunds.commands.diff import register
from whofunds.graph.diff import diff_graphs, edge_index
from whofunds.graph.io import read_graph, write_graph


def ev(doc_id, sentence, **kw):
    return {"doc_id": doc_id, "path": f"{doc_id}.txt", "sentence": sentence, "start": 0, "end": len(sentence),
            "rule": "r", "confidence": 0.8, "status": "stated", **kw}


def node(G, nid, name, type_, **kw):
    G.add_node(nid, name=name, type=type_, aliases=[], doc_ids=["d1"], mentions=1, degree=0.1, pagerank=0.2, **kw)


def edge(G, u, v, rel, evidence, **kw):
    G.add_edge(u, v, key=rel, type=rel, evidence=evidence, doc_ids=sorted({e["doc_id"] for e in evidence}),
               confidence=max(e["confidence"] for e in evidence), status="stated", amount=None, **kw)


@pytest.fixture
def weeks():
    """Last week's graph and this week's: one new entity and edge, one gone, one changed entity and edge."""
    old = nx.MultiDiGraph(name="whofunds", documents=[{"id": "d1", "path": "d1.txt", "title": "One"},
                                                      {"id": "d2", "path": "d2.txt", "title": "Two"}])
    node(old, "fund:hefei", "Hefei Fund", "Fund")
    node(old, "firm:nio", "NIO", "Firm")
    node(old, "firm:old-co", "Old Co", "Firm")
    edge(old, "fund:hefei", "firm:nio", "INVESTS_IN", [ev("d1", "Hefei Fund invested in NIO.")])
    edge(old, "fund:hefei", "firm:old-co", "INVESTS_IN", [ev("d2", "Hefei Fund invested in Old Co.")])
    new = nx.MultiDiGraph(name="whofunds", documents=[{"id": "d1", "path": "d1.txt", "title": "One"},
                                                      {"id": "d3", "path": "d3.txt", "title": "Three"}])
    node(new, "fund:hefei", "Hefei Fund", "Fund")
    new.nodes["fund:hefei"]["aliases"] = ["HF"]
    new.nodes["fund:hefei"]["pagerank"] = 0.9  # centrality moves: not a change by default
    node(new, "firm:nio", "NIO", "Firm")
    node(new, "firm:new-co", "New Co", "Firm")
    edge(new, "fund:hefei", "firm:nio", "INVESTS_IN",
         [ev("d1", "Hefei Fund invested in NIO."), ev("d3", "HF put $1bn into NIO.", confidence=0.9)])
    edge(new, "fund:hefei", "firm:new-co", "INVESTS_IN", [ev("d3", "HF backed New Co.")])
    return old, new


def test_diff_finds_each_kind_of_change(weeks):
    old, new = weeks
    d = diff_graphs(old, new)
    assert [e.id for e in d.entities_added] == ["firm:new-co"]
    assert [e.id for e in d.entities_removed] == ["firm:old-co"]
    assert [(e.id, e.changes) for e in d.entities_changed] == [("fund:hefei", {"aliases": ([], ["HF"])})]
    assert [e.key for e in d.edges_added] == [("fund:hefei", "INVESTS_IN", "firm:new-co")]
    assert d.edges_added[0].evidence[0]["sentence"] == "HF backed New Co."
    assert [e.key for e in d.edges_removed] == [("fund:hefei", "INVESTS_IN", "firm:old-co")]
    assert d.edges_removed[0].evidence[0]["sentence"] == "Hefei Fund invested in Old Co."
    [changed] = d.edges_changed
    assert [e["sentence"] for e in changed.evidence_added] == ["HF put $1bn into NIO."]
    assert changed.evidence_removed == []
    assert changed.changes == {"confidence": (0.8, 0.9)}
    assert [x["id"] for x in d.documents_added] == ["d3"]
    assert [x["id"] for x in d.documents_removed] == ["d2"]


def test_centralities_count_only_when_asked(weeks):
    old, new = weeks
    d = diff_graphs(old, new, ignore=set())
    assert d.entities_changed[0].changes["pagerank"] == (0.2, 0.9)


def test_same_graph_after_json_round_trip_has_no_diff(weeks, tmp_path):
    _, new = weeks
    write_graph(new, tmp_path / "g.json")
    d = diff_graphs(new, read_graph(tmp_path / "g.json"))
    assert d.is_empty() and sum(d.counts().values()) == 0


def test_diff_is_antisymmetric(weeks):
    old, new = weeks
    there, back = diff_graphs(old, new), diff_graphs(new, old)
    assert [e.key for e in there.edges_added] == [e.key for e in back.edges_removed]
    assert [e.id for e in there.entities_removed] == [e.id for e in back.entities_added]
    assert back.edges_changed[0].evidence_removed == there.edges_changed[0].evidence_added


def test_edge_index_merges_duplicate_edges_of_one_type():
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", key="X", type="X", evidence=[{"doc_id": "1"}])
    G.add_edge("a", "b", key="X2", type="X", evidence=[{"doc_id": "2"}])
    assert edge_index(G)[("a", "X", "b")]["evidence"] == [{"doc_id": "1"}, {"doc_id": "2"}]


@pytest.fixture
def cli():
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command, so typer keeps `diff` as a subcommand
    return app


def test_cli_json(cli, weeks, tmp_path):
    old, new = weeks
    write_graph(old, tmp_path / "old.json")
    write_graph(new, tmp_path / "new.json")
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["counts"] == {"documents_added": 1, "documents_removed": 1, "entities_added": 1,
                              "entities_removed": 1, "entities_changed": 1, "edges_added": 1, "edges_removed": 1,
                              "edges_changed": 1}
    assert data["edges_changed"][0]["evidence_added"][0]["sentence"] == "HF put $1bn into NIO."
    assert data["entities_changed"][0]["changes"]["aliases"] == {"old": [], "new": ["HF"]}


def test_cli_table_shows_untrusted_text_literally(cli, weeks, tmp_path):
    old, new = weeks
    new.nodes["firm:new-co"]["name"] = "New [bold red]Co[/]"
    write_graph(old, tmp_path / "old.json")
    write_graph(new, tmp_path / "new.json")
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json")],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "New [bold red]Co[/]" in result.output
    assert "HF backed New Co." in result.output and "Edges removed" in result.output


def test_cli_exit_codes(cli, weeks, tmp_path):
    old, new = weeks
    write_graph(old, tmp_path / "old.json")
    write_graph(new, tmp_path / "new.json")
    (tmp_path / "bad.json").write_text("{not json")
    runner = CliRunner()
    assert runner.invoke(cli, ["diff", str(tmp_path / "old.json"), str(tmp_path / "old.json"),
                               "--exit-code"]).exit_code == 0
    assert runner.invoke(cli, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"),
                               "--exit-code"]).exit_code == 1
    bad = runner.invoke(cli, ["diff", str(tmp_path / "bad.json"), str(tmp_path / "new.json")])
    assert bad.exit_code == 2 and "bad.json: not valid JSON" in bad.output
