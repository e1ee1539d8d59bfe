"""The questions an analyst asks first, answered right on the sample and the seeds (issue 12).

Each answer is what the articles state: docs/control.md says what "funder", "controller" and
"ultimate controller" mean; data/sample/*.txt and ../shared/corpus/seeds are the texts. Python
and Cypher give the same rows for all of these (tests/test_queries_parity.py).
"""
from __future__ import annotations

import random
import subprocess
import sys

import networkx as nx
import pytest

from whofunds.graph import control
from whofunds.graph.io import read_graph
from whofunds.graph.lookup import resolve_node
from whofunds.graph.trace import money_trail, ultimate_controllers
from whofunds.queries import embedded

WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]


@pytest.fixture(scope="module")
def sample(sample_graph_json):
    return read_graph(sample_graph_json)


@pytest.fixture(scope="module")
def seeds(seeds_dir, tmp_path_factory):
    from whofunds.pipeline import build

    out = tmp_path_factory.mktemp("seeds-answers")
    build([seeds_dir], out, write_map=False, use_cache=False)
    return read_graph(out / "graph.json")


def funders(G, name, direction="up", **kw) -> dict:
    trail = money_trail(G, resolve_node(G, name), direction, **kw)
    return {G.nodes[f.node]["name"]: f for f in trail.funders}


def names(G, nodes) -> list[str]:
    return sorted(G.nodes[n]["name"] for n in nodes)


# --------------------------------------------------------------------------- control

def test_jac_is_a_funder_not_the_controller_of_volkswagen_anhui(sample):
    # "JAC Motors holds the remaining 25% of Volkswagen Anhui"
    vw_anhui = resolve_node(sample, "Volkswagen Anhui")
    found = funders(sample, "Volkswagen Anhui")
    assert "Anhui Jianghuai Automobile Group" in found
    assert found["Anhui Jianghuai Automobile Group"].paths[0].effective_stake == pytest.approx(25.0)
    assert ultimate_controllers(sample, vw_anhui) == []
    assert embedded.ultimate_controllers(sample, "Volkswagen Anhui") == []


def test_nio_has_funders_and_no_controller_in_the_text(sample):
    # "None of these state bodies controls NIO, which kept a majority of its Chinese business"
    found = funders(sample, "NIO")
    assert {"Hefei", "Hefei Construction Investment Holding", "Hefei Jianheng New Energy Vehicle Investment Fund",
            "CMG-SDIC Capital", "Anhui Provincial Emerging Industry Investment", "Hefei SASAC"} <= set(found)
    assert money_trail(sample, "firm:nio").ultimate == []
    assert embedded.ultimate_controllers(sample, "NIO") == []


def test_the_state_owners_behind_the_jianheng_fund(sample):
    # "Hefei SASAC controls Hefei Jiantou ... as its sole shareholder. Hefei Jiantou in turn controls the ... Fund"
    jianheng = resolve_node(sample, "Hefei Jianheng New Energy Vehicle Investment Fund")
    assert names(sample, ultimate_controllers(sample, jianheng)) == ["Hefei SASAC"]
    sasac = funders(sample, "Jianheng")["Hefei SASAC"]
    assert [e["type"] for h in sasac.paths[0].hops for e in h.edges] == ["CONTROLS", "CONTROLS"]
    assert sasac.paths[0].hops[0].stake == 100.0  # "as its sole shareholder"
    assert [r["controller"] for r in embedded.ultimate_controllers(sample, "Hefei Jiantou")] == ["Hefei SASAC"]


def test_trace_names_the_founding_funders_of_ymtc_and_cxmt(sample):
    # "YMTC ... was founded in 2016 by Tsinghua Unigroup and the Big Fund"; "CXMT ... co-founded by the Hefei government"
    ymtc = funders(sample, "YMTC")
    assert {"Tsinghua Unigroup", "China Integrated Circuit Industry Investment Fund"} <= set(ymtc)
    hop = ymtc["Tsinghua Unigroup"].paths[0].hops[0]
    # (founded together with another firm, it also invested in it: the same sentence's INVESTS_IN edge)
    assert sorted((e["type"], e["label"]) for e in hop.edges) == [("FOUNDED", "founded with capital"),
                                                                  ("INVESTS_IN", "invests in")]
    assert {"Ministry of Finance", "China Development Bank Capital"} <= set(ymtc)  # the Big Fund's own funders
    cxmt = funders(sample, "CXMT")
    assert cxmt["Hefei municipal government"].distance == 1
    assert cxmt["Hefei"].paths[0].nodes == ["city:hefei", "governmentbody:hefei-municipal-government",
                                            "firm:changxin-memory-technologies"]
    # a founder who is a person is the firm's founder, not (on this evidence) its funder
    assert "William Li" not in funders(sample, "NIO")


def test_the_cli_trace_of_ymtc_and_cxmt_lists_funders(sample_graph_json):
    for name, funder in (("YMTC", "Tsinghua Unigroup"), ("CXMT", "Hefei municipal government")):
        out = subprocess.run([*WHOFUNDS, "trace", str(sample_graph_json), name], capture_output=True, text=True,
                             env=dict(__import__("os").environ, COLUMNS="200"))
        assert out.returncode == 0 and funder in out.stdout and "no funders found" not in out.stdout
        assert "founded with capital" in out.stdout


