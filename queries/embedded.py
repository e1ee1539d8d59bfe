"""The named questions of ``queries/*.cypher`` answered on the networkx graph, with no server.

Each function returns exactly the rows its ``.cypher`` twin returns from Neo4j after
:func:`whofunds.queries.load.load_graph` (same columns, values and order); the tests hold them to it.
So the build, the maps and anyone without Neo4j get the same answers.

The semantics, as in Cypher: an entity is named by id or exact name; paths are simple (no node
twice) and at most ``MAX_DEPTH`` hops; shortest distances are breadth-first.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("fund:a", name="A Fund", type="Fund"); G.add_node("firm:b", name="B", type="Firm")
>>> G.add_edge("fund:a", "firm:b", key="INVESTS_IN", type="INVESTS_IN", amount=5.0, currency="CNY")
'INVESTS_IN'
>>> [(r["funder"], r["amounts"]) for r in who_funds(G, "B")]
[('A Fund', [5.0])]
"""
from __future__ import annotations

from collections import deque
from typing import Any, Callable, Iterator

import networkx as nx

from whofunds.queries.catalog import get_query
from whofunds.queries.load import evidence_json

MAX_DEPTH = 6  # the literal upper bound of the variable-length patterns in the .cypher files
MONEY_PATH = ("INVESTS_IN", "CONTROLS")

Edge = tuple[Any, Any, Any, dict]  # (u, v, key, attrs)


def _name(G: nx.MultiDiGraph, node) -> Any:
    return G.nodes[node].get("name")


def _type(G: nx.MultiDiGraph, node) -> Any:
    return G.nodes[node].get("type")


def matching_nodes(G: nx.MultiDiGraph, entity: str) -> list:
    """Nodes whose id or name is ``entity``, sorted by id."""
    return sorted((n for n, a in G.nodes(data=True) if str(n) == entity or a.get("name") == entity), key=str)


def simple_paths(G: nx.MultiDiGraph, end, max_len: int, edge_ok: Callable[[dict], bool],
                 upstream: bool) -> Iterator[list[Edge]]:
    """Every simple path of 1..``max_len`` edges ending at ``end`` (``upstream``) or starting there.

    Paths are returned as edge lists read in the graph's direction; parallel edges give distinct paths.
    """
    stack: list[tuple[Any, list[Edge], set]] = [(end, [], {end})]
    while stack:
        node, path, seen = stack.pop()
        if len(path) >= max_len:
            continue
        edges = G.in_edges(node, keys=True, data=True) if upstream else G.out_edges(node, keys=True, data=True)
        for u, v, k, attrs in edges:
            nxt = u if upstream else v
            if nxt in seen or not edge_ok(attrs):
                continue
            new = [(u, v, k, attrs)] + path if upstream else path + [(u, v, k, attrs)]
            yield new
            stack.append((nxt, new, seen | {nxt}))


def _path_row(G: nx.MultiDiGraph, path: list[Edge]) -> dict:
    nodes = [path[0][0]] + [e[1] for e in path]
    return {
        "depth": len(path),
        "path": [_name(G, n) for n in nodes],
        "path_ids": [str(n) for n in nodes],
        "relations": [e[3].get("type") for e in path],
        "amounts": [e[3].get("amount") for e in path],
        "currencies": [e[3].get("currency") for e in path],
        "stakes": [e[3].get("stake") for e in path],
    }


def _is_money(attrs: dict) -> bool:
    return attrs.get("type") in MONEY_PATH


def who_funds(G: nx.MultiDiGraph, entity: str, max_depth: int = 4) -> list[dict]:
    """Twin of ``who_funds.cypher``: upstream INVESTS_IN/CONTROLS paths to ``entity``."""
    rows = []
    for x in matching_nodes(G, entity):
        for path in simple_paths(G, x, min(max_depth, MAX_DEPTH), _is_money, upstream=True):
            f = path[0][0]
            rows.append({"entity_id": str(x), "funder_id": str(f), "funder": _name(G, f), "funder_type": _type(G, f),
                         **_path_row(G, path)})
    rows.sort(key=lambda r: (r["entity_id"], r["depth"], r["path_ids"], r["relations"]))
    return rows


def portfolio(G: nx.MultiDiGraph, entity: str, max_depth: int = 4) -> list[dict]:
    """Twin of ``portfolio.cypher``: downstream INVESTS_IN/CONTROLS paths from ``entity``."""
    rows = []
    for x in matching_nodes(G, entity):
        for path in simple_paths(G, x, min(max_depth, MAX_DEPTH), _is_money, upstream=False):
            h = path[-1][1]
            rows.append({"entity_id": str(x), "holding_id": str(h), "holding": _name(G, h),
                         "holding_type": _type(G, h), **_path_row(G, path)})
    rows.sort(key=lambda r: (r["entity_id"], r["depth"], r["path_ids"], r["relations"]))
    return rows


