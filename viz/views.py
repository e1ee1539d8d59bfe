"""Choosing what a map shows: one pure function per cut (relations, types, ego network, top-N).

Every function returns a new graph (a copy) and leaves its input alone.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("city:hefei", name="Hefei", type="City", aliases=["合肥"], pagerank=0.5)
>>> G.add_node("firm:nio", name="NIO", type="Firm", aliases=[], pagerank=0.3)
>>> _ = G.add_edge("city:hefei", "firm:nio", key="INVESTS_IN", type="INVESTS_IN")
>>> find_node(G, "合肥")
'city:hefei'
>>> sorted(ego_network(G, "firm:nio", depth=1))
['city:hefei', 'firm:nio']
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from whofunds.graph.lookup import resolve_node
from whofunds.graph.schema import SCHEMA


class MapError(ValueError):
    """A map that cannot be drawn as asked (unknown name, type or option), with the reason."""


def parse_list(value: str | Iterable[str] | None) -> list[str] | None:
    """``"INVESTS_IN, CONTROLS"`` or a list of names -> a clean list (None when nothing is given).

    >>> parse_list("INVESTS_IN, CONTROLS")
    ['INVESTS_IN', 'CONTROLS']
    """
    if value is None:
        return None
    items = value.split(",") if isinstance(value, str) else list(value)
    items = [str(i).strip() for i in items if str(i).strip()]
    return items or None


def _canonical(value: str, known: Iterable[str], what: str) -> str:
    """Match a type name case-insensitively against the schema."""
    by_fold = {k.casefold(): k for k in known}
    try:
        return by_fold[value.casefold()]
    except KeyError:
        raise MapError(f"unknown {what} {value!r}; known: {', '.join(known)}") from None


def find_node(G: nx.MultiDiGraph, name: str) -> str:
    """The node ``name`` means, found the way ``trace`` and the named questions find it.

    :func:`whofunds.graph.lookup.resolve_node`: id, name or alias in any case or width, legal-form
    suffixes, word prefixes, typos. Raises :class:`~whofunds.graph.lookup.NameNotFound` (a
    ``LookupError``) naming the candidates when several nodes match, the closest names when none does.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("firm:nio", name="NIO Inc.", aliases=["NIO"])
    >>> find_node(G, "nio")
    'firm:nio'
    """
    return resolve_node(G, name)


def filter_relations(G: nx.MultiDiGraph, relations: Iterable[str]) -> nx.MultiDiGraph:
    """Keep only edges of the given relation types (all nodes stay).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="SUPPLIES", type="SUPPLIES")
    >>> filter_relations(G, ["INVESTS_IN"]).number_of_edges()
    0
    """
    keep = {_canonical(r, SCHEMA.relation_types, "relation type") for r in relations}
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d.get("type", k) in keep)
    return H


def filter_types(G: nx.MultiDiGraph, types: Iterable[str], *, keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """Keep only nodes of the given entity types, plus the nodes in ``keep`` (e.g. the focus).

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("a", type="Firm"); G.add_node("b", type="City")
    >>> list(filter_types(G, ["firm"]))
    ['a']
    """
    wanted = {_canonical(t, SCHEMA.entity_types, "entity type") for t in types}
    kept = set(keep)
    return G.subgraph(n for n, d in G.nodes(data=True) if d.get("type") in wanted or n in kept).copy()


def ego_network(G: nx.MultiDiGraph, center: str, *, depth: int = 2) -> nx.MultiDiGraph:
    """Nodes within ``depth`` hops of ``center``, following edges in either direction.

    >>> import networkx as nx
    >>> sorted(ego_network(nx.MultiDiGraph([(1, 2), (2, 3), (3, 4)]), 1, depth=2))
    [1, 2, 3]
    """
    if depth < 0:
        raise MapError(f"depth must be 0 or more, not {depth}")
    return nx.ego_graph(G, center, radius=depth, undirected=True).copy()


def top_nodes(G: nx.MultiDiGraph, n: int, *, by: str = "pagerank", keep: Iterable[str] = ()) -> nx.MultiDiGraph:
    """The ``n`` nodes with the highest ``by`` attribute (ties broken by id), plus the nodes in ``keep``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph(); G.add_node("a", pagerank=0.1); G.add_node("b", pagerank=0.9)
    >>> list(top_nodes(G, 1))
    ['b']
    """
    if n < 1:
        raise MapError(f"--top must be at least 1, not {n}")
    ranked = sorted(G.nodes(data=by, default=0.0), key=lambda item: (-float(item[1] or 0.0), str(item[0])))
    chosen = {node for node, _ in ranked[:n]} | set(keep)
    return G.subgraph(chosen).copy()
