"""Money trails: who funds a node, through which paths, with what stakes, and who sits at the top.

Money flows along the relation types marked ``money: true`` in ``schema.yaml`` (``INVESTS_IN``
and ``CONTROLS``), from funder to funded. :func:`money_trail` walks them upstream from a node
(its funders) or downstream (its portfolio):

* every funder reachable is listed (breadth-first, so the list is complete on any graph), each with
  its paths to the node; simple paths are enumerated depth-first up to ``max_depth`` hops and
  ``max_paths`` paths (cycle-safe: a path never visits a node twice) and every funder keeps at
  least its shortest path when the enumeration is cut;
* each hop carries the edges between the pair (type, stated amount, stake, status) and their
  evidence (sentence, document);
* a path's effective stake is the product of its hops' stakes when every stake is known
  (50 % of 40 % is 20 %), otherwise None;
* the ultimate controllers are the funders with no funder above them. In a cycle (A owns B, B owns
  A) nobody is strictly on top, so we take the top strongly connected components of the upstream
  graph: every member of a group that no outsider funds is an ultimate controller.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, t in [("gov", "GovernmentBody"), ("fund", "Fund"), ("nio", "Firm")]:
...     G.add_node(n, name=n.upper(), type=t)
>>> _ = G.add_edge("gov", "fund", key="CONTROLS", type="CONTROLS", stake=50.0, evidence=[])
>>> _ = G.add_edge("fund", "nio", key="INVESTS_IN", type="INVESTS_IN", stake=40.0, evidence=[])
>>> trail = money_trail(G, "nio")
>>> [f.node for f in trail.funders], trail.ultimate
(['fund', 'gov'], ['gov'])
>>> trail.funders[1].paths[0].effective_stake
20.0
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx

from whofunds.graph.schema import SCHEMA

EDGE_FIELDS = ("type", "status", "confidence", "amount", "currency", "amount_text", "year", "stake")
EVIDENCE_FIELDS = ("doc_id", "path", "sentence", "start", "end", "rule", "status", "amount_text", "stake")


@dataclass
class Hop:
    """One step of a path, ``source`` funding ``target``: every money edge between them, with evidence."""

    source: Any
    target: Any
    edges: list[dict] = field(default_factory=list)

    @property
    def stake(self) -> float | None:
        """The first stated stake (percent) among the hop's edges, in relation-type order."""
        for edge in self.edges:
            if edge.get("stake") is not None:
                return float(edge["stake"])
        return None

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "stake": self.stake, "edges": self.edges}


@dataclass
class Path:
    """Nodes in the direction money flows (funder first) and the hops between them."""

    nodes: list
    hops: list[Hop]

    @property
    def effective_stake(self) -> float | None:
        return effective_stake([hop.stake for hop in self.hops])

    def to_dict(self) -> dict:
        return {"nodes": self.nodes, "effective_stake": self.effective_stake,
                "hops": [h.to_dict() for h in self.hops]}


@dataclass
class Funder:
    """A node on the trail (a funder upstream, a holding downstream) and its paths to or from the root."""

    node: Any
    name: str
    type: str | None
    distance: int
    paths: list[Path]
    ultimate: bool = False

    def to_dict(self) -> dict:
        return {"node": self.node, "name": self.name, "type": self.type, "distance": self.distance,
                "ultimate": self.ultimate, "paths": [p.to_dict() for p in self.paths]}


@dataclass
class Trail:
    """The answer of :func:`money_trail`."""

    root: Any
    name: str
    direction: str  # "up" (funders) or "down" (portfolio)
    relation_types: list[str]
    funders: list[Funder]
    ultimate: list
    truncated: bool = False

    def to_dict(self) -> dict:
        return {"root": self.root, "name": self.name, "direction": self.direction,
                "relation_types": self.relation_types, "truncated": self.truncated,
                "ultimate": self.ultimate, "funders": [f.to_dict() for f in self.funders]}


def effective_stake(stakes: Iterable[float | None]) -> float | None:
    """Product of percent stakes along a path, in percent; None if any is unknown or the path is empty.

    >>> effective_stake([50, 40]), effective_stake([50, None]), effective_stake([100])
    (20.0, None, 100.0)
    """
    stakes = list(stakes)
    if not stakes or any(s is None or (isinstance(s, float) and math.isnan(s)) for s in stakes):
        return None
    product = 1.0
    for s in stakes:
        product *= float(s) / 100.0
    return round(product * 100.0, 6)


