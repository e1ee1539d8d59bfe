"""The GraphML and GEXF exports of the sample are Gephi-ready: read by Gephi's own importers (the Gephi Toolkit)
without issues, with labels, colours, sizes and communities, and typed amounts and years; GraphML is read by
igraph too. Neither reader is networkx's."""
from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.communities import communities, membership
from whofunds.graph.io import read_graph
from whofunds.graph.schema import SCHEMA

runner = CliRunner()
INTERNAL = {"networkx_key", "whofunds_json_attributes", "documents", "failures", "_score"}


@pytest.fixture(scope="module")
def exports(sample_graph_json, tmp_path_factory):
    out = tmp_path_factory.mktemp("gephi")
    paths = {}
    for fmt in ("graphml", "gexf"):
        paths[fmt] = out / f"sample.{fmt}"
        result = runner.invoke(app, ["export", fmt, str(sample_graph_json), "-o", str(paths[fmt])])
        assert result.exit_code == 0, result.output
    return paths


def check_in_gephi(view, G):
    assert view.severe() == [], view.issues
    assert view.directed == "directed"
    assert set(view.nodes) == set(G) and len(view.edges) == G.number_of_edges()
    pagerank = {n: G.nodes[n]["pagerank"] for n in G}
    part = membership(communities(G))
    for node, seen in view.nodes.items():
        attrs = G.nodes[node]
        assert seen["label"] == attrs["name"]  # Gephi shows names, not firm:nio
        assert seen["color"] == SCHEMA.entity(attrs["type"]).color  # the map's colour of its type
        assert int(seen["attrs"]["community"]) == part[node]
        assert seen["attrs"]["type"] == attrs["type"]
    # size follows PageRank
    by_rank = sorted(G, key=lambda n: pagerank[n])
    sizes = [view.nodes[n]["size"] for n in by_rank]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    assert view.node_columns["community"] == "Integer" and view.node_columns["pagerank"] == "Double"
    assert view.edge_columns["amount"] == "Double" and view.edge_columns["stake"] == "Double"
    assert view.edge_columns["year"] == "Integer"
    assert not INTERNAL & (set(view.node_columns) | set(view.edge_columns))
    labels = {SCHEMA.relation(r).label for r in SCHEMA.relation_types}
    for edge_id, seen in view.edges.items():
        source, relation, target = edge_id.split("|")
        assert (seen["source"], seen["target"]) == (source, target) and seen["directed"]
        assert seen["label"] == SCHEMA.relation(relation).label and seen["label"] in labels
        assert seen["weight"] == len(G.edges[source, target, relation]["evidence"])
    funded = [e for e in view.edges.values() if e["attrs"].get("amount")]
    assert funded and all(float(e["attrs"]["amount"]) > 0 for e in funded)


@pytest.mark.gephi
@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_gephi_imports_the_export_with_labels_colours_sizes_and_communities(fmt, exports, gephi, sample_graph_json):
    check_in_gephi(gephi.load(exports[fmt]), read_graph(sample_graph_json))


@pytest.mark.gephi
def test_the_gephi_check_sees_what_gephi_rejects(gephi, sample_graph_json, tmp_path):
    """networkx's own GraphML of the graph (what `export` wrote before): graph-level keys Gephi calls severe,
    and no labels (Gephi shows ids)."""
    G = read_graph(sample_graph_json)
    H = nx.MultiDiGraph()
    H.graph.update(documents="[...]", failures="[]")
    for node, attrs in G.nodes(data=True):
        H.add_node(node, name=attrs["name"], type=attrs["type"])
    for u, v, key in G.edges(keys=True):
        H.add_edge(u, v, key=key, relation=key)
    path = tmp_path / "plain.graphml"
    nx.write_graphml(H, path)
    view = gephi.load(path)
    assert view.severe(), view.issues
    assert view.nodes["firm:nio"]["label"] != "NIO"


def test_igraph_reads_the_graphml_with_typed_attributes(exports, sample_graph_json):
    import igraph

    G = read_graph(sample_graph_json)
    g = igraph.Graph.Read_GraphML(str(exports["graphml"]))
    assert g.is_directed() and g.vcount() == G.number_of_nodes() and g.ecount() == G.number_of_edges()
    by_id = {v["id"]: v for v in g.vs}
    for node, attrs in G.nodes(data=True):
        vertex = by_id[node]
        assert vertex["label"] == attrs["name"] and vertex["type"] == attrs["type"]
        assert vertex["color"] == SCHEMA.entity(attrs["type"]).color
        assert isinstance(vertex["size"], float) and 10 <= vertex["size"] <= 50
        assert isinstance(vertex["community"], (int, float))
    amounts = [e["amount"] for e in g.es if e["amount"] == e["amount"]]  # NaN where an edge has none
    assert amounts and all(isinstance(a, float) for a in amounts)
    years = {e["year"] for e in g.es if e["year"] == e["year"]}
    assert years and all(float(y).is_integer() and 1990 < y < 2100 for y in years)
    assert not INTERNAL & set(g.vs.attributes() + g.es.attributes() + g.attributes())
