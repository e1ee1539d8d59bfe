"""Clusters and the brokers between them.

Communities are found with networkx's Louvain method on the undirected, weighted version of
:func:`whofunds.graph.analysis.collapse` (a tie is a tie whichever way the money flows; the
weight counts the relation types joining a pair). The seed is fixed, so the same graph always
gives the same partition.

A broker is a node whose ties reach into several communities. We rank brokers by betweenness
(how many shortest paths run through them) and report Guimerà and Amaral's participation
coefficient ``P = 1 - sum_s (k_s / k)^2``, where ``k_s`` is the weight of the node's ties into
community ``s`` and ``k`` its total: 0 when all ties stay inside one community, approaching
1 when they are spread evenly over many.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for u, v in [("a1", "a2"), ("a2", "a3"), ("a3", "a1"), ("b1", "b2"), ("b2", "b3"), ("b3", "b1"),
...              ("a1", "x"), ("x", "b1")]:
...     _ = G.add_edge(u, v, key="SUPPLIES", type="SUPPLIES")
>>> brokers_frame(G).index[0]
'x'
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from whofunds.graph.analysis import DEFAULT_SEED, betweenness, collapse


def undirected_ties(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None) -> nx.Graph:
    """Undirected weighted graph: ``weight`` sums the collapsed edges both ways between a pair.

    >>> G = nx.MultiDiGraph([("a", "b", "X"), ("b", "a", "Y")])
    >>> undirected_ties(G)["a"]["b"]["weight"]
    2
    """
    D = collapse(G, relation_types)
    U = nx.Graph()
    U.add_nodes_from(D.nodes(data=True))
    for u, v, w in D.edges(data="weight"):
        if U.has_edge(u, v):
            U[u][v]["weight"] += w
        else:
            U.add_edge(u, v, weight=w)
    return U


def communities(
    G: nx.MultiDiGraph,
    relation_types: Iterable[str] | None = None,
    resolution: float = 1.0,
    seed: int = DEFAULT_SEED,
) -> list[set]:
    """Louvain communities, largest first (ties by smallest member id); isolated nodes are singletons.

    >>> G = nx.MultiDiGraph([("a", "b", "X"), ("c", "d", "X")])
    >>> [sorted(c) for c in communities(G)]
    [['a', 'b'], ['c', 'd']]
    """
    U = undirected_ties(G, relation_types)
    if U.number_of_edges() == 0:
        parts = [{n} for n in U]
    else:
        parts = nx.community.louvain_communities(U, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(p) for p in parts), key=lambda c: (-len(c), min(map(str, c))))


def membership(parts: list[set]) -> dict:
    """Node -> index of its community in ``parts``.

    >>> membership([{"a", "b"}, {"c"}])["c"]
    1
    """
    return {node: i for i, part in enumerate(parts) for node in part}


def participation_coefficient(U: nx.Graph, member_of: dict, weight: str = "weight") -> dict:
    """``1 - sum_s (k_s / k)^2`` for every node (0 for isolated nodes).

    >>> U = nx.Graph([("x", "a"), ("x", "b")])
    >>> participation_coefficient(U, {"x": 0, "a": 0, "b": 1})["x"]
    0.5
    """
    result = {}
    for node in U:
        per_community: dict[int, float] = {}
        for nbr, attrs in U[node].items():
            c = member_of[nbr]
            per_community[c] = per_community.get(c, 0.0) + attrs.get(weight, 1)
        total = sum(per_community.values())
        result[node] = 1.0 - sum((k / total) ** 2 for k in per_community.values()) if total else 0.0
    return result


def communities_frame(G: nx.MultiDiGraph, parts: list[set] | None = None) -> pd.DataFrame:
    """One row per community: size, counts by entity type, and every member, best-connected first.

    ``members`` and ``member_ids`` are full lists (names and ids, in the same order: by weighted
    ties, then name); a table that shows only the first few says how many more there are.

    >>> G = nx.MultiDiGraph([("a", "b", "X"), ("b", "c", "X")])
    >>> row = communities_frame(G).loc[0]
    >>> int(row["size"]), row["member_ids"]
    (3, ['b', 'a', 'c'])
    """
    parts = communities(G) if parts is None else parts
    U = undirected_ties(G)
    rows = []
    for i, part in enumerate(parts):
        types: dict[str, int] = {}
        for n in part:
            t = G.nodes[n].get("type") or "?"
            types[t] = types.get(t, 0) + 1
        hubs = sorted(part, key=lambda n: (-U.degree(n, weight="weight"), str(G.nodes[n].get("name", n)), str(n)))
        rows.append({
            "community": i,
            "size": len(part),
            "types": ", ".join(f"{t} {c}" for t, c in sorted(types.items(), key=lambda tc: (-tc[1], tc[0]))),
            "members": [str(G.nodes[n].get("name", n)) for n in hubs],
            "member_ids": [str(n) for n in hubs],
        })
    return pd.DataFrame(rows, columns=["community", "size", "types", "members", "member_ids"]).set_index("community")


def brokers_frame(
    G: nx.MultiDiGraph,
    parts: list[set] | None = None,
    min_communities: int = 2,
    betweenness_k: int | None = None,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Nodes with ties into at least ``min_communities`` communities, by betweenness then participation.

    Columns: ``name``, ``type``, ``community`` (its own), ``communities_reached`` (distinct
    communities among itself and its neighbours), ``participation``, ``betweenness`` (directed, on
    the collapsed graph; sampled when large, flagged in ``betweenness_approx``).

    >>> G = nx.MultiDiGraph([("a", "b", "X")])
    >>> len(brokers_frame(G))
    0
    """
    parts = communities(G, seed=seed) if parts is None else parts
    member_of = membership(parts)
    U = undirected_ties(G)
    participation = participation_coefficient(U, member_of)
    between, approximate = betweenness(G, k=betweenness_k, seed=seed)  # parallel edges do not matter to BFS
    rows = []
    for node in U:
        reached = {member_of[node]} | {member_of[n] for n in U[node]}
        if len(reached) < min_communities:
            continue
        attrs = G.nodes[node]
        rows.append({
            "id": node, "name": attrs.get("name", str(node)), "type": attrs.get("type"),
            "community": member_of[node], "communities_reached": len(reached),
            "participation": participation[node], "betweenness": between.get(node, 0.0),
            "betweenness_approx": approximate,
        })
    columns = ["id", "name", "type", "community", "communities_reached", "participation", "betweenness",
               "betweenness_approx"]
    frame = pd.DataFrame(rows, columns=columns).set_index("id")
    return frame.sort_values(["betweenness", "participation", "name"], ascending=[False, False, True],
                             kind="mergesort")
