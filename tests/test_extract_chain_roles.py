"""Chain leaders and chain chiefs, construction by construction.

Covers: "respectively" pairing two lists in order; an industry in brackets after each name; a fronted "As
chain leader of X," phrase; "the chain leader" after a sentence about one industry's chain; "chain-owner"
and "chain-master" enterprises and "chain-leader enterprises in X". Every sentence is written here with
invented names, and each positive case sits beside a near miss.
"""
from __future__ import annotations

from test_extract_constructions import check, edges, graph_of, nlp  # noqa: F401 - fixtures


def test_respectively_pairs_two_lists_in_order(graph_of):
    G = graph_of("Lianshan picked Borlan Power and Kestrel Chips Co. as chain leaders for new energy vehicles and "
                 "semiconductors respectively.")
    check(G, [("Borlan Power", "CHAIN_LEADER_OF", "new energy vehicles"),
              ("Kestrel Chips", "CHAIN_LEADER_OF", "semiconductors")],
          [("Borlan Power", "CHAIN_LEADER_OF", "semiconductors"),
           ("Kestrel Chips", "CHAIN_LEADER_OF", "new energy vehicles")])


def test_without_respectively_every_name_leads_every_chain(graph_of):
    # near miss: with no "respectively", two leaders of two chains are each both chains' leaders
    G = graph_of("Lianshan picked Borlan Power and Kestrel Chips Co. as chain leaders for new energy vehicles and "
                 "semiconductors.")
    check(G, [("Borlan Power", "CHAIN_LEADER_OF", "semiconductors"),
              ("Kestrel Chips", "CHAIN_LEADER_OF", "new energy vehicles")])


def test_an_industry_in_brackets_after_each_name(graph_of):
    G = graph_of("Lianshan's chain leaders are Borlan Power (lithium batteries) and Kestrel Chips Co. (integrated "
                 "circuits). Its chain chiefs are Li Wen (robotics) and Zhou Min (new energy vehicles).")
    check(G, [("Borlan Power", "CHAIN_LEADER_OF", "batteries"), ("Kestrel Chips", "CHAIN_LEADER_OF", "semiconductors"),
              ("Li Wen", "CHAIN_BOSS_OF", "robotics"), ("Zhou Min", "CHAIN_BOSS_OF", "new energy vehicles")],
          [("Borlan Power", "CHAIN_LEADER_OF", "semiconductors")])


def test_bracketed_industries_without_chain_roles_name_no_leader(graph_of):
    G = graph_of("Borlan Power (lithium batteries) and Kestrel Chips Co. (integrated circuits) opened plants.")
    assert not [e for e in edges(G) if e[1] in {"CHAIN_LEADER_OF", "CHAIN_BOSS_OF"}]


def test_a_fronted_as_phrase_describes_the_clauses_subject(graph_of):
    G = graph_of("As the chain leader of the city's integrated circuit industry, Kestrel Chips Co. draws suppliers "
                 "to Lianshan. As chairman of Borlan Group, Li Wen hired Vantor Systems Co. as its auditor.")
    check(G, [("Kestrel Chips", "CHAIN_LEADER_OF", "semiconductors"), ("Li Wen", "WORKS_FOR", "Borlan Group")],
          # near miss: "as" after the object describes the object
          [("Li Wen", "WORKS_FOR", "Vantor Systems")])


def test_the_chain_leader_after_a_sentence_about_one_industrys_chain(graph_of):
    G = graph_of("Lianshan wants its new energy vehicle industry to double by 2027. Borlan Motors is the chain "
                 "leader.")
    check(G, [("Borlan Motors", "CHAIN_LEADER_OF", "new energy vehicles")])


def test_the_chain_leader_after_a_sentence_that_only_names_goods_leads_nothing(graph_of):
    # near miss: a firm making the goods is no sign that the sentence before was about that chain
    G = graph_of("Vantor Motors makes new energy vehicles in Lianshan. Borlan Motors is the chain leader.")
    check(G, [], [("Borlan Motors", "CHAIN_LEADER_OF", "new energy vehicles")])


