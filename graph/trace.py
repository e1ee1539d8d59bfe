"""Money trails: who funds a node, through which paths, with what stakes, and who controls it in the end.

A trail follows the funding edges of the control model (:mod:`whofunds.graph.control`, explained in
docs/control.md): ``INVESTS_IN``, ``CONTROLS`` and ``FOUNDED`` with capital, each hop labelled with
its kind ("invests in", "controls", "founded with capital"); ``relation_types`` picks some of them.
A government body and the place it acts for are one actor: a path may start by stepping between
them (``HAS_GOVERNMENT``: "Hefei acts through its government", ``GOVERNMENT_OF``), so a trail from
either reaches what both hold. :func:`money_trail` walks upstream from a node (its funders) or
downstream (its portfolio):

* every funder reachable is listed (breadth-first, so the list is complete on any graph), each with
  its paths to the node; simple paths are enumerated depth-first up to ``max_depth`` hops and
  ``max_paths`` paths (cycle-safe: a path never visits a node twice) and every funder keeps at
  least its shortest path when the enumeration is cut;
* each hop carries the edges between the pair (type, label, stated amount, stake, status) and their
  evidence (sentence, document);
* a path's effective stake is the product of its funding hops' stakes when every stake is known
  (50 % of 40 % is 20 %), otherwise None;
* the ultimate controllers are the tops of the chains of *control* (a CONTROLS edge, or a stake over
  50 %), not of funding: a 25 % shareholder is a funder, and is not called a controller
  (:func:`whofunds.graph.control.ultimate_controllers`, which the ``ultimate_controllers`` question
  answers too).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, t in [("gov", "GovernmentBody"), ("fund", "Fund"), ("nio", "Firm")]:
...     G.add_node(n, name=n.upper(), type=t)
>>> _ = G.add_edge("gov", "fund", key="CONTROLS", type="CONTROLS", stake=50.0, evidence=[])
>>> _ = G.add_edge("fund", "nio", key="INVESTS_IN", type="INVESTS_IN", stake=40.0, evidence=[])
>>> trail = money_trail(G, "nio")
>>> [f.node for f in trail.funders], trail.ultimate
(['fund', 'gov'], [])
>>> trail.funders[1].paths[0].effective_stake
20.0
>>> money_trail(G, "fund").ultimate
['gov']
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable

import networkx as nx

from whofunds.graph.control import FUNDING, MODEL, FundingView
from whofunds.graph.control import ultimate_controllers as _ultimate
from whofunds.graph.schema import SCHEMA

EDGE_FIELDS = ("type", "status", "confidence", "amount", "currency", "amount_text", "year", "stake")
EVIDENCE_FIELDS = ("doc_id", "path", "sentence", "start", "end", "rule", "status", "amount_text", "stake", "sheet", "row",
                   "date", "role", "url")


def evidence_source(ev: dict, document: dict | None = None) -> str:
    """Where a piece of evidence is, in words: the file (a table's sheet and row), and the document's source
    (publisher, publication date, URL) where the build knows it.

    >>> evidence_source({"path": "holders.xlsx", "sheet": "Owners", "row": 12})
    "holders.xlsx, sheet 'Owners', row 12"
    >>> evidence_source({"path": "a.html"}, {"publisher": "Xinhua", "date": "2022-03", "url": "https://x.cn/a"})
    'a.html (Xinhua, 2022-03, https://x.cn/a)'
    """
    document = document or {}
    where = str(ev.get("path") or document.get("path") or ev.get("doc_id") or "?")
    if ev.get("sheet") is not None:
        where += f", sheet {str(ev['sheet'])!r}"
    if ev.get("row") is not None:
        where += f", row {ev['row']}"
    source = [str(document[k]) for k in ("publisher", "date") if document.get(k)]
    url = ev.get("url") or document.get("url")
    if url:
        source.append(str(url))
    return where + (f" ({', '.join(source)})" if source else "")


@dataclass
class Hop:
    """One step of a path, ``source`` funding ``target``: every funding edge between them, with evidence.

    A ``link`` hop steps between a government body and its place (no edge of the graph: the body's
    ``city`` attribute); it has one edge record, of type ``GOVERNMENT_OF`` or ``HAS_GOVERNMENT``.
    """

    source: Any
    target: Any
    edges: list[dict] = field(default_factory=list)
    link: bool = False

    @property
    def stake(self) -> float | None:
        """The first stated stake (percent) among the hop's edges, in relation-type order."""
        for edge in self.edges:
            if edge.get("stake") is not None:
                return float(edge["stake"])
        return None

    def to_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "link": self.link, "stake": self.stake,
                "edges": self.edges}


