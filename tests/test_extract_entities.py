"""Entity typing: gazetteer places, legal-form and head-word rules, industries as global nodes.

Names of firms and people are invented here so that the rules, not a memorised list, type them.
"""
from __future__ import annotations

import pytest

from test_extract_constructions import check, edges, graph_of, nlp, node  # noqa: F401  (fixtures)
from whofunds.graph.resolve import slug


def test_gazetteer_types_prefecture_cities_and_provinces(graph_of):
    G = graph_of("Officials from Wuhu, Bengbu, Zhuzhou, Xiangtan and Ganzhou met in Hefei, the capital of Anhui "
                 "province, with delegates from Jiangsu, Hunan and Guangdong.")
    for city in ("Wuhu", "Bengbu", "Zhuzhou", "Xiangtan", "Ganzhou", "Hefei"):
        assert (node(G, city) or {}).get("type") == "City", city
    for province in ("Anhui", "Jiangsu", "Hunan", "Guangdong"):
        assert (node(G, province) or {}).get("type") == "Province", province
    # "Anhui province" is the province, not a second node
    assert node(G, "Anhui province") is node(G, "Anhui") or node(G, "Anhui province") == node(G, "Anhui")
    assert sum(1 for _, d in G.nodes(data=True) if d["type"] == "Province") == 4


def test_gazetteer_places_located_in_their_province_when_named_together(graph_of):
    G = graph_of("Officials from Wuhu, Zhuzhou and Xiangtan met delegates from Anhui and Hunan.")
    found = edges(G)
    assert {("Wuhu", "LOCATED_IN", "Anhui"), ("Zhuzhou", "LOCATED_IN", "Hunan"),
            ("Xiangtan", "LOCATED_IN", "Hunan")} <= found, found
    assert ("Wuhu", "LOCATED_IN", "Hunan") not in found and ("Zhuzhou", "LOCATED_IN", "Anhui") not in found


# (name as the sentence writes it, the type its legal form or head word gives)
HEAD_WORDS = [
    ("Qingluan Holdings", "Firm"),
    ("Baishan Group", "Firm"),
    ("Tianmu Technology Co., Ltd.", "Firm"),
    ("Huangshan Semiconductor Corp", "Firm"),
    ("Jinhe Industrial Fund", "Fund"),
    ("Luyang Finance Bureau", "GovernmentBody"),
    ("Xiangjiang Planning Commission", "GovernmentBody"),
    ("Ministry of Commerce", "GovernmentBody"),
    ("Dongshan University", "Institution"),
    ("Huaxin Institute", "Institution"),
]


@pytest.mark.parametrize("name, type_", HEAD_WORDS, ids=[n for n, _ in HEAD_WORDS])
def test_legal_form_and_head_word_give_the_type(graph_of, name, type_):
    G = graph_of(f"The {name} said on Monday that results had improved.")
    core = name.split(" Co.,")[0]
    found = node(G, core)
    assert found is not None, sorted(d["name"] for _, d in G.nodes(data=True))
    assert found["type"] == type_, found


def test_place_names_inside_organisation_names_do_not_make_places(graph_of):
    G = graph_of("The Wuxi Qingshan Development Group and the Changsha Development and Reform Commission "
                 "said on Monday that results had improved.")
    assert (node(G, "Wuxi Qingshan Development Group") or {}).get("type") == "Firm", sorted(edges(G))
    assert (node(G, "Changsha Development and Reform Commission") or {}).get("type") == "GovernmentBody"
    assert node(G, "Wuxi", "City") is None and node(G, "Changsha", "City") is None


def test_node_ids_follow_the_contract(graph_of):
    G = graph_of("Baishan Group is based in Wuhu. Dongshan University said on Monday that results had improved.")
    assert len(G) >= 3
    for node_id, d in G.nodes(data=True):
        assert node_id == f"{d['type'].lower()}:{slug(d['name'])}", (node_id, d)


