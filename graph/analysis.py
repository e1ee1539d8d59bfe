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

from whofunds.graph import control
from whofunds.graph.arrays import edge_arrays
from whofunds.graph.matrix import (  # noqa: F401 - re-exported: the matrix route is part of this API
    adjacency_matrix,
    check_relation_types as _check_relation_types,
    pagerank_array,
    pagerank_fast,
    pagerank_matrix,
    pagerank_transition,
    transition_matrix,
)
from whofunds.graph.schema import SCHEMA

# Exact betweenness is O(n·m); above this many nodes we sample ``k`` sources (with a fixed seed).
EXACT_BETWEENNESS_MAX_NODES = 2000
DEFAULT_BETWEENNESS_SAMPLES = 500
MIN_BETWEENNESS_SAMPLES = 50
BETWEENNESS_WORK = 50_000_000  # sources x edges: about a minute of networkx on one core
DEFAULT_SEED = 42
# Centralities written into graph.json are rounded so that builds stay byte-identical
# across platforms whose floating point sums differ in the last bits.
ROUND_DIGITS = 10


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
        "pagerank": pagerank_array(G),
    }
    for name, values in columns.items():
        for node, value in zip(nodes, values.tolist()):
            G.nodes[node][name] = round(float(value), ROUND_DIGITS)


