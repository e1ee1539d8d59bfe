"""Centrality: who are the hubs of a whofunds graph.

The built graph is a ``MultiDiGraph``: one edge per (source, target, relation type), so a pair of
nodes can be joined by several parallel edges (a city that both ``INVESTS_IN`` and ``CONTROLS`` a
fund). The algorithms here run on :func:`collapse`, a weighted ``DiGraph`` with one edge per pair,
because

* two relation types between the same pair are one tie, not two: counting parallel edges would let
  the number of relation types the extractor found inflate degree and eigenvector scores;
* ``nx.eigenvector_centrality`` does not accept multigraphs, and ``nx.pagerank`` collapses parallel
  edges anyway (summing their weights) when it builds its scipy matrix;
* a simple ``DiGraph`` is smaller and faster to walk on large graphs.

The collapsed edge keeps ``weight`` = the number of parallel edges (so PageRank still sees a pair
joined in two ways as a stronger tie) and ``types`` = the sorted relation types.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("city:hefei", name="Hefei", type="City")
>>> G.add_node("firm:nio", name="NIO", type="Firm")
>>> _ = G.add_edge("city:hefei", "firm:nio", key="INVESTS_IN", type="INVESTS_IN")
>>> add_centrality(G)
>>> G.nodes["firm:nio"]["in_degree"], G.nodes["city:hefei"]["out_degree"]
(1.0, 1.0)
"""
from __future__ import annotations

import math
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from whofunds.graph.schema import SCHEMA

# Exact betweenness is O(n·m); above this many nodes we sample ``k`` sources (with a fixed seed).
EXACT_BETWEENNESS_MAX_NODES = 2000
DEFAULT_BETWEENNESS_SAMPLES = 500
DEFAULT_SEED = 42
# Centralities written into graph.json are rounded so that builds stay byte-identical
# across platforms whose floating point sums differ in the last bits.
ROUND_DIGITS = 10


def _check_relation_types(relation_types: Iterable[str] | None) -> set[str] | None:
    if relation_types is None:
        return None
    wanted = set(relation_types)
    for name in wanted:
        SCHEMA.relation(name)  # raises KeyError naming the known types
    return wanted


def collapse(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None) -> nx.DiGraph:
    """One weighted edge per ordered pair: ``weight`` = parallel edges kept, ``types`` = their relation types.

    ``relation_types`` keeps only edges of those types (all nodes are kept, so scores stay comparable).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="INVESTS_IN", type="INVESTS_IN")
    >>> _ = G.add_edge("a", "b", key="CONTROLS", type="CONTROLS")
    >>> D = collapse(G); D["a"]["b"]["weight"], D["a"]["b"]["types"]
    (2, ['CONTROLS', 'INVESTS_IN'])
    >>> collapse(G, ["CONTROLS"])["a"]["b"]["weight"]
    1
    """
    wanted = _check_relation_types(relation_types)
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes(data=True))
    for u, v, key, attrs in G.edges(keys=True, data=True):
        rel = attrs.get("type", key)
        if wanted is not None and rel not in wanted:
            continue
        if u == v:
            continue  # self-loops say nothing about who funds whom and skew PageRank
        if D.has_edge(u, v):
            D[u][v]["weight"] += 1
            D[u][v]["types"].append(rel)
            D[u][v]["types"].sort()
        else:
            D.add_edge(u, v, weight=1, types=[rel])
    return D


def degree_centralities(D: nx.DiGraph) -> dict[str, dict]:
    """networkx degree centralities (distinct neighbours / (n - 1)) keyed ``degree``, ``in_degree``, ``out_degree``.

    >>> D = nx.DiGraph([("a", "b"), ("a", "c")])
    >>> degree_centralities(D)["out_degree"]["a"]
    1.0
    """
    if len(D) <= 1:
        zero = {n: 0.0 for n in D}
        return {"degree": zero, "in_degree": dict(zero), "out_degree": dict(zero)}
    return {
        "degree": nx.degree_centrality(D),
        "in_degree": nx.in_degree_centrality(D),
        "out_degree": nx.out_degree_centrality(D),
    }


