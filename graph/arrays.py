"""The graph's structure as numpy arrays, cached on the networkx graph itself.

Matrix algorithms (PageRank, degrees, eigenvector) need the edges as integer arrays. Walking
networkx's dict-of-dicts for them costs more than the algorithm: on a million edges, about 1.3 s
of pointer chasing against 0.2 s of PageRank iterations. So the arrays are built once and kept in
``G.__networkx_cache__``, the place networkx itself keeps converted graphs (for its backends):
every networkx method that adds or removes nodes or edges empties that cache, so a stale copy is
never read. Like networkx's own cache it does not see attributes changed in place; after changing
an edge's ``type`` through ``G.edges[u, v, k]["type"] = ...``, call ``nx._clear_cache(G)``.

:func:`whofunds.graph.io.read_graph` fills the cache from the file's link list with vectorised
lookups (a fraction of a second on a million links), so the first PageRank after reading a graph
does not pay for the walk.

>>> G = nx.MultiDiGraph([("a", "b", "INVESTS_IN"), ("b", "c", "SUPPLIES")])
>>> arrays = edge_arrays(G)
>>> arrays.nodes, arrays.sources.tolist(), arrays.targets.tolist(), arrays.type_names
(['a', 'b', 'c'], [0, 1], [1, 2], ['INVESTS_IN', 'SUPPLIES'])
>>> edge_arrays(G) is arrays            # cached
True
>>> _ = G.add_edge("c", "a", "CONTROLS")
>>> edge_arrays(G) is arrays            # any structural change empties networkx's cache
False
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import networkx as nx
import numpy as np

EDGE_ARRAYS_KEY = "whofunds.edge_arrays"
MATRIX_KEY = "whofunds.adjacency"
TRANSITION_KEY = "whofunds.transition"


@dataclass(frozen=True)
class EdgeArrays:
    """Every edge of a multigraph as three parallel arrays over ``nodes`` (in ``list(G)`` order).

    ``types[i]`` indexes ``type_names``: the edge's ``type`` attribute, or its key when it has none.
    Treat the arrays as read-only: they are shared through the cache.
    """

    nodes: list
    sources: np.ndarray
    targets: np.ndarray
    types: np.ndarray
    type_names: list

    def mask(self, relation_types: set[str] | None) -> np.ndarray | None:
        """Which edges have one of ``relation_types`` (``None`` keeps all)."""
        if relation_types is None:
            return None
        wanted = [i for i, name in enumerate(self.type_names) if name in relation_types]
        return np.isin(self.types, np.asarray(wanted, dtype=self.types.dtype))


def _cache(G: nx.Graph) -> dict | None:
    """networkx's per-graph cache, or ``None`` when caching is off or the object has none."""
    if not nx.config.cache_converted_graphs:
        return None
    return getattr(G, "__networkx_cache__", None)


def cached(G: nx.Graph, key: Any, build):
    """``build()`` memoised in ``G``'s networkx cache under ``key`` (emptied by any structural change)."""
    cache = _cache(G)
    if cache is None:
        return build()
    try:
        return cache[key]
    except KeyError:
        value = cache[key] = build()
        return value


def _type_codes(labels: Sequence) -> tuple[np.ndarray, list]:
    distinct = set(labels)
    names = sorted({str(t) for t in distinct})
    code = {label: names.index(str(label)) for label in distinct}
    return np.fromiter(map(code.__getitem__, labels), dtype=np.int32, count=len(labels)), names


def _from_graph(G: nx.MultiDiGraph) -> EdgeArrays:
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    sources, targets, labels = [], [], []
    multi = G.is_multigraph()
    # G._adj is networkx's own adjacency dict; its public views add a wrapper object per access.
    for u, nbrs in G._adj.items():
        i = index[u]
        for v, keydict in nbrs.items():
            j = index[v]
            for key, attrs in (keydict.items() if multi else [(None, keydict)]):
                sources.append(i)
                targets.append(j)
                labels.append(attrs.get("type", key))
    types, names = _type_codes(labels)
    return EdgeArrays(nodes, np.asarray(sources, dtype=np.int64), np.asarray(targets, dtype=np.int64), types, names)


def edge_arrays(G: nx.MultiDiGraph) -> EdgeArrays:
    """The cached :class:`EdgeArrays` of ``G``, walking its dicts only when the cache is empty."""
    return cached(G, EDGE_ARRAYS_KEY, lambda: _from_graph(G))


def edge_arrays_from_links(G: nx.MultiDiGraph, links: list[dict], source: str = "source",
                           target: str = "target") -> EdgeArrays | None:
    """The arrays of ``G`` computed from the node-link list it was just built from, or ``None``.

    ``None`` when the links do not map one-to-one onto ``G``'s edges (a repeated key merges two
    links into one edge, say); the caller then leaves the cache empty and the dicts are walked.

    >>> G = nx.MultiDiGraph([("a", "b", "INVESTS_IN")])
    >>> edge_arrays_from_links(G, [{"source": "a", "target": "b", "type": "INVESTS_IN"}]).targets.tolist()
    [1]
    """
    from operator import itemgetter

    if G.number_of_edges() != len(links):
        return None
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    count = len(links)
    try:
        # map/fromiter keep the loop in C: a million links take well under a second
        sources = np.fromiter(map(index.__getitem__, map(itemgetter(source), links)), dtype=np.int64, count=count)
        targets = np.fromiter(map(index.__getitem__, map(itemgetter(target), links)), dtype=np.int64, count=count)
    except (KeyError, TypeError):
        return None
    labels = [link.get("type") for link in links]
    if None in labels:
        labels = [link.get("type", link.get("key")) for link in links]
    types, names = _type_codes(labels)
    return EdgeArrays(nodes, sources, targets, types, names)


def remember_edge_arrays(G: nx.MultiDiGraph, arrays: EdgeArrays | None) -> None:
    """Put ``arrays`` in ``G``'s cache (after the graph is built: building empties the cache)."""
    cache = _cache(G)
    if cache is not None and arrays is not None:
        cache[EDGE_ARRAYS_KEY] = arrays


def relation_key(relation_types: Iterable[str] | None) -> frozenset | None:
    return None if relation_types is None else frozenset(relation_types)
