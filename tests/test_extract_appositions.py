"""What a description set off by commas describes, construction by construction.

Covers: a singular apposition after a list of names describes the last of them ("A and B, its rival"),
a plural one describes them all ("A and B, units of X"). Every sentence is written here with invented
names, and each positive case sits beside a near miss.
"""
from __future__ import annotations

from test_extract_constructions import check, edges, graph_of, nlp  # noqa: F401 - fixtures


def test_a_singular_apposition_after_a_list_describes_its_last_name(graph_of):
    G = graph_of("Regulators added Kestrel Chips and Vantor Technology, its Shanghai rival, to the list. "
                 "Orvena Motors signed deals with Pellix Lighting and Garno Technology, a unit of Harlan Group.")
    check(G, [("Vantor Technology", "LOCATED_IN", "Shanghai"),
              ("Harlan Group", "CONTROLS", "Garno Technology")],
          # "its" is the first name: it is not its own rival, and the unit is the last name's description
          [("Kestrel Chips", "LOCATED_IN", "Shanghai"),
           ("Harlan Group", "CONTROLS", "Pellix Lighting")])


def test_a_plural_apposition_after_a_list_describes_every_name(graph_of):
    G = graph_of("Kestrel Chips and Vantor Technology, units of Harlan Group, signed supply deals.")
    check(G, [("Harlan Group", "CONTROLS", "Kestrel Chips"),
              ("Harlan Group", "CONTROLS", "Vantor Technology")], [])


def test_a_places_own_state_vehicle_is_controlled_by_it(graph_of):
    G = graph_of("Jiaxing courted Kestrel Chips for two years. Orvena Capital, the investment arm of the city's "
                 "Nanhu district, and Lorvan Holding Group, the city's main state-owned investment platform, "
                 "put 2 billion yuan into Kestrel Chips. Jiaxing's largest private investor, Pellix Capital, "
                 "stayed out.")
    check(G, [("Nanhu District", "CONTROLS", "Orvena Capital"),
              ("Jiaxing", "CONTROLS", "Lorvan Holding Group")],
          # a private investor of the city is not the city's
          [("Jiaxing", "CONTROLS", "Pellix Capital")])


def test_a_state_vehicle_owned_by_a_named_body_or_named_for_another_city(graph_of):
    G = graph_of("Jiaxing courted Kestrel Chips for two years. Lorvan Holding Group, the city's state-owned "
                 "investment group, is wholly owned by the Jiaxing SASAC. Huzhou Industry Investment Group, the "
                 "city's state-owned investment platform, put 1 billion yuan into Kestrel Chips. Jiaxing Pellix "
                 "Development Group, the city's state-owned development company, put in the rest.")
    check(G, [("Jiaxing SASAC", "CONTROLS", "Lorvan Holding Group"),
              ("Jiaxing", "CONTROLS", "Jiaxing Pellix Development Group")],
          # the owner the text names is the nearer one; "the city" guessed as Jiaxing is not Huzhou's city
          [("Jiaxing", "CONTROLS", "Lorvan Holding Group"),
           ("Jiaxing", "CONTROLS", "Huzhou Industry Investment Group")])


def test_a_state_vehicle_of_the_city_its_name_begins_with(graph_of):
    G = graph_of("Quorra Robotics is based in Cangzhou. It raised funds from investors led by Borlan Capital and "
                 "the Huzhou Industry Development Group, the city's state-owned investment group. Its other "
                 "backer, Huzhou Tianmu Group, the city's largest private investor, stayed small.")
    # "the city" cannot be Cangzhou for a group named for Huzhou: the name says which city owns it
    check(G, [("Huzhou", "CONTROLS", "Huzhou Industry Development Group")],
          [("Cangzhou", "CONTROLS", "Huzhou Industry Development Group"),
           ("Huzhou", "CONTROLS", "Huzhou Tianmu Group"),
           ("Huzhou", "CONTROLS", "Borlan Capital")])


def test_a_presumed_owner_gives_way_to_one_another_document_states(tmp_path):
    from whofunds.pipeline import build

    (tmp_path / "a.txt").write_text("Jiaxing courted Kestrel Chips for years. Lorvan Holding Group, the city's "
                                    "state-owned investment platform, put 2 billion yuan into Kestrel Chips.\n")
    (tmp_path / "b.txt").write_text("The Jiaxing SASAC controls Lorvan Holding Group as its sole shareholder.\n")
    alone = build([tmp_path / "a.txt"], None, use_cache=False, write_map=False, n_process=1).graph
    both = build([tmp_path], None, use_cache=False, write_map=False, n_process=1).graph

    def controllers(G):
        names = dict(G.nodes(data="name"))
        return sorted(names[u] for u, v, d in G.edges(data=True)
                      if d["type"] == "CONTROLS" and names[v] == "Lorvan Holding Group")

    assert controllers(alone) == ["Jiaxing"]
    assert controllers(both) == ["Jiaxing SASAC"]


def test_a_company_under_a_named_body_is_the_bodys(graph_of):
    G = graph_of("In 2017 Lianshan Metro Group, another company under Lianshan SASAC, bought shares in Kestrel Homes. "
                 "Borlan Trading and Vantor Logistics, both under the Lianshan SASAC, followed.")
    check(G, [("Lianshan SASAC", "CONTROLS", "Lianshan Metro Group"),
              ("Lianshan SASAC", "CONTROLS", "Borlan Trading"),
              ("Lianshan SASAC", "CONTROLS", "Vantor Logistics")])


def test_under_pressure_or_a_sister_company_names_no_owner(graph_of):
    # near misses: "under" with no named body; "its sister company" is no holding of "it"
    G = graph_of("Borlan Trading and Vantor Logistics, both under pressure, cut prices. Kestrel Rare Earth and its "
                 "sister company Lumen Steel Union set the quarter's price.")
    check(G, [], [("Kestrel Rare Earth", "CONTROLS", "Lumen Steel Union")])
    assert not [e for e in edges(G) if e[1] == "CONTROLS"]


def test_a_persons_company_is_theirs(graph_of):
    G = graph_of("Harlan Motor is controlled by Wei Jianmin. Kestrel Hydrogen Technology, Wei's fuel-cell company, "
                 "supplies hydrogen systems for Harlan's truck trials.")
    check(G, [("Wei Jianmin", "CONTROLS", "Kestrel Hydrogen Technology")],
          # near miss: the firm's own possessive is its customer here, not its owner
          [("Harlan Motor", "CONTROLS", "Kestrel Hydrogen Technology")])
