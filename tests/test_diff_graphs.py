"""graph.diff and `whofunds diff`: entities and edges added, removed or changed, with evidence."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from whofunds.commands.diff import register
from whofunds.graph.diff import diff_graphs, edge_index
from whofunds.graph.io import read_graph, write_graph

ROOT = Path(__file__).resolve().parents[1]


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
    assert changed.changes == {}  # confidence moved (0.8 -> 0.9): that is the extractor, not the news
    assert changed.what == "+1 evidence from d3.txt"
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
    assert data["counts"] == {"documents_added": 1, "documents_removed": 1, "documents_changed": 0,
                              "entities_added": 1, "entities_removed": 1, "entities_changed": 1, "edges_added": 1,
                              "edges_removed": 1, "edges_changed": 1}
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


def test_what_changed_is_filled_amounts_and_new_evidence(weeks):
    old, new = weeks
    old["fund:hefei"]["firm:nio"]["INVESTS_IN"].update(amount=5e9, amount_text="5bn yuan", currency="CNY")
    new["fund:hefei"]["firm:nio"]["INVESTS_IN"].update(amount=7e9, amount_text="7bn yuan", currency="CNY")
    [changed] = diff_graphs(old, new).edges_changed
    assert changed.changes == {"amount": (5e9, 7e9)}
    assert changed.what == "amount: 5bn yuan → 7bn yuan; +1 evidence from d3.txt"


def test_renamed_entity_is_a_change_not_a_removal_and_an_addition():
    old = nx.MultiDiGraph(documents=[])
    node(old, "firm:automotive-works-group", "Automotive Works Group", "Firm")
    node(old, "fund:big", "Big Fund", "Fund")
    edge(old, "fund:big", "firm:automotive-works-group", "INVESTS_IN", [ev("d1", "Big Fund invested in AWG.")])
    new = nx.MultiDiGraph(documents=[])
    node(new, "firm:first-automotive-works-group", "First Automotive Works Group", "Firm")
    new.nodes["firm:first-automotive-works-group"]["aliases"] = ["Automotive Works Group"]
    node(new, "fund:big", "Big Fund", "Fund")
    edge(new, "fund:big", "firm:first-automotive-works-group", "INVESTS_IN", [ev("d1", "Big Fund invested in AWG.")])
    d = diff_graphs(old, new)
    assert d.entities_added == [] and d.entities_removed == [] and d.edges_added == d.edges_removed == []
    [renamed] = d.entities_changed
    assert renamed.old_id == "firm:automotive-works-group" and renamed.id == "firm:first-automotive-works-group"
    assert "id firm:automotive-works-group → firm:first-automotive-works-group" in renamed.what
    assert d.edges_changed == []  # the same edge, under the entity's new id


def test_documents_are_keyed_by_content_and_relative_path():
    old = nx.MultiDiGraph(documents=[{"id": "a1", "path": "/home/me/week1/a.txt", "relpath": "a.txt", "title": "A"},
                                     {"id": "b1", "path": "/home/me/week1/b.txt", "relpath": "b.txt", "title": "B"}])
    new = nx.MultiDiGraph(documents=[{"id": "a1", "path": "corpus/a.txt", "relpath": "a.txt", "title": "A"},
                                     {"id": "b2", "path": "corpus/b.txt", "relpath": "b.txt", "title": "B"}])
    d = diff_graphs(old, new)
    assert d.documents_added == d.documents_removed == []
    assert [(x["old_id"], x["id"], x["what"]) for x in d.documents_changed] == [("b1", "b2", "revised (content b1 → b2)")]
    # evidence is a sentence of a document, wherever the file lies
    assert diff_graphs(old, old).is_empty()


@pytest.fixture(scope="module")
def two_roots(tmp_path_factory):
    """The sample corpus built twice: from a relative path in the repository, and a copy of it elsewhere
    from an absolute path (documents' paths are absolute: the two builds name different files)."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("two-roots")
    copy = shutil.copytree(root / "data" / "sample", out / "elsewhere" / "sample")
    whofunds = [sys.executable, "-m", "whofunds.cli", "build", "--no-map", "-q"]
    a = subprocess.run([*whofunds, "data/sample", "--out", str(out / "a")], cwd=root, capture_output=True, text=True)
    b = subprocess.run([*whofunds, str(copy), "--out", str(out / "b")], cwd=out, capture_output=True, text=True)
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    return out / "a" / "graph.json", out / "b" / "graph.json"


def test_same_corpus_from_two_paths_has_no_changes(cli, two_roots):
    a, b = two_roots
    first_a, first_b = read_graph(a).graph["documents"][0], read_graph(b).graph["documents"][0]
    assert first_a["path"] == str(ROOT / "data" / "sample" / first_a["relpath"])  # absolute, though built as data/sample
    assert first_b["path"].startswith(str(a.parents[1] / "elsewhere" / "sample")) and first_a["relpath"] == first_b["relpath"]
    assert diff_graphs(read_graph(a), read_graph(b)).is_empty()
    result = CliRunner().invoke(cli, ["diff", str(a), str(b), "--exit-code", "--json"])
    assert result.exit_code == 0 and sum(json.loads(result.output)["counts"].values()) == 0


def test_cli_csv_one_row_per_change(cli, weeks, tmp_path):
    old, new = weeks
    write_graph(old, tmp_path / "old.json")
    write_graph(new, tmp_path / "new.json")
    result = CliRunner().invoke(cli, ["diff", str(tmp_path / "old.json"), str(tmp_path / "new.json"), "--csv"])
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[0] == "section,id,source,type,target,name,what,evidence"
    assert len(lines) == 1 + 8 and any(line.startswith("edges_changed,") and "+1 evidence" in line for line in lines)
