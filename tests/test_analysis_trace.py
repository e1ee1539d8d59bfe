"""Money trails on small graphs whose funders, paths, stakes and controllers are worked out by hand here.

The control model (graph/control.yaml, docs/control.md): funders are everyone upstream through
INVESTS_IN, CONTROLS and FOUNDED with capital; controllers only through CONTROLS edges and stakes
above 50 %; the ultimate controllers are the tops of the control chains.
"""
import networkx as nx
import pytest

from whofunds.graph.trace import effective_stake, money_trail, ultimate_controllers

TYPES = {"gov": "GovernmentBody", "gov2": "GovernmentBody", "fund": "Fund", "fund2": "Fund", "city": "City"}


def graph(edges):
    """MultiDiGraph from (source, target, relation, stake) tuples with one evidence sentence per edge."""
    G = nx.MultiDiGraph()
    for u, v, rel, stake in edges:
        for n in (u, v):
            G.add_node(n, name=n.title(), type=TYPES.get(n, "Firm"), aliases=[])
        sentence = f"{u} {rel.lower()} {v}."
        G.add_edge(u, v, key=rel, type=rel, stake=stake, amount=None, amount_text=None, status="stated",
                   evidence=[{"doc_id": f"doc-{u}-{v}", "path": f"{u}.txt", "sentence": sentence,
                              "start": 0, "end": len(sentence), "stake": stake}])
    return G


def funders(trail):
    return {f.node: f for f in trail.funders}


def test_chain_with_known_stakes_multiplies_them():
    # gov controls 50 % of fund, fund holds 40 % of nio, nio supplies parts to oem (not money).
    G = graph([("gov", "fund", "CONTROLS", 50.0), ("fund", "nio", "INVESTS_IN", 40.0),
               ("nio", "oem", "SUPPLIES", None)])
    trail = money_trail(G, "nio")
    found = funders(trail)
    assert list(found) == ["fund", "gov"]  # by distance
    assert found["fund"].distance == 1 and found["gov"].distance == 2
    (path,) = found["gov"].paths
    assert path.nodes == ["gov", "fund", "nio"]
    assert [h.stake for h in path.hops] == [50.0, 40.0]
    assert path.effective_stake == pytest.approx(20.0)
    assert found["fund"].paths[0].effective_stake == pytest.approx(40.0)
    # 40 % of nio is not control: gov and fund fund nio, nobody controls it; gov controls fund
    assert trail.ultimate == [] and not found["gov"].ultimate and not found["fund"].ultimate
    assert money_trail(G, "fund").ultimate == ["gov"]
    # every hop carries its evidence
    hop = path.hops[0]
    assert hop.edges[0]["type"] == "CONTROLS"
    assert hop.edges[0]["evidence"][0]["sentence"] == "gov controls fund."
    assert hop.edges[0]["evidence"][0]["doc_id"] == "doc-gov-fund"
    # the supplier is not a funder, and the portfolio stops at money edges
    down = money_trail(G, "gov", direction="down")
    assert "oem" not in funders(down)
    assert [f.node for f in down.funders] == ["fund", "nio"]
    assert down.funders[1].paths[0].nodes == ["gov", "fund", "nio"]
    assert down.funders[1].paths[0].effective_stake == pytest.approx(20.0)
    assert down.ultimate == ["nio"]


def test_unknown_stake_gives_no_effective_stake():
    G = graph([("gov", "fund", "CONTROLS", None), ("fund", "nio", "INVESTS_IN", 40.0)])
    (path,) = funders(money_trail(G, "nio"))["gov"].paths
    assert path.effective_stake is None
    assert effective_stake([50, 40]) == pytest.approx(20.0)
    assert effective_stake([]) is None