def test_trace_from_a_city_or_its_government_reaches_what_both_hold(sample, seeds):
    for G, cxmt in ((sample, "CXMT"), (seeds, "CXTM")):
        held = {G.nodes[resolve_node(G, cxmt)]["name"], "NIO", "BOE Technology Group"}
        from_city = funders(G, "Hefei", "down")
        from_government = funders(G, "Hefei municipal government", "down")
        assert held <= set(from_city) and held <= set(from_government)
        assert {"Hefei", "Hefei municipal government"}.isdisjoint(from_city.keys() | from_government.keys())
    assert funders(seeds, "CXTM")["Hefei municipal government"].distance == 1  # "co-founded by the native authorities"


def test_relation_choice_selects_what_a_trace_follows(sample):
    assert set(funders(sample, "YMTC", relation_types=["CONTROLS"])) == set()
    assert set(funders(sample, "YMTC", relation_types=["FOUNDED"])) == {
        "Tsinghua Unigroup", "China Integrated Circuit Industry Investment Fund"}
    # the Big Fund's own funders are reached through what they invested, not through a founding
    assert {"Ministry of Finance", "China Development Bank Capital"} <= set(
        funders(sample, "YMTC", relation_types=["INVESTS_IN"]))


# --------------------------------------------------------------------------- chain maps

def chain(G, city=None) -> list[tuple]:
    return [(r["city"], r["industry"], r["role"], r["entity"]) for r in embedded.run_embedded(
        G, "chain_map", {} if city is None else {"city": city})]


def test_chain_maps_of_chengdu_and_changchun(sample):
    # BOE has a plant in Chengdu but leads Hefei's display chain; "FAW is the chain leader of Changchun's automotive chain"
    chengdu = chain(sample, "Chengdu")
    assert not any(role == "chain leader" for _, _, role, _ in chengdu)
    assert ("Chengdu", "electronic information", "targeted by", "Chengdu") in chengdu  # "The Chengdu government targets"
    # the chain is Changchun's, so the city targets the industry too ("Changchun's automotive chain")
    assert sorted(chain(sample, "Changchun")) == [("Changchun", "automobiles", "chain leader", "China FAW Group"),
                                                  ("Changchun", "automobiles", "targeted by", "Changchun")]
    assert ("Hefei", "display screens", "chain leader", "BOE Technology Group") in chain(sample, "Hefei")


def test_chain_map_of_every_city(sample, seeds):
    every = chain(sample)
    assert {c for c, *_ in every} == {"Changchun", "Changsha", "Chengdu", "Hefei", "Wuxi"}
    assert ("Changsha", "construction machinery", "chain leader", "Zoomlion Heavy Industry Science and Technology") in every
    assert ("Changsha", "new energy vehicles", "chain boss", "Changsha mayor") in every
    # Wuxi and the Wuxi government both target semiconductors: one actor, one row
    assert [r for r in every if r[0] == "Wuxi" and r[1] == "semiconductors"] == [
        ("Wuxi", "semiconductors", "targeted by", "Wuxi")]
    assert ("Hefei", "semiconductors", "chain boss", "Hefei Communist Party chief") in chain(seeds)


# --------------------------------------------------------------------------- rank

def test_rank_puts_funders_first_and_leaves_places_out(sample_graph_json):
    out = subprocess.run([*WHOFUNDS, "rank", str(sample_graph_json), "--json", "--top", "10"],
                         capture_output=True, text=True)
    rows = __import__("json").loads(out.stdout)
    assert out.returncode == 0 and rows[0]["name"] == "Hefei SASAC"  # controls the fund that funds NIO, BOE ...
    assert not {"Anhui", "Hubei", "Hefei"} & {r["name"] for r in rows}
    assert {"China Integrated Circuit Industry Investment Fund", "Hefei municipal government"} <= {r["name"] for r in rows}


# --------------------------------------------------------------------------- generated graphs

def ownership_web(seed: int, n: int = 13) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(n):
        G.add_node(i, name=f"n{i}", type=rng.choice(["Firm", "Fund", "Fund"]))
    for _ in range(n * 3):
        u, v = rng.sample(range(n), 2)
        rel = rng.choice(["INVESTS_IN", "CONTROLS", "FOUNDED"])
        if not G.has_edge(u, v, key=rel):
            G.add_edge(u, v, key=rel, type=rel, stake=rng.choice([None, 30.0, 49.9, 50.0, 50.1, 70.0]))
    return G


def oracle(G: nx.MultiDiGraph, x) -> set:
    """Ultimate controllers by the textbook route: the top strongly connected components of x's control ancestors."""
    C = nx.DiGraph([(u, v) for u, v, a in G.edges(data=True) if control.is_control(G, u, v, a)])
    if x not in C:
        return set()
    up = nx.ancestors(C, x) | {x}
    H = nx.condensation(C.subgraph(up))
    return {m for c in H if H.in_degree(c) == 0 for m in H.nodes[c]["members"]} - {x}


@pytest.mark.parametrize("seed", range(40))
def test_ultimate_controllers_are_the_tops_of_control_chains(seed):
    # 13 nodes: every shortest chain fits the model's 12 hops, so the bound never cuts an answer
    G = ownership_web(seed)
    for x in G:
        assert set(control.ultimate_controllers(G, x)) == oracle(G, x), x