def test_industry_synonyms_are_one_node_within_a_document(graph_of):
    G = graph_of("Wuxi has targeted chips. Changsha has targeted integrated circuits. Hefei has targeted semiconductors.")
    industries = [d for _, d in G.nodes(data=True) if d["type"] == "Industry"]
    assert len(industries) == 1, industries
    for city in ("Wuxi", "Changsha", "Hefei"):
        assert (city, "TARGETS_INDUSTRY", industries[0]["name"]) in edges(G)


def test_industry_synonyms_are_one_global_node_across_documents(graph_of):
    G = graph_of("Wuxi has targeted chips.", "Hefei has targeted the semiconductor industry.",
                 "Changsha has targeted integrated circuits.")
    industries = [(n, d) for n, d in G.nodes(data=True) if d["type"] == "Industry"]
    assert [n for n, _ in industries] == ["industry:semiconductors"], industries
    assert len(industries[0][1]["doc_ids"]) == 3


@pytest.mark.parametrize("texts, canonical", [
    (("Hefei has targeted electric vehicles.", "Wuxi has targeted new energy vehicles.",
      "Changsha has targeted NEVs."), "new energy vehicles"),
    (("Hefei has targeted artificial intelligence.", "Wuxi has targeted AI."), "artificial intelligence"),
], ids=["new-energy-vehicles", "artificial-intelligence"])
def test_other_industry_synonyms(graph_of, texts, canonical):
    G = graph_of(*texts)
    industries = [d["name"] for _, d in G.nodes(data=True) if d["type"] == "Industry"]
    assert industries == [canonical]
    assert sum(1 for _, _, k in G.edges(keys=True) if k == "TARGETS_INDUSTRY") == len(texts)


def test_different_industries_stay_apart(graph_of):
    G = graph_of("Hefei has targeted semiconductors. Hefei has also targeted display screens and batteries.")
    industries = sorted(d["name"] for _, d in G.nodes(data=True) if d["type"] == "Industry")
    assert industries == ["batteries", "display screens", "semiconductors"], sorted(edges(G))


def test_leading_article_is_not_part_of_a_name(graph_of):
    G = graph_of("Xinlian Motors makes electric cars. The Hefei State-owned Assets Supervision and Administration "
                 "Commission controls Xinlian Motors.")
    commission = node(G, "Hefei State-owned Assets Supervision and Administration Commission", "GovernmentBody")
    assert commission is not None, sorted(edges(G))
    assert not commission["name"].lower().startswith("the "), commission["name"]


def test_a_given_name_that_is_also_a_place_stays_a_persons(graph_of):
    G = graph_of("Jilin held a meeting. Liu Jincheng, chairman of Lumen Energy Co., said the investment would secure "
                 "nickel.")
    assert node(G, "Liu Jincheng", "Person") is not None
    assert ("Liu Jincheng", "WORKS_FOR", "Lumen Energy") in edges(G)
    # the place alone is still a place
    G = graph_of("Lumen Energy Co. built a plant in Jincheng.")
    assert node(G, "Jincheng", "City") is not None


def test_a_venture_named_with_a_known_partner_is_the_venture(graph_of):
    G = graph_of("Its ventures are listed below.\n\nQuorra Toyota Motor Co. | Wuhu | Quorra Group 50%, Toyota Motor 50%\n")
    check(G, [("Toyota Motor", "INVESTS_IN", "Quorra Toyota Motor"), ("Quorra Group", "INVESTS_IN", "Quorra Toyota Motor")],
          [("Quorra Group", "INVESTS_IN", "Toyota Motor")])


def test_well_known_foreign_firms_are_firms(graph_of):
    G = graph_of("Tangram Cells signed supply deals with PACCAR and Daimler Truck, and Quorra Robotics buys arms from "
                 "Fanuc and Yaskawa.")
    for name in ("PACCAR", "Daimler Truck", "Fanuc", "Yaskawa Electric"):
        assert node(G, name) is not None and node(G, name)["type"] == "Firm", name
