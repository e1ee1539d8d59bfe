"""The named questions: headers, parameters, and the embedded answers on a small hand-made graph."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from whofunds.queries import catalog, embedded
from whofunds.queries.catalog import QueryError

REQUIRED = {"who_funds", "portfolio", "ultimate_controllers", "co_investors", "chain_map", "supply_chain",
            "edge_evidence"}


def test_every_required_question_ships_with_a_header():
    queries = catalog.all_queries()
    assert REQUIRED <= set(queries)
    for q in queries.values():
        assert q.description and len(q.description) > 20, q.name
        assert q.text.splitlines()[0].startswith("// description: ")
        assert q.text.splitlines()[1].startswith("// params: ")
        for p in q.params:
            assert f"${p.name}" in q.text, f"{q.name}: parameter {p.name} is declared but never used"
    assert set(embedded.QUERIES) == set(queries) == set(embedded.COLUMNS)


def test_bind_types_defaults_and_errors():
    q = catalog.get_query("who_funds")
    assert q.bind({"entity": "Hefei", "max_depth": "3"}) == {"entity": "Hefei", "max_depth": 3, "relations": None}
    assert q.bind({"entity": "Hefei"})["max_depth"] == 4
    with pytest.raises(QueryError, match="missing parameter entity"):
        q.bind({})
    with pytest.raises(QueryError, match="unknown parameter"):
        q.bind({"entity": "x", "depth": 2})
    with pytest.raises(QueryError, match="not an int"):
        q.bind({"entity": "x", "max_depth": "deep"})
    assert catalog.get_query("co_investors").bind({}) == {"entity": None, "min_shared": 1}
    with pytest.raises(QueryError, match="no query named"):
        catalog.get_query("drop_everything")


def test_header_parser_rejects_files_without_description():
    with pytest.raises(QueryError, match="first two lines"):
        catalog.parse_query("bad", "MATCH (n) RETURN n\n")
    q = catalog.parse_query("ok", "// description: d\n// params: a (str = 'x y'), b (bool = true)\nRETURN $a, $b\n")
    assert q.bind({}) == {"a": "x y", "b": True}


def test_param_args_keep_equals_signs_in_values():
    assert catalog.parse_param_args(["sentence=a=b", "x="]) == {"sentence": "a=b", "x": ""}
    with pytest.raises(QueryError):
        catalog.parse_param_args(["novalue"])


def hefei() -> nx.MultiDiGraph:
    """A tiny Hefei model whose answers are written out by hand below."""
    G = nx.MultiDiGraph(name="whofunds")
    nodes = {
        "city:hefei": ("Hefei", "City"), "governmentbody:hefei-gov": ("Hefei municipal government", "GovernmentBody"),
        "fund:jiantou": ("Hefei Jiantou", "Fund"), "fund:big-fund": ("Big Fund", "Fund"),
        "firm:nio": ("NIO", "Firm"), "firm:boe": ("BOE", "Firm"), "firm:cxmt": ("CXMT", "Firm"),
        "firm:parts": ("Parts Co", "Firm"), "firm:glass": ("Glass Co", "Firm"),
        "industry:display": ("display screens", "Industry"), "person:mayor": ("Mayor of Hefei", "Person"),
        "district:binhu": ("Binhu District", "District"),
    }
    for node, (name, etype) in nodes.items():
        G.add_node(node, name=name, type=etype, aliases=[])
    G.nodes["person:mayor"]["city"] = "city:hefei"
    G.nodes["governmentbody:hefei-gov"]["city"] = "city:hefei"  # the city's government (schema: acts_for)

    def edge(u, v, t, **kw):
        ev = {"doc_id": "d1", "path": "p.txt", "sentence": f"{u} {t} {v}", "start": 0, "end": 10, "rule": "r",
              "confidence": 0.9, "status": "stated", "amount": kw.get("amount"), "currency": kw.get("currency"),
              "amount_text": None, "year": None, "stake": kw.get("stake")}
        G.add_edge(u, v, key=t, type=t, evidence=[ev], confidence=0.9, status="stated", doc_ids=["d1"], **kw)

    edge("governmentbody:hefei-gov", "fund:jiantou", "CONTROLS")
    edge("fund:jiantou", "firm:nio", "INVESTS_IN", amount=7e9, currency="CNY", stake=24.1)
    edge("fund:jiantou", "firm:boe", "INVESTS_IN", amount=1e9, currency="CNY")
    edge("fund:big-fund", "firm:boe", "INVESTS_IN")
    edge("fund:big-fund", "firm:nio", "INVESTS_IN")
    edge("governmentbody:hefei-gov", "firm:cxmt", "INVESTS_IN", stake=75.0)
    edge("firm:boe", "city:hefei", "LOCATED_IN")
    edge("firm:glass", "district:binhu", "LOCATED_IN")
    edge("district:binhu", "city:hefei", "LOCATED_IN")
    edge("firm:glass", "firm:boe", "SUPPLIES")
    edge("firm:parts", "firm:glass", "SUPPLIES")
    edge("firm:boe", "firm:nio", "SUPPLIES")
    edge("firm:boe", "industry:display", "CHAIN_LEADER_OF", city="city:hefei", cities=["city:hefei"])
    edge("person:mayor", "industry:display", "CHAIN_BOSS_OF", city="city:hefei", cities=["city:hefei"])
    edge("city:hefei", "industry:display", "TARGETS_INDUSTRY")
    return G


def test_who_funds_follows_control_and_investment_upstream():
    rows = embedded.who_funds(hefei(), "NIO")
    assert [(r["funder"], r["depth"], r["relations"]) for r in rows] == [
        ("Big Fund", 1, ["INVESTS_IN"]),
        ("Hefei Jiantou", 1, ["INVESTS_IN"]),
        ("Hefei municipal government", 2, ["CONTROLS", "INVESTS_IN"]),
        ("Hefei", 3, ["HAS_GOVERNMENT", "CONTROLS", "INVESTS_IN"]),  # the city acts through its government
    ]
    assert rows[2]["path"] == ["Hefei municipal government", "Hefei Jiantou", "NIO"]
    assert rows[2]["amounts"] == [None, 7e9] and rows[2]["stakes"] == [None, 24.1]
    assert rows[3]["amounts"] == [None, None, 7e9]
    assert [r["funder"] for r in embedded.who_funds(hefei(), "firm:nio", max_depth=1)] == ["Big Fund", "Hefei Jiantou"]
    assert [r["funder"] for r in embedded.who_funds(hefei(), "nio", relations="CONTROLS")] == []


def test_portfolio_is_the_mirror_of_who_funds():
    rows = embedded.portfolio(hefei(), "Hefei municipal government")
    assert [(r["holding"], r["depth"]) for r in rows] == [("CXMT", 1), ("Hefei Jiantou", 1), ("BOE", 2), ("NIO", 2)]
    # from the city: what its government holds, one hop further
    assert [(r["holding"], r["depth"]) for r in embedded.portfolio(hefei(), "Hefei")] == [
        ("CXMT", 2), ("Hefei Jiantou", 2), ("BOE", 3), ("NIO", 3)]


def test_ultimate_controllers_need_control_or_majority_stake():
    G = hefei()
    assert [(r["controller"], r["depth"]) for r in embedded.ultimate_controllers(G, "Hefei Jiantou")] == [
        ("Hefei municipal government", 1), ("Hefei", 2)]
    assert [r["controller"] for r in embedded.ultimate_controllers(G, "CXMT")] == ["Hefei municipal government",
                                                                                  "Hefei"]
    assert embedded.ultimate_controllers(G, "NIO") == []  # a 24.1% stake is not control


def test_co_investors_pairs_share_investees():
    rows = embedded.co_investors(hefei())
    assert rows == [{"investor_a_id": "fund:big-fund", "investor_a": "Big Fund", "investor_b_id": "fund:jiantou",
                     "investor_b": "Hefei Jiantou", "shared": 2, "investees": ["BOE", "NIO"],
                     "investee_ids": ["firm:boe", "firm:nio"]}]
    assert embedded.co_investors(hefei(), min_shared=3) == []
    assert embedded.co_investors(hefei(), entity="CXMT") == []


def test_chain_map_lists_roles_of_the_city_whose_chain_it_is():
    rows = embedded.chain_map(hefei(), "Hefei")
    assert [(r["role"], r["entity"]) for r in rows] == [
        ("targeted by", "Hefei"), ("chain boss", "Mayor of Hefei"), ("chain leader", "BOE"), ("firm", "Glass Co")]
    assert {r["city_id"] for r in rows} == {"city:hefei"}
    with pytest.raises(LookupError, match="no Place matches 'Wuxi'"):
        embedded.chain_map(hefei(), "Wuxi")
    # BOE also leads a chain in Chengdu, where it is located too: the edge's cities say whose chain it is
    G = hefei()
    G.add_node("city:chengdu", name="Chengdu", type="City", aliases=[])
    G.add_edge("firm:boe", "city:chengdu", key="LOCATED_IN", type="LOCATED_IN", evidence=[])
    assert embedded.chain_map(G, "Chengdu") == []
    G["firm:boe"]["industry:display"]["CHAIN_LEADER_OF"]["cities"] = ["city:chengdu", "city:hefei"]
    assert [(r["role"], r["entity"]) for r in embedded.chain_map(G, "Chengdu")] == [("chain leader", "BOE")]
    # no city: every place's chains; a chain edge whose text named no place is listed last, city unknown
    G.add_node("firm:faw", name="FAW", type="Firm", aliases=[])
    G.add_edge("firm:faw", "industry:display", key="CHAIN_LEADER_OF", type="CHAIN_LEADER_OF", evidence=[])
    every = embedded.chain_map(G)
    assert [(r["city"], r["role"], r["entity"]) for r in every] == [
        ("Chengdu", "chain leader", "BOE"), ("Hefei", "targeted by", "Hefei"), ("Hefei", "chain boss", "Mayor of Hefei"),
        ("Hefei", "chain leader", "BOE"), ("Hefei", "firm", "Glass Co"), (None, "chain leader", "FAW")]


def test_supply_chain_distances():
    rows = embedded.supply_chain(hefei(), "BOE", max_depth=2)
    assert [(r["direction"], r["depth"], r["firm"]) for r in rows] == [
        ("supplier", 1, "Glass Co"), ("supplier", 2, "Parts Co"), ("customer", 1, "NIO")]
    assert [r["firm"] for r in embedded.supply_chain(hefei(), "BOE", max_depth=1)] == ["Glass Co", "NIO"]


def test_names_are_looked_up_as_trace_looks_them_up():
    from whofunds.graph.lookup import NameNotFound

    G = hefei()
    assert embedded.run_embedded(G, "who_funds", {"entity": "nio"}) == embedded.who_funds(G, "firm:nio")
    assert embedded.run_embedded(G, "portfolio", {"entity": "hefei jiantou"})  # case, as trace takes it
    assert embedded.run_embedded(G, "edge_evidence", {"source": "Hefei Jiantu", "target": "nio"})  # a typo
    with pytest.raises(NameNotFound, match="'Tesla'. Closest names") as err:
        embedded.run_embedded(G, "who_funds", {"entity": "Tesla"})
    assert not err.value.ambiguous and err.value.candidates
    G.add_node("firm:hefei-jiantou", name="Hefei Jiantou", type="Firm", aliases=[])
    with pytest.raises(NameNotFound, match="ambiguous: it matches 2 nodes") as err:
        embedded.run_embedded(G, "who_funds", {"entity": "Hefei Jiantou"})  # never a silent guess
    assert err.value.ambiguous and sorted(err.value.candidates) == ["firm:hefei-jiantou", "fund:jiantou"]
    with pytest.raises(NameNotFound, match="no Place matches 'NIO'"):
        embedded.run_embedded(G, "chain_map", {"city": "NIO"})  # a city parameter names a place


def test_edge_evidence_rows_carry_the_sentence_and_full_record():
    rows = embedded.edge_evidence(hefei(), "Hefei Jiantou", "NIO")
    assert len(rows) == 1 and rows[0]["type"] == "INVESTS_IN"
    assert rows[0]["sentence"] == "fund:jiantou INVESTS_IN firm:nio"
    assert json.loads(rows[0]["evidence_json"])["amount"] == 7e9
    assert embedded.edge_evidence(hefei(), "NIO", "Hefei Jiantou") == []


def test_run_embedded_applies_header_defaults():
    assert embedded.run_embedded(hefei(), "who_funds", {"entity": "NIO", "max_depth": "1"}) == \
        embedded.who_funds(hefei(), "NIO", 1)
    with pytest.raises(QueryError):
        embedded.run_embedded(hefei(), "who_funds", {})
