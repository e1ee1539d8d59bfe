"""The analysis commands end to end on a small graph.json: rank, trace, communities, export."""
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.analysis import add_centrality
from whofunds.graph.export import read_export
from whofunds.graph.io import write_graph

runner = CliRunner()


@pytest.fixture()
def graph_json(tmp_path):
    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": "d1", "path": "hefei.txt", "title": "Hefei"}],
                        extractor_version="test", failures=[])
    for node, name, typ, aliases in [
        ("governmentbody:hefei-municipal-government", "Hefei Municipal Government", "GovernmentBody", []),
        ("fund:hefei-jiantou", "Hefei Jiantou", "Fund", ["Hefei Construction Investment"]),
        ("firm:nio", "NIO", "Firm", ["NIO Inc."]),
        ("firm:boe", "BOE", "Firm", []),
        ("firm:boe-display", "BOE Display [bold]", "Firm", []),
        ("city:hefei", "Hefei", "City", []),
    ]:
        G.add_node(node, name=name, type=typ, aliases=aliases, doc_ids=["d1"], mentions=1)

    def edge(u, v, rel, stake=None, amount_text=None, sentence=""):
        ev = {"doc_id": "d1", "path": "hefei.txt", "sentence": sentence, "start": 0, "end": len(sentence),
              "rule": "test", "confidence": 0.9, "status": "stated", "amount": None, "currency": None,
              "amount_text": amount_text, "year": None, "stake": stake}
        G.add_edge(u, v, key=rel, type=rel, evidence=[ev], confidence=0.9, status="stated", amount=None,
                   currency=None, amount_text=amount_text, year=None, stake=stake, doc_ids=["d1"])

    edge("governmentbody:hefei-municipal-government", "fund:hefei-jiantou", "CONTROLS", 100.0,
         sentence="The city government wholly owns Hefei Jiantou.")
    edge("fund:hefei-jiantou", "firm:nio", "INVESTS_IN", 24.0, "RMB 7 billion",
         sentence="Hefei Jiantou put RMB 7 billion into NIO [red]China[/red].")
    edge("fund:hefei-jiantou", "firm:boe", "INVESTS_IN", sentence="Hefei Jiantou backed BOE.")
    edge("firm:boe", "firm:boe-display", "CONTROLS", 60.0, sentence="BOE controls its display arm.")
    edge("firm:nio", "city:hefei", "LOCATED_IN", sentence="NIO is based in Hefei.")
    add_centrality(G)
    path = tmp_path / "graph.json"
    write_graph(G, path)
    return path


def run(*args):
    # wide enough that rich does not wrap names inside table cells
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


def test_rank_json_csv_and_table(graph_json):
    result = run("rank", graph_json, "--by", "in_links", "--type", "Firm", "--top", "2", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["firm:boe", "firm:boe-display"]  # ties broken by name
    assert all(r["type"] == "Firm" for r in rows)
    assert {"pagerank", "pagerank_money", "betweenness", "betweenness_approx", "eigenvector"} <= set(rows[0])
    csv = run("rank", graph_json, "--csv", "--top", "0")
    assert csv.exit_code == 0 and csv.stdout.splitlines()[0].startswith("id,name,type,")
    assert len(csv.stdout.splitlines()) == 1 + 5  # places are left out unless asked for
    assert len(run("rank", graph_json, "--csv", "--top", "0", "--places").stdout.splitlines()) == 1 + 6
    assert "city:hefei" in run("rank", graph_json, "--csv", "--type", "Place").stdout
    # by default: who matters for the money, funders first
    default = json.loads(run("rank", graph_json, "--json").stdout)
    assert default[0]["id"] == "governmentbody:hefei-municipal-government" and "money_reach" in default[0]
    table = run("rank", graph_json, "--by", "pagerank")
    assert table.exit_code == 0 and "BOE Display [bold]" in table.stdout  # untrusted text is not markup
    bad = run("rank", graph_json, "--by", "size")
    assert bad.exit_code == 1 and "cannot rank by 'size'" in bad.output


def test_trace_names_funders_with_evidence(graph_json):
    result = run("trace", graph_json, "nio inc")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Ultimate controllers: none" in out  # a 24% stake is funding, not control
    assert "Hefei Jiantou" in out and "effective stake 24%" in out
    assert "(invests in)" in out and "(controls)" in out
    assert "Hefei Jiantou put RMB 7 billion into NIO [red]China[/red]." in out
    assert "hefei.txt" in out and "LOCATED_IN" not in out

    assert "Ultimate controllers: Hefei Municipal Government" in run("trace", graph_json, "Hefei Jiantou").stdout
    data = json.loads(run("trace", graph_json, "NIO", "--json").stdout)
    assert data["ultimate"] == []
    assert [f["node"] for f in data["funders"]] == ["fund:hefei-jiantou", "governmentbody:hefei-municipal-government"]
    top_path = data["funders"][1]["paths"][0]
    assert top_path["effective_stake"] == pytest.approx(24.0)
    assert top_path["hops"][0]["edges"][0]["evidence"][0]["sentence"].startswith("The city government")
    assert data["nodes"]["firm:nio"]["name"] == "NIO"

    down = json.loads(run("trace", graph_json, "Hefei Jiantou", "--down", "--json").stdout)
    assert [f["node"] for f in down["funders"]] == ["firm:boe", "firm:nio", "firm:boe-display"]
    assert down["ultimate"] == ["firm:boe-display", "firm:nio"]
    rows = run("trace", graph_json, "NIO", "--csv").stdout.splitlines()
    assert rows[0].startswith("root_id,direction,node_id,name") and len(rows) == 1 + 2
    only = json.loads(run("trace", graph_json, "NIO", "--relation", "CONTROLS", "--json").stdout)
    assert only["funders"] == [] and only["relation_types"] == ["CONTROLS"]
    assert run("trace", graph_json, "NIO", "--relation", "SUPPLIES").exit_code == 1


def test_trace_explains_ambiguous_and_unknown_names(graph_json):
    ambiguous = run("trace", graph_json, "BO")
    assert ambiguous.exit_code == 4  # a name that is not one entity: 4, for every command
    assert "ambiguous" in ambiguous.output and "firm:boe-display" in ambiguous.output
    unknown = run("trace", graph_json, "Tesla Shanghai")
    assert unknown.exit_code == 4 and "no node matches 'Tesla Shanghai'" in unknown.output
    missing = run("trace", graph_json.parent / "nope.json", "NIO")
    assert missing.exit_code == 2 and "no such file" in missing.output


def test_communities_json(graph_json):
    result = run("communities", graph_json, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sum(c["size"] for c in data["communities"]) == 6
    # every member, as lists (names and ids), not a cut string
    assert sorted(m for c in data["communities"] for m in c["member_ids"]) == sorted(
        json.loads(graph_json.read_text())["nodes"][i]["id"] for i in range(6))
    assert all(len(c["members"]) == c["size"] for c in data["communities"])
    assert {"participation", "betweenness", "communities_reached"} <= set(data["brokers"][0])
    assert run("communities", graph_json).exit_code == 0
    csv = run("communities", graph_json, "--csv").stdout.splitlines()
    assert csv[0] == "community,id,name,type,broker,communities_reached,participation,betweenness"
    assert len(csv) == 1 + 6


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_export(graph_json, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = run("export", graph_json, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    H = read_export(out, fmt)
    assert H.number_of_nodes() == 6 and H.number_of_edges() == 5
    assert run("export", graph_json, "--format", "dot", "-o", out).exit_code == 2
