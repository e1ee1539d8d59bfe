"""Money trails on small graphs whose funders, paths and stakes are worked out by hand here."""
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
    assert trail.ultimate == ["gov"] and found["gov"].ultimate and not found["fund"].ultimate
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


def test_two_ultimate_controllers_and_two_paths():
    # gov (60 %) and gov2 (40 %) own fund; gov also holds 10 % of nio directly; fund holds all of nio.
    G = graph([("gov", "fund", "CONTROLS", 60.0), ("gov2", "fund", "INVESTS_IN", 40.0),
               ("fund", "nio", "INVESTS_IN", 100.0), ("gov", "nio", "INVESTS_IN", 10.0)])
    trail = money_trail(G, "nio")
    assert trail.ultimate == ["gov", "gov2"]
    assert ultimate_controllers(G, "nio") == ["gov", "gov2"]
    gov = funders(trail)["gov"]
    assert gov.distance == 1
    assert [p.nodes for p in gov.paths] == [["gov", "nio"], ["gov", "fund", "nio"]]
    assert [p.effective_stake for p in gov.paths] == pytest.approx([10.0, 60.0])
    assert funders(trail)["gov2"].paths[0].effective_stake == pytest.approx(40.0)


def test_cycles_terminate_and_top_cycles_are_ultimate():
    # fund and holdco own each other; gov funds holdco from outside; nio is funded by fund.
    G = graph([("fund", "holdco", "INVESTS_IN", 30.0), ("holdco", "fund", "CONTROLS", 51.0),
               ("gov", "holdco", "CONTROLS", 70.0), ("fund", "nio", "INVESTS_IN", 20.0)])
    trail = money_trail(G, "nio")
    assert set(funders(trail)) == {"fund", "holdco", "gov"}
    assert trail.ultimate == ["gov"]
    for f in trail.funders:
        for p in f.paths:
            assert len(p.nodes) == len(set(p.nodes))  # simple paths only
    # a pure cycle has nobody above it: its members are the ultimate controllers
    G = graph([("a", "b", "INVESTS_IN", None), ("b", "a", "INVESTS_IN", None), ("b", "x", "INVESTS_IN", None)])
    assert money_trail(G, "x").ultimate == ["a", "b"]
    assert money_trail(G, "a").ultimate == ["b"]


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
