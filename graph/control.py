"""The control model: funders, controllers and ultimate controllers, read from ``control.yaml``.

One implementation answers every money question: :mod:`whofunds.graph.trace` (the ``trace``
command), the ``rank`` command's money reach, and the embedded twins of the named questions
(``who_funds``, ``portfolio``, ``ultimate_controllers``) call the functions here; the ``.cypher``
questions get the same model as parameters (:func:`cypher_parameters`) and the tests hold their
rows equal. docs/control.md explains the model to analysts.

* A **funding** edge is an edge of a funding relation type (``INVESTS_IN``, ``CONTROLS``, and
  ``FOUNDED`` when capital goes in: an organisation or place founds, or an amount is stated) that
  ends at something that takes capital (a firm, fund or institution).
* A **control** edge is a funding edge of a stated control type (``CONTROLS``) or with a stake above
  50 %. Minority funders are funders, not controllers.
* The **ultimate controllers** of X are the tops of the chains of control edges that end at X.
* A government body **acts for** the place its ``city`` attribute names (``schema.yaml``): a trail
  may step between the two, as the first hops of a path (``GOVERNMENT_OF`` / ``HAS_GOVERNMENT``).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n, t in [("sasac", "GovernmentBody"), ("fund", "Fund"), ("jac", "Firm"), ("vw", "Firm"), ("jv", "Firm")]:
...     G.add_node(n, name=n.upper(), type=t)
>>> _ = G.add_edge("sasac", "fund", key="CONTROLS", type="CONTROLS", stake=None)
>>> _ = G.add_edge("fund", "jac", key="INVESTS_IN", type="INVESTS_IN", stake=60.0)
>>> _ = G.add_edge("jac", "jv", key="INVESTS_IN", type="INVESTS_IN", stake=25.0)
>>> _ = G.add_edge("vw", "jv", key="INVESTS_IN", type="INVESTS_IN", stake=75.0)
>>> ultimate_controllers(G, "jac"), ultimate_controllers(G, "jv")
({'sasac': 2}, {'vw': 1})
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Iterable, Iterator

import networkx as nx

from whofunds.graph.yaml_text import load_yaml
from whofunds.graph.schema import SCHEMA

FUNDING = "FUNDING"  # the kind of a hop along funding edges (its edges carry their own types)


@dataclass(frozen=True)
class ControlModel:
    """``control.yaml``, with group names expanded to entity types."""

    funding: dict[str, str]  # relation type -> hop label
    capital_from: dict[str, tuple[str, ...]]  # relation type -> founder types that bring capital
    funded: tuple[str, ...]
    stated: tuple[str, ...]
    majority_above: float
    stake_relations: tuple[str, ...]
    stake_phrases: dict[str, float]
    body_to_place: tuple[str, str]  # (hop type, label)
    place_to_body: tuple[str, str]
    attribute: str | None  # the schema's acts_for attribute ("city")
    bodies: tuple[str, ...]  # entity types that carry it
    places: tuple[str, ...]  # entity types it may name
    max_control_depth: int

    def relations(self, selected: Iterable[str] | None = None) -> tuple[str, ...]:
        """The funding relation types a trail follows: ``selected``, checked, or all of them.

        >>> MODEL.relations(["FOUNDED"]), MODEL.relations()
        (('FOUNDED',), ('INVESTS_IN', 'CONTROLS', 'FOUNDED'))
        """
        if selected is None:
            return tuple(self.funding)
        chosen = tuple(dict.fromkeys(selected))
        unknown = [r for r in chosen if r not in self.funding]
        if unknown or not chosen:
            raise KeyError(f"a money trail follows funding relations only: {', '.join(self.funding)}"
                           + (f"; not {', '.join(unknown)}" if unknown else ""))
        return tuple(r for r in self.funding if r in chosen)

    def label(self, hop_type: str) -> str:
        """How a hop of this type reads ("founded with capital", "acts through its government")."""
        links = dict([self.body_to_place, self.place_to_body])
        return self.funding.get(hop_type) or links.get(hop_type) or SCHEMA.relation(hop_type).label

    @property
    def link_types(self) -> tuple[str, str]:
        return (self.body_to_place[0], self.place_to_body[0])


@cache
def load_model() -> ControlModel:
    raw = load_yaml(resources.files("whofunds.graph").joinpath("control.yaml").read_text("utf-8"))
    funding, capital = {}, {}
    for name, spec in raw["funding"].items():
        SCHEMA.relation(name)
        funding[name] = spec["label"]
        if spec.get("capital_from"):
            capital[name] = SCHEMA.types(spec["capital_from"])
    attribute, bodies = SCHEMA.acts_for
    places: tuple[str, ...] = ()
    if attribute is not None:
        refers = {SCHEMA.entities[t].attributes[attribute].refers_to for t in bodies}
        places = SCHEMA.types(sorted(r for r in refers if r))
    funded = SCHEMA.types(raw["funded"])
    if set(funded) & (set(bodies) | set(places)):
        # trails step between a body and its place only before any funding hop: that needs
        # funding edges never to end at a body or a place
        raise ValueError("control.yaml: funded types may not be places or bodies that act for one")
    stakes = raw.get("stake_words") or {}
    for name in [*stakes.get("relations", []), *raw["control"]["stated"]]:
        SCHEMA.relation(name)
    jur = raw["jurisdiction"]
    return ControlModel(
        funding=funding, capital_from=capital, funded=funded, stated=tuple(raw["control"]["stated"]),
        majority_above=float(raw["control"]["majority_above"]),
        stake_relations=tuple(stakes.get("relations", [])),
        stake_phrases={str(k).lower(): float(v) for k, v in (stakes.get("phrases") or {}).items()},
        body_to_place=(jur["body_to_place"]["type"], jur["body_to_place"]["label"]),
        place_to_body=(jur["place_to_body"]["type"], jur["place_to_body"]["label"]),
        attribute=attribute, bodies=bodies, places=places, max_control_depth=int(raw["max_control_depth"]))


MODEL = load_model()


# --------------------------------------------------------------------------- edges

def _type(G: nx.MultiDiGraph, node) -> Any:
    return G.nodes[node].get("type")


def is_funding(G: nx.MultiDiGraph, u, v, attrs: dict, relations: Iterable[str] | None = None) -> bool:
    """Whether the edge ``u -> v`` with ``attrs`` is funding (of ``relations``, default all funding types).

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("li", type="Person"); G.add_node("gov", type="GovernmentBody"); G.add_node("x", type="Firm")
    >>> is_funding(G, "li", "x", {"type": "FOUNDED"}), is_funding(G, "gov", "x", {"type": "FOUNDED"})
    (False, True)
    >>> is_funding(G, "li", "x", {"type": "FOUNDED", "amount": 5e6})
    True
    """
    rel = attrs.get("type")
    if rel not in (MODEL.funding if relations is None else relations) or _type(G, v) not in MODEL.funded:
        return False
    founders = MODEL.capital_from.get(rel)
    return founders is None or _type(G, u) in founders or attrs.get("amount") is not None


def is_control(G: nx.MultiDiGraph, u, v, attrs: dict, relations: Iterable[str] | None = None) -> bool:
    """A funding edge of a stated control type, or with a stake above the majority threshold.

    >>> G = nx.MultiDiGraph(); G.add_node("a", type="Firm"); G.add_node("b", type="Firm")
    >>> [is_control(G, "a", "b", {"type": "INVESTS_IN", "stake": s}) for s in (25.0, 50.0, 50.1, None)]
    [False, False, True, False]
    >>> is_control(G, "a", "b", {"type": "CONTROLS", "stake": None})
    True
    """
    if not is_funding(G, u, v, attrs, relations):
        return False
    stake = attrs.get("stake")
    return attrs.get("type") in MODEL.stated or (stake is not None and float(stake) > MODEL.majority_above)


def implied_stake(relation: str, sentence: str) -> float | None:
    """The stake a sentence states in words ("as its sole shareholder") for evidence of ``relation``.

    >>> implied_stake("CONTROLS", "Hefei SASAC controls Hefei Jiantou as its sole shareholder."), \
