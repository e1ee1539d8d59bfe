"""Centralities on small graphs whose values are worked out by hand here."""
import math

import networkx as nx
import pytest

from whofunds.graph.analysis import (
    DEFAULT_BETWEENNESS_SAMPLES, add_centrality, betweenness, centrality_frame, collapse, eigenvector, pagerank, rank,
)


def multi(edges, types=None):
    """MultiDiGraph from (u, v, relation) triples, nodes typed by ``types`` (default Firm)."""
    G = nx.MultiDiGraph()
    for u, v, rel in edges:
        for n in (u, v):
            G.add_node(n, name=n.upper(), type=(types or {}).get(n, "Firm"))
        G.add_edge(u, v, key=rel, type=rel)
    return G


def test_degree_centralities_on_a_chain():
    G = multi([("a", "b", "SUPPLIES"), ("b", "c", "SUPPLIES"), ("c", "d", "SUPPLIES")])
    add_centrality(G)
    # n - 1 = 3 other nodes: b has one in-neighbour and one out-neighbour.
    assert G.nodes["b"]["in_degree"] == pytest.approx(1 / 3)
    assert G.nodes["b"]["out_degree"] == pytest.approx(1 / 3)
    assert G.nodes["b"]["degree"] == pytest.approx(2 / 3)
    assert G.nodes["a"]["in_degree"] == 0.0
    assert G.nodes["d"]["out_degree"] == 0.0
    for node in G:
        assert set(G.nodes[node]) >= {"degree", "in_degree", "out_degree", "pagerank"}
        assert all(isinstance(G.nodes[node][k], float) for k in ("degree", "in_degree", "out_degree", "pagerank"))


def test_pagerank_two_nodes_by_hand():
    # a -> b, alpha 0.85; b is dangling and spreads its rank evenly.
    # x_a = 0.15/2 + 0.85 * x_b/2 and x_a + x_b = 1  =>  x_a = 0.5 / 1.425
    G = multi([("a", "b", "INVESTS_IN")])
    add_centrality(G)
    assert G.nodes["a"]["pagerank"] == pytest.approx(0.5 / 1.425, abs=1e-6)
    assert G.nodes["b"]["pagerank"] == pytest.approx(1 - 0.5 / 1.425, abs=1e-6)


def test_parallel_edges_collapse_to_one_weighted_tie():
    G = multi([("a", "b", "INVESTS_IN"), ("a", "b", "CONTROLS"), ("c", "b", "INVESTS_IN")])
    D = collapse(G)
    assert D.number_of_edges() == 2
    assert D["a"]["b"] == {"weight": 2, "types": ["CONTROLS", "INVESTS_IN"]}
    frame = centrality_frame(G)
    assert frame.loc["b", "in_links"] == 2  # two funders, not three edges
    assert frame.loc["b", "in_degree"] == pytest.approx(1.0)
    # PageRank sees a's double tie: with weights 2 and 1 the graph is still symmetric for b,
    # but a and c are dangling-free sources, so they tie.
    assert frame.loc["a", "pagerank"] == pytest.approx(frame.loc["c", "pagerank"])


def test_cycle_pagerank_and_eigenvector_are_uniform():
    G = multi([("a", "b", "CONTROLS"), ("b", "c", "CONTROLS"), ("c", "a", "CONTROLS")])
    frame = centrality_frame(G)
    for n in "abc":
        assert frame.loc[n, "pagerank"] == pytest.approx(1 / 3)
        assert frame.loc[n, "eigenvector"] == pytest.approx(1 / math.sqrt(3), abs=1e-4)
    assert frame.attrs["notes"] == []


def test_eigenvector_that_does_not_converge_is_nan_with_a_note():
    # Money flowing one way (no cycle): every eigenvalue is zero, and with sinks at different depths
    # networkx's power iteration keeps drifting between them instead of converging.
    G = multi([("g", "f", "CONTROLS"), ("f", "n", "INVESTS_IN"), ("f", "b", "INVESTS_IN"), ("n", "c", "INVESTS_IN")])
    scores, note = eigenvector(collapse(G))
    assert all(math.isnan(v) for v in scores.values())
    assert "did not converge" in note
    frame = centrality_frame(G)
    assert frame["eigenvector"].isna().all()
    assert any("eigenvector" in n for n in frame.attrs["notes"])


def test_betweenness_exact_by_hand_and_sampled_is_flagged():
    G = multi([("a", "b", "SUPPLIES"), ("b", "c", "SUPPLIES"), ("c", "d", "SUPPLIES")])
    exact, approximate = betweenness(collapse(G))
    # (n-1)(n-2) = 6 ordered pairs; b is on a->c and a->d, c on a->d and b->d.
    assert not approximate
    assert exact == pytest.approx({"a": 0.0, "b": 2 / 6, "c": 2 / 6, "d": 0.0})
    sampled, approximate = betweenness(collapse(G), k=2, seed=7)
    again, _ = betweenness(collapse(G), k=2, seed=7)
    assert approximate and sampled == again
    frame = centrality_frame(G, betweenness_k=2)
    assert frame["betweenness_approx"].all()
    assert any("approximate" in n for n in frame.attrs["notes"])
    # above the exact limit, sampling (DEFAULT_BETWEENNESS_SAMPLES sources) switches on by itself
    big = nx.DiGraph(nx.path_graph(DEFAULT_BETWEENNESS_SAMPLES + 50))
    _, approximate = betweenness(big, exact_max_nodes=10)
    assert approximate


