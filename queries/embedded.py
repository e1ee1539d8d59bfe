"""The named questions of ``queries/*.cypher`` answered on the networkx graph, with no server.

Each function returns exactly the rows its ``.cypher`` twin returns from Neo4j after
:func:`whofunds.queries.load.load_graph` (same columns, values and order); the tests hold them to it.
So the build, the maps and anyone without Neo4j get the same answers.

The money questions (``who_funds``, ``portfolio``, ``ultimate_controllers``) are the control model's
own functions (:mod:`whofunds.graph.control`, the ones ``trace`` uses), laid out as rows; the Cypher
files get the same model as parameters. Entities are named as ``trace`` names them
(:func:`whofunds.graph.lookup.resolve_node`: id, name, alias, fuzzy; an unknown or ambiguous name
raises :class:`~whofunds.graph.lookup.NameNotFound`). Paths are simple (no node twice) and at most
``MAX_DEPTH`` hops; shortest distances are breadth-first.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("fund:a", name="A Fund", type="Fund"); G.add_node("firm:b", name="B", type="Firm")
>>> G.add_edge("fund:a", "firm:b", key="INVESTS_IN", type="INVESTS_IN", amount=5.0, currency="CNY")
'INVESTS_IN'
>>> [(r["funder"], r["amounts"]) for r in who_funds(G, "b")]
[('A Fund', [5.0])]
"""
from __future__ import annotations

import itertools
from typing import Any, Callable

import networkx as nx

from whofunds.graph import control
from whofunds.graph.lookup import resolve_node
from whofunds.graph.schema import SCHEMA
from whofunds.queries.catalog import SUBDIVISIONS, QueryError, get_query, relation_list
from whofunds.queries.load import evidence_json

MAX_DEPTH = 6  # the literal upper bound of the variable-length patterns in the .cypher files
CHAIN_PLACES = "Place"  # what a chain belongs to

Edge = tuple[Any, Any, Any, dict]  # (u, v, key, attrs)


def _name(G: nx.MultiDiGraph, node) -> Any:
    return G.nodes[node].get("name")


def _type(G: nx.MultiDiGraph, node) -> Any:
    return G.nodes[node].get("type")


def _relations(relations: str | None) -> tuple[str, ...]:
    try:
        return control.MODEL.relations(relation_list(relations))
    except KeyError as exc:
        raise QueryError(exc.args[0]) from None


def _money_rows(G: nx.MultiDiGraph, x, direction: str, max_depth: int, relations: str | None,
                end: str) -> list[dict]:
    rows = []
    depth = min(max_depth, MAX_DEPTH)
    for nodes, hops in control.money_paths(G, x, direction, _relations(relations), depth):
        other = nodes[0] if direction == "up" else nodes[-1]
        for choice in itertools.product(*hops):  # Cypher: one row per parallel edge taken
            rows.append({
                "entity_id": str(x), f"{end}_id": str(other), end: _name(G, other), f"{end}_type": _type(G, other),
                "depth": len(choice), "path": [_name(G, n) for n in nodes], "path_ids": [str(n) for n in nodes],
                "relations": [t for t, _ in choice],
                "amounts": [None if a is None else a.get("amount") for _, a in choice],
                "currencies": [None if a is None else a.get("currency") for _, a in choice],
                "stakes": [None if a is None else a.get("stake") for _, a in choice],
            })
    rows.sort(key=lambda r: (r["entity_id"], r["depth"], r["path_ids"], r["relations"]))
    return rows


def who_funds(G: nx.MultiDiGraph, entity: str, max_depth: int = 4, relations: str | None = None) -> list[dict]:
    """Twin of ``who_funds.cypher``: every upstream money path to ``entity``, one row per path."""
    return _money_rows(G, resolve_node(G, entity), "up", max_depth, relations, "funder")


def portfolio(G: nx.MultiDiGraph, entity: str, max_depth: int = 4, relations: str | None = None) -> list[dict]:
    """Twin of ``portfolio.cypher``: every downstream money path from ``entity``, one row per path."""
    return _money_rows(G, resolve_node(G, entity), "down", max_depth, relations, "holding")