implied_stake("INVESTS_IN", "a wholly owned unit invested in it")
    (100.0, None)
    """
    if relation not in MODEL.stake_relations:
        return None
    text = " ".join(str(sentence).lower().split())
    for phrase, stake in MODEL.stake_phrases.items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text):
            return stake
    return None


# --------------------------------------------------------------------------- places and their bodies

def place_of(G: nx.MultiDiGraph, node) -> Any:
    """The place node a government body acts for (its ``city`` attribute names it), else None.

    >>> G = nx.MultiDiGraph(); G.add_node("city:hefei", type="City")
    >>> G.add_node("gov", type="GovernmentBody", city="city:hefei")
    >>> place_of(G, "gov"), place_of(G, "city:hefei")
    ('city:hefei', None)
    """
    attrs = G.nodes[node]
    if MODEL.attribute is None or attrs.get("type") not in MODEL.bodies:
        return None
    place = attrs.get(MODEL.attribute)
    if isinstance(place, str) and place in G and _type(G, place) in MODEL.places:
        return place
    return None


def bodies_of(G: nx.MultiDiGraph) -> dict[Any, list]:
    """Place -> the government bodies that act for it, sorted by id (one scan of the nodes)."""
    out: dict[Any, list] = {}
    for node in G:
        place = place_of(G, node)
        if place is not None:
            out.setdefault(place, []).append(node)
    return {p: sorted(b, key=str) for p, b in out.items()}


def links(G: nx.MultiDiGraph, node, bodies: dict | None = None) -> list[tuple[Any, str]]:
    """The one-hop steps between ``node`` and the places or bodies it acts with: ``(other, hop type)``.

    >>> G = nx.MultiDiGraph(); G.add_node("city:hefei", type="City")
    >>> G.add_node("gov", type="GovernmentBody", city="city:hefei")
    >>> links(G, "gov"), links(G, "city:hefei")
    ([('city:hefei', 'GOVERNMENT_OF')], [('gov', 'HAS_GOVERNMENT')])
    """
    place = place_of(G, node)
    if place is not None:
        return [(place, MODEL.body_to_place[0])]
    if _type(G, node) not in MODEL.places:
        return []
    found = (bodies_of(G) if bodies is None else bodies).get(node, [])
    return [(b, MODEL.place_to_body[0]) for b in found]


# --------------------------------------------------------------------------- walks

class FundingView:
    """Where a money trail can step from a node: funding edges, and links between places and their bodies.

    ``direction="up"`` walks against the money (toward funders), ``"down"`` with it. Link steps may
    only start a path at its funder end, so up they follow funding steps and down they precede them.
    """

    def __init__(self, G: nx.MultiDiGraph, direction: str, relations: Iterable[str] | None = None):
        if direction not in ("up", "down"):
            raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
        self.G = G
        self.up = direction == "up"
        self.relations = MODEL.relations(relations)
        self._bodies: dict | None = None

    def funding_edges(self, u, v) -> list[tuple[Any, dict]]:
        """The funding edges ``u -> v`` (money direction), as ``(key, attrs)`` sorted by type."""
        if not self.G.has_edge(u, v):
            return []
        found = [(k, a) for k, a in self.G[u][v].items() if is_funding(self.G, u, v, a, self.relations)]
        return sorted(found, key=lambda ka: (str(ka[1].get("type")), str(ka[0])))

    def steps(self, node, first: bool) -> list[tuple[Any, str]]:
        """``(next node, kind)`` from ``node``, kind ``FUNDING`` or a link hop type; ``first`` at the root."""
        G = self.G
        if self.up:
            nxt = {u for u, _, a in G.in_edges(node, data=True) if is_funding(G, u, node, a, self.relations)}
        else:
            nxt = {v for _, v, a in G.out_edges(node, data=True) if is_funding(G, node, v, a, self.relations)}
        out = [(n, FUNDING) for n in sorted(nxt, key=str)]
        if not (self.up and first):  # up, a path must end at the root with a funding hop
            if self._bodies is None:
                self._bodies = bodies_of(G)
            # kinds are read in the money's direction: up, a step from a body to its place is the
            # place acting through its body
            swap = dict([MODEL.link_types, MODEL.link_types[::-1]]) if self.up else {}
            out += [(other, swap.get(kind, kind)) for other, kind in links(G, node, self._bodies)]
        return out

    def allowed(self, kinds: list[str], kind: str) -> bool:
        """Whether a walk whose steps so far are ``kinds`` may take a step of ``kind``: link steps only
        at the funder's end (up: after the funding steps, and then no funding step; down: before them)."""
        if self.up:
            return kind != FUNDING or not kinds or kinds[-1] == FUNDING
        return kind == FUNDING or FUNDING not in kinds

    def accepts(self, kinds: list[str]) -> bool:
        """Whether a walk (kinds of its steps from the root) is a money path: its hop at the holding is funding."""
        return bool(kinds) and (self.up or kinds[-1] == FUNDING)

    def walks(self, root, max_depth: int, max_paths: int | None = None) -> tuple[list[tuple[list, list]], bool]:
        """Every simple money path from ``root``, as ``(nodes from the root, step kinds)``, depth first.

        At most ``max_depth`` steps and ``max_paths`` paths; the flag says whether some were cut.
        """
        found: list[tuple[list, list]] = []
        truncated = False
        walk, kinds, on_walk = [root], [], {root}
        stack = [iter(self.steps(root, True))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                if kinds:
                    kinds.pop()
                on_walk.discard(walk.pop())
                continue
            nxt, kind = step
            if nxt in on_walk or not self.allowed(kinds, kind):
                continue
            if max_paths is not None and len(found) >= max_paths:
                truncated = True
                break
            walk.append(nxt)
            kinds.append(kind)
            on_walk.add(nxt)
            if self.accepts(kinds):
                found.append((list(walk), list(kinds)))
            if len(kinds) < max_depth:
                stack.append(iter(self.steps(nxt, False)))
            else:
                if any(n not in on_walk and self.allowed(kinds, k) for n, k in self.steps(nxt, False)):
                    truncated = True
                kinds.pop()
                on_walk.discard(walk.pop())
        return found, truncated

    def shortest(self, root) -> dict[Any, tuple[list, list]]:
        """A shortest money path to every node a trail reaches (breadth first, uncut by any limit)."""
        parent: dict[Any, tuple[Any, str] | None] = {root: None}
        queue = deque([root])
        out = {}
        while queue:
            node = queue.popleft()
            for nxt, kind in self.steps(node, node == root):
                if nxt in parent:
                    continue
                parent[nxt] = (node, kind)
                queue.append(nxt)
                walk, kinds, at = [nxt], [], nxt
                while parent[at] is not None:
                    at, k = parent[at]
                    walk.append(at)
                    kinds.append(k)
                walk.reverse()
                kinds.reverse()
                if self.accepts(kinds):
                    out[nxt] = (walk, kinds)
        return out


def money_paths(G: nx.MultiDiGraph, node, direction: str = "up", relations: Iterable[str] | None = None,
                max_depth: int = 6) -> Iterator[tuple[list, list]]:
    """Every simple money path to (``"up"``) or from (``"down"``) ``node``, in money order (funder first).

    Yields ``(nodes, hops)``; a hop is the list of edges it may take: ``(type, attrs)`` for each
    parallel funding edge, or one ``(link type, None)``. The named questions' rows are these paths,
    one per choice of parallel edge.

    >>> G = nx.MultiDiGraph(); G.add_node("city:hefei", type="City"); G.add_node("x", type="Firm")
    >>> G.add_node("gov", type="GovernmentBody", city="city:hefei")
    >>> _ = G.add_edge("gov", "x", key="FOUNDED", type="FOUNDED")
    >>> [(nodes, [[t for t, _ in h] for h in hops]) for nodes, hops in money_paths(G, "x")]
    [(['gov', 'x'], [['FOUNDED']]), (['city:hefei', 'gov', 'x'], [['HAS_GOVERNMENT'], ['FOUNDED']])]
    """
    view = FundingView(G, direction, relations)
    walks, _ = view.walks(node, max_depth)
    for walk, kinds in walks:
        nodes = list(reversed(walk)) if view.up else walk
        kinds = list(reversed(kinds)) if view.up else kinds
        hops = []
        for u, v, kind in zip(nodes, nodes[1:], kinds):
            if kind == FUNDING:
                hops.append([(a.get("type"), a) for _, a in view.funding_edges(u, v)])
            else:
                hops.append([(kind, None)])
        yield nodes, hops


# --------------------------------------------------------------------------- control

def hop_counts(G: nx.MultiDiGraph, start, edge_ok, max_depth: int, up: bool = False) -> dict:
    """Breadth-first hop counts (1..``max_depth``) from ``start`` along edges ``edge_ok(u, v, attrs)`` accepts;
    ``up`` walks them backwards. ``start`` is in the answer only when a cycle leads back to it.

    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    >>> hop_counts(G, "a", lambda u, v, a: True, 2), hop_counts(G, "a", lambda u, v, a: True, 3)
    ({'b': 1, 'c': 2}, {'b': 1, 'c': 2, 'a': 3})
    """
    dist = {start: 0}
    queue = deque([start])
    back = None
    while queue:
        node = queue.popleft()
        if dist[node] >= max_depth:
            continue
        edges = G.in_edges(node, data=True) if up else G.out_edges(node, data=True)
        for u, v, a in edges:
            nxt = u if up else v
            if not edge_ok(u, v, a):
                continue
            if nxt == start and back is None:
                back = dist[node] + 1
            if nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    del dist[start]
    if back is not None:
        dist[start] = back
    return dist


def _control_reach(G: nx.MultiDiGraph, start, relations, max_depth: int, up: bool) -> dict:
    """Hop counts over control edges from ``start``; ``up`` walks toward controllers."""
    return hop_counts(G, start, lambda u, v, a: is_control(G, u, v, a, relations), max_depth, up)


def ultimate_controllers(G: nx.MultiDiGraph, node, relations: Iterable[str] | None = None,
                         max_depth: int | None = None) -> dict:
    """The ultimate controllers of ``node`` and their distance in hops: ``{controller: depth}``.

    A controller ``c`` (a chain of control edges of at most ``max_depth`` hops runs from ``c`` to
    ``node``) is ultimate when everyone above it (with a chain of at most ``max_depth`` hops to
    ``c``) is below it too (``c`` has a chain to them): nobody above it, or only its own ring of
    mutual control. A place or body on top
    brings its partners along (a city's government body on top: the city and its other bodies).
    ``node`` itself is never its own controller.

    >>> G = nx.MultiDiGraph([("a", "b", "CONTROLS"), ("b", "a", "CONTROLS"), ("b", "x", "CONTROLS")])
    >>> for n in G: G.nodes[n]["type"] = "Firm"
    >>> for u, v, k in G.edges(keys=True): G[u][v][k]["type"] = k
    >>> ultimate_controllers(G, "x")
    {'b': 1, 'a': 2}
    """
    if node not in G:
        raise LookupError(f"no node {node!r} in the graph")
    relations = MODEL.relations(relations)
    depth_cap = MODEL.max_control_depth if max_depth is None else min(max_depth, MODEL.max_control_depth)
    above = _control_reach(G, node, relations, depth_cap, up=True)
    above.pop(node, None)
    found: dict = {}
    bodies = None
    for c, depth in sorted(above.items(), key=lambda cd: (cd[1], str(cd[0]))):
        controllers = set(_control_reach(G, c, relations, depth_cap, up=True))  # everyone above c
        if controllers and not controllers <= set(_control_reach(G, c, relations, depth_cap, up=False)):
            continue
        found[c] = min(depth, found.get(c, depth))
        if _type(G, c) in MODEL.places or place_of(G, c) is not None:
            bodies = bodies_of(G) if bodies is None else bodies
            for other, _ in links(G, c, bodies):
                partners = [(other, 1)] + [(far, 2) for far, _ in links(G, other, bodies) if far != c]
                for partner, hops in partners:
                    if depth + hops <= depth_cap and partner != node:
                        found[partner] = min(depth + hops, found.get(partner, depth + hops))
    return dict(sorted(found.items(), key=lambda cd: (cd[1], str(cd[0]))))


def cypher_parameters(relations: Iterable[str] | None = None) -> dict[str, Any]:
    """The model as the parameters the ``.cypher`` questions read (``$relations``, ``$funded``, ...).

    >>> p = cypher_parameters(); p["relations"], p["capital"], p["majority"]
    (['INVESTS_IN', 'CONTROLS', 'FOUNDED'], [{'type': 'FOUNDED', 'from': ['Firm', 'Fund', 'GovernmentBody', \
'Institution', 'City', 'Province', 'Country', 'District']}], 50.0)
    """
    return {
        "relations": list(MODEL.relations(relations)),
        "funded": list(MODEL.funded),
        "capital": [{"type": t, "from": list(f)} for t, f in MODEL.capital_from.items()],
        "stated": list(MODEL.stated),
        "majority": MODEL.majority_above,
        "jurisdiction": MODEL.attribute,
        "bodies": list(MODEL.bodies),
        "places": list(MODEL.places),
        "body_to_place": MODEL.body_to_place[0],
        "place_to_body": MODEL.place_to_body[0],
    }