def test_minority_funders_are_funders_not_controllers():
    # gov (60 %) and gov2 (40 %) own fund; gov also holds 10 % of nio directly; fund holds all of nio.
    G = graph([("gov", "fund", "CONTROLS", 60.0), ("gov2", "fund", "INVESTS_IN", 40.0),
               ("fund", "nio", "INVESTS_IN", 100.0), ("gov", "nio", "INVESTS_IN", 10.0)])
    trail = money_trail(G, "nio")
    assert set(funders(trail)) == {"fund", "gov", "gov2"}  # gov2 funds nio through fund ...
    assert trail.ultimate == ["gov"]  # ... but only gov controls fund, which controls nio
    assert ultimate_controllers(G, "nio") == ["gov"]
    gov = funders(trail)["gov"]
    assert gov.distance == 1
    assert [p.nodes for p in gov.paths] == [["gov", "nio"], ["gov", "fund", "nio"]]
    assert [p.effective_stake for p in gov.paths] == pytest.approx([10.0, 60.0])
    assert funders(trail)["gov2"].paths[0].effective_stake == pytest.approx(40.0)


def test_cycles_terminate_and_top_cycles_are_ultimate():
    # fund and holdco hold each other (fund 30 % of holdco, holdco controls fund); gov controls holdco
    # from outside; fund holds 60 % of nio.
    G = graph([("fund", "holdco", "INVESTS_IN", 30.0), ("holdco", "fund", "CONTROLS", 51.0),
               ("gov", "holdco", "CONTROLS", 70.0), ("fund", "nio", "INVESTS_IN", 60.0)])
    trail = money_trail(G, "nio")
    assert set(funders(trail)) == {"fund", "holdco", "gov"}
    assert trail.ultimate == ["gov"]
    for f in trail.funders:
        for p in f.paths:
            assert len(p.nodes) == len(set(p.nodes))  # simple paths only
    # a ring of mutual control has nobody above it: its members are the ultimate controllers
    G = graph([("a", "b", "CONTROLS", None), ("b", "a", "CONTROLS", None), ("b", "x", "CONTROLS", None)])
    assert money_trail(G, "x").ultimate == ["a", "b"]
    assert money_trail(G, "a").ultimate == ["b"]
    # a ring of funding without control is no controller at all
    G = graph([("a", "b", "INVESTS_IN", None), ("b", "a", "INVESTS_IN", None), ("b", "x", "INVESTS_IN", None)])
    assert money_trail(G, "x").ultimate == [] and set(funders(money_trail(G, "x"))) == {"a", "b"}


@pytest.mark.parametrize("stake, controls", [(None, False), (25.0, False), (50.0, False), (50.1, True),
                                             (100.0, True)])
def test_control_needs_more_than_half(stake, controls):
    G = graph([("gov", "fund", "CONTROLS", None), ("fund", "nio", "INVESTS_IN", stake)])
    assert ultimate_controllers(G, "nio") == (["gov"] if controls else [])
    assert set(funders(money_trail(G, "nio"))) == {"fund", "gov"}  # a funder either way


def test_founded_with_capital_is_a_labelled_funding_hop():
    G = graph([("gov", "chipco", "FOUNDED", None), ("fund", "chipco", "FOUNDED", None),
               ("founder", "chipco", "FOUNDED", None), ("mof", "fund", "INVESTS_IN", None)])
    G.nodes["founder"]["type"] = "Person"  # a person who founded a firm: its founder, not its funder
    trail = money_trail(G, "chipco")
    found = funders(trail)
    assert set(found) == {"gov", "fund", "mof"}
    (hop,) = found["gov"].paths[0].hops
    assert [(e["type"], e["label"]) for e in hop.edges] == [("FOUNDED", "founded with capital")]
    assert [[e["type"] for e in h.edges] for h in found["mof"].paths[0].hops] == [["INVESTS_IN"], ["FOUNDED"]]
    # a person's founding counts once the text states the capital
    G["founder"]["chipco"]["FOUNDED"]["amount"] = 5e6
    assert "founder" in funders(money_trail(G, "chipco"))
    # --relation: only these funding relations
    only = money_trail(G, "chipco", relation_types=["INVESTS_IN"])
    assert only.funders == [] and only.relation_types == ["INVESTS_IN"]
    assert set(funders(money_trail(G, "chipco", relation_types=["FOUNDED"]))) == {"gov", "fund", "founder"}
    with pytest.raises(KeyError, match="funding relations only"):
        money_trail(G, "chipco", relation_types=["SUPPLIES"])