def ultimate_controllers(G: nx.MultiDiGraph, entity: str, max_depth: int = 12,
                         relations: str | None = None) -> list[dict]:
    """Twin of ``ultimate_controllers.cypher``: the tops of ``entity``'s control chains."""
    x = resolve_node(G, entity)
    found = control.ultimate_controllers(G, x, _relations(relations), max_depth)
    rows = [{"entity_id": str(x), "controller_id": str(c), "controller": _name(G, c), "controller_type": _type(G, c),
             "depth": d} for c, d in found.items()]
    rows.sort(key=lambda r: (r["entity_id"], r["depth"], r["controller_id"]))
    return rows


def co_investors(G: nx.MultiDiGraph, entity: str | None = None, min_shared: int = 1) -> list[dict]:
    """Twin of ``co_investors.cypher``: investor pairs sharing investees (INVESTS_IN)."""
    only = resolve_node(G, entity) if entity is not None else None
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
        if only is not None and only not in (a, b):
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


def homes(G: nx.MultiDiGraph, node) -> set:
    """The places whose chains ``node``'s policy belongs to.

    A place is its own home, but a subdivision (a district) belongs to the places it is
    LOCATED_IN; a government body that acts for a place has that place's homes; anything else
    has the places it is LOCATED_IN, directly or through a subdivision.

    >>> G = nx.MultiDiGraph()
    >>> for n, t in [("wuxi", "City"), ("binhu", "District"), ("fund", "Fund")]: G.add_node(n, type=t)
    >>> for u, v in [("binhu", "wuxi"), ("fund", "binhu")]: _ = G.add_edge(u, v, key="LOCATED_IN", type="LOCATED_IN")
    >>> homes(G, "wuxi"), homes(G, "binhu"), homes(G, "fund")
    ({'wuxi'}, {'wuxi'}, {'wuxi'})
    """
    place = control.place_of(G, node)
    if place is not None:
        node = place
    places, subs = SCHEMA.types(CHAIN_PLACES), SCHEMA.types(SUBDIVISIONS)
    if _type(G, node) in places and _type(G, node) not in subs:
        return {node}
    located = {v for _, v, a in G.out_edges(node, data=True) if a.get("type") == "LOCATED_IN"}
    found = {v for v in located if _type(G, v) in places and _type(G, v) not in subs}
    for d in located:
        if _type(G, d) in subs and _type(G, node) not in subs:
            found |= {v for _, v, a in G.out_edges(d, data=True)
                      if a.get("type") == "LOCATED_IN" and _type(G, v) in places and _type(G, v) not in subs}
    if not found and _type(G, node) in subs:
        return {node}
    return found


def _chain_places(attrs: dict) -> list:
    """The places a chain edge names (``cities``, else ``city``), or ``[None]`` when the text named none."""
    places = attrs.get("cities") or ([attrs["city"]] if attrs.get("city") is not None else [])
    return list(places) or [None]


CHAIN_ROLES = (("TARGETS_INDUSTRY", "targeted by"), ("CHAIN_BOSS_OF", "chain boss"),
               ("CHAIN_LEADER_OF", "chain leader"))