def pagerank(D: nx.DiGraph, alpha: float = 0.85, weight: str | None = "weight") -> dict:
    """PageRank (networkx's scipy route); an empty graph gives an empty dict.

    Edges point from funder to funded, so rank flows to what is funded: high PageRank means
    "funded by many well-funded actors" (the money's destinations and chain hubs).

    >>> pr = pagerank(nx.DiGraph([("a", "c"), ("b", "c")]))
    >>> max(pr, key=pr.get)
    'c'
    """
    if len(D) == 0:
        return {}
    return nx.pagerank(D, alpha=alpha, weight=weight)


def adjacency_matrix(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None):
    """The collapsed graph as a scipy CSR matrix, built straight from ``G``, and its node list.

    Entry ``[i, j]`` is the number of parallel edges ``i -> j`` (of ``relation_types``, if given);
    self-loops are dropped. Same numbers as ``nx.to_scipy_sparse_array(collapse(G))`` without
    building the collapsed graph: on a million edges this is several times faster, and it is the
    matrix both PageRank and the degree counts need.

    >>> G = nx.MultiDiGraph([("a", "b", "INVESTS_IN"), ("a", "b", "CONTROLS"), ("b", "c", "SUPPLIES")])
    >>> A, nodes = adjacency_matrix(G)
    >>> nodes, A.toarray().tolist()
    (['a', 'b', 'c'], [[0.0, 2.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    """
    import numpy as np
    import scipy.sparse as sparse

    wanted = _check_relation_types(relation_types)
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    n = len(nodes)
    # G._adj is networkx's own adjacency dict (node -> neighbour -> key -> attributes); networkx's
    # algorithms read it directly too, because the public views add a wrapper object per access.
    adj = G._adj
    if wanted is None:
        # Whole rows at a time (map/extend run in C): a million edges take well under a second.
        counts = np.fromiter((len(nbrs) for nbrs in adj.values()), dtype=np.int64, count=n)
        cols_list: list[int] = []
        vals_list: list[int] = []
        for nbrs in adj.values():
            cols_list.extend(map(index.__getitem__, nbrs))
            if G.is_multigraph():
                vals_list.extend(map(len, nbrs.values()))
        rows = np.repeat(np.arange(n, dtype=np.int64), counts)
        cols = np.asarray(cols_list, dtype=np.int64)
        vals = np.asarray(vals_list, dtype=float) if G.is_multigraph() else np.ones(len(cols))
    else:
        row_list, col_list, val_list = [], [], []
        for u, nbrs in adj.items():
            i = index[u]
            for v, keydict in nbrs.items():
                items = keydict.items() if G.is_multigraph() else [(None, keydict)]
                w = sum(1 for k, d in items if d.get("type", k) in wanted)
                if w:
                    row_list.append(i)
                    col_list.append(index[v])
                    val_list.append(w)
        rows = np.asarray(row_list, dtype=np.int64)
        cols = np.asarray(col_list, dtype=np.int64)
        vals = np.asarray(val_list, dtype=float)
    keep = rows != cols  # self-loops say nothing about who funds whom
    A = sparse.csr_array((vals[keep], (rows[keep], cols[keep])), shape=(n, n))
    return A, nodes


