"""Communities and brokers on graphs whose clusters and participation are worked out by hand."""
import networkx as nx
import pytest

from whofunds.graph.communities import (
    brokers_frame, communities, communities_frame, membership, participation_coefficient, undirected_ties,
)


def two_triangles_and_a_bridge():
    """Triangles a1-a2-a3 and b1-b2-b3 (tight clusters) joined only through x: a1 -> x -> b1."""
    G = nx.MultiDiGraph()
    edges = [("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b1"),
             ("a1", "x"), ("x", "b1")]
    for u, v in edges:
        for n in (u, v):
            G.add_node(n, name=n.upper(), type="Firm" if n != "x" else "Fund")
        G.add_edge(u, v, key="SUPPLIES", type="SUPPLIES")
    return G


def test_louvain_finds_the_two_triangles_and_is_repeatable():
    G = two_triangles_and_a_bridge()
    parts = communities(G)
    assert len(parts) == 2
    tri_a, tri_b = {"a1", "a2", "a3"}, {"b1", "b2", "b3"}
    assert any(tri_a <= p for p in parts) and any(tri_b <= p for p in parts)
    assert all(not (tri_a <= p and tri_b <= p) for p in parts)
    assert communities(G) == parts  # fixed seed
    table = communities_frame(G, parts)
    assert list(table["size"]) == [4, 3]


def test_bridge_is_the_top_broker_with_hand_computed_scores():
    G = two_triangles_and_a_bridge()
    brokers = brokers_frame(G)
    assert brokers.index[0] == "x"
    row = brokers.loc["x"]
    # x has one tie into each triangle: P = 1 - (1/2)^2 - (1/2)^2
    assert row["participation"] == pytest.approx(0.5)
    assert row["communities_reached"] == 2
    # directed shortest paths through x: from a1, a2, a3 to b1, b2, b3 = 9 of (7-1)(7-2) = 30 pairs
    assert row["betweenness"] == pytest.approx(9 / 30)
    assert not row["betweenness_approx"]
    # a2 and b2 keep all their ties at home: not brokers
    assert "a2" not in brokers.index and "b2" not in brokers.index


def test_participation_and_ties_helpers():
    U = nx.Graph()
    U.add_edge("x", "a", weight=3)
    U.add_edge("x", "b", weight=1)
    U.add_node("lonely")
    p = participation_coefficient(U, {"x": 0, "a": 0, "b": 1, "lonely": 2})
    assert p["x"] == pytest.approx(1 - (3 / 4) ** 2 - (1 / 4) ** 2)
    assert p["lonely"] == 0.0 and p["a"] == 0.0
    G = nx.MultiDiGraph([("a", "b", "INVESTS_IN"), ("a", "b", "CONTROLS"), ("b", "a", "SUPPLIES")])
    assert undirected_ties(G)["a"]["b"]["weight"] == 3
    assert membership([{"a"}, {"b", "c"}]) == {"a": 0, "b": 1, "c": 1}


def test_graph_without_edges_gives_singletons():
    G = nx.MultiDiGraph()
    G.add_nodes_from(["a", "b"])
    assert communities(G) == [{"a"}, {"b"}]
    assert brokers_frame(G).empty