def chain_map(G: nx.MultiDiGraph, city: str | None = None) -> list[dict]:
    """Twin of ``chain_map.cypher``: a place's industrial chains (every place's when ``city`` is None).

    Per place and industry: who targets it (a government body counts as its place), its chain
    bosses and chain leaders (chain edges carry the place whose chain it is, read from the text;
    ``city_id`` is null when the text named none), and the firms tied to the place that trade
    (SUPPLIES, either way) with one of its leaders.
    """
    wanted = resolve_node(G, city, types=CHAIN_PLACES) if city is not None else None
    industries = set(SCHEMA.types("Industry"))
    found = set()
    leaders: dict[tuple, set] = {}  # (place, industry) -> leaders
    for e, i, a in G.edges(data=True):
        if _type(G, i) not in industries:
            continue
        rtype = a.get("type")
        if rtype == "TARGETS_INDUSTRY":
            actor = control.place_of(G, e) or e
            for place in homes(G, actor):
                found.add((place, i, 0, "targeted by", actor))
        elif rtype in ("CHAIN_BOSS_OF", "CHAIN_LEADER_OF"):
            rank, role = (1, "chain boss") if rtype == "CHAIN_BOSS_OF" else (2, "chain leader")
            for place in _chain_places(a):
                found.add((place, i, rank, role, e))
                if rank == 2:
                    leaders.setdefault((place, i), set()).add(e)
    for (place, i), chiefs in leaders.items():
        for leader in chiefs:
            partners = ({v for _, v, b in G.out_edges(leader, data=True) if b.get("type") == "SUPPLIES"}
                        | {u for u, _, b in G.in_edges(leader, data=True) if b.get("type") == "SUPPLIES"})
            for firm in partners:
                if _type(G, firm) != "Firm" or place not in homes(G, firm):
                    continue
                if any(v == i and b.get("type") == "CHAIN_LEADER_OF" for _, v, b in G.out_edges(firm, data=True)):
                    continue
                found.add((place, i, 3, "firm", firm))
    rows = []
    for place, i, rank, role, e in found:
        if wanted is not None and place != wanted:
            continue
        node = place if place is not None and place in G else None
        rows.append({"city_id": None if node is None else str(node),
                     "city": _name(G, node) if node is not None else place,
                     "industry_id": str(i), "industry": _name(G, i), "role": role, "rank": rank,
                     "entity_id": str(e), "entity": _name(G, e), "entity_type": _type(G, e)})
    last = lambda v: (v is None, "" if v is None else str(v))  # noqa: E731 -- Cypher sorts nulls last
    rows.sort(key=lambda r: (last(r["city_id"]), last(r["city"]), r["industry_id"], r["rank"], r["entity_id"]))
    for r in rows:
        del r["rank"]
    return rows


def supply_chain(G: nx.MultiDiGraph, entity: str, max_depth: int = 2) -> list[dict]:
    """Twin of ``supply_chain.cypher``: suppliers and customers of ``entity`` within ``max_depth`` hops."""
    x = resolve_node(G, entity)
    rows = []
    for direction, upstream in (("supplier", True), ("customer", False)):
        supplies = control.hop_counts(G, x, lambda u, v, a: a.get("type") == "SUPPLIES", min(max_depth, MAX_DEPTH),
                                      up=upstream)
        supplies.pop(x, None)
        for other, d in supplies.items():
            rows.append({"entity_id": str(x), "direction": direction, "depth": d, "firm_id": str(other),
                         "firm": _name(G, other), "firm_type": _type(G, other)})
    rows.sort(key=lambda r: (r["entity_id"], r["direction"] == "customer", r["depth"], r["firm_id"]))
    return rows


def edge_evidence(G: nx.MultiDiGraph, source: str, target: str, type: str | None = None) -> list[dict]:  # noqa: A002
    """Twin of ``edge_evidence.cypher``: one row per piece of evidence behind the edge(s)."""
    a, b = resolve_node(G, source), resolve_node(G, target)
    rows = []
    for _, to, attrs in G.out_edges(a, data=True):
        if to != b or (type is not None and attrs.get("type") != type):
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
    "ultimate_controllers": ["entity_id", "controller_id", "controller", "controller_type", "depth"],
    "co_investors": ["investor_a_id", "investor_a", "investor_b_id", "investor_b", "shared", "investees",
                     "investee_ids"],
    "chain_map": ["city_id", "city", "industry_id", "industry", "role", "entity_id", "entity", "entity_type"],
    "supply_chain": ["entity_id", "direction", "depth", "firm_id", "firm", "firm_type"],
    "edge_evidence": ["source_id", "source", "type", "target_id", "target", "n", "doc_id", "sentence",
                      "evidence_json"],
}
"""The columns of each question, in the order its Cypher ``RETURN`` gives them."""


def run_embedded(G: nx.MultiDiGraph, name: str, params: dict[str, Any] | None = None) -> list[dict]:
    """Run the named question on ``G``, with parameters typed and defaulted by the ``.cypher`` header.

    Names are resolved first (:func:`whofunds.queries.catalog.resolve_names`, the lookup the Neo4j
    route uses too), so an unknown or ambiguous name raises the same error either way.
    """
    from whofunds.queries.catalog import resolve_names

    query = get_query(name)
    bound = resolve_names(query, query.bind(params or {}), lambda text, types: resolve_node(G, text, types))
    return QUERIES[name](G, **bound)