def betweenness_samples(G: nx.Graph, k: int | None = None, exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES):
    """How many sources betweenness uses: ``None`` for exact, else the sample size.

    Exact up to ``exact_max_nodes`` nodes; above, :data:`DEFAULT_BETWEENNESS_SAMPLES` sources, fewer
    on very large graphs so that the work (sources x edges) stays near :data:`BETWEENNESS_WORK`
    (each sampled source costs one breadth-first search over every edge, in Python).

    >>> betweenness_samples(nx.path_graph(10)), betweenness_samples(nx.path_graph(10), k=3)
    (None, 3)
    """
    n = G.number_of_nodes()
    if k is None:
        if n <= exact_max_nodes:
            return None
        k = max(MIN_BETWEENNESS_SAMPLES, min(DEFAULT_BETWEENNESS_SAMPLES, BETWEENNESS_WORK // max(1, G.number_of_edges())))
    return None if k >= n else k


def betweenness(
    D: nx.DiGraph,
    k: int | None = None,
    seed: int = DEFAULT_SEED,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
) -> tuple[dict, bool]:
    """Betweenness over hops (unweighted: ``weight`` counts ties, it is not a distance), and whether it is approximate.

    Exact on small graphs; otherwise ``k`` sampled sources (:func:`betweenness_samples`) drawn
    with ``seed``, so the same graph always gives the same estimate. ``D`` may be the multigraph
    itself: breadth-first search visits each neighbour once, so parallel edges change nothing.

    >>> scores, approximate = betweenness(nx.DiGraph([("a", "b"), ("b", "c")]))
    >>> scores["b"], approximate
    (0.5, False)
    """
    k = betweenness_samples(D, k, exact_max_nodes)
    if k is None:
        return nx.betweenness_centrality(D, normalized=True), False
    return nx.betweenness_centrality(D, k=k, normalized=True, seed=seed), True


def eigenvector_matrix(A, max_iter: int = 1000, tol: float = 1.0e-6):
    """networkx's eigenvector centrality (power iteration on A^T + I, L2-normalised) on a sparse matrix.

    Same iteration and stopping rule as ``nx.eigenvector_centrality`` (sum of changes < n * tol),
    one sparse product per step instead of a Python loop over edges. Raises
    ``nx.PowerIterationFailedConvergence`` like networkx.

    >>> import scipy.sparse as sparse
    >>> [round(float(v), 3) for v in eigenvector_matrix(sparse.csr_array([[0.0, 1.0], [1.0, 0.0]]))]
    [0.707, 0.707]
    """
    import numpy as np

    n = A.shape[0]
    if n == 0:
        return np.zeros(0)
    A_T = A.T.tocsr()
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + A_T @ last
        norm = np.sqrt((x * x).sum()) or 1.0
        x = x / norm
        if np.abs(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def eigenvector(D: nx.DiGraph, max_iter: int = 1000, tol: float = 1e-6) -> tuple[dict, str]:
    """Eigenvector centrality (over in-edges, weighted), or NaN for every node and a note when it does not converge.

    >>> scores, note = eigenvector(nx.DiGraph([("a", "b"), ("b", "a")]))
    >>> round(scores["a"], 3), note
    (0.707, '')
    """
    if len(D) == 0:
        return {}, ""
    A = nx.to_scipy_sparse_array(D, weight="weight", dtype=float)
    values, note = _eigenvector_or_nan(A, max_iter, tol)
    return dict(zip(D, map(float, values))), note


def _eigenvector_or_nan(A, max_iter: int = 1000, tol: float = 1e-6):
    import numpy as np

    try:
        return eigenvector_matrix(A, max_iter=max_iter, tol=tol), ""
    except nx.PowerIterationFailedConvergence:
        return (np.full(A.shape[0], math.nan),
                f"eigenvector centrality did not converge in {max_iter} iterations (usual when money "
                "flows one way, with no cycles); reported as NaN")


def funding_matrix(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None):
    """The funding view of the control model as a sparse matrix, funder -> funded, and its node list.

    Entry ``[i, j]`` counts the funding edges ``i -> j`` (:func:`whofunds.graph.control.is_funding`:
    INVESTS_IN, CONTROLS, FOUNDED with capital, ending at something that takes capital). Built from
    the cached edge arrays (numpy masks), so it scales like :func:`adjacency_matrix`.

    >>> G = nx.MultiDiGraph()
    >>> for n, t in [("li", "Person"), ("gov", "GovernmentBody"), ("x", "Firm")]: G.add_node(n, type=t)
    >>> _ = G.add_edge("li", "x", key="FOUNDED", type="FOUNDED"); _ = G.add_edge("gov", "x", key="FOUNDED", type="FOUNDED")
    >>> A, nodes = funding_matrix(G); nodes, A.toarray().tolist()
    (['li', 'gov', 'x'], [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    """
    import numpy as np
    import scipy.sparse as sparse

    relations = control.MODEL.relations(relation_types)
    arrays = edge_arrays(G)
    nodes = arrays.nodes
    n = len(nodes)
    codes: dict[str, int] = {}
    node_types = np.fromiter((codes.setdefault(str(G.nodes[v].get("type")), len(codes)) for v in nodes),
                             dtype=np.int64, count=n)

    def of(types) -> list[int]:
        return [codes[t] for t in types if t in codes]

    keep = arrays.mask(set(relations))
    keep = keep & (arrays.sources != arrays.targets) & np.isin(node_types[arrays.targets], of(control.MODEL.funded))
    for rel, founders in control.MODEL.capital_from.items():
        if rel not in relations or rel not in arrays.type_names:
            continue
        code = arrays.type_names.index(rel)
        doubtful = np.flatnonzero(keep & (arrays.types == code) & ~np.isin(node_types[arrays.sources], of(founders)))
        for i in doubtful:  # a founder that does not bring capital by type: only with a stated amount
            u, v = nodes[arrays.sources[i]], nodes[arrays.targets[i]]
            keep[i] = any(a.get("type") == rel and control.is_funding(G, u, v, a, relations) for a in G[u][v].values())
    A = sparse.csr_array((np.ones(int(keep.sum())), (arrays.sources[keep], arrays.targets[keep])), shape=(n, n))
    A.sum_duplicates()
    return A, nodes


def money_reach(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None, alpha: float = 0.85) -> dict:
    """PageRank on the reversed funding view: who matters for the money, as a funder.

    Rank flows from what is funded to its funders, so a funder scores high when it funds (controls,
    founds with capital) much, and what it funds funds much in turn. A place and the government
    bodies that act for it are one actor: PageRank runs on the graph with each such group merged
    into one node, and every member gets the group's score. Whoever funds nothing gets the baseline.

    >>> G = nx.MultiDiGraph()
    >>> for n, t in [("fund", "Fund"), ("a", "Firm"), ("b", "Firm"), ("anhui", "Province")]: G.add_node(n, type=t)
    >>> for v in ("a", "b"): _ = G.add_edge("fund", v, key="INVESTS_IN", type="INVESTS_IN")
    >>> _ = G.add_edge("a", "anhui", key="LOCATED_IN", type="LOCATED_IN")
    >>> r = money_reach(G); max(r, key=r.get), r["anhui"] == min(r.values())
    ('fund', True)
    """
    import numpy as np
    import scipy.sparse as sparse

    A, nodes = funding_matrix(G, relation_types)
    if not nodes:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    actor = np.arange(len(nodes))
    for place, bodies in control.bodies_of(G).items():
        actor[[index[b] for b in bodies]] = index[place]
    groups, group_of = np.unique(actor, return_inverse=True)
    coo = A.tocoo()
    rows, cols = group_of[coo.col], group_of[coo.row]  # reversed: funded -> funder
    keep = rows != cols
    M = sparse.csr_array((coo.data[keep], (rows[keep], cols[keep])), shape=(len(groups), len(groups)))
    M.sum_duplicates()
    scores = pagerank_matrix(M, alpha=alpha)
    return dict(zip(nodes, scores[group_of].tolist()))


CENTRALITY_COLUMNS = (
    "in_degree", "out_degree", "degree", "in_links", "out_links",
    "money_reach", "pagerank", "pagerank_money", "betweenness", "eigenvector",
)


def centrality_frame(
    G: nx.MultiDiGraph,
    entity_types: Iterable[str] | None = None,
    relation_types: Iterable[str] | None = None,
    betweenness_k: int | None = None,
    seed: int = DEFAULT_SEED,
    with_eigenvector: bool = True,
    with_betweenness: bool = True,
) -> pd.DataFrame:
    """A table of centralities, one row per node, indexed by node id and sorted by PageRank.

    Columns: ``name``, ``type``, the degree centralities, ``in_links`` / ``out_links`` (distinct
    neighbours, as counts), ``pagerank`` (whole graph), ``pagerank_money`` (only relation types with
    ``money: true`` in the schema), ``betweenness`` with ``betweenness_approx`` (True when sampled),
    and ``eigenvector`` (NaN when it does not converge).

    ``money_reach`` is :func:`money_reach` (PageRank on the reversed funding view of the control
    model: who matters as a funder), on ``relation_types``' funding relations when given.

    ``relation_types`` restricts the graph the scores are computed on; ``entity_types`` only
    filters the rows shown, so a firm's PageRank still reflects the whole network around it.
    Notes (sampling, non-convergence) are in ``frame.attrs["notes"]``. Betweenness is the slow
    one (Python breadth-first searches); ``with_betweenness=False`` leaves it NaN.

    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from([("f", {"name": "Fund", "type": "Fund"}), ("x", {"name": "X", "type": "Firm"})])
    >>> _ = G.add_edge("f", "x", key="INVESTS_IN", type="INVESTS_IN")
    >>> int(centrality_frame(G, entity_types=["Firm"]).loc["x", "in_links"])
    1
    """
    import numpy as np

    if entity_types is not None:
        entity_types = set(entity_types)
        for name in entity_types:
            SCHEMA.entity(name)
    A, nodes = adjacency_matrix(G, relation_types)
    n = len(nodes)
    notes: list[str] = []
    in_links = np.bincount(A.indices, minlength=n)
    out_links = np.diff(A.indptr)
    scale = 1.0 / (n - 1) if n > 1 else 0.0
    columns = {
        "in_degree": in_links * scale, "out_degree": out_links * scale, "degree": (in_links + out_links) * scale,
        "in_links": in_links, "out_links": out_links,
        "pagerank": pagerank_array(G, relation_types) if n else np.zeros(0),
    }
    money = set(SCHEMA.money_relations)
    if relation_types is not None:
        money &= set(relation_types)
    columns["pagerank_money"] = (pagerank_array(G, money) if money and n
                                 else np.full(n, math.nan))
    funding = [r for r in control.MODEL.funding if relation_types is None or r in set(relation_types)]
    reach = money_reach(G, funding) if funding and n else {}
    columns["money_reach"] = np.asarray([reach.get(v, math.nan) for v in nodes], dtype=float)
    approximate = False
    if with_betweenness:
        # Breadth-first search sees each neighbour once, so the multigraph itself gives the collapsed
        # graph's betweenness; only a relation filter needs the collapsed copy.
        B = G if relation_types is None else collapse(G, relation_types)
        k = betweenness_samples(B, betweenness_k)
        between, approximate = betweenness(B, k=betweenness_k, seed=seed)
        columns["betweenness"] = np.array([between.get(node, 0.0) for node in nodes])
        if approximate:
            notes.append(f"betweenness is approximate: {k} sampled sources, seed {seed}")
    else:
        columns["betweenness"] = np.full(n, math.nan)
        notes.append("betweenness not computed")
    if with_eigenvector:
        columns["eigenvector"], note = _eigenvector_or_nan(A)
        if note:
            notes.append(note)
    else:
        columns["eigenvector"] = np.full(n, math.nan)
        notes.append("eigenvector centrality not computed")
    frame = pd.DataFrame({"id": nodes,
                          "name": [G.nodes[v].get("name", str(v)) for v in nodes],
                          "type": [G.nodes[v].get("type") for v in nodes],
                          **{col: columns[col] for col in CENTRALITY_COLUMNS},
                          "betweenness_approx": approximate}).set_index("id")
    if entity_types is not None:
        frame = frame[frame["type"].isin(entity_types)]
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