def _is_control(attrs: dict) -> bool:
    """CONTROLS, or INVESTS_IN with a stake over 50%: ``coalesce(r.stake, 0) > 50`` in Cypher."""
    if attrs.get("type") == "CONTROLS":
        return True
    stake = attrs.get("stake")
    return attrs.get("type") == "INVESTS_IN" and (stake if stake is not None else 0) > 50


def ultimate_controllers(G: nx.MultiDiGraph, entity: str, max_depth: int = 6) -> list[dict]:
    """Twin of ``ultimate_controllers.cypher``: tops of control chains to ``entity``."""
    rows = []
    for x in matching_nodes(G, entity):
        found: dict[Any, list[int]] = {}
        for path in simple_paths(G, x, min(max_depth, MAX_DEPTH), _is_control, upstream=True):
            c = path[0][0]
            if any(_is_control(a) for _, _, a in G.in_edges(c, data=True)):
                continue
            found.setdefault(c, []).append(len(path))
        for c, lengths in found.items():
            rows.append({"entity_id": str(x), "controller_id": str(c), "controller": _name(G, c),
                         "controller_type": _type(G, c), "depth": min(lengths), "paths": len(lengths)})
    rows.sort(key=lambda r: (r["entity_id"], r["depth"], r["controller_id"]))
    return rows


def co_investors(G: nx.MultiDiGraph, entity: str | None = None, min_shared: int = 1) -> list[dict]:
    """Twin of ``co_investors.cypher``: investor pairs sharing investees."""
    shared: dict[tuple, set] = {}
    for t in G.nodes:
        investors = sorted({u for u, _, a in G.in_edges(t, data=True) if a.get("type") == "INVESTS_IN"}, key=str)
        for i, a in enumerate(investors):
            for b in investors[i + 1:]:
                if str(a) < str(b):
                    shared.setdefault((a, b), set()).add(t)
                elif str(b) < str(a):
                    shared.setdefault((b, a), set()).add(t)
    rows = []
    for (a, b), targets in shared.items():
        if entity is not None and entity not in (str(a), _name(G, a), str(b), _name(G, b)):
            continue
        targets = sorted(targets, key=str)
        if len(targets) < min_shared:
            continue
        rows.append({"investor_a_id": str(a), "investor_a": _name(G, a), "investor_b_id": str(b),
                     "investor_b": _name(G, b), "shared": len(targets),
                     "investees": [_name(G, t) for t in targets if _name(G, t) is not None],  # collect() skips nulls
                     "investee_ids": [str(t) for t in targets]})
    rows.sort(key=lambda r: (-r["shared"], r["investor_a_id"], r["investor_b_id"]))
    return rows


def tied_to_city(G: nx.MultiDiGraph, node, city) -> bool:
    """The city itself, LOCATED_IN it (directly or via a district), a post whose ``city`` names it,
    or WORKS_FOR something located in it."""
    if node == city:
        return True
    post_city = G.nodes[node].get("city")
    if post_city is not None and post_city in (str(city), _name(G, city)):
        return True
    for _, d, a in G.out_edges(node, data=True):
        if a.get("type") == "LOCATED_IN":
            if d == city:
                return True
            if _type(G, d) == "District" and any(v == city and b.get("type") == "LOCATED_IN"
                                                   for _, v, b in G.out_edges(d, data=True)):
                return True
        if a.get("type") == "WORKS_FOR" and any(v == city and b.get("type") == "LOCATED_IN"
                                                for _, v, b in G.out_edges(d, data=True)):
            return True
    return False


CHAIN_ROLES = (("TARGETS_INDUSTRY", "targeted by"), ("CHAIN_BOSS_OF", "chain boss"), ("CHAIN_LEADER_OF", "chain leader"))


def chain_map(G: nx.MultiDiGraph, city: str) -> list[dict]:
    """Twin of ``chain_map.cypher``: per industry, who targets it, its bosses, leaders and firms, tied to ``city``."""
    found = set()
    for c in (n for n in matching_nodes(G, city) if _type(G, n) == "City"):
        for e, i, a in G.edges(data=True):
            if _type(G, i) != "Industry":
                continue
            for rank, (rtype, role) in enumerate(CHAIN_ROLES):
                if a.get("type") == rtype and tied_to_city(G, e, c):
                    found.add((c, i, rank, role, e))
            if a.get("type") == "CHAIN_LEADER_OF" and tied_to_city(G, e, c):
                leader = e
                partners = ({v for _, v, b in G.out_edges(leader, data=True) if b.get("type") == "SUPPLIES"}
                            | {u for u, _, b in G.in_edges(leader, data=True) if b.get("type") == "SUPPLIES"})
                for firm in partners:
                    if _type(G, firm) != "Firm" or not tied_to_city(G, firm, c):
                        continue
                    if any(v == i and b.get("type") == "CHAIN_LEADER_OF" for _, v, b in G.out_edges(firm, data=True)):
                        continue
                    found.add((c, i, 3, "firm", firm))
    rows = sorted(found, key=lambda t: (str(t[0]), str(t[1]), t[2], str(t[4])))
    return [{"city_id": str(c), "industry_id": str(i), "industry": _name(G, i), "role": role,
             "entity_id": str(e), "entity": _name(G, e), "entity_type": _type(G, e)} for c, i, _, role, e in rows]


