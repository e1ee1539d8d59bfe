"""The cached edge arrays and matrices: equal to what the dicts say, and never stale after a change."""
import json
import random

import networkx as nx
import numpy as np
import pytest

from whofunds.graph import arrays
from whofunds.graph.analysis import add_centrality, collapse, pagerank
from whofunds.graph.io import read_graph, write_graph
from whofunds.graph.matrix import adjacency_matrix, pagerank_array, pagerank_fast

TYPES = ["INVESTS_IN", "CONTROLS", "SUPPLIES", "LOCATED_IN"]


def random_multigraph(seed: int, nodes: int = 40, edges: int = 160) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph(name="t")
    names = [f"firm:{rng.randrange(10**6)}-{i}" for i in range(nodes)]
    rng.shuffle(names)  # insertion order unrelated to sorted order, so graph.json reorders
    for name in names:
        G.add_node(name, name=name, type="Firm", aliases=[])
    for _ in range(edges):
        u, v = rng.choice(names), rng.choice(names)  # self-loops and parallel edges included
        rtype = rng.choice(TYPES)
        if not G.has_edge(u, v, rtype):
            G.add_edge(u, v, key=rtype, type=rtype, evidence=[{"doc_id": "d", "sentence": "s"}])
    return G


def dict_matrix(G, relation_types=None):
    """The reference: networkx's own conversion of the collapsed graph."""
    D = collapse(G, relation_types)
    return nx.to_scipy_sparse_array(D, nodelist=list(G), weight="weight").toarray()


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("relation_types", [None, {"INVESTS_IN", "CONTROLS"}, {"SUPPLIES"}])
def test_adjacency_matrix_equals_networkx_conversion(seed, relation_types):
    G = random_multigraph(seed)
    A, nodes = adjacency_matrix(G, relation_types)
    assert nodes == list(G)
    assert np.array_equal(A.toarray(), dict_matrix(G, relation_types))
    assert A.has_sorted_indices and np.all(np.diff(A.indptr) >= 0)


@pytest.mark.parametrize("seed", range(3))
def test_read_graph_fills_the_cache_with_the_same_arrays_as_the_dicts(tmp_path, seed):
    G = random_multigraph(seed)
    write_graph(G, tmp_path / "graph.json")
    H = read_graph(tmp_path / "graph.json")
    warm = H.__networkx_cache__[arrays.EDGE_ARRAYS_KEY]
    walked = arrays._from_graph(H)
    assert warm.nodes == walked.nodes
    as_set = lambda a: sorted(zip(a.sources.tolist(), a.targets.tolist(), [a.type_names[t] for t in a.types]))
    assert as_set(warm) == as_set(walked)
    assert np.array_equal(adjacency_matrix(H)[0].toarray(), dict_matrix(H))


def test_links_that_merge_into_one_edge_leave_the_cache_empty(tmp_path):
    G = nx.MultiDiGraph([("a", "b", "INVESTS_IN")])
    data = {"directed": True, "multigraph": True, "graph": {}, "nodes": [{"id": "a"}, {"id": "b"}],
            "links": [{"source": "a", "target": "b", "key": "INVESTS_IN", "type": "INVESTS_IN"},
                      {"source": "a", "target": "b", "key": "INVESTS_IN", "type": "INVESTS_IN"}]}
    (tmp_path / "g.json").write_text(json.dumps(data))
    H = read_graph(tmp_path / "g.json")
    assert H.number_of_edges() == 1
    assert arrays.EDGE_ARRAYS_KEY not in H.__networkx_cache__
    assert adjacency_matrix(H)[0].toarray().tolist() == [[0.0, 1.0], [0.0, 0.0]]
    assert G.number_of_edges() == 1


@pytest.mark.parametrize("change", ["add_edge", "remove_edge", "add_node", "remove_node", "clear_edges"])
def test_structural_changes_are_never_served_stale(change):
    G = random_multigraph(7)
    before = pagerank_fast(G)
    assert arrays.EDGE_ARRAYS_KEY in G.__networkx_cache__
    u, v, k = next(iter(G.edges(keys=True)))
    if change == "add_edge":
        G.add_edge(v, u, key="CONTROLS", type="CONTROLS")
    elif change == "remove_edge":
        G.remove_edge(u, v, k)
    elif change == "add_node":
        G.add_node("firm:new", type="Firm")
    elif change == "remove_node":
        G.remove_node(u)
    else:
        G.clear_edges()
    after = pagerank_fast(G)
    expected = pagerank(collapse(G), weight="weight")
    assert set(after) == set(expected)
    assert max(abs(after[n] - expected[n]) for n in expected) < 1e-5
    assert after != before


def test_node_attributes_set_by_add_centrality_keep_the_cache():
    G = random_multigraph(3)
    A = adjacency_matrix(G)[0]
    add_centrality(G)  # writes node attributes only: the structure, and so the matrix, is unchanged
    assert adjacency_matrix(G)[0] is A


def test_caching_off_still_gives_the_same_answer():
    G = random_multigraph(4)
    expected = pagerank_array(G).copy()
    nx.config.cache_converted_graphs = False
    try:
        H = random_multigraph(4)
        assert np.allclose(pagerank_array(H), expected)
        assert arrays.EDGE_ARRAYS_KEY not in H.__networkx_cache__
    finally:
        nx.config.cache_converted_graphs = True


def test_unknown_relation_type_is_refused():
    with pytest.raises(KeyError):
        adjacency_matrix(random_multigraph(1), {"FUNDS"})
