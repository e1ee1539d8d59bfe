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


def add_centrality(G: nx.MultiDiGraph) -> None:
    """Set node attributes ``degree``, ``in_degree``, ``out_degree``, ``pagerank`` (floats) on ``G`` in place.

    Degrees are networkx degree centralities over distinct neighbours (parallel edges of different
    types count once); PageRank runs on the whole collapsed graph, parallel edges adding weight.

    >>> G = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> add_centrality(G)
    >>> round(G.nodes["b"]["in_degree"], 2), G.nodes["b"]["pagerank"] > G.nodes["a"]["pagerank"]
    (1.0, True)
    """
    D = collapse(G)
    scores = degree_centralities(D)
    scores["pagerank"] = pagerank(D)
    for name, values in scores.items():
        for node in G:
            G.nodes[node][name] = round(float(values.get(node, 0.0)), ROUND_DIGITS)