def _distances(G: nx.MultiDiGraph, start, depth: int, upstream: bool) -> dict:
    """Breadth-first hop counts over SUPPLIES edges, 1..``depth``, ``start`` excluded."""
    dist, queue = {start: 0}, deque([start])
    while queue:
        node = queue.popleft()
        if dist[node] >= depth:
            continue
        edges = G.in_edges(node, data=True) if upstream else G.out_edges(node, data=True)
        for u, v, a in edges:
            nxt = u if upstream else v
            if a.get("type") == "SUPPLIES" and nxt not in dist:
                dist[nxt] = dist[node] + 1
                queue.append(nxt)
    del dist[start]
    return dist


def supply_chain(G: nx.MultiDiGraph, entity: str, depth: int = 2) -> list[dict]:
    """Twin of ``supply_chain.cypher``: suppliers and customers of ``entity`` within ``depth`` hops."""
    rows = []
    for x in matching_nodes(G, entity):
        for direction, upstream in (("supplier", True), ("customer", False)):
            for other, d in _distances(G, x, min(depth, MAX_DEPTH), upstream).items():
                rows.append({"entity_id": str(x), "direction": direction, "depth": d, "firm_id": str(other),
                             "firm": _name(G, other), "firm_type": _type(G, other)})
    rows.sort(key=lambda r: (r["entity_id"], r["direction"] == "customer", r["depth"], r["firm_id"]))
    return rows


def edge_evidence(G: nx.MultiDiGraph, source: str, target: str, type: str | None = None) -> list[dict]:  # noqa: A002
    """Twin of ``edge_evidence.cypher``: one row per piece of evidence behind the edge(s)."""
    rows = []
    targets = set(matching_nodes(G, target))
    for a in matching_nodes(G, source):
        for _, b, attrs in G.out_edges(a, data=True):
            if b not in targets or (type is not None and attrs.get("type") != type):
                continue
            evidence = [ev for ev in attrs.get("evidence") or [] if isinstance(ev, dict)]
            for n, ev in enumerate(evidence):
                rows.append({"source_id": str(a), "source": _name(G, a), "type": attrs.get("type"),
                             "target_id": str(b), "target": _name(G, b), "n": n,
                             "doc_id": "" if ev.get("doc_id") is None else str(ev["doc_id"]),
                             "sentence": "" if ev.get("sentence") is None else str(ev["sentence"]),
                             "evidence_json": evidence_json(ev)})
    rows.sort(key=lambda r: (r["source_id"], r["type"], r["target_id"], r["n"]))
    return rows


QUERIES: dict[str, Callable[..., list[dict]]] = {
    "who_funds": who_funds,
    "portfolio": portfolio,
    "ultimate_controllers": ultimate_controllers,
    "co_investors": co_investors,
    "chain_map": chain_map,
    "supply_chain": supply_chain,
    "edge_evidence": edge_evidence,
}


COLUMNS: dict[str, list[str]] = {
    "who_funds": ["entity_id", "funder_id", "funder", "funder_type", "depth", "path", "path_ids", "relations",
                  "amounts", "currencies", "stakes"],
    "portfolio": ["entity_id", "holding_id", "holding", "holding_type", "depth", "path", "path_ids", "relations",
                  "amounts", "currencies", "stakes"],
    "ultimate_controllers": ["entity_id", "controller_id", "controller", "controller_type", "depth", "paths"],
    "co_investors": ["investor_a_id", "investor_a", "investor_b_id", "investor_b", "shared", "investees",
                     "investee_ids"],
    "chain_map": ["city_id", "industry_id", "industry", "role", "entity_id", "entity", "entity_type"],
    "supply_chain": ["entity_id", "direction", "depth", "firm_id", "firm", "firm_type"],
    "edge_evidence": ["source_id", "source", "type", "target_id", "target", "n", "doc_id", "sentence",
                      "evidence_json"],
}
"""The columns of each question, in the order its Cypher ``RETURN`` gives them."""


def run_embedded(G: nx.MultiDiGraph, name: str, params: dict[str, Any] | None = None) -> list[dict]:
    """Run the named question on ``G``, with parameters typed and defaulted by the ``.cypher`` header."""
    bound = get_query(name).bind(params or {})
    return QUERIES[name](G, **bound)
