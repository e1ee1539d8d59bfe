"""Exports load back into networkx unchanged and are well-formed for Gephi."""
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from whofunds.graph.analysis import add_centrality
from whofunds.graph.export import export_graph, read_export
from whofunds.graph.io import read_graph, write_graph


def contract_graph():
    """A small graph in the graph.json contract, with lists, dicts, None, Chinese text and markup-like names."""
    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": "d1", "path": "a.txt", "title": "合肥 <news>"}],
                        extractor_version="test", failures=[])
    nodes = [("governmentbody:hefei", "Hefei Municipal Government", "GovernmentBody", ["合肥市政府"]),
             ("fund:jiantou", "Hefei Jiantou", "Fund", ["Jiantou", "HFJT"]),
             ("firm:nio", "NIO <b>&</b>", "Firm", [])]
    for node, name, typ, aliases in nodes:
        G.add_node(node, name=name, type=typ, aliases=aliases, doc_ids=["d1"], mentions=2)
    G.nodes["firm:nio"]["city"] = "Hefei"

    def edge(u, v, rel, stake, amount):
        ev = {"doc_id": "d1", "path": "a.txt", "sentence": f"{u} & {v} \"quoted\"", "start": 0, "end": 10,
              "rule": "r1", "confidence": 0.9, "status": "stated", "amount": amount, "currency": "CNY",
              "amount_text": None, "year": 2020, "stake": stake}
        G.add_edge(u, v, key=rel, type=rel, evidence=[ev], confidence=0.9, status="stated", amount=amount,
                   currency="CNY", amount_text=None, year=2020, stake=stake, doc_ids=["d1"])

    edge("governmentbody:hefei", "fund:jiantou", "CONTROLS", 100.0, None)
    edge("governmentbody:hefei", "fund:jiantou", "INVESTS_IN", None, 5e9)   # parallel edge
    edge("fund:jiantou", "firm:nio", "INVESTS_IN", 24.1, 7e9)
    add_centrality(G)
    return G


def without_none(attrs):
    return {k: v for k, v in attrs.items() if v is not None}


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
def test_round_trip(tmp_path, fmt):
    G = contract_graph()
    path = tmp_path / f"g.{fmt}"
    export_graph(G, path, fmt)
    H = read_export(path, fmt)
    assert sorted(H.nodes) == sorted(G.nodes)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for node, attrs in G.nodes(data=True):
        assert H.nodes[node] == (attrs if fmt == "json" else without_none(attrs))
    for u, v, k, attrs in G.edges(keys=True, data=True):
        expected = attrs if fmt == "json" else without_none(attrs)
        assert H[u][v][k] == expected
    if fmt == "json":
        assert H.graph["documents"] == G.graph["documents"]
    else:  # no graph-level data in the XML files (Gephi rejects it): the document list stays in graph.json
        assert "documents" not in H.graph
    # the result is usable by the analysis again
    add_centrality(H)


def test_graphml_is_well_formed_with_unique_edge_ids_and_typed_keys(tmp_path):
    path = tmp_path / "g.graphml"
    export_graph(contract_graph(), path, "graphml")
    root = ET.parse(path).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    ids = [e.get("id") for e in root.iterfind(".//g:edge", ns)]
    assert len(ids) == 3 and len(set(ids)) == 3
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iterfind("g:key", ns)}
    assert keys[("node", "pagerank")] == "double"
    assert keys[("edge", "evidence")] == "string"
    assert keys[("node", "aliases")] == "string"
    # plain networkx reads it too (as Gephi would), with lists as JSON text
    plain = nx.read_graphml(path)
    assert plain.nodes["fund:jiantou"]["aliases"] == '["Jiantou", "HFJT"]'


def test_gexf_has_labels_and_directed_edges(tmp_path):
    path = tmp_path / "g.gexf"
    export_graph(contract_graph(), path, "gexf")
    root = ET.parse(path).getroot()
    ns = {"x": root.tag.split("}")[0][1:]}
    labels = {n.get("id"): n.get("label") for n in root.iterfind(".//x:node", ns)}
    assert labels["firm:nio"] == "NIO <b>&</b>"
    edges = list(root.iterfind(".//x:edge", ns))
    assert {e.get("label") for e in edges} == {"controls", "invests in"}  # the relation's label, as on the map
    assert len({e.get("id") for e in edges}) == 3
    assert root.find(".//x:graph", ns).get("defaultedgetype") == "directed"


def test_mixed_numbers_become_one_type_and_json_matches_graph_json(tmp_path):
    G = contract_graph()
    G.nodes["firm:nio"]["mentions"] = 2.5  # another node keeps an int
    export_graph(G, tmp_path / "g.graphml", "graphml")
    H = read_export(tmp_path / "g.graphml", "graphml")
    assert H.nodes["fund:jiantou"]["mentions"] == 2.0
    export_graph(G, tmp_path / "g.json", "json")
    write_graph(G, tmp_path / "graph.json")
    assert (tmp_path / "g.json").read_text() == (tmp_path / "graph.json").read_text()
    assert read_graph(tmp_path / "g.json").number_of_edges() == 3


def test_unknown_format(tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        export_graph(contract_graph(), tmp_path / "g.dot", "dot")