def pagerank_matrix(A, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 200):
    """PageRank of a weighted adjacency matrix (numpy array, in row order).

    networkx's scipy power iteration (uniform teleport, dangling mass spread uniformly), with
    two changes that matter at scale. It stops when the scores change by less than ``tol`` in
    total (L1), where ``nx.pagerank`` stops at ``n * tol``: on 230,000 nodes that lets networkx
    stop with up to 0.23 of the total rank still moving, enough to reorder its top 20. And it
    transposes once and sums the dangling mass in numpy, not in a Python loop, every step.

    >>> import scipy.sparse as sparse
    >>> x = pagerank_matrix(sparse.csr_array([[0.0, 1.0], [0.0, 0.0]]))
    >>> round(float(x[0]), 6), round(float(x[1]), 6)
    (0.350877, 0.649123)
    """
    import numpy as np
    import scipy.sparse as sparse

    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    out_weight = np.asarray(A.sum(axis=1)).ravel()
    inv = np.zeros(n)
    nonzero = out_weight != 0
    inv[nonzero] = 1.0 / out_weight[nonzero]
    P_T = (sparse.diags_array(inv) @ A).T.tocsr()  # column-stochastic transpose: x_new = P_T @ x
    dangling = ~nonzero
    x = np.full(n, 1.0 / n)
    p = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = alpha * (P_T @ last + last[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - last).sum() < tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def pagerank_fast(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None, alpha: float = 0.85) -> dict:
    """PageRank of the collapsed graph, straight from ``G``: equal to ``pagerank(collapse(G, relation_types))``.

    >>> G = nx.MultiDiGraph([("a", "c", "INVESTS_IN"), ("b", "c", "INVESTS_IN")])
    >>> pr = pagerank_fast(G); max(pr, key=pr.get)
    'c'
    """
    A, nodes = adjacency_matrix(G, relation_types)
    return dict(zip(nodes, map(float, pagerank_matrix(A, alpha=alpha))))


def add_centrality(G: nx.MultiDiGraph) -> None:
    """Set node attributes ``degree``, ``in_degree``, ``out_degree``, ``pagerank`` (floats) on ``G`` in place.

    Degrees are networkx degree centralities over distinct neighbours (parallel edges of different
    types count once); PageRank runs on the whole collapsed graph, parallel edges adding weight.
    Both come from one sparse matrix (:func:`adjacency_matrix`), so this stays fast on large graphs.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> add_centrality(G)
    >>> round(G.nodes["b"]["in_degree"], 2), G.nodes["b"]["pagerank"] > G.nodes["a"]["pagerank"]
    (1.0, True)
    """
    import numpy as np

    A, nodes = adjacency_matrix(G)
    n = len(nodes)
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    out_links = np.diff(A.indptr)  # distinct out-neighbours per row
    in_links = np.bincount(A.indices, minlength=n)
    columns = {
        "in_degree": in_links * scale,
        "out_degree": out_links * scale,
        "degree": (in_links + out_links) * scale,
        "pagerank": pagerank_matrix(A),
    }
    for name, values in columns.items():
        for node, value in zip(nodes, values.tolist()):
            G.nodes[node][name] = round(float(value), ROUND_DIGITS)


def betweenness(
    D: nx.DiGraph,
    k: int | None = None,
    seed: int = DEFAULT_SEED,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
) -> tuple[dict, bool]:
    """Betweenness over hops (unweighted: ``weight`` counts ties, it is not a distance), and whether it is approximate.

    Exact when the graph has at most ``exact_max_nodes`` nodes and ``k`` is not given; otherwise
    ``k`` sampled sources (default :data:`DEFAULT_BETWEENNESS_SAMPLES`) drawn with ``seed``, so the
    same graph always gives the same estimate.

    >>> scores, approximate = betweenness(nx.DiGraph([("a", "b"), ("b", "c")]))
    >>> scores["b"], approximate
    (0.5, False)
    """
    n = len(D)
    if k is None and n <= exact_max_nodes:
        return nx.betweenness_centrality(D, normalized=True), False
    k = min(n, k if k is not None else DEFAULT_BETWEENNESS_SAMPLES)
    if k >= n:
        return nx.betweenness_centrality(D, normalized=True), False
    return nx.betweenness_centrality(D, k=k, normalized=True, seed=seed), True


def eigenvector(D: nx.DiGraph, max_iter: int = 1000, tol: float = 1e-6) -> tuple[dict, str]:
    """Eigenvector centrality (over in-edges, weighted), or NaN for every node and a note when it does not converge.

    >>> scores, note = eigenvector(nx.DiGraph([("a", "b"), ("b", "a")]))
    >>> round(scores["a"], 3), note
    (0.707, '')
    """
    if len(D) == 0:
        return {}, ""
    try:
        return nx.eigenvector_centrality(D, max_iter=max_iter, tol=tol, weight="weight"), ""
    except nx.PowerIterationFailedConvergence:
        return ({n: math.nan for n in D},
                f"eigenvector centrality did not converge in {max_iter} iterations (usual when money "
                "flows one way, with no cycles); reported as NaN")


CENTRALITY_COLUMNS = (
    "in_degree", "out_degree", "degree", "in_links", "out_links",
    "pagerank", "pagerank_money", "betweenness", "eigenvector",
)


def centrality_frame(
    G: nx.MultiDiGraph,
    entity_types: Iterable[str] | None = None,
    relation_types: Iterable[str] | None = None,
    betweenness_k: int | None = None,
    seed: int = DEFAULT_SEED,
    with_eigenvector: bool = True,
) -> pd.DataFrame:
    """A table of centralities, one row per node, indexed by node id and sorted by PageRank.

    Columns: ``name``, ``type``, the degree centralities, ``in_links`` / ``out_links`` (distinct
    neighbours, as counts), ``pagerank`` (whole graph), ``pagerank_money`` (only relation types with
    ``money: true`` in the schema), ``betweenness`` with ``betweenness_approx`` (True when sampled),
    and ``eigenvector`` (NaN when it does not converge).

    ``relation_types`` restricts the graph the scores are computed on; ``entity_types`` only
    filters the rows shown, so a firm's PageRank still reflects the whole network around it.
    Notes (sampling, non-convergence) are in ``frame.attrs["notes"]``.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("f", {"name": "Fund", "type": "Fund"}), ("x", {"name": "X", "type": "Firm"})])
    >>> _ = G.add_edge("f", "x", key="INVESTS_IN", type="INVESTS_IN")
    >>> int(centrality_frame(G, entity_types=["Firm"]).loc["x", "in_links"])
    1
    """
    if entity_types is not None:
        entity_types = set(entity_types)
        for name in entity_types:
            SCHEMA.entity(name)
    D = collapse(G, relation_types)
    notes: list[str] = []
    scores = degree_centralities(D)
    scores["in_links"] = dict(D.in_degree())
    scores["out_links"] = dict(D.out_degree())
    scores["pagerank"] = pagerank_fast(G, relation_types)
    money = set(SCHEMA.money_relations)
    if relation_types is not None:
        money &= set(relation_types)
    scores["pagerank_money"] = pagerank_fast(G, money) if money else {n: math.nan for n in D}
    scores["betweenness"], approximate = betweenness(D, k=betweenness_k, seed=seed)
    if approximate:
        k = betweenness_k or DEFAULT_BETWEENNESS_SAMPLES
        notes.append(f"betweenness is approximate: {k} sampled sources, seed {seed}")
    if with_eigenvector:
        scores["eigenvector"], note = eigenvector(D)
        if note:
            notes.append(note)
    else:
        scores["eigenvector"] = {n: math.nan for n in D}
        notes.append("eigenvector centrality not computed")
    rows = []
    for node, attrs in D.nodes(data=True):
        if entity_types is not None and attrs.get("type") not in entity_types:
            continue
        row = {"id": node, "name": attrs.get("name", str(node)), "type": attrs.get("type")}
        for col in CENTRALITY_COLUMNS:
            row[col] = scores[col].get(node, math.nan)
        row["betweenness_approx"] = approximate
        rows.append(row)
    columns = ["id", "name", "type", *CENTRALITY_COLUMNS, "betweenness_approx"]
    frame = pd.DataFrame(rows, columns=columns).set_index("id")
    frame = frame.sort_values(["pagerank", "name"], ascending=[False, True], kind="mergesort")
    frame.attrs["notes"] = notes
    return frame


def rank(frame: pd.DataFrame, by: str = "pagerank", top: int | None = 20) -> pd.DataFrame:
    """The ``top`` rows of a :func:`centrality_frame` by one column, highest first (ties by name).

    >>> df = pd.DataFrame({"name": ["a", "b"], "pagerank": [0.2, 0.8]})
    >>> list(rank(df, "pagerank", top=1)["name"])
    ['b']
    """
    if by not in frame.columns:
        known = ", ".join(c for c in frame.columns if c not in ("name", "type", "betweenness_approx"))
        raise KeyError(f"cannot rank by {by!r}; choose one of: {known}")
    ranked = frame.sort_values([by, "name"], ascending=[False, True], kind="mergesort", na_position="last")
    ranked.attrs = dict(frame.attrs)
    return ranked if top is None else ranked.head(top)