def test_a_city_and_its_government_are_one_actor():
    # Hefei invests in NIO; its government founded CXMT and controls a fund; the government names its
    # city in its `city` attribute (not an edge)
    G = graph([("city", "nio", "INVESTS_IN", None), ("gov", "cxmt", "FOUNDED", None), ("gov", "fund", "CONTROLS", None),
               ("gov2", "parts", "INVESTS_IN", None)])
    G.nodes["gov"]["city"] = "city"
    G.nodes["gov2"]["city"] = "city"  # another body of the same city (its investment promotion bureau)
    down = money_trail(G, "city", direction="down")
    assert {f.node for f in down.funders} == {"nio", "cxmt", "fund", "parts"}  # what both hold, no bodies
    cxmt = funders(down)["cxmt"].paths[0]
    assert cxmt.nodes == ["city", "gov", "cxmt"] and cxmt.hops[0].link
    assert [e["type"] for e in cxmt.hops[0].edges] == ["HAS_GOVERNMENT"]
    from_gov = funders(money_trail(G, "gov", direction="down"))
    assert from_gov["nio"].paths[0].nodes == ["gov", "city", "nio"]
    assert [e["type"] for e in from_gov["nio"].paths[0].hops[0].edges] == ["GOVERNMENT_OF"]
    assert from_gov["parts"].paths[0].nodes == ["gov", "city", "gov2", "parts"]
    up = money_trail(G, "cxmt")
    assert [(f.node, f.distance) for f in up.funders] == [("gov", 1), ("city", 2), ("gov2", 3)]
    # the government controls the fund: so do its city and the city's other bodies, as one actor
    assert money_trail(G, "fund").ultimate == ["city", "gov", "gov2"]
    # a link hop is the same actor: it does not make a known stake unknown
    G["gov"]["fund"]["CONTROLS"]["stake"] = 100.0
    assert funders(money_trail(G, "fund"))["city"].paths[0].effective_stake == pytest.approx(100.0)
    assert money_trail(G, "gov").funders == []  # nobody funds a government; its city is no funder of it


def test_parallel_money_edges_share_a_hop():
    G = graph([("gov", "fund", "CONTROLS", None), ("gov", "fund", "INVESTS_IN", 35.0)])
    (path,) = funders(money_trail(G, "fund"))["gov"].paths
    (hop,) = path.hops
    assert [e["type"] for e in hop.edges] == ["CONTROLS", "INVESTS_IN"]
    assert hop.stake == 35.0


def test_enumeration_limits_keep_every_funder():
    # a ladder: many paths from the top to the bottom
    edges = []
    for i in range(6):
        edges += [(f"l{i}", f"l{i+1}", "INVESTS_IN", 50.0), (f"r{i}", f"r{i+1}", "INVESTS_IN", 50.0),
                  (f"l{i}", f"r{i+1}", "INVESTS_IN", 50.0), (f"r{i}", f"l{i+1}", "INVESTS_IN", 50.0)]
    G = graph(edges)
    full = money_trail(G, "l6")
    assert not full.truncated
    assert len(funders(full)["l0"].paths) == 2 ** 5  # each of 5 inner rungs offers two ways
    cut = money_trail(G, "l6", max_paths=10)
    assert cut.truncated
    assert set(funders(cut)) == set(funders(full))
    assert all(f.paths for f in cut.funders)
    shallow = money_trail(G, "l6", max_depth=2)
    assert shallow.truncated and set(funders(shallow)) == set(funders(full))


def test_isolated_and_bad_arguments():
    G = graph([("gov", "fund", "CONTROLS", None)])
    G.add_node("lonely", name="Lonely", type="Firm")
    trail = money_trail(G, "lonely")
    assert trail.funders == [] and trail.ultimate == []
    with pytest.raises(LookupError):
        money_trail(G, "nobody")
    with pytest.raises(ValueError, match="direction"):
        money_trail(G, "gov", direction="sideways")
    data = money_trail(G, "fund").to_dict()
    assert data["ultimate"] == ["gov"] and data["funders"][0]["paths"][0]["nodes"] == ["gov", "fund"]