def test_chain_owner_enterprises_and_leaders_in_an_industry(graph_of):
    G = graph_of("The city designated Borlan Motors and Vantor Auto as the chain-owner enterprises of its "
                 "new energy vehicle chain. Kestrel Chips Co. was named a chain-leader enterprise in the city's "
                 "integrated circuit industry.")
    check(G, [("Borlan Motors", "CHAIN_LEADER_OF", "new energy vehicles"),
              ("Vantor Auto", "CHAIN_LEADER_OF", "new energy vehicles"),
              ("Kestrel Chips", "CHAIN_LEADER_OF", "semiconductors")])


CITY_STORY = ("Lianshan names chain chiefs\n\nLIANSHAN, March 3 - Lianshan, a city in Hubei province, is betting on "
              "new industries.\n\nLin Hao, the Lianshan party secretary, is chain chief of the lithium battery chain, "
              "and Kestrel Steel Group leads the stainless steel chain.")


def test_a_chain_in_a_city_story_is_a_target_of_the_city(graph_of):
    # no sentence says "the city's chain" or "Lianshan has named": the story's city is whose chains they are
    G = graph_of(CITY_STORY)
    check(G, [("Lianshan", "TARGETS_INDUSTRY", "batteries"), ("Lianshan", "TARGETS_INDUSTRY", "stainless steel")])


def test_a_chain_of_no_place_is_no_ones_target(graph_of):
    # near miss: with no place in the text, a chain names no targeting place
    G = graph_of("Lin Hao is chain chief of the lithium battery chain.")
    assert not [e for e in edges(G) if e[1] == "TARGETS_INDUSTRY"]


def test_leading_an_industry_among_chains_is_leading_its_chain(graph_of):
    # "leads new displays" says no "chain"; the sentence or its paragraph is about chains
    G = graph_of("Lianshan has named chain leaders. Kestrel Optoelectronics Technology leads new displays, and Vantor "
                 "Motor Group leads the automobile chain.")
    check(G, [("Kestrel Optoelectronics Technology", "CHAIN_LEADER_OF", "display screens")])
    # near miss: leading a market is no chain role, in a paragraph about anything else
    G = graph_of("Kestrel Optoelectronics Technology leads new displays in sales, analysts said.")
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


def test_the_chain_roles_after_a_sentence_naming_an_industry_a_chain(graph_of):
    G = graph_of("The city has since named lithium batteries one of its six key industrial chains. Party secretary "
                 "Zhou Min is the chain chief, and Kestrel Energy is the chain leader.")
    check(G, [("Zhou Min", "CHAIN_BOSS_OF", "batteries"), ("Kestrel Energy", "CHAIN_LEADER_OF", "batteries")])
    # near miss: after a sentence that only mentions the industry, "the chain leader" says nothing of it
    G = graph_of("Kestrel Energy makes lithium batteries in Wuxi. Vantor Motor is the chain leader.")
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


def test_a_districts_chain_is_not_the_story_citys_target(graph_of):
    # near miss of the story-city reading: a district head's chain is the district's
    G = graph_of(CITY_STORY + " District head Shen Li is chain chief of the new materials chain.")
    check(G, [("Lianshan", "TARGETS_INDUSTRY", "batteries"), ("Shen Li", "CHAIN_BOSS_OF", "new materials")],
          [("Lianshan", "TARGETS_INDUSTRY", "new materials")])


def test_a_gapped_leader_belongs_to_its_own_industry_not_to_the_next_verb(graph_of):
    G = graph_of("Vantor Energy is the chain-leader enterprise for lithium batteries, Tessor Motor for new-energy "
                 "vehicles, and Orvane Holding Group, whose base is in Fu'an, leads the stainless steel chain.")
    leader = "CHAIN_LEADER_OF"
    assert ("Orvane Holding Group", leader, "stainless steel") in edges(G)
    assert ("Tessor Motor", leader, "stainless steel") not in edges(G)
    # near miss: two names that share the verb both lead the chain
    G = graph_of("Tessor Motor and Orvane Holding Group lead the stainless steel chain.")
    assert {("Tessor Motor", leader, "stainless steel"), ("Orvane Holding Group", leader, "stainless steel")} <= edges(G)