def money_subgraph(G: nx.MultiDiGraph, relation_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """A read-only view of ``G`` with only money edges (schema ``money: true``, or ``relation_types``).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="SUPPLIES", type="SUPPLIES")
    >>> _ = G.add_edge("c", "b", key="INVESTS_IN", type="INVESTS_IN")
    >>> sorted(money_subgraph(G).edges())
    [('c', 'b')]
    """
    wanted = set(relation_types) if relation_types is not None else set(SCHEMA.money_relations)
    for name in wanted:
        SCHEMA.relation(name)
    return nx.subgraph_view(G, filter_edge=lambda u, v, k: G[u][v][k].get("type", k) in wanted)


def _hop(G: nx.MultiDiGraph, u, v) -> Hop:
    edges = []
    for key, attrs in sorted(G[u][v].items(), key=lambda kv: str(kv[1].get("type", kv[0]))):
        edge = {f: attrs.get(f) for f in EDGE_FIELDS}
        edge["type"] = attrs.get("type", key)
        edge["evidence"] = [{f: ev.get(f) for f in EVIDENCE_FIELDS} for ev in attrs.get("evidence") or []]
        edges.append(edge)
    return Hop(source=u, target=v, edges=edges)


def _as_path(M: nx.MultiDiGraph, walk: list, direction: str) -> Path:
    """``walk`` starts at the root; money flows toward the root upstream, away from it downstream."""
    nodes = list(reversed(walk)) if direction == "up" else list(walk)
    return Path(nodes=nodes, hops=[_hop(M, u, v) for u, v in zip(nodes, nodes[1:])])


def ultimate_controllers(G: nx.MultiDiGraph, node, relation_types: Iterable[str] | None = None) -> list:
    """Funders of ``node`` with no funder above them (members of top cycles count), sorted by id.

    >>> G = nx.MultiDiGraph([("a", "x", "INVESTS_IN"), ("b", "x", "INVESTS_IN"), ("c", "a", "CONTROLS")])
    >>> for u, v, k in G.edges(keys=True): G[u][v][k]["type"] = k
    >>> ultimate_controllers(G, "x")
    ['b', 'c']
    """
    return _top_components(money_subgraph(G, relation_types), node)


def _top_components(M: nx.MultiDiGraph, root) -> list:
    upstream = nx.ancestors(M, root) | {root}
    H = M.subgraph(upstream)
    C = nx.condensation(nx.DiGraph(H))
    top = [c for c in C if C.in_degree(c) == 0]
    members = {n for c in top for n in C.nodes[c]["members"]} - {root}
    return sorted(members, key=str)


def money_trail(
    G: nx.MultiDiGraph,
    node,
    direction: str = "up",
    relation_types: Iterable[str] | None = None,
    max_depth: int = 12,
    max_paths: int = 5000,
) -> Trail:
    """Every funder of ``node`` (``direction="up"``) or holding of it (``"down"``), with paths and evidence.

    Funders are sorted by distance then name; ``trail.ultimate`` lists the ultimate controllers
    (upstream) or the end holdings that hold nothing further (downstream). ``truncated`` is True when
    some paths were not enumerated (``max_depth`` / ``max_paths``); every funder is still listed.

    >>> G = nx.MultiDiGraph([("a", "b", "INVESTS_IN"), ("b", "a", "INVESTS_IN")])
    >>> for u, v, k in G.edges(keys=True): G[u][v][k]["type"] = k
    >>> t = money_trail(G, "a"); [f.node for f in t.funders], t.ultimate
    (['b'], ['b'])
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    if node not in G:
        raise LookupError(f"no node {node!r} in the graph")
    relation_types = sorted(relation_types) if relation_types is not None else sorted(SCHEMA.money_relations)
    M = money_subgraph(G, relation_types)
    walk_graph = M.reverse(copy=False) if direction == "up" else M

    # Complete list of funders with a shortest path each, whatever the enumeration below reaches.
    shortest = nx.single_source_shortest_path(walk_graph, node)
    shortest.pop(node)

    # Depth-first enumeration of simple paths out from the root.
    found: dict[Any, list[list]] = {}
    truncated = False
    count = 0
    walk = [node]
    on_walk = {node}
    stack = [iter(sorted(set(walk_graph.successors(node)), key=str))]
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            on_walk.discard(walk.pop())
            continue
        if nxt in on_walk:
            continue
        if count >= max_paths:
            truncated = True
            break
        walk.append(nxt)
        on_walk.add(nxt)
        found.setdefault(nxt, []).append(list(walk))
        count += 1
        if len(walk) - 1 < max_depth:
            stack.append(iter(sorted(set(walk_graph.successors(nxt)), key=str)))
        else:
            if any(s not in on_walk for s in walk_graph.successors(nxt)):
                truncated = True
            on_walk.discard(walk.pop())

    if direction == "up":
        ultimate = set(_top_components(M, node))
    else:
        ultimate = set(_top_components(M.reverse(copy=False), node))
    funders = []
    for other, short in shortest.items():
        walks = found.get(other) or [short]
        walks = sorted(walks, key=lambda w: (len(w), [str(x) for x in w]))
        attrs = G.nodes[other]
        funders.append(Funder(node=other, name=str(attrs.get("name", other)), type=attrs.get("type"),
                              distance=len(short) - 1, paths=[_as_path(M, w, direction) for w in walks],
                              ultimate=other in ultimate))
    funders.sort(key=lambda f: (f.distance, f.name.casefold(), str(f.node)))
    return Trail(root=node, name=str(G.nodes[node].get("name", node)), direction=direction,
                 relation_types=relation_types, funders=funders,
                 ultimate=sorted(ultimate, key=str), truncated=truncated)