def test_money_pagerank_ignores_other_relations():
    types = {"fund": "Fund", "city": "City"}
    G = multi([("fund", "x", "INVESTS_IN"), ("x", "city", "LOCATED_IN"), ("y", "x", "SUPPLIES")], types)
    frame = centrality_frame(G)
    only_money = pagerank(collapse(G, ["INVESTS_IN", "CONTROLS"]))
    for n in G:
        assert frame.loc[n, "pagerank_money"] == pytest.approx(only_money[n])
    # On the money subgraph the city and y are isolated: they get the teleport share only.
    assert frame.loc["city", "pagerank_money"] == pytest.approx(frame.loc["y", "pagerank_money"])
    assert frame.loc["city", "pagerank"] > frame.loc["y", "pagerank"]


def test_filters_by_entity_and_relation_type():
    types = {"fund": "Fund", "city": "City"}
    G = multi([("fund", "x", "INVESTS_IN"), ("x", "city", "LOCATED_IN"), ("y", "x", "SUPPLIES")], types)
    firms = centrality_frame(G, entity_types=["Firm"])
    assert set(firms.index) == {"x", "y"}
    supplies = centrality_frame(G, relation_types=["SUPPLIES"])
    assert supplies.loc["x", "in_links"] == 1 and supplies.loc["x", "out_links"] == 0
    with pytest.raises(KeyError, match="unknown relation type"):
        centrality_frame(G, relation_types=["FUNDS"])
    with pytest.raises(KeyError, match="unknown entity type"):
        centrality_frame(G, entity_types=["Company"])


def test_rank_orders_and_rejects_unknown_columns():
    G = multi([("a", "c", "INVESTS_IN"), ("b", "c", "INVESTS_IN"), ("d", "a", "INVESTS_IN")])
    top = rank(centrality_frame(G), by="in_links", top=2)
    assert list(top.index) == ["c", "a"]
    with pytest.raises(KeyError, match="cannot rank by 'size'"):
        rank(centrality_frame(G), by="size")


def test_empty_and_single_node_graphs():
    G = nx.MultiDiGraph()
    add_centrality(G)
    assert centrality_frame(G).empty
    G.add_node("a", name="A", type="Firm")
    add_centrality(G)
    assert G.nodes["a"]["degree"] == 0.0 and G.nodes["a"]["pagerank"] == 1.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_matrix_route_equals_networkx(seed):
    """The sparse-matrix route used at scale gives networkx's own numbers on random multigraphs."""
    import random

    from whofunds.graph.analysis import adjacency_matrix, pagerank_fast

    rnd = random.Random(seed)
    rels = ["INVESTS_IN", "CONTROLS", "SUPPLIES", "LOCATED_IN"]
    G = nx.MultiDiGraph()
    G.add_nodes_from(range(60))  # some stay isolated, many are dangling
    for _ in range(150):
        rel = rnd.choice(rels)
        G.add_edge(rnd.randrange(60), rnd.randrange(60), key=rel, type=rel)
    for relation_types in (None, ["INVESTS_IN", "CONTROLS"]):
        D = collapse(G, relation_types)
        expected = nx.pagerank(D, weight="weight", tol=1e-12, max_iter=1000)
        got = pagerank_fast(G, relation_types)
        assert got == pytest.approx(expected, abs=1e-5)
        A, nodes = adjacency_matrix(G, relation_types)
        assert (A.toarray() == nx.to_numpy_array(D, nodelist=nodes, weight="weight")).all()
    add_centrality(G)
    D = collapse(G)
    for name, expected in [("degree", nx.degree_centrality(D)), ("in_degree", nx.in_degree_centrality(D)),
                           ("out_degree", nx.out_degree_centrality(D))]:
        assert {n: G.nodes[n][name] for n in G} == pytest.approx(expected)


def test_matrix_eigenvector_equals_networkx_and_betweenness_ignores_parallel_edges():
    from whofunds.graph.analysis import adjacency_matrix, eigenvector_matrix

    G = nx.MultiDiGraph()
    ring = list(range(12))
    for u, v in zip(ring, ring[1:] + ring[:1]):  # a directed ring keeps every node reachable
        G.add_edge(u, v, key="INVESTS_IN", type="INVESTS_IN")
    for u, v, rel in [(0, 5, "CONTROLS"), (0, 5, "INVESTS_IN"), (3, 9, "SUPPLIES"), (7, 2, "CONTROLS")]:
        G.add_edge(u, v, key=rel, type=rel)
    D = collapse(G)
    A, nodes = adjacency_matrix(G)
    expected = nx.eigenvector_centrality(D, weight="weight", max_iter=1000)
    got = dict(zip(nodes, eigenvector_matrix(A)))
    assert got == pytest.approx(expected, abs=1e-6)
    assert betweenness(G)[0] == pytest.approx(betweenness(D)[0])


def test_sample_size_shrinks_on_large_graphs(monkeypatch):
    from whofunds.graph import analysis

    chain = nx.path_graph(3000, create_using=nx.DiGraph)
    assert analysis.betweenness_samples(chain) == analysis.DEFAULT_BETWEENNESS_SAMPLES
    monkeypatch.setattr(analysis, "BETWEENNESS_WORK", 300_000)  # as if the graph were 30 times larger
    assert analysis.betweenness_samples(chain) == 300_000 // 2999
    monkeypatch.setattr(analysis, "BETWEENNESS_WORK", 1)
    assert analysis.betweenness_samples(chain) == analysis.MIN_BETWEENNESS_SAMPLES
    assert analysis.betweenness_samples(nx.path_graph(10)) is None