@dataclass
class Path:
    """Nodes in the direction money flows (funder first) and the hops between them."""

    nodes: list
    hops: list[Hop]

    @property
    def effective_stake(self) -> float | None:
        """The product of the funding hops' stakes (a body and its place are one actor: links count 100 %)."""
        return effective_stake([hop.stake for hop in self.hops if not hop.link])

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

    Every edge of those types, whether or not it is funding in the control model (a person's
    FOUNDED edge stays): the subgraph PageRank and maps draw. Trails use the control model instead.

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


def _hop(view: FundingView, u, v, kind: str) -> Hop:
    if kind != FUNDING:
        return Hop(source=u, target=v, link=True, edges=[{
            "type": kind, "label": MODEL.label(kind), "status": "stated", "stake": None,
            "evidence": [], "note": f"{MODEL.attribute} of the government body (a node attribute, not an edge)"}])
    edges = []
    for key, attrs in view.funding_edges(u, v):
        edge = {f: attrs.get(f) for f in EDGE_FIELDS}
        edge["type"] = attrs.get("type", key)
        edge["label"] = MODEL.label(edge["type"])
        edge["evidence"] = [{f: ev.get(f) for f in EVIDENCE_FIELDS} for ev in attrs.get("evidence") or []]
        edges.append(edge)
    return Hop(source=u, target=v, edges=edges)


def _as_path(view: FundingView, walk: list, kinds: list) -> Path:
    """``walk`` starts at the root; money flows toward the root upstream, away from it downstream."""
    if view.up:
        walk, kinds = list(reversed(walk)), list(reversed(kinds))
    return Path(nodes=list(walk), hops=[_hop(view, u, v, k) for u, v, k in zip(walk, walk[1:], kinds)])


def ultimate_controllers(G: nx.MultiDiGraph, node, relation_types: Iterable[str] | None = None,
                         max_depth: int | None = None) -> list:
    """The ultimate controllers of ``node`` (tops of its control chains), sorted by id.

    >>> G = nx.MultiDiGraph([("a", "x", "INVESTS_IN"), ("b", "x", "CONTROLS"), ("c", "b", "CONTROLS")])
    >>> for n in G: G.nodes[n]["type"] = "Firm"
    >>> for u, v, k in G.edges(keys=True): G[u][v][k]["type"] = k
    >>> ultimate_controllers(G, "x")
    ['c']
    """
    return sorted(_ultimate(G, node, relation_types, max_depth), key=str)


def money_trail(
    G: nx.MultiDiGraph,
    node,
    direction: str = "up",
    relation_types: Iterable[str] | None = None,
    max_depth: int = 12,
    max_paths: int = 5000,
) -> Trail:
    """Every funder of ``node`` (``direction="up"``) or holding of it (``"down"``), with paths and evidence.

    Funders are sorted by distance then name. ``trail.ultimate`` lists the ultimate controllers
    (upstream; see :func:`ultimate_controllers`) or the end holdings that fund nothing further
    (downstream). ``truncated`` is True when some paths were not enumerated (``max_depth`` /
    ``max_paths``); every funder is still listed.

    >>> G = nx.MultiDiGraph([("a", "b", "INVESTS_IN"), ("b", "a", "INVESTS_IN")])
    >>> for n in G: G.nodes[n]["type"] = "Firm"
    >>> for u, v, k in G.edges(keys=True): G[u][v][k]["type"] = k
    >>> t = money_trail(G, "a"); [f.node for f in t.funders], t.ultimate
    (['b'], [])
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    if node not in G:
        raise LookupError(f"no node {node!r} in the graph")
    view = FundingView(G, direction, relation_types)
    walks, truncated = view.walks(node, max_depth, max_paths)
    found: dict[Any, list[tuple[list, list]]] = {}
    for walk, kinds in walks:
        found.setdefault(walk[-1], []).append((walk, kinds))
    shortest = view.shortest(node)
    if direction == "up":
        ultimate = set(_ultimate(G, node, view.relations, max_depth))
    else:
        down = FundingView(G, "down", view.relations)
        ultimate = {h for h in shortest if not any(k == FUNDING for _, k in down.steps(h, False))}
    funders = []
    for other, short in shortest.items():
        walks_to = found.get(other) or [short]
        walks_to = sorted(walks_to, key=lambda wk: (len(wk[0]), [str(x) for x in wk[0]], wk[1]))
        attrs = G.nodes[other]
        funders.append(Funder(node=other, name=str(attrs.get("name", other)), type=attrs.get("type"),
                              distance=len(short[0]) - 1, paths=[_as_path(view, w, k) for w, k in walks_to],
                              ultimate=other in ultimate))
    funders.sort(key=lambda f: (f.distance, f.name.casefold(), str(f.node)))
    return Trail(root=node, name=str(G.nodes[node].get("name", node)), direction=direction,
                 relation_types=list(view.relations), funders=funders,
                 ultimate=sorted(ultimate, key=str), truncated=truncated)
